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
	private static final int STRIP = 512;

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
		final int w = Images.width(in), h = Images.height(in);
		final byte[] dst = new byte[w * h];
		blur(Images.bytes(in), dst, w, h, sigma, ksize, threads);
		return Images.wrap(dst, w, h);
	}

	/** Array version of {@link #blur(ArrayImg, double, int, int)}; {@code src != dst}. */
	public static void blur(final byte[] src, final byte[] dst, final int w, final int h, final double sigma,
		final int ksize, final int threads)
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
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final int kn = ky.length;
			final int sw = Math.min(w, STRIP);
			final int[] pad = new int[sw + 2 * rx];
			final int[][] ring = new int[kn][sw];
			final int[] acc = new int[sw], a = new int[sw], b = new int[sw];
			// vertical strips keep the ring of row-pass results in the L1/L2 cache
			for (int x0 = 0; x0 < w; x0 += sw) {
				final int cols = Math.min(sw, w - x0);
				// ring[i] holds the row pass of padded row (y - ry + i) for the current output row y
				for (int i = 0; i < kn - 1; i++)
					rowPass8(src, yTable[y0 + i] * w, w, x0, cols, xTable, kx, pad, a, b, ring[i + 1]);
				for (int y = y0; y < y1; y++) {
					final int[] first = ring[0];
					System.arraycopy(ring, 1, ring, 0, kn - 1);
					ring[kn - 1] = first;
					rowPass8(src, yTable[y + 2 * ry] * w, w, x0, cols, xTable, kx, pad, a, b, first);
					columnPass8(ring, ky, acc, cols);
					final int off = y * w + x0;
					for (int x = 0; x < cols; x++)
						dst[off + x] = (byte) ((acc[x] + 32768) >> 16);
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

	/**
	 * Horizontal pass of one source row: {@code out[x] = sum k[t] * src[x + t - r]} in units of 1/256.
	 * The taps read shifted copies ({@code a}, {@code b}) of the padded row so that every loop indexes
	 * all arrays with the same {@code x}: HotSpot's C2 vectorises those loops but not loops that read
	 * one int array at an offset while writing another (measured: 6x slower).
	 */
	private static void rowPass8(final byte[] src, final int rowOff, final int width, final int x0, final int w,
		final int[] xTable, final int[] k, final int[] pad, final int[] a, final int[] b, final int[] out)
	{
		final int n = k.length, r = n / 2;
		// pad[i] = source column x0 + i - r (xTable[x0 + i]); direct copy where no border is involved
		final int lo = Math.max(0, r - x0), hi = Math.min(w + 2 * r, width + r - x0);
		for (int i = 0; i < lo; i++)
			pad[i] = src[rowOff + xTable[x0 + i]] & 0xff;
		final int base = rowOff + x0 - r;
		for (int i = lo; i < hi; i++)
			pad[i] = src[base + i] & 0xff;
		for (int i = hi; i < w + 2 * r; i++)
			pad[i] = src[rowOff + xTable[x0 + i]] & 0xff;
		final int kc = k[r];
		System.arraycopy(pad, r, a, 0, w);
		for (int x = 0; x < w; x++)
			out[x] = kc * a[x];
		for (int t = 0; t < r; t++) {
			final int kt = k[t];
			System.arraycopy(pad, t, a, 0, w);
			System.arraycopy(pad, n - 1 - t, b, 0, w);
			for (int x = 0; x < w; x++)
				out[x] += kt * (a[x] + b[x]);
		}
	}

	/** Vertical pass: {@code acc[x] = sum k[t] * rows[t][x]} in units of 1/65536. */
	private static void columnPass8(final int[][] rows, final int[] k, final int[] acc, final int w) {
		final int n = k.length, r = n / 2;
		final int kc = k[r];
		final int[] c = rows[r];
		for (int x = 0; x < w; x++)
			acc[x] = kc * c[x];
		for (int t = 0; t < r; t++) {
			final int kt = k[t];
			final int[] a = rows[t], b = rows[n - 1 - t];
			for (int x = 0; x < w; x++)
				acc[x] += kt * (a[x] + b[x]);
		}
	}
}
