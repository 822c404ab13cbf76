package io.github.stripsteel.model;

/**
 * Four statistics of a network input (the image after the model's preprocessing chain and
 * normalisation): mean, standard deviation, and the mean absolute difference between horizontal
 * and between vertical neighbours. They describe brightness, contrast and texture scale — what a
 * different camera, exposure or material changes first — and complement the network's features,
 * which map such images onto the classes they were trained to separate (docs/RESULTS.md, "Images
 * unlike the training data").
 */
public final class ImageStatistics {

	/** The names of the statistics, in the order {@link #of} returns them. */
	public static final String[] NAMES = { "mean", "std", "mean_abs_dx", "mean_abs_dy" };

	private ImageStatistics() {}

	/** The statistics of a {@code width x height} input, row-major. */
	public static float[] of(final float[] input, final int width, final int height) {
		double sum = 0, sq = 0, dx = 0, dy = 0;
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				final double v = input[y * width + x];
				sum += v;
				sq += v * v;
				if (x > 0) dx += Math.abs(v - input[y * width + x - 1]);
				if (y > 0) dy += Math.abs(v - input[(y - 1) * width + x]);
			}
		final double n = (double) width * height, mean = sum / n;
		return new float[] { (float) mean, (float) Math.sqrt(Math.max(0, sq / n - mean * mean)),
			(float) (dx / Math.max(1, (width - 1) * height)), (float) (dy / Math.max(1, width * (height -
				1))) };
	}
}
