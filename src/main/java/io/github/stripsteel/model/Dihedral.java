package io.github.stripsteel.model;

import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;

/**
 * The eight symmetries of a square (the dihedral group D4) as views of an image: one home for
 * their definition and order, on {@code (N, C, H, W)} batches for the network's test-time
 * augmentation ({@link TestTimeAugmentation#views}) and on row-major arrays, with inverses, for
 * class activation maps (a map computed on a view is put back in the original's orientation, so
 * maps of all views can be averaged pixel by pixel). The four views that transpose need a square.
 */
public final class Dihedral {

	/** Number of views. */
	public static final int VIEWS = 8;

	/**
	 * Each view as steps applied in this order: transpose, flip top-bottom, flip left-right.
	 */
	private static final boolean[][] STEPS = {
		{ false, false, false }, // identity
		{ true, false, true }, // rotation by 90°
		{ false, true, true }, // 180°
		{ true, true, false }, // 270°
		{ true, false, false }, // reflection in the main diagonal (the transpose)
		{ false, false, true }, // left-right
		{ false, true, false }, // top-bottom
		{ true, true, true } // reflection in the anti-diagonal
	};

	private Dihedral() {}

	/**
	 * The views that keep a {@code w x h} array's shape: all eight when square, else the four that
	 * do not transpose (0, 2, 5, 6).
	 */
	public static int[] views(final int w, final int h) {
		return IntStream.range(0, VIEWS).filter(v -> w == h || !transposes(v)).toArray();
	}

	/** Whether view {@code v} transposes (and so needs a square). */
	public static boolean transposes(final int v) {
		return steps(v)[0];
	}

	private static boolean[] steps(final int v) {
		if (v < 0 || v >= VIEWS) throw new IllegalArgumentException("view must be 0 to 7, got " + v);
		return STEPS[v];
	}

	/** View {@code v} of an {@code (N, C, H, W)} batch; view 0 is the batch itself. */
	public static NDArray apply(final NDArray batch, final int v) {
		final boolean[] s = steps(v);
		final NDArray t = s[0] ? batch.transpose(0, 1, 3, 2) : batch;
		if (s[1] && s[2]) return t.flip(2, 3);
		if (s[1]) return t.flip(2);
		if (s[2]) return t.flip(3);
		return t;
	}

	/** Index in the original ({@code w x h}, row-major) of pixel {@code (x, y)} of view {@code v}. */
	private static int source(final int x, final int y, final int w, final int h, final boolean[] s) {
		final int sx = s[2] ? w - 1 - x : x, sy = s[1] ? h - 1 - y : y;
		return s[0] ? sx * w + sy : sy * w + sx;
	}

	/** View {@code v} of a {@code w x h} array (square for the views that transpose). */
	public static float[] apply(final float[] array, final int w, final int h, final int v) {
		final boolean[] s = check(array, w, h, v);
		final float[] out = new float[array.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				out[y * w + x] = array[source(x, y, w, h, s)];
		return out;
	}

	/**
	 * The inverse of {@link #apply(float[], int, int, int)}: an array of view {@code v} in the
	 * original's orientation.
	 */
	public static float[] invert(final float[] view, final int w, final int h, final int v) {
		final boolean[] s = check(view, w, h, v);
		final float[] out = new float[view.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				out[source(x, y, w, h, s)] = view[y * w + x];
		return out;
	}

	private static boolean[] check(final float[] a, final int w, final int h, final int v) {
		final boolean[] s = steps(v);
		if (a.length != w * h) throw new IllegalArgumentException("an array of " + a.length +
			" values is not " + w + "x" + h);
		if (w != h && s[0]) throw new IllegalArgumentException("view " + v +
			" transposes, which needs a square array, not " + w + "x" + h);
		return s;
	}
}
