package io.github.stripsteel.train;

import io.github.stripsteel.util.InvalidSettingException;

/**
 * Which epoch's weights a training run keeps as its model package.
 * <ul>
 * <li>{@code best}: the epoch with the highest validation accuracy + G-mean. The package's
 * validation figures are then the maximum over the epochs, chosen on the very images they are
 * measured on, so they overstate what unseen images get.</li>
 * <li>{@code last}: the schedule's final epoch, whatever its validation figures. The validation
 * images choose nothing, so the package's validation figures are an honest estimate for a recipe
 * fixed in advance (the reproduction scripts use it).</li>
 * </ul>
 */
public enum EpochChoice {

	BEST, LAST;

	/** The name the faces take and {@code train-config.json} records. */
	public String label() {
		return InvalidSettingException.label(this);
	}

	public static EpochChoice parse(final String name) {
		return InvalidSettingException.choice("keep", values(), name);
	}
}
