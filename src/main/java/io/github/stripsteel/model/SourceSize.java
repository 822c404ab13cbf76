package io.github.stripsteel.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * How much the model's preprocessing enlarged or shrank its training images: the range of
 * {@code input width / image width} and {@code input height / image height} over the training
 * split. The chain resizes every image to the network input, so an image of another size reaches
 * the network at another pixel scale — its defects magnified or shrunk against everything the
 * network learnt — however alike its content looks once resized. Of all the statistics measured on
 * NEU-CLS and X-SDD this is the only one that tells the two datasets apart under both models
 * (docs/RESULTS.md, "Images unlike the training data"): the network's features of a resized X-SDD
 * image lie among NEU's own.
 * <p>
 * {@link #distance} is 0 inside the training range and grows with the factor by which an image's
 * scale lies outside it, in units of {@link #tolerance()} (a relative change of the scale, fixed
 * in advance, not fitted): above 1, the image is further from the training sizes than the
 * tolerance.
 * </p>
 */
public final class SourceSize {

	/** Scales up to 10 % outside the training range count as the training range. */
	public static final double DEFAULT_TOLERANCE = 0.10;

	private final double minX, maxX, minY, maxY, tolerance;
	private final int trainingImages;

	private SourceSize(final double minX, final double maxX, final double minY, final double maxY,
		final double tolerance, final int trainingImages)
	{
		if (!(minX > 0 && minX <= maxX && minY > 0 && minY <= maxY)) throw new IllegalArgumentException(
			"scale ranges must be positive and ordered: x " + minX + ".." + maxX + ", y " + minY + ".." +
				maxY);
		if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be positive, got " +
			tolerance);
		this.minX = minX;
		this.maxX = maxX;
		this.minY = minY;
		this.maxY = maxY;
		this.tolerance = tolerance;
		this.trainingImages = trainingImages;
	}

	/**
	 * The range of the training images' scales.
	 *
	 * @param widths the training images' widths as read (before preprocessing)
	 * @param heights their heights
	 * @param inputWidth the network input's width
	 * @param inputHeight its height
	 * @throws IllegalArgumentException for no image, mismatched lengths or a size below 1
	 */
	public static SourceSize fit(final int[] widths, final int[] heights, final int inputWidth,
		final int inputHeight, final double tolerance)
	{
		if (widths.length == 0 || widths.length != heights.length) throw new IllegalArgumentException(
			"need one width and one height per training image, and at least one image");
		double minX = Double.POSITIVE_INFINITY, maxX = 0, minY = Double.POSITIVE_INFINITY, maxY = 0;
		for (int i = 0; i < widths.length; i++) {
			if (widths[i] < 1 || heights[i] < 1) throw new IllegalArgumentException("image " + i +
				" is " + widths[i] + "x" + heights[i]);
			final double sx = (double) inputWidth / widths[i], sy = (double) inputHeight / heights[i];
			minX = Math.min(minX, sx);
			maxX = Math.max(maxX, sx);
			minY = Math.min(minY, sy);
			maxY = Math.max(maxY, sy);
		}
		return new SourceSize(minX, maxX, minY, maxY, tolerance, widths.length);
	}

	/**
	 * How far an image's scale lies outside the training range: the larger over both axes of
	 * {@code |log(scale / nearest scale in the range)| / log(1 + tolerance)}; 0 inside the range.
	 */
	public double distance(final int width, final int height, final int inputWidth,
		final int inputHeight)
	{
		return Math.max(outside((double) inputWidth / width, minX, maxX), outside(
			(double) inputHeight / height, minY, maxY)) / Math.log1p(tolerance);
	}

	/** The relative change of scale beyond the training range that still counts as inside. */
	public double tolerance() {
		return tolerance;
	}

	public int trainingImages() {
		return trainingImages;
	}

	/** The training range of {@code input width / image width}: {@code {min, max}}. */
	public double[] scaleX() {
		return new double[] { minX, maxX };
	}

	/** The training range of {@code input height / image height}: {@code {min, max}}. */
	public double[] scaleY() {
		return new double[] { minY, maxY };
	}

	/** The form stored inline in {@code ood.json}. */
	JsonObject toJson() {
		final JsonObject json = new JsonObject();
		json.addProperty("method", "range of input size / image size over the training split");
		json.add("scale_x", pair(minX, maxX));
		json.add("scale_y", pair(minY, maxY));
		json.addProperty("tolerance", tolerance);
		json.addProperty("training_images", trainingImages);
		return json;
	}

	/** @throws RuntimeException when a key is missing or malformed (the caller names the file) */
	static SourceSize fromJson(final JsonObject json) {
		final JsonArray x = json.getAsJsonArray("scale_x"), y = json.getAsJsonArray("scale_y");
		return new SourceSize(x.get(0).getAsDouble(), x.get(1).getAsDouble(), y.get(0).getAsDouble(), y
			.get(1).getAsDouble(), json.get("tolerance").getAsDouble(), json.get("training_images")
				.getAsInt());
	}

	// -- Helper methods --

	private static double outside(final double scale, final double min, final double max) {
		if (scale < min) return Math.log(min / scale);
		if (scale > max) return Math.log(scale / max);
		return 0;
	}

	private static JsonArray pair(final double a, final double b) {
		final JsonArray p = new JsonArray();
		p.add(a);
		p.add(b);
		return p;
	}
}
