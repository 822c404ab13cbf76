package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import java.util.function.Function;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Row bands (several threads) give the same bytes as one thread, on an image large enough to split. */
class ThreadBandsTest {

	private static final ArrayImg<UnsignedByteType, ByteArray> IMAGE = PreprocessBenchmark.stripImage(521, 1037, 7);

	@ParameterizedTest
	@ValueSource(strings = { "gaussian_sigma2", "median5", "equalizeHist", "clahe_clip2_8x8", "resize224_linear",
		"sobel_mag", "canny_50_150", "otsu_threshold" })
	void sameResultForAnyThreadCount(final String op) {
		final byte[] one = bytes(PreprocessBenchmark.operations(1).get(op).apply(IMAGE));
		for (final int threads : new int[] { 2, 3, 7 }) {
			final Map<String, Function<ArrayImg<UnsignedByteType, ByteArray>, Object>> ops = PreprocessBenchmark
				.operations(threads);
			assertArrayEquals(one, bytes(ops.get(op).apply(IMAGE)), op + " threads=" + threads);
		}
	}

	@SuppressWarnings("unchecked")
	private static byte[] bytes(final Object result) {
		if (result instanceof HistogramOps.OtsuResult) return Images.bytes(((HistogramOps.OtsuResult) result).binary());
		return Images.bytes((ArrayImg<UnsignedByteType, ByteArray>) result);
	}
}
