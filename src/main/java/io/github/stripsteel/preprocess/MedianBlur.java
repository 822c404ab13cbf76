package io.github.stripsteel.preprocess;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * OpenCV {@code medianBlur(src, ksize)} for 8-bit images: the median of the {@code ksize x ksize}
 * window with {@code BORDER_REPLICATE}. The median is unique, so any exact algorithm is bit-exact;
 * this one slides a 256-bin histogram along each row and tracks the median with a running count
 * (Huang's algorithm, O(ksize) per pixel, any odd ksize). Small kernels (up to
 * {@value #MAX_BITWISE}) use a branch-free bitwise rank search instead: the median is the largest
 * {@code v} with {@code #(window < v) <= k*k/2}, found bit by bit from the top with counts that
 * HotSpot vectorises (all loops index their arrays with the same {@code x}). With the Vector API
 * ({@link Simd}), 3x3 and 5x5 run as sorting networks on byte vectors ({@link SimdMedian}).
 */
public final class MedianBlur {

	/** Largest kernel size of the bitwise rank search. */
	static final int MAX_BITWISE = 5;

	/** Width of the column strips of the bitwise search (keeps the k*k shifted rows in cache). */
	private static final int STRIP = 512;

	private MedianBlur() {}

	public static ArrayImg<UnsignedByteType, ByteArray> blur(final ArrayImg<UnsignedByteType, ByteArray> in,
		final int ksize, final int threads)
	{
		return blur(in, Images.newBytes(in), ksize, threads);
	}

	/** As {@link #blur(ArrayImg, int, int)}, written into {@code out} (same size), which is returned. */
	public static ArrayImg<UnsignedByteType, ByteArray> blur(final ArrayImg<UnsignedByteType, ByteArray> in,
		final ArrayImg<UnsignedByteType, ByteArray> out, final int ksize, final int threads)
	{
		blur(Images.bytes(in), Images.outputBytes(out, in, "median"), Images.width(in), Images.height(in), ksize,
			threads);
		return out;
	}

	/** Array version; {@code src != dst}. */
	public static void blur(final byte[] src, final byte[] dst, final int w, final int h, final int ksize,
		final int threads)
	{
		blur(src, dst, w, h, ksize, threads, Simd.ENABLED);
	}

	/**
	 * As {@link #blur(byte[], byte[], int, int, int, int)}; {@code simd} selects the Vector API
	 * kernels of {@link SimdMedian} for 3x3 and 5x5 (only when {@link Simd#available()}).
	 */
	static void blur(final byte[] src, final byte[] dst, final int w, final int h, final int ksize,
		final int threads, final boolean simd)
	{
		if (ksize < 1 || (ksize & 1) == 0) throw new IllegalArgumentException(
			"median: ksize must be an odd number >= 1, got " + ksize);
		if (ksize == 1) {
			System.arraycopy(src, 0, dst, 0, w * h);
			return;
		}
		if (simd && (ksize == 3 || ksize == 5) && w >= SimdMedian.minWidth()) {
			SimdMedian.blur(src, dst, w, h, ksize, threads);
			return;
		}
		if (ksize <= MAX_BITWISE) {
			bitwise(src, dst, w, h, ksize, threads);
			return;
		}
		final int r = ksize / 2;
		final int rank = ksize * ksize / 2; // number of window values below the median
		final int[] xTable = BorderMode.REPLICATE.table(w, r, r);
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final int[] hist = new int[256];
			final int[] rowOff = new int[ksize];
			for (int y = y0; y < y1; y++) {
				Arrays.fill(hist, 0);
				for (int j = 0; j < ksize; j++)
					rowOff[j] = BorderMode.REPLICATE.index(y - r + j, h) * w;
				for (int i = 0; i < ksize; i++) {
					final int cx = xTable[i];
					for (int j = 0; j < ksize; j++)
						hist[src[rowOff[j] + cx] & 0xff]++;
				}
				int m = 0, below = 0;
				while (below + hist[m] <= rank)
					below += hist[m++];
				final int out = y * w;
				dst[out] = (byte) m;
				for (int x = 1; x < w; x++) {
					final int cOut = xTable[x - 1], cIn = xTable[x + 2 * r];
					if (cOut != cIn) {
						for (int j = 0; j < ksize; j++) {
							final int off = rowOff[j];
							final int vo = src[off + cOut] & 0xff, vi = src[off + cIn] & 0xff;
							hist[vo]--;
							hist[vi]++;
							// branch-free: (v - m) >>> 31 is 1 exactly when v < m
							below += ((vi - m) >>> 31) - ((vo - m) >>> 31);
						}
						while (below > rank)
							below -= hist[--m];
						while (below + hist[m] <= rank)
							below += hist[m++];
					}
					dst[out + x] = (byte) m;
				}
			}
		});
	}

	// -- Helper methods --

	private static void bitwise(final byte[] src, final byte[] dst, final int w, final int h, final int ksize,
		final int threads)
	{
		final int r = ksize / 2, kk = ksize * ksize;
		final int rank = kk / 2;
		final int[] xTable = BorderMode.REPLICATE.table(w, r, r);
		final int groups = (kk + 4) / 5;
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final int sw = Math.min(w, STRIP);
			final int[][] pad = new int[ksize][sw + 2 * r];
			// window element arrays in groups of five; the spare slots hold 255 (never below a candidate)
			final int[][] e = new int[groups * 5][];
			for (int i = 0; i < e.length; i++)
				e[i] = new int[sw];
			for (int i = kk; i < e.length; i++)
				Arrays.fill(e[i], 255);
			final int[] p = new int[sw], c = new int[sw], cnt = new int[sw];
			for (int x0 = 0; x0 < w; x0 += sw) {
				final int n = Math.min(sw, w - x0);
				for (int y = y0; y < y1; y++) {
					for (int j = 0; j < ksize; j++) {
						final int off = BorderMode.REPLICATE.index(y - r + j, h) * w;
						final int[] row = pad[j];
						for (int i = 0; i < n + 2 * r; i++)
							row[i] = src[off + xTable[x0 + i]] & 0xff;
						for (int i = 0; i < ksize; i++)
							System.arraycopy(row, i, e[j * ksize + i], 0, n);
					}
					Arrays.fill(p, 0, n, 0);
					for (int bit = 128; bit > 0; bit >>= 1) {
						for (int x = 0; x < n; x++)
							c[x] = p[x] | bit;
						Arrays.fill(cnt, 0, n, 0);
						for (int g = 0; g < groups; g++)
							count5(cnt, c, e[5 * g], e[5 * g + 1], e[5 * g + 2], e[5 * g + 3], e[5 * g + 4], n);
						// p = c where cnt <= rank: (rank - cnt) >> 31 is 0 there and -1 elsewhere
						for (int x = 0; x < n; x++) {
							final int keep = (rank - cnt[x]) >> 31;
							p[x] = (c[x] & ~keep) | (p[x] & keep);
						}
					}
					final int off = y * w + x0;
					for (int x = 0; x < n; x++)
						dst[off + x] = (byte) p[x];
				}
			}
		});
	}

	/** {@code cnt[x] += #(e_i[x] < c[x])} for five element arrays. */
	private static void count5(final int[] cnt, final int[] c, final int[] e0, final int[] e1, final int[] e2,
		final int[] e3, final int[] e4, final int n)
	{
		for (int x = 0; x < n; x++) {
			final int v = c[x];
			cnt[x] += ((e0[x] - v) >>> 31) + ((e1[x] - v) >>> 31) + ((e2[x] - v) >>> 31) + ((e3[x] - v) >>> 31) +
				((e4[x] - v) >>> 31);
		}
	}
}
