package io.github.stripsteel.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.log.Logger;

import com.google.gson.JsonObject;

import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.model.FeatureDistance;
import io.github.stripsteel.model.ImageStatistics;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.SourceSize;

/**
 * Computes a model's out-of-distribution statistics ({@link FeatureDistance}) from the training
 * split its package records, writes them into the package, and measures how many of the
 * validation split's images they flag. By default the statistics are the network inputs'
 * ({@link ImageStatistics}) and the images' size as read ({@link SourceSize}); the penultimate
 * features are added on request ({@link #features}): on the shipped models they flag many ordinary
 * validation images and almost none of the other dataset (docs/RESULTS.md). The threshold is a quantile of the training images' own
 * distances, fixed before any validation image is seen; the validation figure measures it, it does
 * not choose it.
 */
public final class DistanceCalibration {

	/** Training images at or below the threshold: 99 %. */
	public static final double DEFAULT_QUANTILE = 0.99;

	private final StripClassifier classifier;
	private final Logger log;
	private int batchSize = 32;
	private boolean keepFeatures;
	private boolean features;
	private double tolerance = SourceSize.DEFAULT_TOLERANCE;

	/**
	 * @param valFlagged validation images beyond a threshold (either part), of {@code valImages}
	 * @param valFlaggedFeatures of them, beyond the feature threshold
	 * @param valFlaggedImage of them, beyond the input statistics' threshold
	 * @param valFlaggedSize of them, outside the training images' scales
	 */
	public record Result(FeatureDistance distance, int trainImages, int valImages, int valFlagged,
		int valFlaggedFeatures, int valFlaggedImage, int valFlaggedSize, String splitDescription)
	{}

	public DistanceCalibration(final StripClassifier classifier, final Logger log) {
		this.classifier = classifier;
		this.log = log;
	}

	public DistanceCalibration batchSize(final int value) {
		this.batchSize = Math.max(1, value);
		return this;
	}

	/** Adds the penultimate features' distance (default: without it). */
	public DistanceCalibration features(final boolean value) {
		this.features = value;
		return this;
	}

	/** The size part's tolerance ({@link SourceSize#DEFAULT_TOLERANCE} unless set). */
	public DistanceCalibration tolerance(final double value) {
		if (!(value > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + value);
		this.tolerance = value;
		return this;
	}

	/**
	 * Keeps the feature statistics already in the package (computed for the same weights) instead of
	 * running the network over the training split again; the input statistics are computed anew.
	 */
	public DistanceCalibration keepFeatures(final boolean value) {
		this.keepFeatures = value;
		return this;
	}

	/**
	 * Fits the statistics on the training split of {@code data} and writes them into the package.
	 *
	 * @throws IOException when the dataset does not match the model, the package records no split,
	 *           or the statistics cannot be written
	 */
	public Result run(final Path data, final double quantile) throws IOException {
		final ModelPackage model = classifier.model();
		final LabelledImageFolder folder = LabelledImageFolder.scan(data);
		final int[] toModel = Evaluation.modelLabels(folder, model, data);
		final LabelledImageFolder.Split split = RecordedSplit.of(folder, model);
		final FeatureDistance kept = keepFeatures ? classifier.featureDistance() : null;
		if (keepFeatures && (kept == null || !kept.hasFeaturePart())) throw new IOException(model.dir()
			.resolve(FeatureDistance.JSON) + ": no feature statistics to keep; calibrate without " +
			"keeping them");
		final boolean withFeatures = features || keepFeatures;
		final List<float[]> trainEmbeddings = new ArrayList<>(), trainStats = new ArrayList<>();
		final List<Integer> labels = new ArrayList<>();
		final List<int[]> trainSizes = new ArrayList<>();
		embed(split.train(), toModel, withFeatures && kept == null ? trainEmbeddings : null, trainStats,
			trainSizes, labels);
		final int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
		final int classes = model.classes().size();
		final FeatureDistance image = FeatureDistance.fit(trainStats.toArray(new float[0][]), l,
			classes, quantile);
		final SourceSize size = SourceSize.fit(trainSizes.stream().mapToInt(s -> s[0]).toArray(),
			trainSizes.stream().mapToInt(s -> s[1]).toArray(), model.inputWidth(), model.inputHeight(),
			tolerance);
		final FeatureDistance distance = !withFeatures ? FeatureDistance.withoutFeatures(image, size)
			: (kept != null ? kept : FeatureDistance.fit(trainEmbeddings.toArray(new float[0][]), l,
				classes, quantile)).withImagePart(image).withSizePart(size);
		final JsonObject record = new JsonObject();
		record.addProperty("data", data.toAbsolutePath().normalize().toString());
		record.addProperty("split", "train (" + RecordedSplit.describe(model) + ")");
		distance.write(model.dir(), model.provenance().get("weights_sha256").getAsString(), record);
		final List<float[]> valEmbeddings = new ArrayList<>(), valStats = new ArrayList<>();
		final List<int[]> valSizes = new ArrayList<>();
		embed(split.val(), toModel, withFeatures ? valEmbeddings : null, valStats, valSizes,
			new ArrayList<>());
		int flagged = 0, byFeatures = 0, byImage = 0, bySize = 0;
		for (int i = 0; i < valStats.size(); i++) {
			final boolean f = withFeatures && distance.distance(valEmbeddings.get(i)) > distance
				.threshold();
			final boolean m = image.distance(valStats.get(i)) > image.threshold();
			final boolean s = size.distance(valSizes.get(i)[0], valSizes.get(i)[1], model.inputWidth(),
				model.inputHeight()) > 1;
			if (f) byFeatures++;
			if (m) byImage++;
			if (s) bySize++;
			if (f || m || s) flagged++;
		}
		return new Result(distance, labels.size(), valStats.size(), flagged, byFeatures, byImage,
			bySize, RecordedSplit.describe(model));
	}

	// -- Helper methods --

	/**
	 * Embeddings (unless {@code embeddings} is null), input statistics and sizes as read of readable
	 * files.
	 */
	private void embed(final List<LabelledFile> files, final int[] toModel,
		final List<float[]> embeddings, final List<float[]> stats, final List<int[]> sizes,
		final List<Integer> labels)
	{
		final int w = classifier.model().inputWidth(), h = classifier.model().inputHeight();
		for (int start = 0; start < files.size(); start += batchSize) {
			final List<float[]> inputs = new ArrayList<>();
			for (final LabelledFile f : files.subList(start, Math.min(files.size(), start + batchSize))) {
				try {
					final ImageDecoder.DecodedImage decoded = ImageDecoder.read(f.file());
					final float[] input = classifier.prepare(decoded.gray());
					inputs.add(input);
					stats.add(ImageStatistics.of(input, w, h));
					sizes.add(new int[] { decoded.width(), decoded.height() });
					labels.add(toModel[f.label()]);
				}
				catch (final IOException | RuntimeException e) {
					log.warn("skipped: " + e.getMessage());
				}
			}
			if (inputs.isEmpty() || embeddings == null) continue;
			for (final float[] e : classifier.embeddings(inputs.toArray(new float[0][])))
				embeddings.add(e);
		}
	}
}
