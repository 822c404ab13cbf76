package io.github.stripsteel.classify;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * Prepares the next item of a list on a background thread while the caller works on the current
 * one: in a folder classification, decoding and preprocessing of the next mini-batch overlap the
 * network's pass over this one. At most one item is prepared ahead, so memory holds two mini-batches
 * whatever the folder's size.
 *
 * @param <I> what is prepared (e.g. a mini-batch of files)
 * @param <O> the prepared form
 */
final class Lookahead<I, O> implements AutoCloseable {

	private final List<I> items;
	private final Function<I, O> prepare;
	private final ExecutorService thread;
	private Future<O> ahead;
	private int next;

	Lookahead(final List<I> items, final Function<I, O> prepare) {
		this.items = items;
		this.prepare = prepare;
		this.thread = Executors.newSingleThreadExecutor(daemon("strip-steel-prepare"));
		if (!items.isEmpty()) ahead = submit(0);
	}

	boolean hasNext() {
		return next < items.size();
	}

	/**
	 * The next prepared item, in order; starts preparing the one after it before returning.
	 *
	 * @throws RuntimeException what {@code prepare} threw (unchecked exceptions pass unchanged)
	 */
	O next() {
		final Future<O> current = ahead;
		next++;
		ahead = next < items.size() ? submit(next) : null;
		try {
			return current.get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while preparing the next batch", e);
		}
		catch (final ExecutionException e) {
			if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
			if (e.getCause() instanceof Error) throw (Error) e.getCause();
			throw new IllegalStateException(e.getCause());
		}
	}

	/** Stops the background thread (an item being prepared is abandoned). */
	@Override
	public void close() {
		if (ahead != null) ahead.cancel(true);
		thread.shutdownNow();
	}

	/** Threads named {@code name} that do not keep the JVM alive. */
	static ThreadFactory daemon(final String name) {
		return r -> {
			final Thread t = new Thread(r, name);
			t.setDaemon(true);
			return t;
		};
	}

	private Future<O> submit(final int index) {
		final I item = items.get(index);
		return thread.submit(() -> prepare.apply(item));
	}
}
