package io.github.stripsteel.preprocess;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * OpenCV 4.6 {@code GaussianBlur(src, (k,k), sigma)} with {@code sigmaY = sigmaX} and
 * {@code BORDER_REFLECT_101}: for 8-bit input the fixed-point path (kernel quantised to 1/256 by
 * error diffusion, exact integer separable convolution), for float input the float path.
 */
public final class GaussianBlur {

	/** Width of the vertical strips of the 8-bit path. */
	private static final int STRIP = 2048;

	private GaussianBlur() {}

	/** OpenCV's automatic kernel size: {@code cvRound(sigma*(8-bit ? 3 : 4)*2+1) | 1}. */
	public static int autoKsize(final double sigma, final boolean eightBit) {
		return (int) Math.rint(sigma * (eightBit ? 3 : 4) * 2 + 1) | 1;
	}

	/**
	 * The Gaussian kernel in double as OpenCV's {@code getGaussianKernelBitExact}: for
	 * {@code sigma <= 0} the fixed tables of sizes 1, 3, 5, 7, else sigma = 0.3*((n-1)/2-1)+0.8.
	 */
	public static double[] kernel(final int n, final double sigma) {
		if (n <= 0 || (n & 1) == 0) throw new IllegalArgumentException("ksize must be odd and positive, got " + n);
		if (sigma <= 0) {
			switch (n) {
				case 1:
					return new double[] { 1 };
				case 3:
					return new double[] { 0.25, 0.5, 0.25 };
				case 5:
					return new double[] { 0.0625, 0.25, 0.375, 0.25, 0.0625 };
				case 7:
					return new double[] { 0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125 };
				default:
			}
		}
		final double s = sigma > 0 ? sigma : n * 0.15 + 0.35;
		final double scale2X = -0.125 / (s * s);
		final int half = (n - 1) / 2;
		final double[] values = new double[half];
		double sum = 0;
		for (int i = 0, x = 1 - n; i < half; i++, x += 2) {
			values[i] = Math.exp((double) (x * x) * scale2X);
			sum += values[i];
		}
		sum = sum * 2 + 1;
		final double mul = 1 / sum;
		final double[] k = new double[n];
		for (int i = 0; i < half; i++)
			k[i] = k[n - 1 - i] = values[i] * mul;
		k[half] = mul;
		return k;
	}

	/**
	 * The 8-bit fixed-point kernel (units of 1/256) of {@code getGaussianKernelFixedPoint_ED}: taps
	 * rounded with error diffusion, mirror taps equal, the centre takes the rest of 256.
	 */
	public static int[] fixedPointKernel(final int n, final double sigma) {
		final double[] k = kernel(n, sigma);
		final int[] q = new int[n];
		final int half = n / 2;
		double err = 0;
		int sum = 0;
		for (int i = 0; i < half; i++) {
			final double adj = k[i] * 256 + err;
			final long v = (long) Math.rint(adj);
			err = adj - v;
			q[i] = q[n - 1 - i] = (int) v;
			sum += (int) v;
		}
		q[half] = 256 - 2 * sum;
		return q;
	}

	/**
	 * Blurs an 8-bit image bit-exactly like OpenCV.
	 *
	 * @param sigma Gaussian sigma (x and y); {@code <= 0} derives it from {@code ksize}
	 * @param ksize odd kernel size, or 0 for {@link #autoKsize}
	 * @param threads number of threads (row bands)
	 */
	public static ArrayImg<UnsignedByteType, ByteArray> blur(final ArrayImg<UnsignedByteType, ByteArray> in,
		final double sigma, final int ksize, final int threads)
	{
		return blur(in, Images.newBytes(in), sigma, ksize, threads);
	}

	/** As {@link #blur(ArrayImg, double, int, int)}, written into {@code out} (same size), which is returned. */
	public static ArrayImg<UnsignedByteType, ByteArray> blur(final ArrayImg<UnsignedByteType, ByteArray> in,
		final ArrayImg<UnsignedByteType, ByteArray> out, final double sigma, final int ksize, final int threads)
	{
		blur(Images.bytes(in), Images.outputBytes(out, in, "gaussian"), Images.width(in), Images.height(in), sigma,
			ksize, threads);
		return out;
	}

	/** Array version of {@link #blur(ArrayImg, double, int, int)}; {@code src != dst}. */
	public static void blur(final byte[] src, final byte[] dst, final int w, final int h, final double sigma,
		final int ksize, final int threads)
	{
		blur(src, dst, w, h, sigma, ksize, threads, Simd.ENABLED);
	}

