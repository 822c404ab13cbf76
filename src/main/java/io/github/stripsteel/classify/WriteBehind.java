package io.github.stripsteel.classify;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the caller's writing tasks one at a time on a background thread, one step behind: in a
 * folder classification, the overlays and rows of one mini-batch are written while the network
 * classifies the next. The caller learns each task's result, or its failure, when it hands over the
 * next one or {@link #finish}es, so results are reported in order and a failed write stops the run
 * one mini-batch later, with the rows of every earlier mini-batch on disk.
 *
 * @param <T> what a task returns
 */
final class WriteBehind<T> implements AutoCloseable {

	private final ExecutorService thread = Executors.newSingleThreadExecutor(Lookahead.daemon(
		"strip-steel-write"));
	private Future<T> pending;

	/**
	 * Waits for the task handed over before, then starts {@code task}.
	 *
	 * @return the result of the task before (null if there was none)
	 * @throws IOException what the task before threw (unchecked exceptions pass unchanged); then
	 *           {@code task} is not started
	 */
	T submit(final Callable<T> task) throws IOException {
		final T previous = finish();
		pending = thread.submit(task);
		return previous;
	}

	/**
	 * Waits for the last task handed over.
	 *
	 * @return its result (null if there is none)
	 * @throws IOException what it threw (unchecked exceptions pass unchanged)
	 */
	T finish() throws IOException {
		if (pending == null) return null;
		final Future<T> task = pending;
		pending = null;
		try {
			return task.get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while writing the results");
		}
		catch (final ExecutionException e) {
			if (e.getCause() instanceof IOException io) throw io;
			if (e.getCause() instanceof RuntimeException re) throw re;
			if (e.getCause() instanceof Error error) throw error;
			throw new IllegalStateException(e.getCause());
		}
	}

	/**
	 * Waits for a task still running (so that nothing writes into the folder once its owner has
	 * closed it) and stops the thread. After a failure elsewhere, what the task throws is added to
	 * that failure as a suppressed exception by try-with-resources.
	 */
	@Override
	public void close() throws IOException {
		try {
			finish();
		}
		finally {
			thread.shutdownNow();
		}
	}
}
