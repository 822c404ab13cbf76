package io.github.stripsteel.localise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The anomaly map finds local departures from the texture; the guided map keeps the CAM's region. */
class ImageGuidedMapTest {

	private static final int SIDE = 200;

	/** Grey noise (sigma 10 around 128) with dark discs of radius 6 at the given centres. */
	private static float[] textureWithSpots(final long seed, final int[]... spots) {
		final Random random = new Random(seed);
		final float[] x = new float[SIDE * SIDE];
		for (int y = 0; y < SIDE; y++)
			for (int i = 0; i < SIDE; i++) {
				float v = (float) (128 + 10 * random.nextGaussian());
				for (final int[] s : spots)
					if ((i - s[0]) * (i - s[0]) + (y - s[1]) * (y - s[1]) <= 36) v -= 60;
				x[y * SIDE + i] = v;
			}
		return x;
	}

	private static double distance(final int index, final int[] spot) {
		return Math.hypot(index % SIDE - spot[0], index / SIDE - spot[1]);
	}

	@Test
	void anomalyPeaksOnADarkSpotInAUniformTexture() {
		for (final int[] spot : new int[][] { { 140, 60 }, { 30, 170 }, { 100, 100 } }) {
			final float[] x = textureWithSpots(spot[0], spot);
			final float[] a = ImageGuidedMap.anomaly(x, SIDE, SIDE);
			final int peak = ClassActivationMap.argmax(a);
			assertTrue(distance(peak, spot) <= 6, "peak at " + peak % SIDE + "," + peak / SIDE
				+ ", spot at " + spot[0] + "," + spot[1]);
			// the texture alone stays well below the spot
			float far = 0;
			for (int i = 0; i < a.length; i++)
				if (distance(i, spot) > 40) far = Math.max(far, a[i]);
			assertTrue(far < 0.5 * a[peak], "texture " + far + " against spot " + a[peak]);
		}
	}

	@Test
	void anomalyOfAnAffineRescaledOrMultiChannelInputHasTheSamePeak() {
		final int[] spot = { 60, 150 };
		final float[] x = textureWithSpots(7, spot);
		final float[] normalised = new float[x.length], twoChannels = new float[2 * x.length];
		for (int i = 0; i < x.length; i++) {
			normalised[i] = (x[i] / 255f - 0.5f) / 0.21f;
			twoChannels[i] = x[i];
			twoChannels[x.length + i] = x[i];
		}
		final int peak = ClassActivationMap.argmax(ImageGuidedMap.anomaly(x, SIDE, SIDE));
		assertEquals(peak, ClassActivationMap.argmax(ImageGuidedMap.anomaly(normalised, SIDE, SIDE)));
		assertArrayEquals(ImageGuidedMap.anomaly(x, SIDE, SIDE), ImageGuidedMap.anomaly(twoChannels,
			SIDE, SIDE), 1e-3f);
		assertThrows(IllegalArgumentException.class, () -> ImageGuidedMap.anomaly(new float[SIDE * SIDE
			+ 1], SIDE, SIDE));
	}

	@Test
	void guidedMapPeaksOnTheSpotInsideTheClassRegionAndCrazingKeepsTheCam() {
		// two equal spots; the 7x7 CAM is high on the bottom-right quarter only
		final int[] outside = { 40, 40 }, inside = { 150, 150 };
		final float[] x = textureWithSpots(11, outside, inside);
		final float[] cam = new float[49];
		for (int y = 4; y < 7; y++)
			for (int i = 4; i < 7; i++)
				cam[y * 7 + i] = 1;
		final float[] guided = ImageGuidedMap.of(cam, 7, 7, x, SIDE, SIDE, "inclusion");
		final int peak = ClassActivationMap.argmax(guided);
		assertTrue(distance(peak, inside) <= 6, "peak at " + peak % SIDE + "," + peak / SIDE);
		// the CAM alone peaks on its plateau, wherever that starts, not on the spot
		final float[] camOnly = ImageGuidedMap.of(cam, 7, 7, x, SIDE, SIDE, "crazing");
		assertArrayEquals(ImageGuidedMap.edgeTapered(ClassActivationMap.upsample(cam, 7, 7, SIDE, SIDE),
			SIDE, SIDE, ImageGuidedMap.EDGE_MARGIN * SIDE), camOnly);
		assertTrue(distance(ClassActivationMap.argmax(camOnly), inside) > 6);
	}

	@Test
	void edgeTaperFadesTheOutermostPixelsAndMovesAnEdgeMaximumInside() {
		final float[] flat = new float[6 * 5];
		Arrays.fill(flat, 3);
		flat[0] = 1; // min-max normalised first: this pixel becomes 0
		final float[] t = ImageGuidedMap.edgeTapered(flat, 6, 5, 2);
		assertEquals(0, t[0]);
		assertEquals(0.25f, t[5]); // top-right corner: 0.5 px from the edge
		assertEquals(0.75f, t[6 + 1]); // 1.5 px from the edge
		assertEquals(1f, t[2 * 6 + 2]); // 2.5 px: outside the band
		assertEquals(0.25f, t[4 * 6 + 3]); // bottom row
		// a map rising towards the right edge now peaks a margin inside it
		final float[] ramp = new float[SIDE * SIDE];
		for (int i = 0; i < ramp.length; i++)
			ramp[i] = i % SIDE;
		final int peak = ClassActivationMap.argmax(ImageGuidedMap.edgeTapered(ramp, SIDE, SIDE, 8));
		assertEquals(SIDE - 9, peak % SIDE);
	}

	@Test
	void productNormalisesBothMapsAndAFlatMapGivesZeros() {
		assertArrayEquals(new float[] { 0, 0.25f, 1 }, ImageGuidedMap.product(new float[] { 1, 2, 3 },
			new float[] { -4, 0, 4 }));
		assertArrayEquals(new float[3], ImageGuidedMap.product(new float[] { 5, 5, 5 }, new float[] { 1,
			2, 3 }));
	}
}
