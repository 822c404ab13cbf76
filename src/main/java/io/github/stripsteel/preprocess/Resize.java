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
		return resize(in, width, height, threads, Simd.ENABLED);
	}

	/** As {@link #resize(ArrayImg, int, int, int)}; {@code simd} selects {@link VectorKernels#resizeRow}. */
	static ArrayImg<UnsignedByteType, ByteArray> resize(final ArrayImg<UnsignedByteType, ByteArray> in,
		final int width, final int height, final int threads, final boolean simd)
	{
		final int sw = Images.width(in), sh = Images.height(in);
		checkSize(width, height);
		final byte[] src = Images.bytes(in);
		final byte[] dst = new byte[width * height];
		if (width == sw && height == sh) {
			System.arraycopy(src, 0, dst, 0, dst.length);
			return Images.wrap(dst, width, height);
		}
		final Plan8 plan = plan8(sw, sh, width, height);
		final int[] s0 = plan.ax.s0, s1 = plan.ax.s1, a0 = plan.a0, a1 = plan.a1, sy0 = plan.ay.s0, sy1 = plan.ay.s1,
			b0 = plan.b0, b1 = plan.b1;
		final int xmax = plan.ax.max;
		if (sh >= 2 * height) {
			// strong vertical reduction: rows are rarely shared by consecutive output rows, so one fused
			// loop reads both source rows and writes the output directly. Bands by output work: a
			// 224x224 output runs on the calling thread (measured: a second thread's wake-up costs as
			// much as it saves)
			if (simd && xmax >= VectorKernels.intLanes()) {
				// gather each output column's source pairs (one 16-bit read per row) into one int, then
				// the arithmetic in vector lanes; two output rows per pass keep more reads in flight
				BytePairs.checkRange(src, plan.rowStarts, s0, xmax);
				Parallel.forBands(height, Parallel.bands(height, width, threads), (y0, y1) -> {
					final int[] upper = new int[xmax], lower = new int[xmax], values = new int[xmax];
					int dy = y0;
					for (; dy + 1 < y1; dy += 2) {
						gatherPairs(src, sy0[dy] * sw, sy1[dy] * sw, sy0[dy + 1] * sw, sy1[dy + 1] * sw, s0, xmax, upper,
							lower);
						vectorRow(src, upper, plan, dy, values, dst);
						vectorRow(src, lower, plan, dy + 1, values, dst);
					}
					if (dy < y1) {
						gatherPairs(src, sy0[dy] * sw, sy1[dy] * sw, sy0[dy] * sw, sy1[dy] * sw, s0, xmax, upper, lower);
						vectorRow(src, upper, plan, dy, values, dst);
					}
				});
				return Images.wrap(dst, width, height);
			}
			Parallel.forBands(height, Parallel.bands(height, width, threads), (y0, y1) -> {
				int dy = y0;
				// two output rows per pass: four source rows streamed at once keep more loads in flight
				for (; dy + 1 < y1; dy += 2)
					fusedRows(src, sy0[dy] * sw, sy1[dy] * sw, b0[dy], b1[dy], sy0[dy + 1] * sw, sy1[dy + 1] * sw,
						b0[dy + 1], b1[dy + 1], s0, a0, a1, xmax, dst, dy * width, width);
				if (dy < y1) fusedRow(src, sy0[dy] * sw, sy1[dy] * sw, s0, a0, a1, xmax, b0[dy], b1[dy], dst, dy *
					width, width);
			});
			return Images.wrap(dst, width, height);
		}
		// bands by output work: small outputs (the usual 224x224) run on the calling thread
		Parallel.forBands(height, Parallel.bands(height, width, threads), (y0, y1) -> {
			int[] r0 = new int[width], r1 = new int[width];
			int have0 = -1, have1 = -1;
			for (int dy = y0; dy < y1; dy++) {
				final int ys0 = sy0[dy], ys1 = sy1[dy];
				// reuse the horizontal pass of rows computed for the previous output row
				if (ys0 != have0) {
					if (ys0 == have1) {
						final int[] t = r0;
						r0 = r1;
						r1 = t;
						have1 = have0;
					}
					else rowPass(src, ys0 * sw, s0, s1, a0, a1, xmax, r0);
					have0 = ys0;
				}
				if (ys1 != have1) {
					rowPass(src, ys1 * sw, s0, s1, a0, a1, xmax, r1);
					have1 = ys1;
				}
				final int c0 = b0[dy], c1 = b1[dy];
				final int off = dy * width;
				for (int x = 0; x < width; x++) {
					final int v = ((c0 * (r0[x] >> 4) >> 16) + (c1 * (r1[x] >> 4) >> 16) + 2) >> 2;
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

	/**
	 * The source pairs of columns {@code 0 .. xmax} for two output rows: {@code upper[x]} from rows
	 * {@code o0, o1}, {@code lower[x]} from rows {@code p0, p1} (upper source row in the low 16 bits).
	 */
	private static void gatherPairs(final byte[] src, final int o0, final int o1, final int p0, final int p1,
		final int[] s0, final int xmax, final int[] upper, final int[] lower)
	{
		for (int x = 0; x < xmax; x++) {
			final int i = s0[x];
			upper[x] = BytePairs.get(src, o0 + i) | BytePairs.get(src, o1 + i) << 16;
			lower[x] = BytePairs.get(src, p0 + i) | BytePairs.get(src, p1 + i) << 16;
		}
	}

	/** Output row {@code dy} from its gathered pairs, then its edge columns. */
	private static void vectorRow(final byte[] src, final int[] packed, final Plan8 plan, final int dy,
		final int[] values, final byte[] dst)
	{
		final int off = dy * plan.width, xmax = plan.ax.max;
		VectorKernels.resizeRow(packed, plan.a0, plan.a1, plan.b0[dy], plan.b1[dy], values, dst, off, xmax);
		edgeColumns(src, plan.ay.s0[dy] * plan.sw, plan.ay.s1[dy] * plan.sw, plan.ax.s0, xmax, plan.b0[dy], plan.b1[dy],
			dst, off, plan.width);
	}

	/** The 8-bit sampling plan of one (source size, output size) pair: indices and fixed-point weights. */
	private static final class Plan8 {

		final int sw, sh, width, height;
		final Axis ax, ay;
		final int[] a0, a1, b0, b1;
		/** the start of every source row the plan reads (both rows of each output row) */
		final int[] rowStarts;

		Plan8(final int sw, final int sh, final int width, final int height) {
			this.sw = sw;
			this.sh = sh;
			this.width = width;
			this.height = height;
			ax = new Axis(sw, width, true);
			ay = new Axis(sh, height, false);
			a0 = new int[width];
			a1 = new int[width];
			for (int d = 0; d < width; d++) {
				a0[d] = ax.w0(d);
				a1[d] = ax.w1(d);
			}
			b0 = new int[height];
			b1 = new int[height];
			for (int d = 0; d < height; d++) {
				b0[d] = ay.w0(d);
				b1[d] = ay.w1(d);
			}
			rowStarts = new int[2 * height];
			for (int d = 0; d < height; d++) {
				rowStarts[2 * d] = ay.s0[d] * sw;
				rowStarts[2 * d + 1] = ay.s1[d] * sw;
			}
		}

		boolean matches(final int sw2, final int sh2, final int width2, final int height2) {
			return sw == sw2 && sh == sh2 && width == width2 && height == height2;
		}
	}

	/** The last plan (immutable; a preprocessing chain resizes many images of one size to one size). */
	private static volatile Plan8 lastPlan;

	private static Plan8 plan8(final int sw, final int sh, final int width, final int height) {
		Plan8 p = lastPlan;
		if (p == null || !p.matches(sw, sh, width, height)) {
			p = new Plan8(sw, sh, width, height);
			lastPlan = p;
		}
		return p;
	}

	private static void checkSize(final int width, final int height) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("resize: width and height must be >= 1, got " +
			width + "x" + height);
	}

	/**
	 * One output row from source rows {@code o0} and {@code o1}: both horizontal passes and the vertical.
	 * Before {@code xmax} the second source column is the first plus one.
	 */
	private static void fusedRow(final byte[] src, final int o0, final int o1, final int[] s0, final int[] a0,
		final int[] a1, final int xmax, final int c0, final int c1, final byte[] dst, final int off, final int width)
	{
		for (int x = 0; x < xmax; x++) {
			final int i = s0[x], w0 = a0[x], w1 = a1[x];
			final int h0 = (src[o0 + i] & 0xff) * w0 + (src[o0 + i + 1] & 0xff) * w1;
			final int h1 = (src[o1 + i] & 0xff) * w0 + (src[o1 + i + 1] & 0xff) * w1;
			dst[off + x] = vertical(c0, c1, h0, h1);
		}
		edgeColumns(src, o0, o1, s0, xmax, c0, c1, dst, off, width);
	}

	/** Output rows {@code off/width} and the next, from source rows {@code o0, o1} and {@code p0, p1}. */
	private static void fusedRows(final byte[] src, final int o0, final int o1, final int c0, final int c1,
		final int p0, final int p1, final int d0, final int d1, final int[] s0, final int[] a0, final int[] a1,
		final int xmax, final byte[] dst, final int off, final int width)
	{
		final int next = off + width;
		for (int x = 0; x < xmax; x++) {
			final int i = s0[x], w0 = a0[x], w1 = a1[x];
			final int h0 = (src[o0 + i] & 0xff) * w0 + (src[o0 + i + 1] & 0xff) * w1;
			final int h1 = (src[o1 + i] & 0xff) * w0 + (src[o1 + i + 1] & 0xff) * w1;
			final int g0 = (src[p0 + i] & 0xff) * w0 + (src[p0 + i + 1] & 0xff) * w1;
			final int g1 = (src[p1 + i] & 0xff) * w0 + (src[p1 + i + 1] & 0xff) * w1;
			dst[off + x] = vertical(c0, c1, h0, h1);
			dst[next + x] = vertical(d0, d1, g0, g1);
		}
		edgeColumns(src, o0, o1, s0, xmax, c0, c1, dst, off, width);
		edgeColumns(src, p0, p1, s0, xmax, d0, d1, dst, next, width);
	}

	/** Columns from {@code xmax} on sample the last source column with weights (1, 0). */
	private static void edgeColumns(final byte[] src, final int o0, final int o1, final int[] s0, final int xmax,
		final int c0, final int c1, final byte[] dst, final int off, final int width)
	{
		for (int x = xmax; x < width; x++) {
			final int i = s0[x];
			dst[off + x] = vertical(c0, c1, (src[o0 + i] & 0xff) * COEF_SCALE, (src[o1 + i] & 0xff) * COEF_SCALE);
		}
	}

	/** OpenCV's vectorised vertical step on two horizontal sums, saturated to 8 bits. */
	private static byte vertical(final int c0, final int c1, final int h0, final int h1) {
		final int v = ((c0 * (h0 >> 4) >> 16) + (c1 * (h1 >> 4) >> 16) + 2) >> 2;
		return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
	}

	private static void rowPass(final byte[] src, final int off, final int[] s0, final int[] s1, final int[] a0,
		final int[] a1, final int xmax, final int[] out)
	{
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
