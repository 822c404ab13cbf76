package io.github.stripsteel.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The history pool: fills first, then swaps with probability 1/2; restores from a checkpoint. */
class ImagePoolTest {

	@Test
	void fillsThenReturnsStoredOrNewImagesHalfTheTime() {
		final ImagePool pool = new ImagePool(3);
		final Random random = new Random(5);
		for (int i = 0; i < 3; i++) {
			final float[] image = { i };
			assertSame(image, pool.query(image, random), "pool not full: the new image comes back");
		}
		int fromHistory = 0;
		final int queries = 2000;
		for (int i = 0; i < queries; i++) {
			final float[] image = { 100 + i };
			final float[] returned = pool.query(image, random);
			if (returned != image) {
				fromHistory++;
				assertTrue(returned[0] < 100 + i, "a stored image is an earlier one");
			}
		}
		assertEquals(0.5, (double) fromHistory / queries, 0.05);
		assertEquals(3, pool.contents().size());
	}

	@Test
	void sizeZeroPassesImagesThrough() {
		final ImagePool pool = new ImagePool(0);
		final float[] image = { 1 };
		assertSame(image, pool.query(image, new Random(1)));
		assertTrue(pool.contents().isEmpty());
	}

	@Test
	void restoreKeepsTheOrderAndRefusesTooMany() {
		final ImagePool pool = new ImagePool(2);
		pool.restore(List.of(new float[] { 1 }, new float[] { 2 }));
		assertEquals(2f, pool.contents().get(1)[0]);
		assertThrows(IllegalArgumentException.class, () -> pool.restore(List.of(new float[1],
			new float[1], new float[1])));
	}
}
