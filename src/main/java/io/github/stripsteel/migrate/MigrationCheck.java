package io.github.stripsteel.migrate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.log.Logger;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.ImageFiles;

/**
 * How often a classifier (the teacher, typically) takes generated samples for their intended
 * class: the method's plausibility check of migrated samples (METHOD §5). A figure, not a filter:
 * no sample is removed.
 */
public final class MigrationCheck {

	private MigrationCheck() {}

	/** Predicted-class counts over the samples of one class folder. */
	public record Result(String model, String targetClass, int samples, Map<String, Integer> predicted) {

		/** Fraction of samples classified as {@link #targetClass}. */
		public double targetRate() {
			return samples == 0 ? 0 : (double) predicted.getOrDefault(targetClass, 0) / samples;
		}

		public String summary() {
			final List<String> parts = new ArrayList<>();
			predicted.forEach((k, v) -> parts.add(k + " " + v));
			return String.format(java.util.Locale.ROOT,
				"check with %s: %d of %d samples classified as '%s' (%.3f); predicted: %s", model,
				predicted.getOrDefault(targetClass, 0), samples, targetClass, targetRate(), String.join(", ",
					parts));
		}
	}

	/**
	 * @param samples the folder of one class's samples
	 * @throws IOException when the model does not know {@code targetClass} or cannot be opened
	 */
	public static Result run(final Path modelDir, final String targetClass, final Path samples,
		final DeviceChoice device, final Logger log) throws IOException
	{
		try (StripClassifier classifier = StripClassifier.open(modelDir, device)) {
			final List<String> classes = classifier.model().classes();
			if (!classes.contains(targetClass)) throw new IOException("model " + modelDir +
				" has no class '" + targetClass + "' (its classes: " + String.join(", ", classes) + ")");
			final Map<String, Integer> counts = new LinkedHashMap<>();
			classes.forEach(c -> counts.put(c, 0));
			int n = 0;
			for (final Path file : ImageFiles.collect(List.of(samples), true)) {
				try {
					final Prediction p = classifier.classify(ImageDecoder.read(file).gray());
					counts.merge(p.className(), 1, Integer::sum);
					n++;
				}
				catch (final IOException e) {
					log.warn("skipped: " + e.getMessage());
				}
			}
			return new Result(classifier.model().id(), targetClass, n, counts);
		}
	}
}
