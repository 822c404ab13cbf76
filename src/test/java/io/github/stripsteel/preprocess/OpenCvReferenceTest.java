package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.github.stripsteel.testutil.SharedData;

/** Every file of {@code shared/opencv-reference} (OpenCV 4.6 on the 200x200 input). */
class OpenCvReferenceTest {

	private static Path dir;
	private static ArrayImg<UnsignedByteType, ByteArray> input;

	/** Per test, so that each one is counted as skipped when the shared folder is absent. */
	@BeforeEach
	void load() throws IOException {
		dir = SharedData.opencvReference();
		if (input == null) input = TestImages.read8(dir.resolve("input.png"));
	}

	private static ArrayImg<UnsignedByteType, ByteArray> ref(final String name) throws IOException {
		return TestImages.read8(dir.resolve(name));
	}

	@Test
	void fixedPointKernelSigma2() {
		assertArrayEquals(new int[] { 1, 2, 7, 16, 31, 45, 52, 45, 31, 16, 7, 2, 1 }, GaussianBlur.fixedPointKernel(13,
			2.0));
		assertEquals(13, GaussianBlur.autoKsize(2.0, true));
		assertEquals(17, GaussianBlur.autoKsize(2.0, false));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2 })
	void gaussian(final int threads) throws IOException {
		TestImages.assertSameBytes(ref("gaussian_sigma2.png"), GaussianBlur.blur(input, 2.0, 0, threads), "gaussian");
	}

	@Test
	void gaussianFloat() {
		final ArrayImg<FloatType, FloatArray> expected = TestImages.readFloat(dir.resolve("gaussian_sigma2_k13_f32.tif"));
		final ArrayImg<FloatType, FloatArray> actual = GaussianBlur.blurFloat(toFloat(input), 2.0, 13, 1);
		TestImages.assertClose(Images.floats(expected), Images.floats(actual), 1e-4, "gaussian float");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2 })
	void median5(final int threads) throws IOException {
		TestImages.assertSameBytes(ref("median5.png"), MedianBlur.blur(input, 5, threads), "median5");
	}

	@Test
	void equalizeHist() throws IOException {
		TestImages.assertSameBytes(ref("equalizehist.png"), HistogramOps.equalizeHist(input, 2), "equalizeHist");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2 })
	void clahe(final int threads) throws IOException {
		TestImages.assertSameBytes(ref("clahe_clip2_tiles8x8.png"), Clahe.apply(input, 2.0, 8, 8, threads), "clahe");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2 })
	void resize(final int threads) throws IOException {
		TestImages.assertSameBytes(ref("resize224_linear.png"), Resize.resize(input, 224, 224, threads), "resize");
	}

	@Test
	void resizeFloat() {
		final ArrayImg<FloatType, FloatArray> expected = TestImages.readFloat(dir.resolve("resize224_linear_f32.tif"));
		final ArrayImg<FloatType, FloatArray> actual = Resize.resizeFloat(toFloat(input), 224, 224, 1);
		TestImages.assertClose(Images.floats(expected), Images.floats(actual), 0, "resize float");
	}

	@Test
	void sobel() throws IOException {
		final int[] size = new int[2];
		final int[] ex = TestImages.read16(dir.resolve("sobel_dx_plus1024_u16.png"), size);
		final int[] ey = TestImages.read16(dir.resolve("sobel_dy_plus1024_u16.png"), size);
		final float[] gx = Images.floats(Sobel.dx(input, BorderMode.REFLECT_101, 1));
		final float[] gy = Images.floats(Sobel.dy(input, BorderMode.REFLECT_101, 2));
		final float[] fx = new float[ex.length], fy = new float[ey.length];
		for (int i = 0; i < ex.length; i++) {
			fx[i] = ex[i] - 1024;
			fy[i] = ey[i] - 1024;
		}
		TestImages.assertClose(fx, gx, 0, "sobel dx");
		TestImages.assertClose(fy, gy, 0, "sobel dy");
		TestImages.assertSameBytes(ref("sobel_magnitude_u8.png"), Sobel.magnitude(input, 1), "sobel magnitude");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2 })
	void canny(final int threads) throws IOException {
		TestImages.assertSameBytes(ref("canny_50_150.png"), Canny.detect(input, 50, 150, threads), "canny");
	}

	@Test
	void otsu() throws IOException {
		final HistogramOps.OtsuResult r = HistogramOps.otsu(input, 1);
		assertEquals(140, r.threshold());
		TestImages.assertSameBytes(ref("otsu_binary.png"), r.binary(), "otsu");
	}

	@Test
	void normalizeMinMax() {
		final float[] n = Images.floats(HistogramOps.normalizeMinMax(input, 1));
		assertEquals(0.22891566f, n[0], 1e-7);
		double sum = 0;
		for (final float v : n)
			sum += v;
		assertEquals(21904.3084, sum, 1e-3);
	}

	@Test
	void normalizeMinMaxIntoReusedOutput() {
		final float[] expected = Images.floats(HistogramOps.normalizeMinMax(input, 1));
		final ArrayImg<FloatType, FloatArray> out = Images.wrap(new float[expected.length], 200, 200);
		java.util.Arrays.fill(Images.floats(out), Float.NaN);
		for (final int threads : new int[] { 1, 2 })
			assertArrayEquals(expected, Images.floats(HistogramOps.normalizeMinMax(input, out, threads)));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HistogramOps
			.normalizeMinMax(input, Images.wrap(new float[200 * 100], 100, 200), 1));
		assertTrue(e.getMessage().contains("100x200"), e.getMessage());
	}

	// -- Helper methods --

	static ArrayImg<FloatType, FloatArray> toFloat(final ArrayImg<UnsignedByteType, ByteArray> img) {
		final byte[] b = Images.bytes(img);
		final float[] f = new float[b.length];
		for (int i = 0; i < b.length; i++)
			f[i] = b[i] & 0xff;
		return Images.wrap(f, Images.width(img), Images.height(img));
	}
}
