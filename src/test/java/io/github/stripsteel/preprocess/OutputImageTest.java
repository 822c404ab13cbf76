package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The variants that write into a caller's output image give the bytes of the allocating ones,
 * whatever the output held before, and refuse an output of another size or the input itself.
 */
class OutputImageTest {

	private static final ArrayImg<UnsignedByteType, ByteArray> IMAGE = PreprocessBenchmark.stripImage(131, 701, 11);

	private static final Map<String, Function<ArrayImg<UnsignedByteType, ByteArray>, ArrayImg<UnsignedByteType, ByteArray>>> ALLOCATING =
		Map.of("gaussian", im -> GaussianBlur.blur(im, 1.5, 0, 2), "median", im -> MedianBlur.blur(im, 3, 2),
			"equalize", im -> HistogramOps.equalizeHist(im, 2), "clahe", im -> Clahe.apply(im, 2.0, 4, 3, 2),
			"sobel-magnitude", im -> Sobel.magnitude(im, 2), "canny", im -> Canny.detect(im, 30, 90, 2), "otsu",
			im -> HistogramOps.otsu(im, 2).binary());

	private static final Map<String, BiFunction<ArrayImg<UnsignedByteType, ByteArray>, ArrayImg<UnsignedByteType, ByteArray>, ArrayImg<UnsignedByteType, ByteArray>>> INTO =
		Map.of("gaussian", (im, out) -> GaussianBlur.blur(im, out, 1.5, 0, 2), "median", (im, out) -> MedianBlur.blur(im,
			out, 3, 2), "equalize", (im, out) -> HistogramOps.equalizeHist(im, out, 2), "clahe", (im, out) -> Clahe.apply(
				im, out, 2.0, 4, 3, 2), "sobel-magnitude", (im, out) -> Sobel.magnitude(im, out, 2), "canny", (im,
					out) -> Canny.detect(im, out, 30, 90, 2), "otsu", (im, out) -> HistogramOps.otsu(im, out, 2).binary());

	@ParameterizedTest
	@ValueSource(strings = { "gaussian", "median", "equalize", "clahe", "sobel-magnitude", "canny", "otsu" })
	void intoOutputMatchesAllocating(final String op) {
		final byte[] expected = Images.bytes(ALLOCATING.get(op).apply(IMAGE));
		final ArrayImg<UnsignedByteType, ByteArray> out = Images.newBytes(IMAGE);
		Arrays.fill(Images.bytes(out), (byte) 0x5a);
		for (int call = 0; call < 2; call++) {
			assertSame(out, INTO.get(op).apply(IMAGE, out));
			assertArrayEquals(expected, Images.bytes(out), op + " call " + call);
		}
		final IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class, () -> INTO.get(op)
			.apply(IMAGE, Images.wrap(new byte[701 * 130], 701, 130)));
		assertTrue(wrongSize.getMessage().startsWith(op + ": output is 701x130, input 701x131"), wrongSize
			.getMessage());
		final IllegalArgumentException itself = assertThrows(IllegalArgumentException.class, () -> INTO.get(op).apply(
			IMAGE, IMAGE));
		assertTrue(itself.getMessage().contains("must not be the input"), itself.getMessage());
	}
}
