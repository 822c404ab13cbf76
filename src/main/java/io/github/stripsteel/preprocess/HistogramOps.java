package io.github.stripsteel.preprocess;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** Global histogram operations of OpenCV: equalizeHist, Otsu threshold, min-max normalisation. */
public final class HistogramOps {

	/** FLT_EPSILON of C. */
	private static final double FLT_EPSILON = Math.ulp(1f);

	/** Eight pixels at a time: a {@code byte[]} read and written as little-endian longs. */
	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
		ByteOrder.LITTLE_ENDIAN);

	/** The high bit of every byte of a long. */
	private static final long HIGH = 0x8080808080808080L;

	private HistogramOps() {}

	/** Result of {@link #otsu}: the threshold OpenCV returns and {@code src > threshold ? 255 : 0}. */
	public record OtsuResult(int threshold, ArrayImg<UnsignedByteType, ByteArray> binary) {}

	/** 256-bin histogram of an 8-bit array, counted in row bands. */
	public static int[] histogram(final byte[] src, final int w, final int h, final int threads) {
		final int bands = Parallel.bands(h, w, threads);
		final int[][] parts = new int[bands][];
		final int[] next = { 0 };
		Parallel.forBands(h, bands, (y0, y1) -> {
			final int[] hist = (long) (y1 - y0) * w >= PAIR_HISTOGRAM_MIN ? pairHistogram(src, y0 * w, y1 * w)
				: smallHistogram(src, y0 * w, y1 * w);
			synchronized (parts) {
				parts[next[0]++] = hist;
			}
		});
		final int[] hist = parts[0];
		for (int b = 1; b < bands; b++)
			for (int v = 0; v < 256; v++)
				hist[v] += parts[b][v];
		return hist;
	}

	/** OpenCV {@code equalizeHist}. */
	public static ArrayImg<UnsignedByteType, ByteArray> equalizeHist(
		final ArrayImg<UnsignedByteType, ByteArray> in, final int threads)
	{
		return equalizeHist(in, Images.newBytes(in), threads);
	}

	/** As {@link #equalizeHist(ArrayImg, int)}, written into {@code out} (same size), which is returned. */
	public static ArrayImg<UnsignedByteType, ByteArray> equalizeHist(
		final ArrayImg<UnsignedByteType, ByteArray> in, final ArrayImg<UnsignedByteType, ByteArray> out,
		final int threads)
	{
		final byte[] dst = Images.outputBytes(out, in, "equalize");
		final int w = Images.width(in), h = Images.height(in);
		final byte[] src = Images.bytes(in);
		final int[] hist = histogram(src, w, h, threads);
		final int total = w * h;
		int i = 0;
		while (hist[i] == 0)
			i++;
		final byte[] lut = new byte[256];
		if (hist[i] == total) {
			Arrays.fill(lut, (byte) i);
		}
		else {
			final float scale = 255f / (total - hist[i]);
			int sum = 0;
			lut[i++] = 0;
			for (; i < 256; i++) {
				sum += hist[i];
				lut[i] = (byte) saturate((float) sum * scale);
			}
		}
		applyLut(src, dst, w, h, lut, threads);
		return out;
	}

	/** OpenCV's {@code THRESH_OTSU} level of an 8-bit image (0 for a constant image). */
	public static int otsuThreshold(final int[] hist, final int total) {
		final double scale = 1.0 / total;
		double mu = 0;
		for (int i = 0; i < 256; i++)
			mu += i * (double) hist[i];
		mu *= scale;
		double mu1 = 0, q1 = 0, maxSigma = 0;
		int maxVal = 0;
		for (int i = 0; i < 256; i++) {
			final double p = hist[i] * scale;
			mu1 *= q1;
			q1 += p;
			final double q2 = 1. - q1;
			if (Math.min(q1, q2) < FLT_EPSILON || Math.max(q1, q2) > 1. - FLT_EPSILON) continue;
			mu1 = (mu1 + i * p) / q1;
			final double mu2 = (mu - q1 * mu1) / q2;
			final double sigma = q1 * q2 * (mu2 - mu1) * (mu2 - mu1);
			if (sigma > maxSigma) {
				maxSigma = sigma;
				maxVal = i;
			}
		}
		return maxVal;
	}

	/** OpenCV {@code threshold(src, 0, 255, THRESH_BINARY | THRESH_OTSU)}. */
	public static OtsuResult otsu(final ArrayImg<UnsignedByteType, ByteArray> in, final int threads) {
		return otsu(in, Images.newBytes(in), threads, Simd.ENABLED);
	}

	/** As {@link #otsu(ArrayImg, int)}, the binary image written into {@code out} (same size). */
	public static OtsuResult otsu(final ArrayImg<UnsignedByteType, ByteArray> in,
		final ArrayImg<UnsignedByteType, ByteArray> out, final int threads)
	{
		return otsu(in, out, threads, Simd.ENABLED);
	}

	/** As {@link #otsu(ArrayImg, int)}; {@code simd} selects the threshold pass of {@link VectorKernels}. */
	static OtsuResult otsu(final ArrayImg<UnsignedByteType, ByteArray> in, final int threads, final boolean simd) {
		return otsu(in, Images.newBytes(in), threads, simd);
	}

	private static OtsuResult otsu(final ArrayImg<UnsignedByteType, ByteArray> in,
		final ArrayImg<UnsignedByteType, ByteArray> out, final int threads, final boolean simd)
	{
		final int w = Images.width(in), h = Images.height(in);
		final byte[] src = Images.bytes(in);
		final byte[] dst = Images.outputBytes(out, in, "otsu");
		final int t = otsuThreshold(histogram(src, w, h, threads), w * h);
		final long tt = 0x0101010101010101L * t;
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			int i = y0 * w;
			final int end = y1 * w;
			if (simd) {
				VectorKernels.threshold(src, dst, i, end, t);
				return;
			}
			// eight pixels per step (SWAR): bytes where t < v become 0xff
			for (; i + 8 <= end; i += 8)
				LONGS.set(dst, i, byteMask(lessThan(tt, (long) LONGS.get(src, i))));
			// branch-free: t - v < 0 exactly when v > t, and >> 31 turns that into all ones (255)
			for (; i < end; i++)
				dst[i] = (byte) ((t - (src[i] & 0xff)) >> 31);
		});
		return new OtsuResult(t, out);
	}

	/**
	 * OpenCV {@code normalize(src, None, 0, 1, NORM_MINMAX, CV_32F)}: {@code x*scale + shift} in
	 * float with {@code scale = (float)(1/(max-min))}, {@code shift = -(float)(min*scale)}; a
	 * constant image gives 0.
	 */
	public static ArrayImg<FloatType, FloatArray> normalizeMinMax(final ArrayImg<UnsignedByteType, ByteArray> in,
		final int threads)
	{
		return normalizeMinMax(in, Images.newFloats(in), threads, Simd.ENABLED);
	}

	/**
	 * As {@link #normalizeMinMax(ArrayImg, int)}, written into {@code out} (same size as {@code in}),
	 * which is returned: a caller that normalises many images of one size reuses one output instead
	 * of allocating (and having the JVM zero) a new float image each time.
	 */
	public static ArrayImg<FloatType, FloatArray> normalizeMinMax(final ArrayImg<UnsignedByteType, ByteArray> in,
		final ArrayImg<FloatType, FloatArray> out, final int threads)
	{
		return normalizeMinMax(in, out, threads, Simd.ENABLED);
	}

	/** As {@link #normalizeMinMax(ArrayImg, int)}; {@code simd} selects the loops of {@link VectorKernels}. */
	static ArrayImg<FloatType, FloatArray> normalizeMinMax(final ArrayImg<UnsignedByteType, ByteArray> in,
		final int threads, final boolean simd)
	{
		return normalizeMinMax(in, Images.newFloats(in), threads, simd);
	}

	private static ArrayImg<FloatType, FloatArray> normalizeMinMax(final ArrayImg<UnsignedByteType, ByteArray> in,
		final ArrayImg<FloatType, FloatArray> out, final int threads, final boolean simd)
	{
		final int w = Images.width(in), h = Images.height(in);
		final float[] dst = Images.outputFloats(out, in, "normalize");
		final byte[] src = Images.bytes(in);
		final int[] mm = minMax(src, w, h, threads, simd);
		final int min = mm[0], max = mm[1];
		final double scaleD = max - min > 0 ? 1.0 / (max - min) : 0;
		final float scale = (float) scaleD;
		final float shift = 0f - (float) (min * (double) scale);
		final float[] lut = new float[256];
		for (int v = 0; v < 256; v++)
			lut[v] = v * scale + shift;
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			if (simd) {
				VectorKernels.toFloat(src, dst, y0 * w, y1 * w, scale, shift);
				return;
			}
			for (int i = y0 * w, end = y1 * w; i < end; i++)
				dst[i] = lut[src[i] & 0xff];
		});
		return out;
	}

	/** Bands of at least this many pixels use {@link #pairHistogram}. */
	private static final int PAIR_HISTOGRAM_MIN = 1 << 18;

	/** Four interleaved sub-histograms (they break the store-to-load dependency on runs of equal values). */
	private static int[] smallHistogram(final byte[] src, final int from, final int to) {
		final int[] hist = new int[256];
		final int[] h1 = new int[256], h2 = new int[256], h3 = new int[256];
		int i = from;
		for (; i + 3 < to; i += 4) {
			hist[src[i] & 0xff]++;
			h1[src[i + 1] & 0xff]++;
			h2[src[i + 2] & 0xff]++;
			h3[src[i + 3] & 0xff]++;
		}
		for (; i < to; i++)
			hist[src[i] & 0xff]++;
		for (int v = 0; v < 256; v++)
			hist[v] += h1[v] + h2[v] + h3[v];
		return hist;
	}

	/**
	 * Histogram of pixel pairs (65536 bins, one increment per two pixels, eight pixels read per
	 * load), folded to 256 bins at the end: measured about 1.5x faster than {@link #smallHistogram}
	 * on large images.
	 */
	private static int[] pairHistogram(final byte[] src, final int from, final int to) {
		final int[] pairs = new int[65536];
		final int[] hist = new int[256];
		int i = from;
		for (; i + 8 <= to; i += 8) {
			final long v = (long) LONGS.get(src, i);
			pairs[(int) v & 0xffff]++;
			pairs[(int) (v >>> 16) & 0xffff]++;
			pairs[(int) (v >>> 32) & 0xffff]++;
			pairs[(int) (v >>> 48)]++;
		}
		for (; i < to; i++)
			hist[src[i] & 0xff]++;
		for (int p = 0; p < 65536; p++) {
			final int c = pairs[p];
			hist[p & 0xff] += c;
			hist[p >>> 8] += c;
		}
		return hist;
	}

	/**
	 * {@code {min, max}} of an 8-bit array: marks the values present (one independent store per pixel,
	 * measured faster than a histogram, branchy or SWAR min/max), in row bands.
	 */
	static int[] minMax(final byte[] src, final int w, final int h, final int threads) {
		return minMax(src, w, h, threads, Simd.ENABLED);
	}

	/** As {@link #minMax(byte[], int, int, int)}; {@code simd} selects lanewise min/max of {@link VectorKernels}. */
	static int[] minMax(final byte[] src, final int w, final int h, final int threads, final boolean simd) {
		final int bands = Parallel.bands(h, w, threads);
		final byte[] seen = new byte[256];
		Parallel.forBands(h, bands, (y0, y1) -> {
			final byte[] mark = new byte[256];
			int i = y0 * w;
			final int end = y1 * w;
			if (simd) {
				final int[] mm = VectorKernels.minMax(src, i, end);
				mark[mm[0]] = 1;
				mark[mm[1]] = 1;
				i = end;
			}
			if (end - i >= PAIR_HISTOGRAM_MIN) {
				// pairs of pixels: one store per two pixels, eight pixels per load
				final byte[] pairs = new byte[65536];
				for (; i + 8 <= end; i += 8) {
					final long v = (long) LONGS.get(src, i);
					pairs[(int) v & 0xffff] = 1;
					pairs[(int) (v >>> 16) & 0xffff] = 1;
					pairs[(int) (v >>> 32) & 0xffff] = 1;
					pairs[(int) (v >>> 48)] = 1;
				}
				for (int p = 0; p < 65536; p++) {
					if (pairs[p] != 0) {
						mark[p & 0xff] = 1;
						mark[p >>> 8] = 1;
					}
				}
			}
			for (; i < end; i++)
				mark[src[i] & 0xff] = 1;
			synchronized (seen) {
				for (int v = 0; v < 256; v++)
					seen[v] |= mark[v];
			}
		});
		int min = 0, max = 255;
		while (seen[min] == 0)
			min++;
		while (seen[max] == 0)
			max--;
		return new int[] { min, max };
	}

	/**
	 * For each of the eight unsigned bytes of {@code a} and {@code b}: the byte's high bit is set
	 * exactly when {@code a < b} (other bits 0). {@code d} holds {@code 128 + (a & 127) - (b & 127)}
	 * per byte (no borrow crosses bytes); its high bit says whether the low seven bits of {@code a}
	 * are {@code >=} those of {@code b}.
	 */
	static long lessThan(final long a, final long b) {
		final long d = (a | HIGH) - (b & ~HIGH);
		return ((~a & b) | (~(a ^ b) & ~d)) & HIGH;
	}

	/** A {@link #lessThan} result widened to 0xff / 0x00 bytes. */
	static long byteMask(final long lt) {
		return (lt >>> 7) * 0xff;
	}

	// -- Helper methods --

	/** {@code saturate_cast<uchar>(float)}: round half to even, clip to [0, 255]. */
	static int saturate(final float v) {
		final double r = Math.rint(v);
		return r <= 0 ? 0 : r >= 255 ? 255 : (int) r;
	}

	static void applyLut(final byte[] src, final byte[] dst, final int w, final int h, final byte[] lut,
		final int threads)
	{
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			for (int i = y0 * w, end = y1 * w; i < end; i++)
				dst[i] = lut[src[i] & 0xff];
		});
	}
}
