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
		assertThrows(IllegalArgumentException.class, () -> new Augmenter(0, 0, 1, 1));
		assertThrows(IllegalArgumentException.class, () -> new Augmenter(0, 0, 1, -0.1f));
	}

	@Test
	void noCutoutLeavesTheDrawsOfEarlierRunsUnchanged() {
		final float[] before = new float[W * W], after = new float[W * W];
		final Random a = new Random(5), b = new Random(5);
		new Augmenter(0.1f, 0.1f, 0.6f).apply(ramp(), W, W, a, 0.5f, 0.2f, before, 0);
		new Augmenter(0.1f, 0.1f, 0.6f, 0f).apply(ramp(), W, W, b, 0.5f, 0.2f, after, 0);
		assertArrayEquals(before, after);
		assertEquals(a.nextLong(), b.nextLong(), "no draw more or less");
	}

	/**
	 * The cutout's numbers are drawn after all the others, so an image with cutout is the image
	 * without it (same seed) but for one square, set to that image's mean: of side
	 * round(0.25 · 64) = 16, or less where the border clips it.
	 */
	@Test
	void cutoutSetsOneSquareToTheMeanOfTheAugmentedImage() {
		final int side = 16;
		int whole = 0, clipped = 0;
		for (int seed = 0; seed < 40; seed++) {
			final float[] plain = new float[W * W + 10], cut = new float[W * W + 10];
			new Augmenter(0.1f, 0.1f, 0.8f).apply(ramp(), W, W, new Random(seed), 0.5f, 0.2f, plain,
				10);
			new Augmenter(0.1f, 0.1f, 0.8f, 0.25f).apply(ramp(), W, W, new Random(seed), 0.5f, 0.2f, cut,
				10);
			double sum = 0;
			for (int i = 10; i < plain.length; i++)
				sum += plain[i];
			final float mean = (float) (sum / (W * W));
			int x0 = W, x1 = -1, y0 = W, y1 = -1, changed = 0;
			for (int i = 0; i < 10; i++)
				assertEquals(0f, cut[i], "nothing written before the offset");
			for (int y = 0; y < W; y++)
				for (int x = 0; x < W; x++) {
					final float v = cut[10 + y * W + x];
					if (v == plain[10 + y * W + x]) continue;
					assertEquals(mean, v, 1e-6, "an erased pixel is the image's mean");
					changed++;
					x0 = Math.min(x0, x);
					x1 = Math.max(x1, x);
					y0 = Math.min(y0, y);
					y1 = Math.max(y1, y);
				}
			final int width = x1 - x0 + 1, height = y1 - y0 + 1;
			assertEquals(width * height, changed, "the erased pixels fill a rectangle");
			final boolean atBorder = x0 == 0 || y0 == 0 || x1 == W - 1 || y1 == W - 1;
			if (width == side && height == side) whole++;
			else {
				assertTrue(atBorder && width <= side && height <= side, "seed " + seed + ": " + width +
					"x" + height + " at " + x0 + "," + y0);
				clipped++;
			}
		}
		assertTrue(whole > 0 && clipped > 0, whole + " whole squares, " + clipped + " clipped");
	}
}
