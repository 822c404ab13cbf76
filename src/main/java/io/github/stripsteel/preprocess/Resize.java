package io.github.stripsteel.preprocess;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * OpenCV {@code resize(src, (width, height), interpolation=INTER_LINEAR)}: 8-bit fixed-point path
 * (11-bit weights; vertical pass with OpenCV's vectorised formula
 * {@code ((b0*(S0>>4))>>16) + ((b1*(S1>>4))>>16) + 2) >> 2}) and float path.
 * <p>
 * The reference README expected OpenCV's scalar formula {@code (b0*S0 + b1*S1 + 2^21) >> 22} for
 * the last {@code width % lanes} columns; measured against Debian's OpenCV 4.6 (output widths 1, 2,
 * 3, 5, 7, 8, 9, 15, 16, 17, 33, 41, 60, 97, 300) every column follows the vectorised formula, so
 * that is what this class does for all columns.
 */
public final class Resize {

	private static final int COEF_BITS = 11;
	private static final int COEF_SCALE = 1 << COEF_BITS;

	private Resize() {}

	/** Sampling plan along one axis: source indices and (float) weights, as OpenCV computes them. */
	private static final class Axis {

		final int[] s0, s1;
		final float[] f;
		/** first destination index whose source index is the last one (weights 1, 0), x axis only */
		int max;

		Axis(final int src, final int dst, final boolean clampWeight) {
			s0 = new int[dst];
			s1 = new int[dst];
			f = new float[dst];
			max = dst;
			final double scale = 1. / ((double) dst / src);
			for (int d = 0; d < dst; d++) {
				float fx = (float) ((d + 0.5) * scale - 0.5);
				int sx = (int) Math.floor(fx);
				fx -= sx;
				if (clampWeight) {
					if (sx < 0) {
						fx = 0;
						sx = 0;
					}
					if (sx + 1 >= src) {
						max = Math.min(max, d);
						if (sx >= src - 1) {
							fx = 0;
							sx = src - 1;
						}
					}
					s0[d] = sx;
					s1[d] = Math.min(sx + 1, src - 1);
				}
				else {
					s0[d] = Math.min(Math.max(sx, 0), src - 1);
					s1[d] = Math.min(Math.max(sx + 1, 0), src - 1);
				}
				f[d] = fx;
			}
		}

		short w0(final int d) {
			return (short) Math.rint((1.f - f[d]) * COEF_SCALE);
		}

		short w1(final int d) {
			return (short) Math.rint(f[d] * COEF_SCALE);
		}
	}

	public static ArrayImg<UnsignedByteType, ByteArray> resize(final ArrayImg<UnsignedByteType, ByteArray> in,
		final int width, final int height, final int threads)
	{
		final int sw = Images.width(in), sh = Images.height(in);
		checkSize(width, height);
		final byte[] src = Images.bytes(in);
		final byte[] dst = new byte[width * height];
		if (width == sw && height == sh) {
			System.arraycopy(src, 0, dst, 0, dst.length);
			return Images.wrap(dst, width, height);
		}
		final Axis ax = new Axis(sw, width, true), ay = new Axis(sh, height, false);
		final int[] a0 = new int[width], a1 = new int[width];
		for (int d = 0; d < width; d++) {
			a0[d] = ax.w0(d);
			a1[d] = ax.w1(d);
		}
		final int xmax = ax.max;
		Parallel.forBands(height, Parallel.bands(height, Math.max(width, sw), threads), (y0, y1) -> {
			int[] r0 = new int[width], r1 = new int[width];
			int have0 = -1, have1 = -1;
			for (int dy = y0; dy < y1; dy++) {
				final int sy0 = ay.s0[dy], sy1 = ay.s1[dy];
				// reuse the horizontal pass of rows computed for the previous output row
				if (sy0 != have0) {
					if (sy0 == have1) {
						final int[] t = r0;
						r0 = r1;
						r1 = t;
						have1 = have0;
					}
					else rowPass(src, sy0 * sw, ax, a0, a1, xmax, r0);
					have0 = sy0;
				}
				if (sy1 != have1) {
					rowPass(src, sy1 * sw, ax, a0, a1, xmax, r1);
					have1 = sy1;
				}
				final int b0 = ay.w0(dy), b1 = ay.w1(dy);
				final int off = dy * width;
				for (int x = 0; x < width; x++) {
					final int v = ((b0 * (r0[x] >> 4) >> 16) + (b1 * (r1[x] >> 4) >> 16) + 2) >> 2;
					dst[off + x] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
				}
			}
		});
		return Images.wrap(dst, width, height);
	}

	/** Float path: {@code row = a*(1-fx) + b*fx}, {@code out = r0*(1-fy) + r1*fy} in float32. */
	public static ArrayImg<FloatType, FloatArray> resizeFloat(final ArrayImg<FloatType, FloatArray> in,
		final int width, final int height, final int threads)
	{
		final int sw = Images.width(in), sh = Images.height(in);
		checkSize(width, height);
		final float[] src = Images.floats(in);
		final float[] dst = new float[width * height];
		if (width == sw && height == sh) {
			System.arraycopy(src, 0, dst, 0, dst.length);
			return Images.wrap(dst, width, height);
		}
		final Axis ax = new Axis(sw, width, true), ay = new Axis(sh, height, false);
		Parallel.forBands(height, Parallel.bands(height, Math.max(width, sw), threads), (y0, y1) -> {
			final float[] r0 = new float[width], r1 = new float[width];
			for (int dy = y0; dy < y1; dy++) {
				rowPassFloat(src, ay.s0[dy] * sw, ax, r0);
				rowPassFloat(src, ay.s1[dy] * sw, ax, r1);
				final float b1 = ay.f[dy], b0 = 1.f - b1;
				final int off = dy * width;
				for (int x = 0; x < width; x++)
					dst[off + x] = r0[x] * b0 + r1[x] * b1;
			}
		});
		return Images.wrap(dst, width, height);
	}

	// -- Helper methods --

	private static void checkSize(final int width, final int height) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("resize: width and height must be >= 1, got " +
			width + "x" + height);
	}

	private static void rowPass(final byte[] src, final int off, final Axis ax, final int[] a0, final int[] a1,
		final int xmax, final int[] out)
	{
		final int[] s0 = ax.s0, s1 = ax.s1;
		for (int x = 0; x < xmax; x++)
			out[x] = (src[off + s0[x]] & 0xff) * a0[x] + (src[off + s1[x]] & 0xff) * a1[x];
		for (int x = xmax; x < out.length; x++)
			out[x] = (src[off + s0[x]] & 0xff) * COEF_SCALE;
	}

	private static void rowPassFloat(final float[] src, final int off, final Axis ax, final float[] out) {
		for (int x = 0; x < out.length; x++) {
			if (x >= ax.max) out[x] = src[off + ax.s0[x]];
			else {
				final float fx = ax.f[x];
				out[x] = src[off + ax.s0[x]] * (1.f - fx) + src[off + ax.s1[x]] * fx;
			}
		}
	}
}
