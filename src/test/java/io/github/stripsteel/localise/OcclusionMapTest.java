package io.github.stripsteel.localise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Occlusion sensitivity against a stand-in network whose evidence is known. */
class OcclusionMapTest {

	private static final int W = 60, H = 48;

	/**
	 * Two classes; the log-odds of class 0 is the summed brightness of the region x 40-51, y 30-41
	 * (the "defect"), so only a patch that covers it changes the belief.
	 */
	private static final Function<float[][], float[][]> NETWORK = batch -> {
		final float[][] out = new float[batch.length][];
		for (int i = 0; i < batch.length; i++) {
			double evidence = 0;
			for (int y = 30; y < 42; y++)
				for (int x = 40; x < 52; x++)
					evidence += batch[i][y * W + x];
			final double p0 = 1 / (1 + Math.exp(-evidence / 50));
			out[i] = new float[] { (float) p0, (float) (1 - p0) };
		}
		return out;
	};

	private static float[] image(final long seed) {
		final Random random = new Random(seed);
		final float[] px = new float[W * H];
		for (int i = 0; i < px.length; i++)
			px[i] = (float) (0.1 * random.nextGaussian());
		for (int y = 30; y < 42; y++)
			for (int x = 40; x < 52; x++)
				px[y * W + x] += 2;
		return px;
	}

	@Test
	void hidingTheEvidenceLowersTheBeliefMostWhereTheEvidenceIs() {
		final float[][] inputs = { image(1), image(2) };
		final float[][] before = NETWORK.apply(inputs);
		for (final OcclusionMap.Fill fill : OcclusionMap.Fill.values())
			for (final OcclusionMap.Score score : OcclusionMap.Score.values()) {
				final OcclusionMap occlusion = new OcclusionMap(W, H, 16, 6, fill, score);
				final List<Integer> batchSizes = new ArrayList<>();
				final float[][] maps = occlusion.compute(inputs, before, new int[] { 0, 0 }, b -> {
					batchSizes.add(b.length);
					return NETWORK.apply(b);
				}, 7);
				assertEquals(2 * occlusion.passes(), batchSizes.stream().mapToInt(Integer::intValue).sum(),
					"one pass per patch and image");
				assertTrue(batchSizes.stream().allMatch(n -> n <= 7), "passes go in batches of at most 7");
				for (final float[] map : maps) {
					final int peak = ClassActivationMap.argmax(map);
					assertTrue(new Box(40, 30, 12, 12).contains(peak % W, peak / W), fill + " " + score +
						": peak at " + peak % W + "," + peak / W);
					// far from the evidence no patch touches it: no drop
					assertEquals(0, map[2 * W + 2], 1e-6, fill + " " + score);
					assertTrue(map[peak] > 0, "hiding the evidence lowers the belief");
				}
			}
	}

	@Test
	void patchesTileTheInputFlushWithItsEdges() {
		// x starts 0, 6, ..., 42, 44; y starts 0, 6, ..., 30, 32
		assertEquals(9 * 7, new OcclusionMap(W, H, 16, 6, OcclusionMap.Fill.MEAN,
			OcclusionMap.Score.PROBABILITY).passes());
		// a stride longer than the input: x starts 0 and 12 (flush), y only 0
		assertEquals(2, new OcclusionMap(W, H, 48, 100, OcclusionMap.Fill.MEAN,
			OcclusionMap.Score.PROBABILITY).passes());
		assertThrows(IllegalArgumentException.class, () -> new OcclusionMap(W, H, 49, 6,
			OcclusionMap.Fill.MEAN, OcclusionMap.Score.PROBABILITY));
	}
}
