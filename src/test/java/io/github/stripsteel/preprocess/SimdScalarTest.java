package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API path ({@link Simd}) and the scalar path give identical bytes, on deterministic
 * random images of odd sizes (narrower than one vector, one vector plus a little, several column
 * strips), full-range noise and four-valued noise (many ties, both sides of the sign bit), 1 and 3 threads.
 */
class SimdScalarTest {

	private static final int[][] SIZES = { { 37, 53 }, { 237, 301 }, { 1100, 24 }, { 5, 5 }, { 1, 1 }, { 3, 7 },
		{ 63, 9 }, { 64, 2 }, { 65, 3 }, { 129, 1 }, { 4500, 6 }, { 2049, 3 }, { 1, 40 } };

	/** Values of the tie-heavy images: both ends and both sides of the sign bit the kernels flip. */
	private static final int[] EDGES = { 0, 127, 128, 255 };

	/** The surefire argLine adds the module: without it the comparisons below would compare scalar to scalar. */
	@Test
	void testJvmHasTheVectorModule() {
		assertTrue(Simd.available(), "run the tests with --add-modules jdk.incubator.vector (see pom.xml)");
	}

	@Test
	void propertyFalseForcesTheScalarPath() {
		assertTrue(Simd.decide(true, null));
		assertTrue(Simd.decide(true, "true"));
		assertFalse(Simd.decide(true, "false"));
		assertFalse(Simd.decide(true, " FALSE "));
		assertFalse(Simd.decide(false, null));
	}

	static Stream<Arguments> images() {
		final List<Arguments> cases = new ArrayList<>();
		for (final int[] s : SIZES)
			for (final int levels : new int[] { 256, 4 })
				cases.add(Arguments.of(s[0], s[1], levels));
		return cases.stream();
	}

	@ParameterizedTest
	@MethodSource("images")
	void median(final int w, final int h, final int levels) {
		final byte[] src = noise(w, h, levels);
		for (final int ksize : new int[] { 3, 5 }) {
			for (final int threads : new int[] { 1, 3 }) {
				final byte[] scalar = new byte[w * h], vector = new byte[w * h];
				MedianBlur.blur(src, scalar, w, h, ksize, threads, false);
				MedianBlur.blur(src, vector, w, h, ksize, threads, true);
				assertArrayEquals(scalar, vector, "median " + ksize + " threads " + threads);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("images")
	void gaussian(final int w, final int h, final int levels) {
		final byte[] src = noise(w, h, levels);
		final double[][] params = { { 2.0, 0 }, { 1.3, 7 }, { 0.5, 3 }, { 5.0, 0 }, { 0, 9 } };
		for (final double[] p : params) {
			for (final int threads : new int[] { 1, 3 }) {
				final byte[] scalar = new byte[w * h], vector = new byte[w * h];
				GaussianBlur.blur(src, scalar, w, h, p[0], (int) p[1], threads, false);
				GaussianBlur.blur(src, vector, w, h, p[0], (int) p[1], threads, true);
				assertArrayEquals(scalar, vector, "gaussian sigma " + p[0] + " ksize " + p[1] + " threads " + threads);
			}
		}
	}

	// -- Helper methods --

	private static byte[] noise(final int w, final int h, final int levels) {
		final SplittableRandom rng = new SplittableRandom(1000L * w + 7L * h + levels);
		final byte[] b = new byte[w * h];
		for (int i = 0; i < b.length; i++)
			b[i] = (byte) (levels == 256 ? rng.nextInt(256) : EDGES[rng.nextInt(EDGES.length)]);
		return b;
	}
}
