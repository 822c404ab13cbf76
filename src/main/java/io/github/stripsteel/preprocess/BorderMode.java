package io.github.stripsteel.preprocess;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.Type;
import net.imglib2.view.ExtendedRandomAccessibleInterval;
import net.imglib2.view.Views;
import net.imglib2.outofbounds.OutOfBoundsFactory;

/**
 * OpenCV border modes and their ImgLib2 equivalents.
 * <table>
 * <caption>Mapping</caption>
 * <tr><th>OpenCV</th><th>pattern</th><th>ImgLib2</th></tr>
 * <tr><td>BORDER_REFLECT_101</td><td>{@code gfedcb|abcdefgh|gfedcba}</td><td>{@link Views#extendMirrorSingle}</td></tr>
 * <tr><td>BORDER_REFLECT</td><td>{@code fedcba|abcdefgh|hgfedcb}</td><td>{@link Views#extendMirrorDouble}</td></tr>
 * <tr><td>BORDER_REPLICATE</td><td>{@code aaaaaa|abcdefgh|hhhhhhh}</td><td>{@link Views#extendBorder}</td></tr>
 * </table>
 * The operations of this package work on the backing arrays for speed and use {@link #index} (the
 * arithmetic of OpenCV's {@code borderInterpolate}, identical to the ImgLib2 views above) to
 * build their padded index tables.
 */
public enum BorderMode {

	/** OpenCV {@code BORDER_REFLECT_101} (default of GaussianBlur, Sobel, CLAHE padding). */
	REFLECT_101,
	/** OpenCV {@code BORDER_REFLECT}. */
	REFLECT,
	/** OpenCV {@code BORDER_REPLICATE} (medianBlur; the Sobel inside Canny). */
	REPLICATE;

	/**
	 * Maps a coordinate that may lie outside {@code [0, len)} to the source coordinate OpenCV reads
	 * (repeated reflection when the border is wider than the image).
	 */
	public int index(int p, final int len) {
		if (p >= 0 && p < len) return p;
		if (this == REPLICATE) return p < 0 ? 0 : len - 1;
		if (len == 1) return 0;
		final int delta = this == REFLECT_101 ? 1 : 0;
		do {
			if (p < 0) p = -p - 1 + delta;
			else p = len - 1 - (p - len) - delta;
		}
		while (p < 0 || p >= len);
		return p;
	}

	/** Index table {@code t[i] = index(i - before, len)} for {@code i < before + len + after}. */
	public int[] table(final int len, final int before, final int after) {
		final int[] t = new int[before + len + after];
		for (int i = 0; i < t.length; i++)
			t[i] = index(i - before, len);
		return t;
	}

	/** The ImgLib2 view with the same out-of-bounds values as this mode. */
	public <T extends Type<T>, F extends RandomAccessibleInterval<T>> ExtendedRandomAccessibleInterval<T, F>
		extend(final F source)
	{
		switch (this) {
			case REFLECT_101:
				return Views.extendMirrorSingle(source);
			case REFLECT:
				return Views.extendMirrorDouble(source);
			default:
				return Views.extendBorder(source);
		}
	}
}