	/** As {@link #blur(byte[], byte[], int, int, double, int, int)}; {@code simd} selects {@link VectorKernels}. */
	static void blur(final byte[] src, final byte[] dst, final int w, final int h, final double sigma,
		final int ksize, final int threads, final boolean simd)
	{
		final int n = checkKsize(sigma, ksize, true);
		// OpenCV uses a 1-tap kernel along a dimension of length 1.
		final int[] kx = fixedPointKernel(w == 1 ? 1 : n, sigma);
		final int[] ky = fixedPointKernel(h == 1 ? 1 : n, sigma);
		if (kx.length == 1 && ky.length == 1) {
			System.arraycopy(src, 0, dst, 0, w * h);
			return;
		}
		final int rx = kx.length / 2, ry = ky.length / 2;
		final int[] xTable = BorderMode.REFLECT_101.table(w, rx, rx);
		final int[] yTable = BorderMode.REFLECT_101.table(h, ry, ry);
		final short[] kxs = toShort(kx), kys = toShort(ky);
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final int kn = ky.length;
			final int sw = Math.min(w, STRIP);
			final int pw = sw + 2 * rx;
			// ring[i] holds the widened (padded) strip of source row yTable[y + i] for output row y
			final char[][] ring = new char[kn][pw];
			final char[] vh = new char[pw], vl = new char[pw];
			final short[] accH = new short[sw], accL = new short[sw];
			for (int x0 = 0; x0 < w; x0 += sw) {
				final int cols = Math.min(sw, w - x0);
				final int pcols = cols + 2 * rx;
				for (int i = 0; i < kn - 1; i++)
					widen(src, yTable[y0 + i] * w, w, x0, cols, rx, xTable, ring[i + 1], simd);
				for (int y = y0; y < y1; y++) {
					final char[] first = ring[0];
					System.arraycopy(ring, 1, ring, 0, kn - 1);
					ring[kn - 1] = first;
					widen(src, yTable[y + 2 * ry] * w, w, x0, cols, rx, xTable, first, simd);
					if (simd && cols >= VectorKernels.lanes()) {
						VectorKernels.gaussianRow(ring, kys, kxs, vh, vl, dst, y * w + x0, cols);
						continue;
					}
					columnPass16(ring, kys, vh, vl, pcols);
					rowPass16(vh, vl, kxs, accH, accL, cols);
					Loops16.run(Loops16.ROUND_HL, null, null, 0, 0, 0, null, accH, accL, dst, y * w + x0, cols);
				}
			}
		});
	}

	/**
	 * Blurs a float image like OpenCV's float path (float kernel {@code (float) k[i]}, float
	 * accumulation; equal to OpenCV within about 1e-4 because OpenCV may use FMA).
	 */
	public static ArrayImg<FloatType, FloatArray> blurFloat(final ArrayImg<FloatType, FloatArray> in,
		final double sigma, final int ksize, final int threads)
	{
		final int w = Images.width(in), h = Images.height(in);
		final float[] src = Images.floats(in);
		final float[] dst = new float[w * h];
		final int n = checkKsize(sigma, ksize, false);
		final float[] kx = toFloat(kernel(w == 1 ? 1 : n, sigma));
		final float[] ky = toFloat(kernel(h == 1 ? 1 : n, sigma));
		final int rx = kx.length / 2, ry = ky.length / 2;
		final int[] xTable = BorderMode.REFLECT_101.table(w, rx, rx);
		final int[] yTable = BorderMode.REFLECT_101.table(h, ry, ry);
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final float[] pad = new float[w + 2 * rx];
			final int kn = ky.length;
			final float[][] rows = new float[kn][w];
			for (int i = 0; i < kn - 1; i++)
				rowPassFloat(src, yTable[y0 + i] * w, w, xTable, kx, pad, rows[i + 1]);
			for (int y = y0; y < y1; y++) {
				final float[] first = rows[0];
				System.arraycopy(rows, 1, rows, 0, kn - 1);
				rows[kn - 1] = first;
				rowPassFloat(src, yTable[y + 2 * ry] * w, w, xTable, kx, pad, first);
				final int off = y * w;
				for (int x = 0; x < w; x++) {
					float s = 0;
					for (int k = 0; k < ky.length; k++)
						s += ky[k] * rows[k][x];
					dst[off + x] = s;
				}
			}
		});
		return Images.wrap(dst, w, h);
	}

	// -- Helper methods --

	private static int checkKsize(final double sigma, final int ksize, final boolean eightBit) {
		if (ksize < 0 || (ksize > 0 && (ksize & 1) == 0)) throw new IllegalArgumentException(
			"gaussian: ksize must be 0 (auto) or an odd number >= 1, got " + ksize);
		if (ksize == 0 && !(sigma > 0)) throw new IllegalArgumentException(
			"gaussian: sigma must be > 0 when ksize is 0 (auto), got " + sigma);
		if (Double.isNaN(sigma) || Double.isInfinite(sigma)) throw new IllegalArgumentException(
			"gaussian: sigma must be a finite number, got " + sigma);
		final int n = ksize > 0 ? ksize : autoKsize(sigma, eightBit);
		if (n > 1001) throw new IllegalArgumentException("gaussian: kernel size " + n + " is too large (max 1001)");
		return n;
	}

	private static float[] toFloat(final double[] k) {
		final float[] f = new float[k.length];
		for (int i = 0; i < k.length; i++)
			f[i] = (float) k[i];
		return f;
	}

	private static void rowPassFloat(final float[] src, final int rowOff, final int w, final int[] xTable,
		final float[] k, final float[] pad, final float[] out)
	{
		for (int i = 0; i < pad.length; i++)
			pad[i] = src[rowOff + xTable[i]];
		for (int x = 0; x < w; x++) {
			float s = 0;
			for (int t = 0; t < k.length; t++)
				s += k[t] * pad[x + t];
			out[x] = s;
		}
	}

	private static short[] toShort(final int[] k) {
		final short[] s = new short[k.length];
		for (int i = 0; i < k.length; i++)
			s[i] = (short) k[i];
		return s;
	}

	/** {@code out[i] = source column x0 + i - r} of row {@code rowOff} (REFLECT_101 via xTable), widened. */
	private static void widen(final byte[] src, final int rowOff, final int width, final int x0, final int cols,
		final int r, final int[] xTable, final char[] out, final boolean simd)
	{
		final int lo = Math.max(0, r - x0), hi = Math.min(cols + 2 * r, width + r - x0);
		for (int i = 0; i < lo; i++)
			out[i] = (char) (src[rowOff + xTable[x0 + i]] & 0xff);
		if (simd) VectorKernels.widen(src, rowOff + x0 - r + lo, out, lo, hi - lo);
		else Loops16.run(Loops16.WIDEN, null, null, lo, 0, 0, out, null, null, src, rowOff + x0 - r + lo, hi - lo);
		for (int i = hi; i < cols + 2 * r; i++)
			out[i] = (char) (src[rowOff + xTable[x0 + i]] & 0xff);
	}

	/**
	 * Vertical pass in 16-bit lanes: {@code v = sum k[t] * rows[t][x]} (units of 1/256, at most
	 * 255*256 = 65280, so exact modulo 2^16), split into {@code vh = v >> 8} and {@code vl = v & 255}
	 * so that the horizontal pass also fits in 16 bits. Sums are exact integers, so doing the vertical
	 * pass first gives the same result as OpenCV's row-then-column order.
	 */
	private static void columnPass16(final char[][] rows, final short[] k, final char[] vh, final char[] vl,
		final int n)
	{
		final int kn = k.length, r = kn / 2;
		Loops16.run(Loops16.MUL, rows[r], null, 0, 0, k[r], vl, null, null, null, 0, n);
		for (int t = 0; t < r; t++)
			Loops16.run(Loops16.ADD_PAIR, rows[t], rows[kn - 1 - t], 0, 0, k[t], vl, null, null, null, 0, n);
		Loops16.run(Loops16.SPLIT, vl, null, 0, 0, 0, vh, null, null, null, 0, n);
	}

	/**
	 * Horizontal pass on the split vertical sums: {@code H = sum k[t] vh[x+t]}, {@code L = sum k[t]
	 * vl[x+t]} (each at most 65280). The full sum is {@code 256 H + L} (units of 1/65536); the caller
	 * rounds it as {@code (H + (L >> 8) + 128) >> 8}, which equals {@code (256 H + L + 32768) >> 16}.
	 * Loads are from {@code char[]} and stores to {@code short[]}: different array types, so HotSpot
	 * knows they do not alias and vectorises the offset loads.
	 */
	private static void rowPass16(final char[] vh, final char[] vl, final short[] k, final short[] accH,
		final short[] accL, final int n)
	{
		rowPassHalf(vh, k, accH, n);
		rowPassHalf(vl, k, accL, n);
	}

	/** One half of {@link #rowPass16}. */
	private static void rowPassHalf(final char[] v, final short[] k, final short[] acc, final int n) {
		final int kn = k.length, r = kn / 2;
		Loops16.run(Loops16.MUL_AT, v, null, r, 0, k[r], null, acc, null, null, 0, n);
		for (int t = 0; t < r; t++)
			Loops16.run(Loops16.ADD_PAIR_AT, v, null, t, kn - 1 - t, k[t], null, acc, null, null, 0, n);
	}
}
