package io.github.stripsteel.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The classification of one image: the most probable class, its probability, the full
 * distribution over the model's classes and, when the model has out-of-distribution statistics,
 * how far the image is from its training data ({@code model/FeatureDistance}).
 *
 * @param distance the image's distance to the model's training data in units of the package's
 *          thresholds ({@code model/FeatureDistance#score}); NaN when not measured
 * @param threshold distances above it are {@link #uncertain()} (1 for a package's scores); NaN when
 *          not measured
 */
public record Prediction(List<String> classes, float[] probabilities, double distance,
	double threshold)
{

	/** The status of an image far from the model's training data. */
	public static final String UNCERTAIN = "uncertain";

	/** A prediction without a distance to the training data. */
	public Prediction(final List<String> classes, final float[] probabilities) {
		this(classes, probabilities, Double.NaN, Double.NaN);
	}

	/**
	 * True when the image is further from the model's training data than the package's threshold:
	 * the class is the network's best guess for an image unlike those it learnt from.
	 */
	public boolean uncertain() {
		return distance > threshold;
	}

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
