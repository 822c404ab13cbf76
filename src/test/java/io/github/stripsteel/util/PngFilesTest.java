package io.github.stripsteel.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG writer's files, read back by {@code ImageIO}, have the written pixels. */
class PngFilesTest {

	@TempDir
	Path tmp;

	@Test
	void rgbPixelsRoundTrip() throws IOException {
		final BufferedImage image = noise(BufferedImage.TYPE_INT_RGB, 37, 23, 1);
		assertSameRgb(image, writeAndRead(image, "rgb.png"));
	}

	@Test
	void alphaIsKept() throws IOException {
		final BufferedImage image = noise(BufferedImage.TYPE_INT_ARGB, 19, 31, 2);
		final BufferedImage read = writeAndRead(image, "argb.png");
		assertTrue(read.getColorModel().hasAlpha());
		assertSameRgb(image, read);
	}

	@Test
	void greyStaysOneSamplePerPixel() throws IOException {
		final BufferedImage image = noise(BufferedImage.TYPE_BYTE_GRAY, 41, 17, 3);
		final BufferedImage read = writeAndRead(image, "grey.png");
		assertEquals(BufferedImage.TYPE_BYTE_GRAY, read.getType());
		assertArrayEquals(bytes(image), bytes(read));
	}

	@Test
	void greyPixelsFromAnArray() throws IOException {
		final byte[] pixels = new byte[13 * 11];
		new Random(4).nextBytes(pixels);
		final Path file = tmp.resolve("array.png");
		PngFiles.writeGray(pixels, 13, 11, file);
		assertArrayEquals(pixels, bytes(ImageIO.read(file.toFile())));
	}

	@Test
	void otherImageTypesAreWrittenAsTheyLook() throws IOException {
		final BufferedImage image = noise(BufferedImage.TYPE_3BYTE_BGR, 29, 29, 5);
		assertSameRgb(image, writeAndRead(image, "bgr.png"));
	}

	@Test
	void aLargeImageSpansSeveralDataChunks() throws IOException {
		final BufferedImage image = noise(BufferedImage.TYPE_INT_RGB, 300, 250, 6);
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		PngFiles.encode(image, out);
		// incompressible noise: 225 kB of samples need four chunks of at most 64 KiB
		assertTrue(chunks(out.toByteArray(), "IDAT") >= 4, "IDAT chunks: " + chunks(out
			.toByteArray(), "IDAT"));
		assertSameRgb(image, writeAndRead(image, "large.png"));
	}

	@Test
	void aFailedWriteLeavesNothing() throws IOException {
		final Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
		final BufferedImage image = noise(BufferedImage.TYPE_INT_RGB, 5, 5, 7);
		assertThrows(IOException.class, () -> PngFiles.write(image, notAFolder.resolve("a.png")));
		try (Stream<Path> files = Files.list(tmp)) {
			assertEquals(1, files.count());
		}
	}

	@Test
	void tooFewPixelsAreRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> PngFiles.writeGray(new byte[10], 4, 4, tmp.resolve("short.png")));
		assertTrue(e.getMessage().contains("4x4"), e.getMessage());
	}

	// -- Helper methods --

	private BufferedImage writeAndRead(final BufferedImage image, final String name)
		throws IOException
	{
		final Path file = tmp.resolve(name);
		PngFiles.write(image, file);
		final BufferedImage read = ImageIO.read(file.toFile());
		assertEquals(image.getWidth(), read.getWidth());
		assertEquals(image.getHeight(), read.getHeight());
		return read;
	}

	private static BufferedImage noise(final int type, final int w, final int h, final long seed) {
		final BufferedImage image = new BufferedImage(w, h, type);
		final Random random = new Random(seed);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				image.setRGB(x, y, random.nextInt());
		return image;
	}

	private static void assertSameRgb(final BufferedImage expected, final BufferedImage actual) {
		for (int y = 0; y < expected.getHeight(); y++)
			for (int x = 0; x < expected.getWidth(); x++)
				assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel " + x + "," + y);
	}

	private static byte[] bytes(final BufferedImage grey) {
		return ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
	}

	private static int chunks(final byte[] png, final String type) {
		final ByteBuffer b = ByteBuffer.wrap(png);
		b.position(8);
		int n = 0;
		while (b.remaining() >= 12) {
			final int length = b.getInt();
			final byte[] name = new byte[4];
			b.get(name);
			if (new String(name, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) n++;
			b.position(b.position() + length + 4);
		}
		return n;
	}
}
