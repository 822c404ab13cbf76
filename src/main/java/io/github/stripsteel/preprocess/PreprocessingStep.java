package io.github.stripsteel.preprocess;

import java.util.Map;

/** One operation of a {@link PreprocessingChain} with its parameters. */
public record PreprocessingStep(String op, Map<String, String> params) {

	public static PreprocessingStep of(final String op, final Map<String, String> params) {
		return new PreprocessingStep(op, Map.copyOf(params));
	}
}
