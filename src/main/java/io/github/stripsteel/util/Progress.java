package io.github.stripsteel.util;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Progress and cancel of a long library task: training, CycleGAN training, sample migration,
 * batch classification and evaluation all report through it and ask it whether to stop. A face
 * maps it onto what it has (a terminal line, Fiji's status bar and task, Esc): {@link #update}
 * after each unit of work, {@link #cancelled} between units. A cancelled task throws a
 * {@link CancellationException} saying what is kept (the last checkpoint, the rows so far).
 */
public interface Progress {

	/** No reporting, never cancelled. */
	Progress NONE = new Progress() {};

	/**
	 * After each unit of work (a step, a file, a sample).
	 *
	 * @param done units finished so far, in the whole task
	 * @param total units of the whole task
	 * @param message where the task is, in plain words (e.g. {@code epoch 3/30, step 12/50})
	 */
	default void update(final long done, final long total, final String message) {}

	/** Asked between units; true stops the task at the next consistent point. */
	default boolean cancelled() {
		return false;
	}

	/** Throws a {@link CancellationException} with {@code message} when {@link #cancelled}. */
	default void stopIfCancelled(final Supplier<String> message) {
		if (cancelled()) throw new CancellationException(message.get());
	}

	/** A progress that reports to {@code update} and is cancelled when {@code cancel} says so. */
	static Progress of(final Update update, final BooleanSupplier cancel) {
		return new Progress() {

			@Override
			public void update(final long done, final long total, final String message) {
				update.update(done, total, message);
			}

			@Override
			public boolean cancelled() {
				return cancel.getAsBoolean();
			}
		};
	}

	/** The reporting half of a {@link Progress}. */
	@FunctionalInterface
	interface Update {

		void update(long done, long total, String message);
	}
}
