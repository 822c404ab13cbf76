package io.github.stripsteel.localise;

import java.util.ArrayDeque;

import io.github.stripsteel.model.LoadedModel.LastStage;

/**
 * Class activation maps (CAM, Zhou et al. 2016) and what is read from them. The students and
 * teachers end with global average pooling and one linear layer, so the map of class {@code c} is
 * exact and needs no gradient: {@code M_c(x, y) = sum_k w[c][k] * F_k(x, y)}, where {@code F} is the
 * last convolutional stage; the spatial mean of {@code M_c} plus the bias is the logit of {@code c}.
 * Grad-CAM would give the same map up to a positive factor here (its weights are the spatial means
 * of the gradients, i.e. {@code w[c][k] / (h w)}), at the cost of a backward pass.
 */
public final class ClassActivationMap {

	private ClassActivationMap() {}

	/** The map of {@code classIndex} for image {@code image} of a batch, at feature resolution. */
	public static float[] compute(final LastStage stage, final int image, final int classIndex) {
		final int hw = stage.height() * stage.width();
		final float[] f = stage.features()[image], w = stage.weight()[classIndex];
		final float[] map = new float[hw];
		for (int k = 0; k < stage.channels(); k++) {
			final float wk = w[k];
			final int off = k * hw;
			for (int i = 0; i < hw; i++)
				map[i] += wk * f[off + i];
		}
		return map;
	}

	/**
	 * Bilinear resampling of a {@code mw x mh} map to {@code w x h}, sampling at pixel centres (the
	 * convention of OpenCV's {@code resize} and PyTorch's {@code align_corners=False}); edges are
	 * clamped.
	 */
	public static float[] upsample(final float[] map, final int mw, final int mh, final int w,
		final int h)
	{
		final float[] out = new float[w * h];
		final double sx = (double) mw / w, sy = (double) mh / h;
		for (int y = 0; y < h; y++) {
			final double fy = Math.min(mh - 1, Math.max(0, (y + 0.5) * sy - 0.5));
			final int y0 = (int) fy, y1 = Math.min(mh - 1, y0 + 1);
			final double ty = fy - y0;
			for (int x = 0; x < w; x++) {
				final double fx = Math.min(mw - 1, Math.max(0, (x + 0.5) * sx - 0.5));
				final int x0 = (int) fx, x1 = Math.min(mw - 1, x0 + 1);
				final double tx = fx - x0;
				final double top = map[y0 * mw + x0] * (1 - tx) + map[y0 * mw + x1] * tx;
				final double bottom = map[y1 * mw + x0] * (1 - tx) + map[y1 * mw + x1] * tx;
				out[y * w + x] = (float) (top * (1 - ty) + bottom * ty);
			}
		}
		return out;
	}

	/** Index of the largest value (the first one on ties). */
	public static int argmax(final float[] map) {
		int best = 0;
		for (int i = 1; i < map.length; i++)
			if (map[i] > map[best]) best = i;
		return best;
	}

	/**
	 * The bounding box of the largest 8-connected region where the map, min-max normalised to
	 * [0, 1], is at least {@code fraction}. A constant map gives the whole image.
	 */
	public static Box box(final float[] map, final int w, final int h, final double fraction) {
		if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException(
			"box threshold must be in (0, 1], got " + fraction);
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (final float v : map) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		if (!(max > min)) return new Box(0, 0, w, h);
		final double threshold = min + fraction * (max - min);
		final boolean[] seen = new boolean[w * h];
		final ArrayDeque<Integer> queue = new ArrayDeque<>();
		Box best = null;
		long bestSize = -1;
		for (int start = 0; start < map.length; start++) {
			if (seen[start] || map[start] < threshold) continue;
			int x0 = w, y0 = h, x1 = -1, y1 = -1;
			long size = 0;
			seen[start] = true;
			queue.add(start);
			while (!queue.isEmpty()) {
				final int p = queue.poll(), px = p % w, py = p / w;
				size++;
				x0 = Math.min(x0, px);
				x1 = Math.max(x1, px);
				y0 = Math.min(y0, py);
				y1 = Math.max(y1, py);
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						final int nx = px + dx, ny = py + dy;
						if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
						final int q = ny * w + nx;
						if (!seen[q] && map[q] >= threshold) {
							seen[q] = true;
							queue.add(q);
						}
					}
			}
			if (size > bestSize) {
				bestSize = size;
				best = new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
			}
		}
		return best;
	}
}
