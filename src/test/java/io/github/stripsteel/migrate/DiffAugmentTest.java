package io.github.stripsteel.migrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.stripsteel.engine.DeepLearningEngine;

/** The four DiffAugment transforms on a 4x4 image worked by hand, and their gradients. */
class DiffAugmentTest {

	private static final float[] RAMP = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

	@Test
	void translateMovesTheContentAndFillsWithZeros() {
		try (NDManager m = manager()) {
			final NDArray x = m.create(RAMP, new Shape(1, 1, 4, 4));
			// one right, one up: row r of the result is row r+1 of x, column c is column c-1
			assertArrayEquals(new float[] { 0, 4, 5, 6, 0, 8, 9, 10, 0, 12, 13, 14, 0, 0, 0, 0 },
				DiffAugment.translate(x, 1, -1, 1).toFloatArray());
			assertArrayEquals(RAMP, DiffAugment.translate(x, 0, 0, 2).toFloatArray());
			assertThrows(IllegalArgumentException.class, () -> DiffAugment.translate(x, 2, 0, 1));
		}
	}

	@Test
	void cutoutZeroesAClippedSquare() {
		try (NDManager m = manager()) {
			final NDArray x = m.create(RAMP, new Shape(1, 1, 4, 4)).add(1);
			// side 2 centred at (0, 3): columns -1..0, rows 2..3 -> clipped to column 0, rows 2, 3
			assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12, 0, 14, 15, 16 },
				DiffAugment.cutout(x, 0, 3, 2).toFloatArray());
		}
	}

	@Test
	void brightnessAndContrastKeepTheMeanWhereTheyShould() {
		try (NDManager m = manager()) {
			final NDArray x = m.create(RAMP, new Shape(1, 1, 4, 4)); // mean 7.5
			final float[] c = DiffAugment.contrast(x, 2f).toFloatArray();
			assertEquals(-7.5f, c[0], 1e-5f); // (0 - 7.5) * 2 + 7.5
			assertEquals(22.5f, c[15], 1e-5f);
			assertEquals(7.5f, DiffAugment.contrast(x, 2f).mean().getFloat(), 1e-5f);
			assertEquals(7.0f, DiffAugment.brightness(x, -0.5f).mean().getFloat(), 1e-5f);
		}
	}

	@Test
	void gradientsReachTheKeptPixelsOnly() {
		try (NDManager m = manager()) {
			final NDArray x = m.create(RAMP, new Shape(1, 1, 4, 4));
			x.setRequiresGradient(true);
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				gc.backward(DiffAugment.cutout(DiffAugment.translate(x, 1, 0, 1), 3, 3, 2).sum());
			}
			// the last column moved out; the cut-out square covers x's columns 1..2 of rows 2..3
			assertArrayEquals(new float[] { 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0 }, x
				.getGradient().toFloatArray());
		}
	}

	@Test
	void applyIsReproducibleFromTheSeedAndChecksTheShape() {
		try (NDManager m = manager()) {
			final NDArray x = m.randomUniform(-1, 1, new Shape(1, 1, 16, 16));
			final float[] a = DiffAugment.apply(x, new Random(7)).toFloatArray();
			assertArrayEquals(a, DiffAugment.apply(x, new Random(7)).toFloatArray());
			assertFalse(Arrays.equals(a, DiffAugment.apply(x, new Random(8)).toFloatArray()));
			assertThrows(IllegalArgumentException.class, () -> DiffAugment.apply(m.zeros(new Shape(2, 1,
				16, 16)), new Random(1)));
		}
	}

	private static NDManager manager() {
		return DeepLearningEngine.get().newBaseManager(Device.cpu());
	}
}
