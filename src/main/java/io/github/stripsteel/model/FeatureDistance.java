package io.github.stripsteel.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.github.stripsteel.util.AtomicFiles;

/**
 * How far an image is from a model's training data: the Mahalanobis distance of its embedding (the
 * network's penultimate features) to the nearest class mean, with one covariance shared by the
 * classes, estimated on the embeddings of the model's training split and shrunk towards a multiple
 * of the identity (Ledoit-Wolf), because a few hundred images per class do not determine 512
 * dimensions. An image whose distance exceeds {@link #threshold()} — a fixed quantile of the
 * training split's own distances — is further from the training data than all but that fraction of
 * the training images, and is reported as uncertain rather than forced into a class.
 * <p>
 * A second, small set of statistics of the same kind may describe the network inputs themselves
 * ({@link ImageStatistics}: brightness, contrast, texture scale), and a third the size of the
 * images as read, before the chain resized them ({@link SourceSize}); {@link #score} is then the
 * largest of the distances, each in units of its own threshold.
 * </p>
 * <p>
 * Stored in a model package as {@value #JSON} (threshold, quantile, dimensions, the weights it was
 * computed with) and a little-endian float32 file holding the class means and the whitening matrix,
 * both already whitened: {@code distance(x) = min_k |W x - W mu_k|}. Kept out of {@code model.json}:
 * it does not change what the classes mean, and it is recomputed whenever the weights change.
 * </p>
 */
public final class FeatureDistance {

	public static final String JSON = "ood.json";
	/**
	 * 2: the feature part may be absent and a {@code source_size} part present; files without the
	 * key (1) always have the feature part and read as before.
	 */
	public static final int FORMAT_VERSION = 2;

	private final int dim;
	private final float[][] whitenedMeans;
	private final float[] whitening;
	private final double threshold;
	private final double quantile;
	private final int trainingImages;
	private final FeatureDistance image;
	private final SourceSize size;

	private FeatureDistance(final float[][] whitenedMeans, final float[] whitening,
		final double threshold, final double quantile, final int trainingImages,
		final FeatureDistance image, final SourceSize size)
	{
		this.dim = whitenedMeans == null ? 0 : whitenedMeans[0].length;
		this.whitenedMeans = whitenedMeans;
		this.whitening = whitening;
		this.threshold = threshold;
		this.quantile = quantile;
		this.trainingImages = trainingImages;
		this.image = image;
		this.size = size;
	}

	/**
	 * Statistics without the feature part: the input statistics ({@code image}, fitted to
	 * {@link ImageStatistics}) and the images' size as read (null: not checked). The penultimate features of the shipped models lie tighter around their training images
	 * than around new images of the same data, so a threshold fitted on the training split flags
	 * many ordinary images (docs/RESULTS.md); these two parts do not depend on the network.
	 */
	public static FeatureDistance withoutFeatures(final FeatureDistance image, final SourceSize size) {
		if (image == null) throw new IllegalArgumentException(
			"out-of-distribution statistics without features need the input statistics");
		return new FeatureDistance(null, null, Double.NaN, image.quantile, image.trainingImages, image,
			size);
	}

	/** True when the statistics include the network's penultimate features. */
	public boolean hasFeaturePart() {
		return whitenedMeans != null;
	}

	/** These statistics with {@code value} (fitted to {@link ImageStatistics}) as the image part. */
	public FeatureDistance withImagePart(final FeatureDistance value) {
		return new FeatureDistance(whitenedMeans, whitening, threshold, quantile, trainingImages,
			value, size);
	}

	/** These statistics with {@code value} as the part that checks the images' size as read. */
	public FeatureDistance withSizePart(final SourceSize value) {
		return new FeatureDistance(whitenedMeans, whitening, threshold, quantile, trainingImages,
			image, value);
	}

	/** The range of the training images' scales, or null. */
	public SourceSize sizePart() {
		return size;
	}

	/** The statistics of the network inputs, or null. */
	public FeatureDistance imagePart() {
		return image;
	}

