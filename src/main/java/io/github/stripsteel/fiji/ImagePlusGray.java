package io.github.stripsteel.fiji;

import java.awt.image.IndexColorModel;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.stripsteel.image.GrayConversion;
import io.github.stripsteel.image.ImageDecoder;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Turns the current plane of an {@link ImagePlus} into the one 8-bit grey channel the classifier
 * takes, with the file decoder's {@link GrayConversion} (docs/INPUT.md): 8-bit grey as is, 8-bit
 * with a colour LUT and RGB by OpenCV's fixed-point {@code BGR2GRAY} luma, 16-bit by
 * {@link GrayConversion#from16Bit} (v / 257, or a min-max stretch of data below 12 bits), 32-bit by
 * a min-max stretch of the raw values. Display range, LUT inversion and calibration are ignored, so an
 * image opened in ImageJ classifies like the same file given to the CLI.
 */
public final class ImagePlusGray {

	private ImagePlusGray() {}

	/**
	 * The grey version of the current slice (for hyperstacks: current channel, z and t).
	 *
	 * @throws IllegalArgumentException with a one-line message naming the image and the fix
	 */
	public static ArrayImg<UnsignedByteType, ByteArray> of(final ImagePlus imp) {
		final ImageProcessor ip = imp.getProcessor();
		final int w = ip.getWidth(), h = ip.getHeight();
		if (w < ImageDecoder.MIN_SIDE || h < ImageDecoder.MIN_SIDE) throw new IllegalArgumentException(
			imp.getTitle() + ": " + w + "x" + h + " pixels is too small to classify (at least " +
				ImageDecoder.MIN_SIDE + "x" + ImageDecoder.MIN_SIDE + ")");
		final byte[] out = new byte[w * h];
		if (ip instanceof ByteProcessor) {
			final byte[] px = (byte[]) ip.getPixels();
			if (imp.getType() == ImagePlus.COLOR_256 && ip.getColorModel() instanceof IndexColorModel icm)
			{
				final int[] lut = GrayConversion.paletteGray(icm);
				for (int i = 0; i < out.length; i++)
					out[i] = (byte) lut[px[i] & (lut.length - 1)];
			}
			else System.arraycopy(px, 0, out, 0, out.length);
		}
		else if (ip instanceof ColorProcessor) {
			final int[] px = (int[]) ip.getPixels();
			for (int i = 0; i < out.length; i++)
				out[i] = (byte) GrayConversion.luma((px[i] >> 16) & 0xff, (px[i] >> 8) & 0xff, px[i] &
					0xff);
		}
		else if (ip instanceof ShortProcessor) {
			final short[] px = (short[]) ip.getPixels();
			final double[] v = new double[px.length];
			for (int i = 0; i < v.length; i++)
				v[i] = px[i] & 0xffff;
			GrayConversion.from16Bit(v, out);
		}
		else if (ip instanceof FloatProcessor) {
			final float[] px = (float[]) ip.getPixels();
			final double[] v = new double[px.length];
			for (int i = 0; i < v.length; i++)
				v[i] = px[i];
			stretch(imp, v, out);
		}
		else throw new IllegalArgumentException(imp.getTitle() + ": unsupported image type " + ip
			.getClass().getSimpleName() + "; convert it to 8-bit (Image > Type > 8-bit)");
		return ArrayImgs.unsignedBytes(out, w, h);
	}

	// -- Helper methods --

	private static void stretch(final ImagePlus imp, final double[] v, final byte[] out) {
		for (final double x : v)
			if (!Double.isFinite(x)) throw new IllegalArgumentException(imp.getTitle() +
				": image contains NaN or infinite values; replace them (e.g. Process > Math > NaN " +
				"Background or Set...) and try again");
		GrayConversion.stretch(v, out);
	}
}
