package io.github.stripsteel.localise;

import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Occlusion sensitivity (Zeiler and Fergus, ECCV 2014): how much the classifier's belief in a
 * class drops when a square patch of the input is hidden. Each patch position gives one further
 * network pass; a pixel's value is the mean drop over the patches that cover it. Unlike a class
 * activation map it asks the classifier what it needs, not where its last stage responds, so it
 * works at the patch stride rather than the 7x7 feature grid, at the price of one pass per patch.
 * Works on prepared inputs ({@code w x h}, row-major, normalised); the network is passed in as a
 * function from a batch of inputs to their class probabilities. A candidate of
 * {@link CamVariantSelection} (test scope): on the training images it did not beat the eight-view
 * class activation map that {@link Localiser} draws (docs/LOCALISATION.md).
 */
final class OcclusionMap {

	/** What a hidden patch is replaced by. */
	public enum Fill {
		/** the mean of the whole input: the patch becomes flat */
		MEAN,
		/** the input blurred by a box of the patch's side: the patch keeps its brightness, loses detail */
		BLUR
	}

	/** How the belief in a class is read from the probabilities. */
	public enum Score {
		/** the probability itself (saturates near 1 for a confident classifier) */
		PROBABILITY,
		/** the log-odds {@code log(p_c / (1 - p_c))}: does not saturate */
		LOG_ODDS
	}

	private final int width, height, size, stride;
	private final Fill fill;
	private final Score score;
	private final int[][] positions;

	/**
	 * @param width the prepared input's width
	 * @param size the patch side, pixels (at most the input's shorter side)
	 * @param stride the step between patches; the last row and column end flush with the edge
	 */
	public OcclusionMap(final int width, final int height, final int size, final int stride,
		final Fill fill, final Score score)
	{
		if (size < 1 || size > Math.min(width, height)) throw new IllegalArgumentException(
			"occlusion patch of " + size + " px does not fit a " + width + "x" + height + " input");
		if (stride < 1) throw new IllegalArgumentException("occlusion stride must be positive, got " +
			stride);
		this.width = width;
		this.height = height;
		this.size = size;
		this.stride = stride;
		this.fill = fill;
		this.score = score;
		final int[] xs = starts(width, size, stride), ys = starts(height, size, stride);
		positions = new int[xs.length * ys.length][];
		for (int j = 0; j < ys.length; j++)
			for (int i = 0; i < xs.length; i++)
				positions[j * xs.length + i] = new int[] { xs[i], ys[j] };
	}

	/** Patch starts along one side: every {@code stride}, the last flush with the edge. */
	private static int[] starts(final int side, final int size, final int stride) {
		final List<Integer> s = new ArrayList<>();
		for (int p = 0; p + size < side; p += stride)
			s.add(p);
		s.add(side - size);
		return s.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Network passes per image: the number of patch positions. */
	public int passes() {
		return positions.length;
	}

	/**
	 * The maps of {@code classes[i]} for {@code inputs[i]}, at the input's resolution.
	 *
	 * @param before the probabilities of the inputs as they are ({@code [n][classes]})
	 * @param network probabilities of a batch of prepared inputs; called with at most {@code batch}
	 *          inputs at a time
	 */
	public float[][] compute(final float[][] inputs, final float[][] before, final int[] classes,
		final Function<float[][], float[][]> network, final int batch)
	{
		final int n = inputs.length, p = positions.length;
		final float[][] fills = new float[n][];
		for (int i = 0; i < n; i++)
			fills[i] = fillOf(inputs[i]);
		final double[] drops = new double[n * p];
		final float[][] chunk = new float[Math.min(batch, n * p)][];
		for (int start = 0; start < n * p; start += batch) {
			final int m = Math.min(batch, n * p - start);
			final float[][] occluded = m == chunk.length ? chunk : new float[m][];
			for (int k = 0; k < m; k++) {
				final int i = (start + k) / p;
				occluded[k] = occlude(inputs[i], fills[i], positions[(start + k) % p]);
			}
			final float[][] after = network.apply(occluded);
			for (int k = 0; k < m; k++) {
				final int i = (start + k) / p;
				drops[start + k] = belief(before[i], classes[i]) - belief(after[k], classes[i]);
			}
		}
		final float[][] maps = new float[n][];
		for (int i = 0; i < n; i++)
			maps[i] = spread(drops, i * p);
		return maps;
	}

	/** The belief in class {@code c} as {@link #score} reads it. */
	double belief(final float[] probabilities, final int c) {
		if (score == Score.PROBABILITY) return probabilities[c];
		// the others' sum keeps its precision where p_c rounds to 1
		double others = 0;
		for (int k = 0; k < probabilities.length; k++)
			if (k != c) others += probabilities[k];
		final double floor = 1e-30;
		final double logP = others < 0.5 ? Math.log1p(-others) : Math.log(Math.max(floor,
			probabilities[c]));
		return logP - Math.log(Math.max(floor, others));
	}

	/** The mean drop of the patches covering each pixel. */
	private float[] spread(final double[] drops, final int offset) {
		final double[] sum = new double[width * height];
		final int[] count = new int[width * height];
		for (int q = 0; q < positions.length; q++) {
			final int x0 = positions[q][0], y0 = positions[q][1];
			for (int y = y0; y < y0 + size; y++)
				for (int x = x0; x < x0 + size; x++) {
					sum[y * width + x] += drops[offset + q];
					count[y * width + x]++;
				}
		}
		final float[] map = new float[sum.length];
		for (int j = 0; j < map.length; j++)
			map[j] = (float) (sum[j] / count[j]);
		return map;
	}

	private float[] occlude(final float[] input, final float[] fillValues, final int[] at) {
		final float[] out = input.clone();
		for (int y = at[1]; y < at[1] + size; y++)
			System.arraycopy(fillValues, y * width + at[0], out, y * width + at[0], size);
		return out;
	}

	/** What each pixel becomes when hidden. */
	private float[] fillOf(final float[] input) {
		if (input.length != width * height) throw new IllegalArgumentException("an input of " +
			input.length + " values is not " + width + "x" + height);
		final float[] out = new float[input.length];
		if (fill == Fill.MEAN) {
			double mean = 0;
			for (final float v : input)
				mean += v;
			Arrays.fill(out, (float) (mean / input.length));
			return out;
		}
		return boxBlur(boxBlur(input, width, height, size, true), width, height, size, false);
	}

	/** A running mean of {@code side} pixels along rows or columns, clamped at the edges. */
	private static float[] boxBlur(final float[] in, final int w, final int h, final int side,
		final boolean alongRows)
	{
		final float[] out = new float[in.length];
		final int r = side / 2, lines = alongRows ? h : w, length = alongRows ? w : h;
		for (int line = 0; line < lines; line++) {
			final int base = alongRows ? line * w : line, step = alongRows ? 1 : w;
			double sum = 0;
			for (int t = -r; t <= r; t++)
				sum += in[base + step * Math.min(length - 1, Math.max(0, t))];
			for (int t = 0; t < length; t++) {
				out[base + step * t] = (float) (sum / (2 * r + 1));
				sum += in[base + step * Math.min(length - 1, t + r + 1)] - in[base + step * Math.max(0, t -
					r)];
			}
		}
		return out;
	}
}