	/**
	 * How far an image is from the training data, in units of the thresholds: the largest of its
	 * feature distance over {@link #threshold()}, with an image part its input statistics' distance
	 * over theirs, and with a size part and a known size {@link SourceSize#distance}. Above 1 the
	 * image is uncertain.
	 *
	 * @param input the network input of the image ({@code width x height}), for the image part
	 * @param sourceWidth the image's width as read, before preprocessing; 0 when unknown (the size
	 *          part is then not applied)
	 * @param sourceHeight its height as read
	 */
	public double score(final float[] embedding, final float[] input, final int width,
		final int height, final int sourceWidth, final int sourceHeight)
	{
		double score = whitenedMeans == null ? 0 : distance(embedding) / threshold;
		if (image != null) score = Math.max(score, image.distance(ImageStatistics.of(input, width,
			height)) / image.threshold());
		if (size != null && sourceWidth > 0 && sourceHeight > 0) score = Math.max(score, size.distance(
			sourceWidth, sourceHeight, width, height));
		return score;
	}

	/**
	 * Fits class means and the shrunk shared covariance to training embeddings, and sets the
	 * threshold at {@code quantile} of their own distances.
	 *
	 * @param labels class index of each embedding, {@code 0 <= label < classes}; every class needs
	 *          at least one embedding
	 * @throws IllegalArgumentException for mismatched sizes, an empty class or a quantile outside
	 *           (0, 1)
	 */
	public static FeatureDistance fit(final float[][] embeddings, final int[] labels,
		final int classes, final double quantile)
	{
		if (embeddings.length != labels.length || embeddings.length == 0)
			throw new IllegalArgumentException("need one label per embedding and at least one embedding");
		if (!(quantile > 0 && quantile < 1)) throw new IllegalArgumentException(
			"quantile must be between 0 and 1 (exclusive), got " + quantile);
		final int n = embeddings.length, d = embeddings[0].length;
		final double[][] mean = new double[classes][d];
		final int[] count = new int[classes];
		for (int i = 0; i < n; i++) {
			count[labels[i]]++;
			for (int j = 0; j < d; j++)
				mean[labels[i]][j] += embeddings[i][j];
		}
		for (int k = 0; k < classes; k++) {
			if (count[k] == 0) throw new IllegalArgumentException("class " + k +
				" has no training embedding; every class needs one");
			for (int j = 0; j < d; j++)
				mean[k][j] /= count[k];
		}
		final double[][] centred = new double[n][d];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < d; j++)
				centred[i][j] = embeddings[i][j] - mean[labels[i]][j];
		final float[] flat = Whitening.fit(centred);
		final float[][] wm = new float[classes][];
		for (int k = 0; k < classes; k++)
			wm[k] = Whitening.apply(flat, Whitening.toFloat(mean[k]), d);
		final FeatureDistance unset = new FeatureDistance(wm, flat, Double.NaN, quantile, n, null, null);
		final double[] own = new double[n];
		for (int i = 0; i < n; i++)
			own[i] = unset.distance(embeddings[i]);
		Arrays.sort(own);
		final double t = own[Math.min(n - 1, (int) Math.ceil(quantile * n) - 1)];
		return new FeatureDistance(wm, flat, t, quantile, n, null, null);
	}

	/** The distance of an embedding to the nearest class mean, in units of the shared spread. */
	public double distance(final float[] embedding) {
		if (whitenedMeans == null) throw new IllegalStateException(
			"these statistics have no feature part");
		if (embedding.length != dim) throw new IllegalArgumentException("embedding has " +
			embedding.length + " values, the statistics " + dim);
		final float[] y = Whitening.apply(whitening, embedding, dim);
		double best = Double.POSITIVE_INFINITY;
		for (final float[] m : whitenedMeans) {
			double s = 0;
			for (int j = 0; j < dim; j++) {
				final double t = y[j] - m[j];
				s += t * t;
			}
			best = Math.min(best, s);
		}
		return Math.sqrt(best);
	}

	/** Distances above this are reported as uncertain. */
	public double threshold() {
		return threshold;
	}

	/** The fraction of the training split's distances at or below the threshold. */
	public double quantile() {
		return quantile;
	}

	/** The length of the embeddings the statistics describe. */
	public int dimension() {
		return dim;
	}

	public int trainingImages() {
		return trainingImages;
	}

	/**
	 * Writes {@value #JSON} and its data file into a model package folder (replacing earlier ones).
	 *
	 * @param record extra fields for {@value #JSON} (e.g. which split, which data), copied in
	 */
	public void write(final Path dir, final String weightsSha256, final JsonObject record)
		throws IOException
	{
		final Path previous = dir.resolve(JSON);
		final String old = Files.exists(previous) && read(previous).has("file") ? read(previous).get(
			"file").getAsString() : null;
		final JsonObject json = record.deepCopy();
		json.addProperty("format_version", FORMAT_VERSION);
		if (whitenedMeans == null) {
			json.addProperty("method", "input statistics and image size; no feature part");
			json.addProperty("quantile", quantile);
			json.addProperty("training_images", trainingImages);
			json.addProperty("classes", image.whitenedMeans.length);
			json.addProperty("weights_sha256", weightsSha256);
			json.add("image_statistics", image.inlineJson());
			if (size != null) json.add("source_size", size.toJson());
			AtomicFiles.writeString(previous, ModelPackage.toJsonText(json));
			if (old != null) Files.deleteIfExists(dir.resolve(old));
			return;
		}
		final ByteBuffer buf = ByteBuffer.allocate(4 * (whitenedMeans.length * dim + dim * dim)).order(
			ByteOrder.LITTLE_ENDIAN);
		for (final float[] m : whitenedMeans)
			for (final float v : m)
				buf.putFloat(v);
		for (final float v : whitening)
			buf.putFloat(v);
		final byte[] bytes = buf.array();
		final String sha = sha256(bytes);
		final String file = "ood-" + sha.substring(0, 12) + ".f32";
		json.addProperty("method", "mahalanobis distance of the penultimate features to the nearest " +
			"class mean, shared Ledoit-Wolf covariance");
		json.addProperty("threshold", threshold);
		json.addProperty("quantile", quantile);
		json.addProperty("training_images", trainingImages);
		json.addProperty("classes", whitenedMeans.length);
		json.addProperty("dimension", dim);
		json.addProperty("weights_sha256", weightsSha256);
		json.addProperty("file", file);
		json.addProperty("sha256", sha);
		if (image != null) json.add("image_statistics", image.inlineJson());
		if (size != null) json.add("source_size", size.toJson());
		AtomicFiles.write(dir.resolve(file), out -> out.write(bytes));
		AtomicFiles.writeString(previous, ModelPackage.toJsonText(json));
		if (old != null && !old.equals(file)) Files.deleteIfExists(dir.resolve(old));
	}

	/**
	 * Reads the statistics of a package, or null when it has none.
	 *
	 * @throws ModelPackageException naming the file when they are unreadable, damaged, or were
	 *           computed for other weights or classes
	 */
	public static FeatureDistance readIfPresent(final ModelPackage spec)
		throws ModelPackageException
	{
		final Path jsonFile = spec.dir().resolve(JSON);
		if (!Files.exists(jsonFile)) return null;
		final String fix = "; calibrate the model on its dataset again";
		final ModelPackageException.Remedy remedy = new ModelPackageException.Remedy(
			ModelPackageException.Action.CALIBRATE, spec.dir(), List.of());
		try {
			final JsonObject json = read(jsonFile);
			if (!spec.provenance().get("weights_sha256").getAsString().equals(json.get("weights_sha256")
				.getAsString()))
				throw new ModelPackageException(jsonFile + ": computed for other weights than " + spec
					.weightsFile().getFileName() + fix, remedy);
			if (json.has("format_version") && json.get("format_version").getAsInt() > FORMAT_VERSION)
				throw new ModelPackageException(jsonFile + ": format version " + json.get("format_version") +
					", this software reads up to " + FORMAT_VERSION + "; use a newer version or" + fix,
					remedy);
			final int classes = json.get("classes").getAsInt();
			if (classes != spec.classes().size()) throw new ModelPackageException(jsonFile + ": has " +
				classes + " classes, the model " + spec.classes().size() + fix, remedy);
			final FeatureDistance image = json.has("image_statistics") ? fromInlineJson(json
				.getAsJsonObject("image_statistics"), classes) : null;
			final SourceSize size = json.has("source_size") ? SourceSize.fromJson(json.getAsJsonObject(
				"source_size")) : null;
			if (!json.has("file")) {
				if (image == null) throw new ModelPackageException(jsonFile +
					": neither feature statistics ('file') nor image_statistics" + fix, remedy);
				return withoutFeatures(image, size);
			}
			final int d = json.get("dimension").getAsInt();
			final Path data = spec.dir().resolve(json.get("file").getAsString());
			if (!ModelPackage.sha256(data).equals(json.get("sha256").getAsString())) throw new ModelPackageException(
				data + ": checksum does not match " + JSON + " (damaged or replaced)" + fix, remedy);
			final byte[] bytes = Files.readAllBytes(data);
			if (bytes.length != 4 * (classes * d + d * d)) throw new ModelPackageException(data +
				": " + bytes.length + " bytes, expected " + 4 * (classes * d + d * d) + fix, remedy);
			final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
			final float[][] means = new float[classes][d];
			for (final float[] m : means)
				for (int j = 0; j < d; j++)
					m[j] = buf.getFloat();
			final float[] w = new float[d * d];
			for (int j = 0; j < w.length; j++)
				w[j] = buf.getFloat();
			return new FeatureDistance(means, w, json.get("threshold").getAsDouble(), json.get(
				"quantile").getAsDouble(), json.get("training_images").getAsInt(), image, size);
		}
		catch (final IOException | RuntimeException e) {
			if (e instanceof ModelPackageException) throw (ModelPackageException) e;
			throw new ModelPackageException(jsonFile + ": unreadable out-of-distribution statistics (" +
				e.getMessage() + ")" + fix, remedy);
		}
	}

	// -- Helper methods --

	/** Small statistics written into {@value #JSON} itself: means and whitening as arrays. */
	private JsonObject inlineJson() {
		final JsonObject json = new JsonObject();
		final com.google.gson.JsonArray names = new com.google.gson.JsonArray();
		for (final String n : ImageStatistics.NAMES)
			names.add(n);
		json.add("statistics", names);
		json.addProperty("threshold", threshold);
		json.addProperty("quantile", quantile);
		json.addProperty("training_images", trainingImages);
		final com.google.gson.JsonArray means = new com.google.gson.JsonArray();
		for (final float[] m : whitenedMeans) {
			final com.google.gson.JsonArray row = new com.google.gson.JsonArray();
			for (final float v : m)
				row.add(v);
			means.add(row);
		}
		json.add("whitened_means", means);
		final com.google.gson.JsonArray w = new com.google.gson.JsonArray();
		for (final float v : whitening)
			w.add(v);
		json.add("whitening", w);
		return json;
	}

	private static FeatureDistance fromInlineJson(final JsonObject json, final int classes) {
		final var means = json.getAsJsonArray("whitened_means");
		if (means.size() != classes) throw new IllegalStateException("image_statistics has " + means
			.size() + " class means, the model " + classes + " classes");
		final int d = means.get(0).getAsJsonArray().size();
		final float[][] m = new float[classes][d];
		for (int k = 0; k < classes; k++)
			for (int j = 0; j < d; j++)
				m[k][j] = means.get(k).getAsJsonArray().get(j).getAsFloat();
		final var w = json.getAsJsonArray("whitening");
		if (w.size() != d * d) throw new IllegalStateException("image_statistics whitening has " + w
			.size() + " values, expected " + d * d);
		final float[] flat = new float[d * d];
		for (int j = 0; j < flat.length; j++)
			flat[j] = w.get(j).getAsFloat();
		return new FeatureDistance(m, flat, json.get("threshold").getAsDouble(), json.get("quantile")
			.getAsDouble(), json.get("training_images").getAsInt(), null, null);
	}

	private static JsonObject read(final Path file) throws IOException {
		try {
			return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
				.getAsJsonObject();
		}
		catch (final JsonParseException | IllegalStateException e) {
			throw new IOException(file + ": not a JSON object (" + e.getMessage() + ")");
		}
	}

	private static String sha256(final byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
