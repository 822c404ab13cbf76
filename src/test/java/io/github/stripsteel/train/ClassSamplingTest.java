package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ClassSamplingTest {

	/** NEU-LT's training counts (METHOD §1). */
	private static final int[] NEU_LT = { 200, 100, 50, 25, 12, 6 };

	@Test
	void quotasFollowTheClassCountsToThePowerQ() {
		// worked by hand: 393 draws; balanced 65.5 each, the first three remainders (ties) get the
		// spare ones; sqrt 393 * sqrt(n) / 42.127 = 131.93, 93.29, 65.97, 46.64, 32.32, 22.85
		assertArrayEquals(NEU_LT, ClassSampling.UNIFORM.quotas(NEU_LT));
		assertArrayEquals(new int[] { 66, 66, 66, 65, 65, 65 }, ClassSampling.BALANCED.quotas(NEU_LT));
		assertArrayEquals(new int[] { 132, 93, 66, 47, 32, 23 }, ClassSampling.SQRT.quotas(NEU_LT));
		assertArrayEquals(new int[] { 5, 0, 5 }, ClassSampling.BALANCED.quotas(new int[] { 9, 0, 1 }),
			"a class without images gets no draws");
	}

	@Test
	void uniformIsTheShuffleOfEveryImage() {
		final int[] labels = labels(NEU_LT);
		final List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < labels.length; i++)
			expected.add(i);
		Collections.shuffle(expected, new Random(7));
		assertEquals(expected, ClassSampling.UNIFORM.epochOrder(labels, 6, new Random(7)));
	}

	@Test
	void balancedDrawsEveryImageOfAClassEquallyOften() {
		final int[] labels = labels(NEU_LT);
		final List<Integer> order = ClassSampling.BALANCED.epochOrder(labels, 6, new Random(3));
		assertEquals(labels.length, order.size());
		final int[] perClass = new int[6];
		final int[] perImage = new int[labels.length];
		for (final int i : order) {
			perClass[labels[i]]++;
			perImage[i]++;
		}
		assertArrayEquals(ClassSampling.BALANCED.quotas(NEU_LT), perClass);
		// scratches: 65 draws of 6 images = 10 or 11 each; crazing: 66 of 200 = 0 or 1 each
		for (int i = 0; i < labels.length; i++) {
			final int quota = perClass[labels[i]], n = NEU_LT[labels[i]];
			assertTrue(perImage[i] == quota / n || perImage[i] == quota / n + 1, "image " + i + " drawn " +
				perImage[i] + " times");
		}
		assertTrue(order.indexOf(labels.length - 1) < labels.length - 70,
			"the draws are shuffled, not grouped by class");
	}

	@Test
	void unknownNamesAreRefusedWithTheKnownOnes() {
		assertEquals(ClassSampling.SQRT, ClassSampling.parse("sqrt"));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ClassSampling.parse("oversample"));
		assertTrue(e.getMessage().contains("known: uniform, sqrt, balanced"), e.getMessage());
	}

	private static int[] labels(final int[] counts) {
		final List<Integer> labels = new ArrayList<>();
		for (int k = 0; k < counts.length; k++)
			for (int i = 0; i < counts[k]; i++)
				labels.add(k);
		return labels.stream().mapToInt(Integer::intValue).toArray();
	}
}
