package io.github.stripsteel.train;

import java.util.List;

import io.github.stripsteel.util.InvalidSettingException;

/**
 * The data protocols of {@code docs/METHOD.md} §1: NEU (balanced, 80/20), NEU-LT (NEU's training
 * split capped at 200, 100, 50, 25, 12, 6 images per class in class order; validation unchanged)
 * and X-SDD (naturally imbalanced, 80/20). A protocol fixes data, classes and split; the input size
 * is the run's size setting (the shipped NEU model uses 200, the X-SDD one 192: docs/RESULTS.md).
 */
public final class Protocols {

	/** NEU-LT training caps, in NEU's sorted class order. */
	public static final int[] NEU_LT_CAPS = { 200, 100, 50, 25, 12, 6 };

	/** The protocol names {@link #apply} knows ({@code custom}: the data as it is, no caps). */
	public static final List<String> NAMES = List.of("neu", "neu-lt", "x-sdd", "custom");

	private Protocols() {}

	/** {@code base} with the protocol {@code name}; an {@link InvalidSettingException} for others. */
	public static TrainingConfig apply(final String name, final TrainingConfig base) {
		switch (name) {
			case "neu":
			case "x-sdd":
			case "custom":
				return base.withProtocol(name, null);
			case "neu-lt":
				return base.withProtocol(name, NEU_LT_CAPS.clone());
			default:
				throw new InvalidSettingException("unknown {protocol} '" + name + "'; known: " + String
					.join(", ", NAMES));
		}
	}
}
