package io.github.stripsteel.train;

import io.github.stripsteel.cli.UsageException;

/**
 * The data protocols of {@code docs/METHOD.md} §1: NEU (balanced, 80/20), NEU-LT (NEU's training
 * split capped at 200, 100, 50, 25, 12, 6 images per class in class order; validation unchanged)
 * and X-SDD (naturally imbalanced, 80/20). A protocol fixes data, classes and split; the input size
 * is the run's {@code --size} (the shipped NEU model uses 200, the X-SDD one 192: docs/RESULTS.md).
 */
public final class Protocols {

	/** NEU-LT training caps, in NEU's sorted class order. */
	public static final int[] NEU_LT_CAPS = { 200, 100, 50, 25, 12, 6 };

	private Protocols() {}

	public static TrainingConfig apply(final String name, final TrainingConfig base)
		throws UsageException
	{
		switch (name) {
			case "neu":
			case "x-sdd":
			case "custom":
				return base.withProtocol(name, null);
			case "neu-lt":
				return base.withProtocol(name, NEU_LT_CAPS.clone());
			default:
				throw new UsageException("unknown --protocol '" + name +
					"'; known: neu, neu-lt, x-sdd, custom");
		}
	}
}
