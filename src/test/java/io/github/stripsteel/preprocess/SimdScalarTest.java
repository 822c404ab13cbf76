package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * strips), full-range noise, four-valued noise (many ties, both sides of the sign bit) and a narrow range
 * (min and max inside the byte range), 1 and 3 threads.
 */
class SimdScalarTest {

	private static final int[][] SIZES = { { 37, 53 }, { 237, 301 }, { 1100, 24 }, { 5, 5 }, { 1, 1 }, { 3, 7 },
		{ 63, 9 }, { 64, 2 }, { 65, 3 }, { 129, 1 }, { 4500, 6 }, { 2049, 3 }, { 1, 40 }, { 1031, 300 } };

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
			for (final String kind : new String[] { "full", "edges", "narrow" })
				cases.add(Arguments.of(s[0], s[1], kind));
		return cases.stream();
	}

	@ParameterizedTest
	@MethodSource("images")
	void median(final int w, final int h, final String kind) {
		final byte[] src = noise(w, h, kind);
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
	void gaussian(final int w, final int h, final String kind) {
		final byte[] src = noise(w, h, kind);
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

	/** Output sizes with strong vertical reduction (the vector path), some as wide as the input or wider. */
	@ParameterizedTest
	@MethodSource("images")
	void resize(final int w, final int h, final String kind) {
		final byte[] src = noise(w, h, kind);
		final int[][] outputs = { { 224, h / 2 }, { 64, h / 3 }, { 65, h / 4 }, { 129, h / 5 }, { w, h / 2 }, { w + 7,
			h / 2 }, { Math.max(1, w / 2 + 3), h / 2 }, { 300, 1 } };
		for (final int[] o : outputs) {
			if (o[0] < 1 || o[1] < 1) continue;
			for (final int threads : new int[] { 1, 3 })
				assertArrayEquals(Images.bytes(Resize.resize(Images.wrap(src, w, h), o[0], o[1], threads, false)), Images
					.bytes(Resize.resize(Images.wrap(src, w, h), o[0], o[1], threads, true)), "resize to " + o[0] + "x" +
						o[1] + " threads " + threads);
		}
	}

	@ParameterizedTest
	@MethodSource("images")
	void otsuAndNormalize(final int w, final int h, final String kind) {
		final byte[] src = noise(w, h, kind);
		for (final int threads : new int[] { 1, 3 }) {
			assertArrayEquals(HistogramOps.minMax(src, w, h, threads, false), HistogramOps.minMax(src, w, h, threads,
				true), "minMax threads " + threads);
			final HistogramOps.OtsuResult scalar = HistogramOps.otsu(Images.wrap(src, w, h), threads, false);
			final HistogramOps.OtsuResult vector = HistogramOps.otsu(Images.wrap(src, w, h), threads, true);
			assertEquals(scalar.threshold(), vector.threshold());
			assertArrayEquals(Images.bytes(scalar.binary()), Images.bytes(vector.binary()), "otsu threads " + threads);
			// float arrays compare by bit pattern
			assertArrayEquals(Images.floats(HistogramOps.normalizeMinMax(Images.wrap(src, w, h), threads, false)), Images
				.floats(HistogramOps.normalizeMinMax(Images.wrap(src, w, h), threads, true)), "normalize threads " +
					threads);
		}
	}

	// -- Helper methods --

	private static byte[] noise(final int w, final int h, final String kind) {
		final SplittableRandom rng = new SplittableRandom(1000L * w + 7L * h + kind.hashCode());
		final byte[] b = new byte[w * h];
		for (int i = 0; i < b.length; i++) {
			if (kind.equals("full")) b[i] = (byte) rng.nextInt(256);
			else if (kind.equals("edges")) b[i] = (byte) EDGES[rng.nextInt(EDGES.length)];
			else b[i] = (byte) (90 + rng.nextInt(60));
		}
		return b;
	}
}
