package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BytePairsTest {

	@Test
	void everyPairIsTheTwoBytesLowFirst() {
		final byte[] a = new byte[1031];
		new Random(5).nextBytes(a);
		a[0] = (byte) 0xff;
		a[1] = (byte) 0x80;
		for (int i = 0; i + 1 < a.length; i++)
			assertEquals((a[i] & 0xff) | (a[i + 1] & 0xff) << 8, BytePairs.get(a, i), "pair at " + i);
	}

	@Test
	void planInsideTheImagePasses() {
		final byte[] a = new byte[10 * 4];
		BytePairs.checkRange(a, new int[] { 0, 10, 30 }, new int[] { 0, 3, 8 }, 3);
		// columns past n are not read
		BytePairs.checkRange(a, new int[] { 30 }, new int[] { 8, 9 }, 1);
	}

	@Test
	void planReadingPastEitherEndFails() {
		final byte[] a = new byte[10 * 4];
		final IllegalStateException late = assertThrows(IllegalStateException.class, () -> BytePairs.checkRange(a,
			new int[] { 0, 30 }, new int[] { 0, 9 }, 2));
		assertTrue(late.getMessage().contains("39") && late.getMessage().contains("40-byte"), late.getMessage());
		assertThrows(IllegalStateException.class, () -> BytePairs.checkRange(a, new int[] { -10 }, new int[] { 2 },
			1));
	}
}
