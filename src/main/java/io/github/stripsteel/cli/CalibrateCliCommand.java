package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.eval.DistanceCalibration;
import io.github.stripsteel.model.FeatureDistance;
import io.github.stripsteel.model.SourceSize;
import io.github.stripsteel.model.TestTimeAugmentation;

/**
 * {@code calibrate}: computes a model's out-of-distribution statistics from the training split its
 * package records and writes them into the package ({@code ood.json}); {@code classify} then
 * reports images further from the training data than the threshold as {@code uncertain}.
 */
public final class CalibrateCliCommand implements CliCommand {

	@Override
	public String name() {
		return "calibrate";
	}

	@Override
	public String usage() {
		return "calibrate [--model DIR] --data DIR [--quantile F] [--tolerance F] [--features|--keep-features] [--batch N] [--device auto|cpu|gpu]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("model", "data", "quantile", "tolerance",
			"batch", "device"), Set.of("features", "keep-features"));
		if (!a.positionals().isEmpty()) throw new UsageException("unexpected argument '" + a
			.positionals().get(0) + "' (the dataset goes after --data)");
		final Path data = Path.of(a.require("data"));
		if (a.has("features") && a.has("keep-features")) throw new UsageException(
			"--features computes the feature statistics anew, --keep-features keeps them: give one");
		final double quantile = a.getDouble("quantile", DistanceCalibration.DEFAULT_QUANTILE);
		if (!(quantile > 0 && quantile < 1)) throw new UsageException(
			"--quantile must be between 0 and 1 (exclusive)");
		final double tolerance = a.getDouble("tolerance", SourceSize.DEFAULT_TOLERANCE);
		if (!(tolerance > 0)) throw new UsageException("--tolerance must be positive");
		final Path modelDir = a.path("model", ModelLocations.defaultModel());
		try (StripClassifier classifier = StripClassifier.open(modelDir, ClassifyCliCommand.device(a))
			.testTimeAugmentation(TestTimeAugmentation.NONE))
		{
			final long t0 = System.nanoTime();
			final DistanceCalibration.Result r = new DistanceCalibration(classifier, io.log()).batchSize(
				a.getInt("batch", 32)).features(a.has("features")).keepFeatures(a.has("keep-features"))
				.tolerance(tolerance).run(data, quantile);
			io.out().println("model      " + classifier.model().id() + " (" + modelDir + ")");
			io.out().println("data       " + data + "  [split: " + r.splitDescription() + "]");
			final FeatureDistance d = r.distance();
			io.out().println(String.format("thresholds %sinput statistics %.3f: the %.3f quantile%s of " +
				"the %d training images' distances", d.hasFeaturePart() ? String.format("features %.3f, ",
					d.threshold()) : "", d.imagePart().threshold(), d.imagePart().quantile(), d
						.hasFeaturePart() ? "s" : "", r.trainImages()));
			final SourceSize size = d.sizePart();
			io.out().println(String.format("image size input/read scales x %.3f-%.3f, y %.3f-%.3f, " +
				"tolerance %.2f", size.scaleX()[0], size.scaleX()[1], size.scaleY()[0], size.scaleY()[1],
				size.tolerance()));
			io.out().println(String.format("validation %d of %d images beyond a threshold (%.4f): %s%d " +
				"by the input statistics, %d by the image size", r.valFlagged(), r.valImages(), r
					.valImages() == 0 ? 0 : (double) r.valFlagged() / r.valImages(), d.hasFeaturePart()
						? r.valFlaggedFeatures() + " by the features, " : "", r.valFlaggedImage(), r
							.valFlaggedSize()));
			io.out().println(String.format("wrote %s (%.1f s)", modelDir.resolve(FeatureDistance.JSON),
				(System.nanoTime() - t0) / 1e9));
			return 0;
		}
	}
}
