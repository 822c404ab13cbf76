package io.github.stripsteel.train;

import io.github.stripsteel.cli.UsageException;

/**
 * The data protocols of {@code docs/METHOD.md} §1: NEU (balanced, 80/20), NEU-LT (NEU's training
 * split capped at 200, 100, 50, 25, 12, 6 images per class in class order; validation unchanged)
 * and X-SDD (naturally imbalanced, 80/20). All use 128x128 inputs here (NEU's 200x200 is a stated
 * smaller size: 2.4x fewer operations on a 2-core CPU).
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
