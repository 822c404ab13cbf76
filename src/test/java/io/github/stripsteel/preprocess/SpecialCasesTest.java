package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** OpenCV's special cases that need no reference file. */
class SpecialCasesTest {

	private static ArrayImg<UnsignedByteType, ByteArray> constant(final int w, final int h, final int v) {
		final byte[] d = new byte[w * h];
		Arrays.fill(d, (byte) v);
		return Images.wrap(d, w, h);
	}

	@ParameterizedTest
	@CsvSource({ "1,1,0", "7,3,77", "64,64,255" })
	void constantImages(final int w, final int h, final int v) {
		final ArrayImg<UnsignedByteType, ByteArray> img = constant(w, h, v);
		// equalizeHist: a single occupied bin gives that value
		assertArrayEquals(Images.bytes(img), Images.bytes(HistogramOps.equalizeHist(img, 1)));
		// Otsu: every level is skipped, threshold 0 -> src > 0
		final HistogramOps.OtsuResult r = HistogramOps.otsu(img, 1);
		assertEquals(0, r.threshold());
		assertArrayEquals(Images.bytes(constant(w, h, v > 0 ? 255 : 0)), Images.bytes(r.binary()));
		// CLAHE of a constant image is constant (clipped histogram spread over all bins)
		final byte[] c = Images.bytes(Clahe.apply(img, 2.0, 2, 2, 1));
		for (final byte b : c)
			assertEquals(c[0], b);
		// smoothing keeps a constant image
		assertArrayEquals(Images.bytes(img), Images.bytes(GaussianBlur.blur(img, 1.5, 0, 1)));
		assertArrayEquals(Images.bytes(img), Images.bytes(MedianBlur.blur(img, 5, 1)));
		assertArrayEquals(Images.bytes(constant(w, h, 0)), Images.bytes(Canny.detect(img, 10, 20, 1)));
	}

	@ParameterizedTest
	@EnumSource(BorderMode.class)
	void borderModeMatchesImgLib2Views(final BorderMode mode) {
		final int w = 5;
		final byte[] d = { 10, 20, 30, 40, 50 };
		final ArrayImg<UnsignedByteType, ByteArray> img = Images.wrap(d, w, 1);
		final RandomAccess<UnsignedByteType> ra = mode.extend(img).randomAccess();
		for (int x = -12; x < w + 12; x++) {
			ra.setPosition(new long[] { x, 0 });
			assertEquals(d[mode.index(x, w)] & 0xff, ra.get().get(), mode + " at " + x);
		}
	}

	@Test
	void borderPatterns() {
		final int[] t101 = BorderMode.REFLECT_101.table(8, 6, 7);
		final int[] t = BorderMode.REFLECT.table(8, 6, 7);
		final int[] rep = BorderMode.REPLICATE.table(8, 6, 7);
		// OpenCV's patterns gfedcb|abcdefgh|gfedcba, fedcba|abcdefgh|hgfedcb, aaaaaa|abcdefgh|hhhhhhh
		assertEquals("654321" + "01234567" + "6543210", str(t101));
		assertEquals("543210" + "01234567" + "7654321", str(t));
		assertEquals("000000" + "01234567" + "7777777", str(rep));
	}

	@Test
	void cannyAsymmetricComparisons() {
		// a vertical ridge two pixels wide with equal magnitudes: OpenCV keeps the left one
		// (m > left && m >= right), never both
		final int w = 12, h = 9;
		final byte[] d = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				d[y * w + x] = (byte) (x < 6 ? 0 : 200);
		final byte[] e = Images.bytes(Canny.detect(Images.wrap(d, w, h), 100, 300, 1));
		for (int y = 0; y < h; y++) {
			// |dx| = 800 at x = 5 and x = 6 (equal): the left one (x = 5) wins
			assertEquals(255, e[y * w + 5] & 0xff, "row " + y);
			assertEquals(0, e[y * w + 6] & 0xff, "row " + y);
		}
	}

	@Test
	void resizeClampsEdgesAndUpDownscale() {
		final byte[] d = new byte[3 * 2];
		for (int i = 0; i < d.length; i++)
			d[i] = (byte) (i * 40);
		final ArrayImg<UnsignedByteType, ByteArray> img = Images.wrap(d, 3, 2);
		// upscale 3x2 -> 12x8: corners take the corner pixels (weights clamp at the border)
		final byte[] up = Images.bytes(Resize.resize(img, 12, 8, 1));
		assertEquals(0, up[0] & 0xff);
		assertEquals(200, up[up.length - 1] & 0xff);
		// 1x1 output is the linear mix at the centre; same size is a copy
		assertArrayEquals(d, Images.bytes(Resize.resize(img, 3, 2, 1)));
		assertEquals(1, Images.bytes(Resize.resize(img, 1, 1, 1)).length);
	}

	@Test
	void gaussianKernelsSumTo256() {
		for (final double sigma : new double[] { 0.3, 0.8, 1.3, 2, 5, 11.7 }) {
			final int n = GaussianBlur.autoKsize(sigma, true);
			assertEquals(256, Arrays.stream(GaussianBlur.fixedPointKernel(n, sigma)).sum(), "sigma " + sigma);
		}
	}

	// -- Helper methods --

	private static String str(final int[] a) {
		final StringBuilder sb = new StringBuilder();
		for (final int v : a)
			sb.append(v);
		return sb.toString();
	}
}
