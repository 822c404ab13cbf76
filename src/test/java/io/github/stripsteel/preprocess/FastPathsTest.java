package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast paths of the performance work against plain definitions: the 16-bit Gaussian on images
 * wider than one 2048-column strip, the pair histogram and pair min/max on large bands, the SWAR Otsu
 * pass. OpenCV equality of the definitions themselves is covered by the reference tests.
 */
class FastPathsTest {

	private static byte[] noise(final int w, final int h, final long seed, final boolean full) {
		final SplittableRandom rng = new SplittableRandom(seed);
		final byte[] b = new byte[w * h];
		for (int i = 0; i < b.length; i++)
			b[i] = (byte) (full ? rng.nextInt(256) : 90 + rng.nextInt(60));
		return b;
	}

	@ParameterizedTest
	@CsvSource({ "4500,7,2.0,0,1", "4500,7,2.0,0,2", "2049,3,0.8,3,1", "4097,20,5.0,0,2", "3000,1,2.0,0,1" })
	void gaussianMatchesExactIntegerDefinition(final int w, final int h, final double sigma, final int ksize,
		final int threads)
	{
		final byte[] src = noise(w, h, w * 31L + h, true);
		final byte[] dst = new byte[w * h];
		GaussianBlur.blur(src, dst, w, h, sigma, ksize, threads);
		final int n = ksize > 0 ? ksize : GaussianBlur.autoKsize(sigma, true);
		final int[] kx = GaussianBlur.fixedPointKernel(w == 1 ? 1 : n, sigma);
		final int[] ky = GaussianBlur.fixedPointKernel(h == 1 ? 1 : n, sigma);
		final byte[] ref = new byte[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				long acc = 0;
				for (int j = 0; j < ky.length; j++) {
					final int sy = BorderMode.REFLECT_101.index(y + j - ky.length / 2, h);
					long row = 0;
					for (int i = 0; i < kx.length; i++)
						row += (long) kx[i] * (src[sy * w + BorderMode.REFLECT_101.index(x + i - kx.length / 2, w)] & 0xff);
					acc += ky[j] * row;
				}
				ref[y * w + x] = (byte) ((acc + 32768) >> 16);
			}
		}
		assertArrayEquals(ref, dst);
	}

	@ParameterizedTest
	@CsvSource({ "1024,600,1,true", "1024,600,2,false", "1031,513,2,true", "333,3,1,true" })
	void histogramMinMaxAndOtsuPass(final int w, final int h, final int threads, final boolean full) {
		final byte[] src = noise(w, h, 7L * w + h, full);
		final int[] hist = HistogramOps.histogram(src, w, h, threads);
		final int[] ref = new int[256];
		int min = 255, max = 0;
		for (final byte b : src) {
			ref[b & 0xff]++;
			min = Math.min(min, b & 0xff);
			max = Math.max(max, b & 0xff);
		}
		assertArrayEquals(ref, hist);
		assertArrayEquals(new int[] { min, max }, HistogramOps.minMax(src, w, h, threads));
		final HistogramOps.OtsuResult otsu = HistogramOps.otsu(Images.wrap(src, w, h), threads);
		final int t = HistogramOps.otsuThreshold(ref, w * h);
		assertEquals(t, otsu.threshold());
		final byte[] bin = Images.bytes(otsu.binary());
		for (int i = 0; i < src.length; i++)
			assertEquals((src[i] & 0xff) > t ? (byte) 255 : 0, bin[i], "pixel " + i);
	}
}
