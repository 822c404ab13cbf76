package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class AugmenterTest {

	private static final int W = 64;

	/**
	 * A horizontal ramp, grey value 2x: a crop of side s scaled back to 64 pixels (corner to
	 * corner) has slope 2 (s - 1) / 63.
	 */
	private static byte[] ramp() {
		final byte[] src = new byte[W * W];
		for (int y = 0; y < W; y++)
			for (int x = 0; x < W; x++)
				src[y * W + x] = (byte) (2 * x);
		return src;
	}

	@Test
	void aCropIsAZoomBetweenTheSmallestFractionAndTheWholeImage() {
		final Augmenter augmenter = new Augmenter(0, 0, 0.5f);
		final Random random = new Random(11);
		double smallest = 2, largest = 0;
		for (int trial = 0; trial < 200; trial++) {
			final float[] out = augmenter.crop(ramp(), W, W, random);
			final float slope = (out[W - 1] - out[0]) / (W - 1);
			for (int y = 0; y < W; y++)
				for (int x = 1; x < W; x++)
					assertEquals(slope, out[y * W + x] - out[y * W + x - 1], 1e-3, "linear along x");
			for (int x = 0; x < W; x++)
				assertEquals(out[x], out[(W - 1) * W + x], 1e-4, "constant along y");
			assertTrue(out[0] >= 0 && out[W - 1] <= 126 + 1e-3, "inside the image");
			smallest = Math.min(smallest, slope);
			largest = Math.max(largest, slope);
		}
		assertTrue(smallest >= 2 * 31.0 / 63 - 1e-4 && smallest < 2 * 34.0 / 63, "smallest zoom " +
			smallest);
		assertTrue(largest <= 2 + 1e-4 && largest > 2 * 0.95, "largest zoom " + largest);
	}

	@Test
	void noCropLeavesTheDrawsOfEarlierRunsUnchanged() {
		final float[] before = new float[W * W], after = new float[W * W];
		new Augmenter(0.1f, 0.1f).apply(ramp(), W, W, new Random(5), 0.5f, 0.2f, before, 0);
		new Augmenter(0.1f, 0.1f, 1f).apply(ramp(), W, W, new Random(5), 0.5f, 0.2f, after, 0);
		assertArrayEquals(before, after);
		final float[] cropped = new float[W * W];
		new Augmenter(0.1f, 0.1f, 0.6f).apply(ramp(), W, W, new Random(5), 0.5f, 0.2f, cropped, 0);
		assertTrue(!java.util.Arrays.equals(before, cropped), "a crop changes the pixels");
	}

	@Test
	void aFractionOutsideZeroToOneIsRefused() {
		assertThrows(IllegalArgumentException.class, () -> new Augmenter(0, 0, 0));
		assertThrows(IllegalArgumentException.class, () -> new Augmenter(0, 0, 1.5f));
	}
}
