package io.github.stripsteel.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The write-behind of the folder classification: order, overlap, failures, closing. */
class WriteBehindTest {

	@Test
	void returnsEachResultWhenTheNextTaskIsHandedOver() throws IOException {
		final List<Integer> got = new ArrayList<>();
		final List<String> threads = new ArrayList<>();
		try (WriteBehind<Integer> w = new WriteBehind<>()) {
			assertNull(w.submit(() -> task(threads, 1)));
			for (int i = 2; i <= 4; i++) {
				final int n = i;
				got.add(w.submit(() -> task(threads, n)));
			}
			got.add(w.finish());
			assertNull(w.finish());
		}
		assertEquals(List.of(1, 2, 3, 4), got);
		assertFalse(threads.contains(Thread.currentThread().getName()));
	}

	@Test
	void theCallerGoesOnWhileATaskRuns() throws Exception {
		final CountDownLatch callerWorked = new CountDownLatch(1);
		try (WriteBehind<Boolean> w = new WriteBehind<>()) {
			w.submit(() -> callerWorked.await(10, TimeUnit.SECONDS));
			callerWorked.countDown(); // the caller's own work, while the task waits for it
			assertTrue(w.finish());
		}
	}

	@Test
	void aFailureStopsTheNextTask() throws IOException {
		final IOException disk = new IOException("no space left");
		final AtomicBoolean nextRan = new AtomicBoolean();
		try (WriteBehind<Integer> w = new WriteBehind<>()) {
			w.submit(() -> {
				throw disk;
			});
			assertSame(disk, assertThrows(IOException.class, () -> w.submit(() -> {
				nextRan.set(true);
				return 2;
			})));
		}
		assertFalse(nextRan.get());
	}

	@Test
	void closingWaitsForARunningTask() throws IOException {
		final AtomicBoolean done = new AtomicBoolean();
		final CountDownLatch started = new CountDownLatch(1);
		try (WriteBehind<Integer> w = new WriteBehind<>()) {
			w.submit(() -> {
				started.countDown();
				Thread.sleep(200);
				done.set(true);
				return 1;
			});
			assertTrue(awaitQuietly(started));
		}
		assertTrue(done.get());
	}

	// -- Helper methods --

	private static int task(final List<String> threads, final int n) {
		synchronized (threads) {
			threads.add(Thread.currentThread().getName());
		}
		return n;
	}

	private static boolean awaitQuietly(final CountDownLatch latch) {
		try {
			return latch.await(10, TimeUnit.SECONDS);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}
}
