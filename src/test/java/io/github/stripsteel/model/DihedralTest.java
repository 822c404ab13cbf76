package io.github.stripsteel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.stripsteel.engine.DeepLearningEngine;

/** The dihedral views on arrays are the network's test-time views, and invert exactly. */
class DihedralTest {

	@Test
	void viewsAreTheTestTimeAugmentationViewsInTheirOrder() {
		final int s = 5;
		final float[] image = new float[s * s];
		for (int i = 0; i < image.length; i++)
			image[i] = i;
		try (NDManager m = DeepLearningEngine.get().newBaseManager()) {
			final List<NDArray> views = TestTimeAugmentation.DIHEDRAL8.views(m.create(image, new Shape(1,
				1, s, s)));
			for (int v = 0; v < Dihedral.VIEWS; v++) {
				assertArrayEquals(views.get(v).toFloatArray(), Dihedral.apply(image, s, s, v), "view " + v);
				assertArrayEquals(image, Dihedral.invert(Dihedral.apply(image, s, s, v), s, s, v), "view " + v);
			}
		}
	}

	@Test
	void rectangularArraysHaveTheFourViewsThatKeepTheirShape() {
		final float[] a = { 1, 2, 3, 4, 5, 6 }; // 3 wide, 2 high
		assertArrayEquals(new int[] { 0, 2, 5, 6 }, Dihedral.views(3, 2));
		assertArrayEquals(new float[] { 6, 5, 4, 3, 2, 1 }, Dihedral.apply(a, 3, 2, 2));
		assertArrayEquals(new float[] { 3, 2, 1, 6, 5, 4 }, Dihedral.apply(a, 3, 2, 5));
		assertArrayEquals(new float[] { 4, 5, 6, 1, 2, 3 }, Dihedral.apply(a, 3, 2, 6));
		for (final int v : Dihedral.views(3, 2))
			assertArrayEquals(a, Dihedral.invert(Dihedral.apply(a, 3, 2, v), 3, 2, v));
		assertThrows(IllegalArgumentException.class, () -> Dihedral.apply(a, 3, 2, 1));
		assertThrows(IllegalArgumentException.class, () -> Dihedral.apply(a, 2, 2, 0));
		assertThrows(IllegalArgumentException.class, () -> Dihedral.apply(new float[4], 2, 2, 8));
	}
}
