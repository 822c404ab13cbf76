package io.github.stripsteel.preprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Row-band parallelism on one shared pool of daemon threads (threads are reused across calls). */
final class Parallel {

	/** Below this many pixels per band, extra threads cost more than they save. */
	static final int MIN_PIXELS_PER_BAND = 64 * 1024;

	private static final AtomicInteger COUNTER = new AtomicInteger();
	private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
		final Thread t = new Thread(r, "strip-steel-preprocess-" + COUNTER.incrementAndGet());
		t.setDaemon(true);
		return t;
	});

	/** Work on rows {@code [y0, y1)}. */
	@FunctionalInterface
	interface Band {
		void run(int y0, int y1);
	}

	private Parallel() {}

	/** Number of bands to use for {@code rows} rows of {@code width} pixels. */
	static int bands(final int rows, final int width, final int threads) {
		final long pixels = (long) rows * width;
		final int byWork = (int) Math.max(1, pixels / MIN_PIXELS_PER_BAND);
		return Math.max(1, Math.min(Math.min(threads, rows), byWork));
	}

	/** Splits {@code [0, rows)} into {@code bands} contiguous bands and runs them; the caller runs the last. */
	static void forBands(final int rows, final int bands, final Band band) {
		if (bands <= 1) {
			band.run(0, rows);
			return;
		}
		final List<Future<?>> futures = new ArrayList<>(bands - 1);
		for (int b = 0; b < bands - 1; b++) {
			final int y0 = (int) ((long) rows * b / bands), y1 = (int) ((long) rows * (b + 1) / bands);
			futures.add(POOL.submit(() -> band.run(y0, y1)));
		}
		RuntimeException failure = null;
		try {
			band.run((int) ((long) rows * (bands - 1) / bands), rows);
		}
		catch (final RuntimeException e) {
			failure = e;
		}
		for (final Future<?> f : futures) {
			try {
				f.get();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				if (failure == null) failure = new IllegalStateException("interrupted", e);
			}
			catch (final ExecutionException e) {
				if (failure == null) failure = e.getCause() instanceof RuntimeException ? (RuntimeException) e
					.getCause() : new IllegalStateException(e.getCause());
			}
		}
		if (failure != null) throw failure;
	}
}
