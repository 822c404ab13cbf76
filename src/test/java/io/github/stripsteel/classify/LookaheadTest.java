package io.github.stripsteel.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The look-ahead of the folder classification: order, overlap, errors. */
class LookaheadTest {

	@Test
	void returnsPreparedItemsInOrderFromAnotherThread() {
		final List<String> threads = new ArrayList<>();
		final List<Integer> got = new ArrayList<>();
		try (Lookahead<Integer, Integer> a = new Lookahead<>(List.of(1, 2, 3, 4), i -> {
			synchronized (threads) {
				threads.add(Thread.currentThread().getName());
			}
			return i * 10;
		}))
		{
			while (a.hasNext())
				got.add(a.next());
		}
		assertEquals(List.of(10, 20, 30, 40), got);
		for (final String t : threads)
			assertNotEquals(Thread.currentThread().getName(), t);
	}

	@Test
	void preparesTheNextItemWhileTheCallerWorksOnTheCurrentOne() throws InterruptedException {
		final CountDownLatch secondStarted = new CountDownLatch(1);
		try (Lookahead<Integer, Integer> a = new Lookahead<>(List.of(0, 1), i -> {
			if (i == 1) secondStarted.countDown();
			return i;
		}))
		{
			assertEquals(0, a.next());
			// the caller has not asked for item 1 yet: it is being prepared already
			assertTrue(secondStarted.await(60, TimeUnit.SECONDS), "item 1 was not prepared ahead");
			assertEquals(1, a.next());
			assertFalse(a.hasNext());
		}
	}

	@Test
	void passesOnWhatThePreparationThrew() {
		try (Lookahead<Integer, Integer> a = new Lookahead<>(List.of(0, 1), i -> {
			if (i == 1) throw new IllegalArgumentException("bad item " + i);
			return i;
		}))
		{
			assertEquals(0, a.next());
			final Exception e = assertThrows(IllegalArgumentException.class, a::next);
			assertEquals("bad item 1", e.getMessage());
		}
	}
}
