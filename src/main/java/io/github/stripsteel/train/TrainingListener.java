package io.github.stripsteel.train;

/** Progress of a training run, for a status bar, a plot or a terminal. */
public interface TrainingListener {

	/** After each optimisation step. */
	default void stepDone(final int epoch, final int step, final int stepsPerEpoch,
		final double loss)
	{}

	/** After each epoch's validation and checkpoint. */
	default void epochDone(final EpochRecord record) {}
}
