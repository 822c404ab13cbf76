package io.github.stripsteel.image;

import static io.github.stripsteel.image.TestImages.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.image.ImageDecoder.DecodedImage;

/**
 * Decoding bytes held in memory (what a distributed job reads) gives the same image, or the same
 * error message, as decoding the file they came from.
 */
class ImageDecoderBytesTest {

	@TempDir
	Path dir;

	@Test
	void everyFormatDecodesAsFromTheFile() throws IOException {
		final List<Path> files = List.of(
			TestImages.write(TestImages.palette(40, 30, TestImages.colourPalette(3)), "bmp", dir.resolve(
				"palette.bmp")),
			TestImages.write(TestImages.gray16(20, 10, 1000, 0, 65535), "tiff", dir.resolve("g16.tif")),
			TestImages.write(TestImages.gradient(33, 17), "png", dir.resolve("grad.png")),
			TestImages.write(TestImages.gradient(64, 48), "jpeg", dir.resolve("grad.jpg")),
			TestImages.write(TestImages.palette(24, 24, TestImages.colourPalette(5)), "gif", dir.resolve(
				"p.gif")));
		for (final Path file : files)
			assertSame(ImageDecoder.read(file), ImageDecoder.decode(file, Files.readAllBytes(file),
				ImageDecoder.DEFAULT_MAX_PIXELS));
	}

	@Test
	void sampleImagesDecodeAsFromTheFile() throws IOException {
		final Path samples = Path.of(System.getProperty("project.dir", ".")).resolve("sample-images");
		try (Stream<Path> walk = Files.walk(samples)) {
			final List<Path> images = walk.filter(ImageFiles::hasImageExtension).toList();
			assertEquals(true, images.size() >= 12, "sample images found: " + images.size());
			for (final Path file : images)
				assertSame(ImageDecoder.read(file), ImageDecoder.decode(file, Files.readAllBytes(file),
					ImageDecoder.DEFAULT_MAX_PIXELS));
		}
	}

	@Test
	void brokenBytesGiveTheFilesMessages() throws IOException {
		final byte[] jpeg = TestImages.encode(TestImages.gray8(64, 64, 1), "jpeg");
		final byte[] png = TestImages.encode(TestImages.gray8(64, 64, 1), "png");
		final List<Path> files = List.of(
			Files.createFile(dir.resolve("empty.bmp")),
			TestImages.text(dir.resolve("x.png"), "hello world\n"),
			Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length * 6 / 10)),
			Files.write(dir.resolve("no eoi.jpg"), Arrays.copyOf(jpeg, jpeg.length - 2)),
			Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2)),
			TestImages.write(TestImages.gray8(200, 7, 0), "png", dir.resolve("thin.png")));
		for (final Path file : files) {
			final String fromFile = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(
				file)).getMessage();
			final ImageDecodeException fromBytes = assertThrows(ImageDecodeException.class,
				() -> ImageDecoder.decode(file, Files.readAllBytes(file), ImageDecoder.DEFAULT_MAX_PIXELS));
			assertEquals(fromFile, fromBytes.getMessage());
			assertEquals(file, fromBytes.file());
		}
		// the pixel limit is checked on the header, as for files
		final Path big = Files.write(dir.resolve("big.png"), TestImages.pngHeaderOnly(5000, 5000));
		assertEquals(assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(big, 1_000_000))
			.getMessage(), assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(big, Files
				.readAllBytes(big), 1_000_000)).getMessage());
	}

	private static void assertSame(final DecodedImage expected, final DecodedImage actual) {
		assertEquals(expected.file(), actual.file());
		assertEquals(expected.format(), actual.format(), expected.file().toString());
		assertEquals(expected.width(), actual.width());
		assertEquals(expected.height(), actual.height());
		assertEquals(expected.bitDepth(), actual.bitDepth());
		assertEquals(expected.channels(), actual.channels());
		assertArrayEquals(pixels(expected), pixels(actual), expected.file().toString());
	}
}
