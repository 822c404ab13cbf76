package io.github.stripsteel.model;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;

/**
 * Test-time augmentation: the class probabilities of an image are the mean of the network's
 * softmax over symmetric views of it. Steel-surface defect classes do not depend on the image's
 * orientation (training augments with flips and 90° rotations), so the eight views of the
 * dihedral group D4 are all valid inputs; averaging them removes orientation noise at eight times
 * the network cost.
 */
public enum TestTimeAugmentation {

	/** The image as it is. */
	NONE("none"),
	/** Identity, rotations by 90°, 180°, 270°, and the four reflections (square inputs only). */
	DIHEDRAL8("dihedral8");

	private final String key;

	TestTimeAugmentation(final String key) {
		this.key = key;
	}

	/** The name used in {@code model.json} and taken by the faces. */
	public String key() {
		return key;
	}

	/**
	 * @throws IllegalArgumentException naming the known values
	 */
	public static TestTimeAugmentation parse(final String key) {
		for (final TestTimeAugmentation t : values())
			if (t.key.equals(key)) return t;
		throw new IllegalArgumentException("unknown test-time augmentation '" + key +
			"'; known: none, dihedral8");
	}

	/**
	 * The views of an {@code (N, C, H, W)} batch, identity first, in {@link Dihedral}'s order.
	 *
	 * @throws IllegalArgumentException when {@code DIHEDRAL8} meets a non-square batch
	 */
	public List<NDArray> views(final NDArray batch) {
		final List<NDArray> views = new ArrayList<>();
		views.add(batch);
		if (this == NONE) return views;
		final long h = batch.getShape().get(2), w = batch.getShape().get(3);
		if (h != w) throw new IllegalArgumentException("dihedral8 test-time augmentation needs a " +
			"square input, got " + w + "x" + h);
		for (int v = 1; v < Dihedral.VIEWS; v++)
			views.add(Dihedral.apply(batch, v));
		return views;
	}
}
