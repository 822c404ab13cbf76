package io.github.stripsteel.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * The one conversion of any image to the single 8-bit grey channel the classifier and the
 * preprocessing take; the file decoder, the {@code preprocess} command's reader and the ImageJ
 * bridge all use it, so the same pixels give the same grey whatever the container
 * (docs/INPUT.md):
 * <ul>
 * <li>palette (indexed) images, including 1-, 2- and 4-bit ones: the grey of each palette colour,
 * by the RGB rule below (a grey palette maps to its own values; 1-bit black/white gives
 * 0/255);</li>
 * <li>RGB and RGBA with 8 bits per channel: OpenCV's fixed-point {@code COLOR_BGR2GRAY},
 * {@code Y = (R*4899 + G*9617 + B*1868 + 8192) >> 14}; alpha and colour profiles are ignored, as
 * OpenCV does. Packed RGB with fewer than 8 bits per channel (e.g. 5-6-5 BMP) is first expanded to
 * 8 bits per channel;</li>
 * <li>8-bit grey: unchanged;</li>
 * <li>grey with fewer than 8 bits (not palette): {@code rint(v * 255 / (2^bits - 1))};</li>
 * <li>16-bit grey, and the luma of 16-bit RGB: {@link #from16Bit}: {@code rint(v / 257)} (the
 * 16-bit range onto 0..255, as OpenCV's and scikit-image's conversions do; an 8-bit image saved
 * as 16 bits with values x 257 gets its own values back), unless every value is below
 * {@link #NARROW_LIMIT} (data of at most 12 bits in a 16-bit container, which would come out
 * nearly black): then the min-max stretch;</li>
 * <li>32-bit integer grey, float grey and float RGB (luma with the same weights): min-max
 * stretch {@code rint((v - min) * 255 / (max - min))}, a constant image giving 0; NaN or
 * infinite values are refused.</li>
 * </ul>
 */
public final class GrayConversion {

	/**
	 * 16-bit images whose values all stay below this (2<sup>12</sup>) are stretched min-max
	 * instead of divided by 257.
	 */
	public static final int NARROW_LIMIT = 4096;

	private static final int R_WEIGHT = 4899;
	private static final int G_WEIGHT = 9617;
	private static final int B_WEIGHT = 1868;
	private static final int SHIFT = 14;
	private static final int HALF = 1 << (SHIFT - 1);

	private GrayConversion() {}

	/** OpenCV's fixed-point BGR2GRAY of one 8-bit RGB pixel. */
	public static int luma(final int r, final int g, final int b) {
		return (r * R_WEIGHT + g * G_WEIGHT + b * B_WEIGHT + HALF) >> SHIFT;
	}

	/** The grey of every possible index of a palette (an index beyond a short palette is black). */
	public static int[] paletteGray(final IndexColorModel icm) {
		final int[] lut = new int[1 << icm.getPixelSize()];
		for (int i = 0; i < Math.min(icm.getMapSize(), lut.length); i++)
			lut[i] = luma(icm.getRed(i), icm.getGreen(i), icm.getBlue(i));
		return lut;
	}

	/**
	 * 16-bit values (0..65535) to 8 bits: {@code rint(v / 257)}, or the min-max stretch when all
	 * are below {@link #NARROW_LIMIT}.
	 */
	public static byte[] from16Bit(final double[] v, final byte[] out) {
		double max = 0;
		for (final double d : v)
			max = Math.max(max, d);
		if (max < NARROW_LIMIT) return stretch(v, out);
		for (int i = 0; i < v.length; i++)
			out[i] = (byte) Math.rint(v[i] / 257);
		return out;
	}

