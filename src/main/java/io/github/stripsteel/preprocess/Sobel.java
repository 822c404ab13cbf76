package io.github.stripsteel.preprocess;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * OpenCV {@code Sobel(src, CV_32F, dx, dy, ksize=3)} (exact integers) and the gradient magnitude
 * {@code rint(magnitude(gx, gy))} clipped to 8 bits. Kernels: x {@code [-1 0 1]} times y
 * {@code [1 2 1]^T}, and transposed.
 */
public final class Sobel {

	/** {@code rint((float) sqrt(s))} for every {@code s < 65281}; larger sums give 255. */
	private static final byte[] SQRT_LUT = new byte[65281];

	static {
		for (int s = 0; s < SQRT_LUT.length; s++)
			SQRT_LUT[s] = (byte) Math.min(255, (int) Math.rint((float) Math.sqrt(s)));
	}

	private Sobel() {}

	/** Horizontal derivative (dx=1, dy=0) as a float image. */
	public static ArrayImg<FloatType, FloatArray> dx(final ArrayImg<UnsignedByteType, ByteArray> in,
		final BorderMode border, final int threads)
	{
		return derivative(in, border, threads, true);
	}

	/** Vertical derivative (dx=0, dy=1) as a float image. */
	public static ArrayImg<FloatType, FloatArray> dy(final ArrayImg<UnsignedByteType, ByteArray> in,
		final BorderMode border, final int threads)
	{
		return derivative(in, border, threads, false);
	}

	/**
	 * {@code rint(sqrt(gx^2 + gy^2))} in float32 clipped to [0, 255], gx, gy the Sobel derivatives with
	 * {@code BORDER_REFLECT_101}.
	 */
	public static ArrayImg<UnsignedByteType, ByteArray> magnitude(final ArrayImg<UnsignedByteType, ByteArray> in,
		final int threads)
	{
		return magnitude(in, Images.newBytes(in), threads);
	}

	/** As {@link #magnitude(ArrayImg, int)}, written into {@code out} (same size), which is returned. */
	public static ArrayImg<UnsignedByteType, ByteArray> magnitude(final ArrayImg<UnsignedByteType, ByteArray> in,
		final ArrayImg<UnsignedByteType, ByteArray> out, final int threads)
	{
		final int w = Images.width(in), h = Images.height(in);
		final byte[] src = Images.bytes(in);
		final byte[] dst = Images.outputBytes(out, in, "sobel-magnitude");
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final Rows rows = new Rows(w);
			final int[] gx = new int[w], gy = new int[w];
			for (int y = y0; y < y1; y++) {
				rows.derivatives(src, w, h, y, BorderMode.REFLECT_101, gx, gy);
				for (int x = 0; x < w; x++)
					gx[x] = Math.min(gx[x] * gx[x] + gy[x] * gy[x], 65280);
				final int off = y * w;
				for (int x = 0; x < w; x++)
					dst[off + x] = SQRT_LUT[gx[x]];
			}
		});
		return out;
	}

	// -- Helper methods --

	private static ArrayImg<FloatType, FloatArray> derivative(final ArrayImg<UnsignedByteType, ByteArray> in,
		final BorderMode border, final int threads, final boolean xDerivative)
	{
		final int w = Images.width(in), h = Images.height(in);
		final byte[] src = Images.bytes(in);
		final float[] dst = new float[w * h];
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final Rows rows = new Rows(w);
			final int[] gx = new int[w], gy = new int[w];
			for (int y = y0; y < y1; y++) {
				rows.derivatives(src, w, h, y, border, gx, gy);
				final int[] g = xDerivative ? gx : gy;
				final int off = y * w;
				for (int x = 0; x < w; x++)
					dst[off + x] = g[x];
			}
		});
		return Images.wrap(dst, w, h);
	}

	/**
	 * Per-thread buffers for the 3x3 Sobel, row by row. For each source row it keeps the horizontal
	 * difference {@code D = p[x+1] - p[x-1]} and smoothing {@code S = p[x-1] + 2p[x] + p[x+1]}, so
	 * that {@code gx = D[y-1] + 2D[y] + D[y+1]} and {@code gy = S[y+1] - S[y-1]}; consecutive rows reuse
	 * two of the three cached source rows. Loops index all arrays with the same {@code x} so that
	 * C2 vectorises them.
	 */
	static final class Rows {

		private final int w;
		private final int[] pad, left, centre, right;
		private final int[][] d = new int[3][], sm = new int[3][];
		private final int[] ids = { -1, -1, -1 };
		private int[] xTable;
		private BorderMode tableMode;

		Rows(final int w) {
			this.w = w;
			pad = new int[w + 2];
			left = new int[w];
			centre = new int[w];
			right = new int[w];
			for (int i = 0; i < 3; i++) {
				d[i] = new int[w];
				sm[i] = new int[w];
			}
		}

		/** Sobel derivatives of row {@code y}: {@code gx[x]}, {@code gy[x]} for {@code x < w}. */
		void derivatives(final byte[] src, final int w, final int h, final int y, final BorderMode border,
			final int[] gx, final int[] gy)
		{
			if (tableMode != border) {
				xTable = border.table(w, 1, 1);
				tableMode = border;
				Arrays.fill(ids, -1);
			}
			final int up = border.index(y - 1, h), down = border.index(y + 1, h);
			final int su = slot(src, up, y, down), sc = slot(src, y, up, down), sd = slot(src, down, up, y);
			final int[] du = d[su], dc = d[sc], dd = d[sd], smu = sm[su], smd = sm[sd];
			for (int x = 0; x < w; x++) {
				gx[x] = du[x] + 2 * dc[x] + dd[x];
				gy[x] = smd[x] - smu[x];
			}
		}

		/** The cache slot holding source row {@code row}, filling one not needed by {@code keep1, keep2}. */
		private int slot(final byte[] src, final int row, final int keep1, final int keep2) {
			for (int i = 0; i < 3; i++)
				if (ids[i] == row) return i;
			int free = 0;
			while (ids[free] == keep1 || ids[free] == keep2)
				free++;
			ids[free] = row;
			final int off = row * w;
			pad[0] = src[off + xTable[0]] & 0xff;
			for (int x = 0; x < w; x++)
				pad[x + 1] = src[off + x] & 0xff;
			pad[w + 1] = src[off + xTable[w + 1]] & 0xff;
			System.arraycopy(pad, 0, left, 0, w);
			System.arraycopy(pad, 1, centre, 0, w);
			System.arraycopy(pad, 2, right, 0, w);
			final int[] dd = d[free], ss = sm[free];
			for (int x = 0; x < w; x++) {
				dd[x] = right[x] - left[x];
				ss[x] = left[x] + 2 * centre[x] + right[x];
			}
			return free;
		}
	}
}
