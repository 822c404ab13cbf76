package io.github.stripsteel.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The classification of one image: the most probable class, its probability and the full
 * distribution over the model's classes.
 */
public record Prediction(List<String> classes, float[] probabilities) {

	/** One class with its probability. */
	public record Ranked(String className, float probability) {

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "%s:%.4f", className, probability);
		}
	}

	public int classIndex() {
		int best = 0;
		for (int k = 1; k < probabilities.length; k++)
			if (probabilities[k] > probabilities[best]) best = k;
		return best;
	}

	public String className() {
		return classes.get(classIndex());
	}

	public float confidence() {
		return probabilities[classIndex()];
	}

	/** The {@code k} most probable classes, most probable first. */
	public List<Ranked> topK(final int k) {
		final List<Ranked> ranked = new ArrayList<>();
		IntStream.range(0, probabilities.length).boxed().sorted(Comparator.comparingDouble(
			(Integer i) -> -probabilities[i])).limit(Math.max(1, k)).forEach(i -> ranked.add(new Ranked(
				classes.get(i), probabilities[i])));
		return ranked;
	}
}