	/**
	 * Linear min-max stretch to 0..255 with rint; a constant image gives 0.
	 *
	 * @throws IllegalArgumentException when a value is NaN or infinite
	 */
	public static byte[] stretch(final double[] v, final byte[] out) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (final double d : v) {
			if (!Double.isFinite(d)) throw new IllegalArgumentException(
				"image contains NaN or infinite values; replace them (e.g. with 0) and re-save it");
			if (d < min) min = d;
			if (d > max) max = d;
		}
		final double range = max - min;
		if (range == 0) return out;
		for (int i = 0; i < v.length; i++)
			out[i] = (byte) Math.rint((v[i] - min) * 255.0 / range);
		return out;
	}

	/**
	 * The grey pixels of a decoded image, row by row.
	 *
	 * @throws IllegalArgumentException for a pixel layout it does not convert, or NaN/infinite
	 *           values, with the fix
	 */
	public static byte[] toGray(final BufferedImage image) {
		final ColorModel cm = image.getColorModel();
		final Raster raster = image.getRaster();
		final int w = image.getWidth();
		final int h = image.getHeight();
		final byte[] out = new byte[w * h];

		if (cm instanceof IndexColorModel icm) {
			final int[] lut = paletteGray(icm);
			final int[] row = new int[w];
			for (int y = 0; y < h; y++) {
				raster.getSamples(0, y, w, 1, 0, row);
				for (int x = 0; x < w; x++)
					out[y * w + x] = (byte) lut[row[x] & (lut.length - 1)];
			}
			return out;
		}

		final int colours = cm.getNumColorComponents();
		final int spaceType = cm.getColorSpace().getType();
		final int dataType = raster.getDataBuffer().getDataType();
		final boolean floating = dataType == DataBuffer.TYPE_FLOAT ||
			dataType == DataBuffer.TYPE_DOUBLE;
		final int bits = cm.getComponentSize(0);

		if (colours == 1 && spaceType == ColorSpace.TYPE_GRAY) {
			if (!floating && bits == 8) {
				final int[] row = new int[w];
				for (int y = 0; y < h; y++) {
					raster.getSamples(0, y, w, 1, 0, row);
					for (int x = 0; x < w; x++)
						out[y * w + x] = (byte) row[x];
				}
				return out;
			}
			if (!floating && bits < 8) {
				final int max = (1 << bits) - 1;
				final int[] v = new int[w * h];
				raster.getSamples(0, 0, w, h, 0, v);
				for (int i = 0; i < v.length; i++)
					out[i] = (byte) Math.rint(v[i] * 255.0 / max);
				return out;
			}
			final double[] v = new double[w * h];
			raster.getSamples(0, 0, w, h, 0, v);
			return !floating && bits == 16 ? from16Bit(v, out) : stretch(v, out);
		}

		if (colours == 3 && spaceType == ColorSpace.TYPE_RGB && !floating &&
			allComponentBits(cm, 8))
		{
			final int[] r = new int[w];
			final int[] g = new int[w];
			final int[] b = new int[w];
			for (int y = 0; y < h; y++) {
				raster.getSamples(0, y, w, 1, 0, r);
				raster.getSamples(0, y, w, 1, 1, g);
				raster.getSamples(0, y, w, 1, 2, b);
				for (int x = 0; x < w; x++)
					out[y * w + x] = (byte) luma(r[x], g[x], b[x]);
			}
			return out;
		}

		if (colours == 3 && spaceType == ColorSpace.TYPE_RGB && (floating || bits > 8)) {
			final double[] r = new double[w * h];
			final double[] g = new double[w * h];
			final double[] b = new double[w * h];
			raster.getSamples(0, 0, w, h, 0, r);
			raster.getSamples(0, 0, w, h, 1, g);
			raster.getSamples(0, 0, w, h, 2, b);
			final double[] y = new double[w * h];
			for (int i = 0; i < y.length; i++)
				y[i] = floating ? (r[i] * R_WEIGHT + g[i] * G_WEIGHT + b[i] * B_WEIGHT) / (1 << SHIFT)
					: (((long) r[i] * R_WEIGHT + (long) g[i] * G_WEIGHT + (long) b[i] * B_WEIGHT +
						HALF) >> SHIFT);
			return !floating && allComponentBits(cm, 16) ? from16Bit(y, out) : stretch(y, out);
		}

		// Anything else with at most 8 bits a channel (packed 5-6-5, other colour spaces): let the
		// colour model convert to 8-bit sRGB, then apply the RGB rule.
		if (!floating && bits <= 8) {
			final int[] argb = new int[w];
			for (int y = 0; y < h; y++) {
				image.getRGB(0, y, w, 1, argb, 0, w);
				for (int x = 0; x < w; x++) {
					final int p = argb[x];
					out[y * w + x] = (byte) luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
				}
			}
			return out;
		}
		throw new IllegalArgumentException("unsupported pixel layout (" + colours +
			" colour channels, " + bits + " bits, colour space type " + spaceType +
			"); re-save it as 8-bit grey or RGB");
	}

	// -- Helper methods --

	private static boolean allComponentBits(final ColorModel cm, final int bits) {
		for (int c = 0; c < cm.getNumColorComponents(); c++)
			if (cm.getComponentSize(c) != bits) return false;
		return true;
	}
}
