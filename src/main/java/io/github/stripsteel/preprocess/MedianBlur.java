package io.github.stripsteel.preprocess;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * OpenCV {@code medianBlur(src, ksize)} for 8-bit images: the median of the {@code ksize x ksize}
 * window with {@code BORDER_REPLICATE}. The median is unique, so any exact algorithm is bit-exact;
 * this one slides a 256-bin histogram along each row and tracks the median with a running count
 * (Huang's algorithm, O(ksize) per pixel, any odd ksize).
 */
public final class MedianBlur {

	private MedianBlur() {}

	public static ArrayImg<UnsignedByteType, ByteArray> blur(final ArrayImg<UnsignedByteType, ByteArray> in,
		final int ksize, final int threads)
	{
		final int w = Images.width(in), h = Images.height(in);
		final byte[] dst = new byte[w * h];
		blur(Images.bytes(in), dst, w, h, ksize, threads);
		return Images.wrap(dst, w, h);
	}

	/** Array version; {@code src != dst}. */
	public static void blur(final byte[] src, final byte[] dst, final int w, final int h, final int ksize,
		final int threads)
	{
		if (ksize < 1 || (ksize & 1) == 0) throw new IllegalArgumentException(
			"median: ksize must be an odd number >= 1, got " + ksize);
		if (ksize == 1) {
			System.arraycopy(src, 0, dst, 0, w * h);
			return;
		}
		final int r = ksize / 2;
		final int rank = ksize * ksize / 2; // number of window values below the median
		final int[] xTable = BorderMode.REPLICATE.table(w, r, r);
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final int[] hist = new int[256];
			final int[] rowOff = new int[ksize];
			for (int y = y0; y < y1; y++) {
				java.util.Arrays.fill(hist, 0);
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
}
