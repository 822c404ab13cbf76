package io.github.stripsteel.engine;

import java.util.Locale;

/** Where the network runs: {@code auto} picks a CUDA GPU when PyTorch sees one. */
public enum DeviceChoice {
	AUTO, CPU, GPU;

	/** Parses {@code auto}, {@code cpu} or {@code gpu} (case-insensitive). */
	public static DeviceChoice parse(final String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("device must be auto, cpu or gpu, got '" + text + "'");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
