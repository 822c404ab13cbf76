package io.github.stripsteel.preprocess;

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
		final int w = Images.width(in), h = Images.height(in);
		final byte[] src = Images.bytes(in);
		final byte[] dst = new byte[w * h];
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final Rows rows = new Rows(w);
			final int[] gx = new int[w], gy = new int[w];
			for (int y = y0; y < y1; y++) {
				rows.derivatives(src, w, h, y, BorderMode.REFLECT_101, gx, gy);
				final int off = y * w;
				for (int x = 0; x < w; x++) {
					final int s = gx[x] * gx[x] + gy[x] * gy[x];
					dst[off + x] = s < 65281 ? SQRT_LUT[s] : (byte) 255;
				}
			}
		});
		return Images.wrap(dst, w, h);
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

	/** Per-thread buffers for the 3x3 Sobel of one row: three border-padded source rows. */
	static final class Rows {

		private final int[] up, mid, down;
		private int[] xTable;
		private BorderMode tableMode;

		Rows(final int w) {
			up = new int[w + 2];
			mid = new int[w + 2];
			down = new int[w + 2];
		}

		/** Sobel derivatives of row {@code y}: {@code gx[x]}, {@code gy[x]} for {@code x < w}. */
		void derivatives(final byte[] src, final int w, final int h, final int y, final BorderMode border,
			final int[] gx, final int[] gy)
		{
			if (tableMode != border) {
				xTable = border.table(w, 1, 1);
				tableMode = border;
			}
			pad(src, border.index(y - 1, h) * w, up);
			pad(src, y * w, mid);
			pad(src, border.index(y + 1, h) * w, down);
			for (int x = 0; x < w; x++) {
				gx[x] = (up[x + 2] - up[x]) + 2 * (mid[x + 2] - mid[x]) + (down[x + 2] - down[x]);
				gy[x] = (down[x] + 2 * down[x + 1] + down[x + 2]) - (up[x] + 2 * up[x + 1] + up[x + 2]);
			}
		}

		private void pad(final byte[] src, final int off, final int[] row) {
			final int w = row.length - 2;
			row[0] = src[off + xTable[0]] & 0xff;
			for (int x = 0; x < w; x++)
				row[x + 1] = src[off + x] & 0xff;
			row[w + 1] = src[off + xTable[w + 1]] & 0xff;
		}
	}
}
