package io.github.stripsteel.preprocess;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * OpenCV {@code createCLAHE(clipLimit, (tilesX, tilesY)).apply(src)} for 8-bit images.
 * <p>
 * When the width or the height is not a multiple of the grid, OpenCV pads the image used for the
 * tile histograms at the bottom and right with {@code BORDER_REFLECT_101} by
 * {@code tilesX - w % tilesX} columns and {@code tilesY - h % tilesY} rows: note that a side that
 * <em>is</em> divisible then still gets a whole extra tile of padding. This class does the same
 * (through index tables, without copying the image).
 */
public final class Clahe {

	private Clahe() {}

	public static ArrayImg<UnsignedByteType, ByteArray> apply(final ArrayImg<UnsignedByteType, ByteArray> in,
		final double clipLimit, final int tilesX, final int tilesY, final int threads)
	{
		return apply(in, Images.newBytes(in), clipLimit, tilesX, tilesY, threads);
	}

	/** As {@link #apply(ArrayImg, double, int, int, int)}, written into {@code out} (same size), which is returned. */
	public static ArrayImg<UnsignedByteType, ByteArray> apply(final ArrayImg<UnsignedByteType, ByteArray> in,
		final ArrayImg<UnsignedByteType, ByteArray> out, final double clipLimit, final int tilesX, final int tilesY,
		final int threads)
	{
		apply(Images.bytes(in), Images.outputBytes(out, in, "clahe"), Images.width(in), Images.height(in), clipLimit,
			tilesX, tilesY, threads);
		return out;
	}

	/** Array version; {@code src != dst}. */
	public static void apply(final byte[] src, final byte[] dst, final int w, final int h, final double clipLimit,
		final int tilesX, final int tilesY, final int threads)
	{
		if (tilesX < 1 || tilesY < 1) throw new IllegalArgumentException("clahe: tiles must be >= 1, got " + tilesX +
			"x" + tilesY);
		if (!(clipLimit >= 0) || Double.isInfinite(clipLimit)) throw new IllegalArgumentException(
			"clahe: clip must be a finite number >= 0, got " + clipLimit);
		final boolean divisible = w % tilesX == 0 && h % tilesY == 0;
		final int pw = divisible ? w : w + tilesX - w % tilesX;
		final int ph = divisible ? h : h + tilesY - h % tilesY;
		final int tw = pw / tilesX, th = ph / tilesY;
		final int area = tw * th;
		final int limit = clipLimit > 0 ? Math.max((int) (clipLimit * area / 256), 1) : 0;
		final float lutScale = 255f / area;
		final int[] xTable = BorderMode.REFLECT_101.table(w, 0, pw - w);
		final int[] yTable = BorderMode.REFLECT_101.table(h, 0, ph - h);
		final float[] luts = new float[tilesX * tilesY * 256];

		// tile LUTs, one band = one row of tiles
		Parallel.forBands(tilesY, Math.min(threads, tilesY), (t0, t1) -> {
			final int[] hist = new int[256];
			for (int ty = t0; ty < t1; ty++) {
				for (int tx = 0; tx < tilesX; tx++) {
					Arrays.fill(hist, 0);
					final int xs = tx * tw, xe = (tx + 1) * tw, xd = Math.min(xe, w);
					for (int y = ty * th; y < (ty + 1) * th; y++) {
						final int off = yTable[y] * w;
						for (int x = xs; x < xd; x++)
							hist[src[off + x] & 0xff]++;
						for (int x = Math.max(xs, xd); x < xe; x++) // padding columns (REFLECT_101)
							hist[src[off + xTable[x]] & 0xff]++;
					}
					if (limit > 0) {
						int clipped = 0;
						for (int i = 0; i < 256; i++) {
							if (hist[i] > limit) {
								clipped += hist[i] - limit;
								hist[i] = limit;
							}
						}
						final int batch = clipped / 256;
						int residual = clipped - batch * 256;
						for (int i = 0; i < 256; i++)
							hist[i] += batch;
						if (residual != 0) {
							final int step = Math.max(256 / residual, 1);
							for (int i = 0; i < 256 && residual > 0; i += step, residual--)
								hist[i]++;
						}
					}
					final int base = (ty * tilesX + tx) * 256;
					int sum = 0;
					for (int i = 0; i < 256; i++) {
						sum += hist[i];
						luts[base + i] = HistogramOps.saturate((float) sum * lutScale);
					}
				}
			}
		});

		// bilinear interpolation between the LUTs of the four nearest tile centres (float32)
		final float invTw = 1.0f / tw, invTh = 1.0f / th;
		final int[] ind1 = new int[w], ind2 = new int[w];
		final float[] xa = new float[w], xa1 = new float[w];
		for (int x = 0; x < w; x++) {
			final float txf = x * invTw - 0.5f;
			int tx1 = (int) Math.floor(txf);
			final int tx2 = Math.min(tx1 + 1, tilesX - 1);
			xa[x] = txf - tx1;
			xa1[x] = 1.0f - xa[x];
			tx1 = Math.max(tx1, 0);
			ind1[x] = tx1 * 256;
			ind2[x] = tx2 * 256;
		}
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				final float tyf = y * invTh - 0.5f;
				int ty1 = (int) Math.floor(tyf);
				final int ty2 = Math.min(ty1 + 1, tilesY - 1);
				final float ya = tyf - ty1, ya1 = 1.0f - ya;
				ty1 = Math.max(ty1, 0);
				final int p1 = ty1 * tilesX * 256, p2 = ty2 * tilesX * 256;
				final int off = y * w;
				for (int x = 0; x < w; x++) {
					final int v = src[off + x] & 0xff;
					final int i1 = ind1[x] + v, i2 = ind2[x] + v;
					final float res = (luts[p1 + i1] * xa1[x] + luts[p1 + i2] * xa[x]) * ya1 + (luts[p2 + i1] * xa1[x] +
						luts[p2 + i2] * xa[x]) * ya;
					// a convex combination of values in [0, 255]: rint needs no clipping
					dst[off + x] = (byte) (int) Math.rint(res);
				}
			}
		});
	}
}
