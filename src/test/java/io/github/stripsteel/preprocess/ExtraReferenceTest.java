package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.github.stripsteel.testutil.SharedData;

/**
 * Odd sizes (37x53, 237x301), a constant image and other parameters, against OpenCV 4.6 outputs
 * made by {@code src/test/resources/opencv/make_reference.py}; each case at 1 and 2 threads.
 */
class ExtraReferenceTest {

	static Stream<Arguments> cases() throws IOException {
		final Path dir = TestImages.extraReference();
		final JsonObject root = JsonParser.parseString(Files.readString(dir.resolve("cases.json"))).getAsJsonObject();
		final List<Arguments> args = new ArrayList<>();
		for (final JsonElement e : root.getAsJsonArray("cases")) {
			final JsonObject c = e.getAsJsonObject();
			final int threshold = c.has("threshold") ? c.get("threshold").getAsInt() : -1;
			for (final int threads : new int[] { 1, 2 })
				args.add(Arguments.of(c.get("input").getAsString(), c.get("op").getAsString(), c.get("expected")
					.getAsString(), threshold, threads));
		}
		return args.stream();
	}

	@ParameterizedTest(name = "{0} {1} threads={4}")
	@MethodSource("cases")
	void matchesOpenCv(final String input, final String op, final String expected, final int threshold,
		final int threads) throws IOException
	{
		final Path dir = TestImages.extraReference();
		final Path in = input.startsWith("shared:") ? SharedData.opencvReference().resolve(input.substring(7)) : dir
			.resolve(input);
		final ArrayImg<UnsignedByteType, ByteArray> src = TestImages.read8(in);
		final ArrayImg<UnsignedByteType, ByteArray> actual;
		if (op.equals("otsu")) {
			final HistogramOps.OtsuResult r = HistogramOps.otsu(src, threads);
			assertEquals(threshold, r.threshold(), "otsu threshold");
			actual = r.binary();
		}
		else actual = operation(op).apply(src, threads);
		TestImages.assertSameBytes(TestImages.read8(dir.resolve(expected)), actual, input + " " + op);
	}

	// -- Helper methods --

	private static BiFunction<ArrayImg<UnsignedByteType, ByteArray>, Integer, ArrayImg<UnsignedByteType, ByteArray>>
		operation(final String op)
	{
		Matcher m;
		if ((m = Pattern.compile("gaussian_s([0-9.]+)_k(\\d+)").matcher(op)).matches()) {
			final double sigma = Double.parseDouble(m.group(1));
			final int k = Integer.parseInt(m.group(2));
			return (img, t) -> GaussianBlur.blur(img, sigma, k, t);
		}
		if ((m = Pattern.compile("median(\\d+)").matcher(op)).matches()) {
			final int k = Integer.parseInt(m.group(1));
			return (img, t) -> MedianBlur.blur(img, k, t);
		}
		if ((m = Pattern.compile("clahe_c([0-9.]+)_t(\\d+)x(\\d+)").matcher(op)).matches()) {
			final double clip = Double.parseDouble(m.group(1));
			final int tx = Integer.parseInt(m.group(2)), ty = Integer.parseInt(m.group(3));
			return (img, t) -> Clahe.apply(img, clip, tx, ty, t);
		}
		if ((m = Pattern.compile("resize_(\\d+)x(\\d+)").matcher(op)).matches()) {
			final int w = Integer.parseInt(m.group(1)), h = Integer.parseInt(m.group(2));
			return (img, t) -> Resize.resize(img, w, h, t);
		}
		if ((m = Pattern.compile("canny_(\\d+)_(\\d+)").matcher(op)).matches()) {
			final double lo = Double.parseDouble(m.group(1)), hi = Double.parseDouble(m.group(2));
			return (img, t) -> Canny.detect(img, lo, hi, t);
		}
		if (op.equals("equalize")) return HistogramOps::equalizeHist;
		if (op.equals("sobel-magnitude")) return Sobel::magnitude;
		throw new IllegalArgumentException("unknown test op " + op);
	}
}
