package io.github.stripsteel.preprocess;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** Helpers between 2D {@link ArrayImg}s and their row-major backing arrays (x = dimension 0). */
public final class Images {

	private Images() {}

	/** A new zero 8-bit image of the size of {@code like}. */
	public static ArrayImg<UnsignedByteType, ByteArray> newBytes(final ArrayImg<?, ?> like) {
		return wrap(new byte[width(like) * height(like)], width(like), height(like));
	}

	/** A new zero float image of the size of {@code like}. */
	public static ArrayImg<FloatType, FloatArray> newFloats(final ArrayImg<?, ?> like) {
		return wrap(new float[width(like) * height(like)], width(like), height(like));
	}

	/**
	 * The backing array of {@code out}, an output of {@code op} for input {@code in}: same size, not
	 * the input itself (the operations read pixels after writing others).
	 */
	public static byte[] outputBytes(final ArrayImg<UnsignedByteType, ByteArray> out, final ArrayImg<?, ?> in,
		final String op)
	{
		checkOutput(out, in, op);
		return bytes(out);
	}

	/** As {@link #outputBytes}, for a float output. */
	public static float[] outputFloats(final ArrayImg<FloatType, FloatArray> out, final ArrayImg<?, ?> in,
		final String op)
	{
		checkOutput(out, in, op);
		return floats(out);
	}

	/** The backing array of an 8-bit image (no copy). */
	public static byte[] bytes(final ArrayImg<UnsignedByteType, ByteArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	/** The backing array of a float image (no copy). */
	public static float[] floats(final ArrayImg<FloatType, FloatArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	public static int width(final ArrayImg<?, ?> img) {
		check2d(img);
		return (int) img.dimension(0);
	}

	public static int height(final ArrayImg<?, ?> img) {
		check2d(img);
		return (int) img.dimension(1);
	}

	/** Wraps a row-major array as a {@code width x height} 8-bit image (no copy). */
	public static ArrayImg<UnsignedByteType, ByteArray> wrap(final byte[] data, final int width, final int height) {
		if (data.length != (long) width * height) throw new IllegalArgumentException("array length " + data.length +
			" != " + width + "x" + height);
		return ArrayImgs.unsignedBytes(data, width, height);
	}

	/** Wraps a row-major array as a {@code width x height} float image (no copy). */
	public static ArrayImg<FloatType, FloatArray> wrap(final float[] data, final int width, final int height) {
		if (data.length != (long) width * height) throw new IllegalArgumentException("array length " + data.length +
			" != " + width + "x" + height);
		return ArrayImgs.floats(data, width, height);
	}

	// -- Helper methods --

	private static void checkOutput(final ArrayImg<?, ?> out, final ArrayImg<?, ?> in, final String op) {
		if (width(out) != width(in) || height(out) != height(in)) throw new IllegalArgumentException(op +
			": output is " + width(out) + "x" + height(out) + ", input " + width(in) + "x" + height(in));
		if (out == in) throw new IllegalArgumentException(op + ": output must not be the input image");
	}

	private static void check2d(final ArrayImg<?, ?> img) {
		if (img.numDimensions() != 2) throw new IllegalArgumentException("expected a 2D image, got " + img
			.numDimensions() + "D");
		if (img.dimension(0) < 1 || img.dimension(1) < 1) throw new IllegalArgumentException("empty image");
	}
}
