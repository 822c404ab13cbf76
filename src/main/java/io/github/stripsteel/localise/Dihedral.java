package io.github.stripsteel.localise;

import io.github.stripsteel.model.TestTimeAugmentation;

/**
 * The eight views of {@link TestTimeAugmentation#DIHEDRAL8}, in its order, on row-major arrays
 * (images and maps; the four views that transpose need a square), and their inverses: a map computed on a view is put back in the
 * original's orientation, so maps of all views can be averaged pixel by pixel.
 */
public final class Dihedral {

	/** Number of views. */
	public static final int VIEWS = 8;

	private Dihedral() {}

	/** The views that keep a {@code w x h} array's shape: all eight when square, else 0, 2, 5, 6. */
	public static int[] views(final int w, final int h) {
		return w == h ? new int[] { 0, 1, 2, 3, 4, 5, 6, 7 } : new int[] { 0, 2, 5, 6 };
	}

	/**
	 * Index in the original ({@code w x h}, row-major) of pixel {@code (x, y)} of view {@code v};
	 * the views that transpose (1, 3, 4, 7) need {@code w == h}.
	 */
	private static int source(final int x, final int y, final int w, final int h, final int v) {
		final int tw = w - 1, th = h - 1;
		return switch (v) {
			case 0 -> y * w + x;
			case 1 -> (tw - x) * w + y; // rotation by 90°: the transpose, flipped left-right
			case 2 -> (th - y) * w + (tw - x); // 180°
			case 3 -> x * w + (th - y); // 270°
			case 4 -> x * w + y; // the transpose
			case 5 -> y * w + (tw - x); // left-right
			case 6 -> (th - y) * w + x; // top-bottom
			case 7 -> (tw - x) * w + (th - y); // the anti-diagonal
			default -> throw new IllegalArgumentException("view must be 0 to 7, got " + v);
		};
	}

	/** View {@code v} of a {@code w x h} array (square for the views that transpose). */
	public static float[] apply(final float[] array, final int w, final int h, final int v) {
		check(array, w, h, v);
		final float[] out = new float[array.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				out[y * w + x] = array[source(x, y, w, h, v)];
		return out;
	}

	/** The inverse of {@link #apply}: an array of view {@code v} in the original's orientation. */
	public static float[] invert(final float[] view, final int w, final int h, final int v) {
		check(view, w, h, v);
		final float[] out = new float[view.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				out[source(x, y, w, h, v)] = view[y * w + x];
		return out;
	}

	private static void check(final float[] a, final int w, final int h, final int v) {
		if (a.length != w * h) throw new IllegalArgumentException("an array of " + a.length +
			" values is not " + w + "x" + h);
		if (w != h && (v == 1 || v == 3 || v == 4 || v == 7)) throw new IllegalArgumentException(
			"view " + v + " transposes, which needs a square array, not " + w + "x" + h);
	}
}
