package io.github.stripsteel.image;

import static io.github.stripsteel.image.TestImages.at;
import static io.github.stripsteel.image.TestImages.opencvGray;
import static io.github.stripsteel.image.TestImages.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.image.ImageDecoder.DecodedImage;
import io.github.stripsteel.testutil.SharedData;

class ImageDecoderTest {

	@TempDir
	Path dir;

	// -- Formats --

	@Test
	void paletteBmpGivesThePaletteGrey() throws IOException {
		final IndexColorModel icm = TestImages.colourPalette(7);
		final BufferedImage img = TestImages.palette(40, 30, icm);
		final Path file = TestImages.write(img, "bmp", dir.resolve("palette.bmp"));

		final DecodedImage d = ImageDecoder.read(file);
		assertEquals("BMP", d.format());
		assertEquals(8, d.bitDepth());
		assertEquals(1, d.channels());
		for (int y = 0; y < 30; y++)
			for (int x = 0; x < 40; x++) {
				final int i = img.getRaster().getSample(x, y, 0);
				assertEquals(opencvGray(icm.getRed(i), icm.getGreen(i), icm.getBlue(i)), at(d, x, y));
			}
	}

	@Test
	void realNeuPaletteBmp() throws IOException {
		final Path file = SharedData.dataset("neu-cls").resolve("crazing/Cr_1.bmp");
		final DecodedImage d = ImageDecoder.read(file);
		assertEquals("BMP", d.format());
		assertEquals(200, d.width());
		assertEquals(200, d.height());
		assertEquals(8, d.bitDepth());
		assertEquals(1, d.channels());
		assertEquals(200L * 200, d.gray().size());
		// Expected values straight from the file: a bottom-up 8-bit BMP with a palette.
		final ByteBuffer bmp = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		final int dataOffset = bmp.getInt(10);
		final int paletteOffset = 14 + bmp.getInt(14);
		for (int y = 0; y < 200; y++)
			for (int x = 0; x < 200; x++) {
				final int index = bmp.get(dataOffset + (199 - y) * 200 + x) & 0xFF;
				final int p = paletteOffset + 4 * index; // B, G, R, 0
				assertEquals(opencvGray(bmp.get(p + 2) & 0xFF, bmp.get(p + 1) & 0xFF, bmp.get(p) & 0xFF),
					at(d, x, y));
			}
	}

	@Test
	void onebitImageGives0And255() throws IOException {
		final BufferedImage img = new BufferedImage(16, 9, BufferedImage.TYPE_BYTE_BINARY);
		for (int x = 0; x < 16; x++)
			img.getRaster().setSample(x, 0, 0, x % 2);
		for (final String format : List.of("png", "bmp", "tiff", "gif")) {
			final DecodedImage d = ImageDecoder.read(TestImages.write(img, format, dir.resolve(
				"bits." + format)));
			assertEquals(1, d.bitDepth(), format);
			for (int x = 0; x < 16; x++)
				assertEquals(x % 2 == 0 ? 0 : 255, at(d, x, 0), format);
			assertEquals(0, at(d, 3, 5), format);
		}
	}

	@Test
	void gray8PngAndTiffAreUnchanged() throws IOException {
		final BufferedImage img = TestImages.gray8(33, 17, 42);
		final byte[] expected = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer())
			.getData();
		for (final String format : List.of("png", "tiff", "bmp")) {
			final DecodedImage d = ImageDecoder.read(TestImages.write(img, format, dir.resolve(
				"gray8." + format)));
			assertEquals(format.toUpperCase().replace("TIFF", "TIFF"), d.format());
			assertEquals(33, d.width());
			assertEquals(17, d.height());
			assertEquals(8, d.bitDepth());
			assertEquals(1, d.channels());
			assertArrayEquals(expected, pixels(d), format);
		}
	}

	@Test
	void gray16IsStretchedWithRint() throws IOException {
		// (v - 100) * 255 / 510 = (v - 100) / 2: ties at .5 round to even.
		final BufferedImage img = TestImages.gray16(10, 10, 355, 100, 101, 103, 355, 610, 200);
		for (final String format : List.of("png", "tiff")) {
			final DecodedImage d = ImageDecoder.read(TestImages.write(img, format, dir.resolve(
				"gray16." + format)));
			assertEquals(16, d.bitDepth(), format);
			assertEquals(1, d.channels(), format);
			final int[] first = new int[6];
			for (int i = 0; i < 6; i++)
				first[i] = pixels(d)[i] & 0xFF;
			assertArrayEquals(new int[] { 0, 0, 2, 128, 255, 50 }, first, format);
			assertEquals(128, at(d, 9, 9), format);
		}
	}

	@Test
	void constantNarrowGray16GivesZero() throws IOException {
		final DecodedImage d = ImageDecoder.read(TestImages.write(TestImages.gray16(12, 12, 4000),
			"png", dir.resolve("flat16.png")));
		assertArrayEquals(new byte[144], pixels(d));
	}

	@Test
	void fullRangeGray16IsDividedBy257() throws IOException {
		// max >= 4096: rint(v / 257), not stretched: 40000 -> 155.64 -> 156, 4096 -> 15.94 -> 16
		final DecodedImage d = ImageDecoder.read(TestImages.write(TestImages.gray16(12, 12, 40000,
			4096, 65535, 0, 128, 257 * 100), "png", dir.resolve("full16.png")));
		final int[] first = new int[5];
		for (int i = 0; i < 5; i++)
			first[i] = pixels(d)[i] & 0xFF;
		assertArrayEquals(new int[] { 16, 255, 0, 0, 100 }, first);
		assertEquals(156, at(d, 11, 11));
	}

	@Test
	void floatTiffIsStretched() throws IOException {
		final BufferedImage img = TestImages.float32(9, 8, 0f, -1f, 1f, 0f, -0.5f, 0.5f, 0.25f);
		final DecodedImage d = ImageDecoder.read(TestImages.write(img, "tiff", dir.resolve(
			"float.tif")));
		assertEquals("TIFF", d.format());
		assertEquals(32, d.bitDepth());
		// (v + 1) * 127.5: 0 -> 127.5 -> 128 (even), -0.5 -> 63.75, 0.5 -> 191.25, 0.25 -> 159.375
		final int[] first = new int[6];
		for (int i = 0; i < 6; i++)
			first[i] = pixels(d)[i] & 0xFF;
		assertArrayEquals(new int[] { 0, 255, 128, 64, 191, 159 }, first);
		assertEquals(128, at(d, 8, 7));
	}

	@Test
	void floatTiffWithNaNIsAnError() throws IOException {
		final Path file = TestImages.write(TestImages.float32(9, 9, 1f, 0f, Float.NaN), "tiff", dir
			.resolve("nan.tif"));
		final ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder
			.read(file));
		assertMessage(e, "nan.tif", "NaN");
	}

	@Test
	void rgbPngUsesOpenCvBgr2Gray() throws IOException {
		final int[][] rgb = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 255, 255, 255 },
			{ 10, 20, 30 }, { 200, 100, 50 }, { 0, 0, 0 }, { 1, 2, 3 } };
		final int[] expected = { 76, 150, 29, 255, 18, 124, 0, 2 };
		for (int i = 0; i < rgb.length; i++)
			assertEquals(expected[i], opencvGray(rgb[i][0], rgb[i][1], rgb[i][2]), "formula " + i);

		for (final int type : new int[] { BufferedImage.TYPE_3BYTE_BGR,
			BufferedImage.TYPE_INT_ARGB })
		{
			final BufferedImage img = new BufferedImage(8, 8, type);
			for (int i = 0; i < rgb.length; i++)
				img.setRGB(i, 0, (type == BufferedImage.TYPE_INT_ARGB ? 0x00 : 0xFF) << 24 |
					rgb[i][0] << 16 | rgb[i][1] << 8 | rgb[i][2]);
			final DecodedImage d = ImageDecoder.read(TestImages.write(img, "png", dir.resolve(
				"rgb" + type + ".png")));
			assertEquals(type == BufferedImage.TYPE_INT_ARGB ? 4 : 3, d.channels());
			assertEquals(8, d.bitDepth());
			for (int i = 0; i < rgb.length; i++)
				assertEquals(expected[i], at(d, i, 0), "pixel " + i + " of type " + type);
		}
	}

	@Test
	void rgb16PngUsesTheLumaWeightsThenTheStretch() throws IOException {
		final ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(
			ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
		final WritableRaster raster = cm.createCompatibleWritableRaster(8, 8);
		raster.setPixel(1, 0, new int[] { 65535, 65535, 65535 });
		raster.setPixel(2, 0, new int[] { 1000, 2000, 3000 });
		final DecodedImage d = ImageDecoder.read(TestImages.write(new BufferedImage(cm, raster,
			false, null), "png", dir.resolve("rgb16.png")));
		assertEquals(16, d.bitDepth());
		assertEquals(3, d.channels());
		// luma 0, 65535 and 1815 (fixed point); 1815 * 255 / 65535 = 7.06
		assertEquals(0, at(d, 0, 0));
		assertEquals(255, at(d, 1, 0));
		assertEquals(7, at(d, 2, 0));
	}

	@Test
	void rgbBmpAndTiff() throws IOException {
		final BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
		img.setRGB(0, 0, 0xC86432); // 200, 100, 50
		for (final String format : List.of("bmp", "tiff")) {
			final DecodedImage d = ImageDecoder.read(TestImages.write(img, format, dir.resolve(
				"rgb." + format)));
			assertEquals(3, d.channels(), format);
			assertEquals(124, at(d, 0, 0), format);
			assertEquals(0, at(d, 1, 0), format);
		}
	}

	@Test
	void gifIsReadThroughItsPalette() throws IOException {
		final IndexColorModel icm = TestImages.colourPalette(3);
		final BufferedImage img = TestImages.palette(20, 20, icm);
		final DecodedImage d = ImageDecoder.read(TestImages.write(img, "gif", dir.resolve("p.gif")));
		assertEquals("GIF", d.format());
		final BufferedImage ref = ImageIO.read(dir.resolve("p.gif").toFile());
		for (int y = 0; y < 20; y++)
			for (int x = 0; x < 20; x++) {
				final int c = ref.getRGB(x, y);
				assertEquals(opencvGray(c >> 16 & 0xFF, c >> 8 & 0xFF, c & 0xFF), at(d, x, y));
			}
	}

	@Test
	void jpegIsDecoded() throws IOException {
		final BufferedImage img = TestImages.gradient(64, 48);
		final DecodedImage d = ImageDecoder.read(TestImages.write(img, "jpeg", dir.resolve(
			"g.jpg")));
		assertEquals("JPEG", d.format());
		assertEquals(64, d.width());
		assertEquals(48, d.height());
		assertEquals(1, d.channels());
		assertNear(img, d, 12);
	}

	@Test
	void jpegNamedPngIsReadByContent() throws IOException {
		final BufferedImage img = TestImages.gradient(32, 32);
		final Path file = dir.resolve("lying.png");
		Files.write(file, TestImages.encode(img, "jpeg"));
		final DecodedImage d = ImageDecoder.read(file);
		assertEquals("JPEG", d.format());
		assertNear(img, d, 12);
	}

	@Test
	void realXsddImages() throws IOException {
		final Path xsdd = SharedData.dataset("x-sdd");
		// The README says some .png files hold JPEG data; use one if this copy has one, else a
		// real JPEG given a .png name (the same situation for the decoder).
		Path jpegPng;
		try (Stream<Path> files = Files.walk(xsdd)) {
			jpegPng = files.filter(p -> p.toString().endsWith(".png")).filter(
				ImageDecoderTest::isJpeg).findFirst().orElse(null);
		}
		if (jpegPng == null) {
			jpegPng = dir.resolve("2001 really jpeg.png");
			Files.copy(xsdd.resolve("red iron/2001.jpg"), jpegPng);
		}
		final DecodedImage j = ImageDecoder.read(jpegPng);
		assertEquals("JPEG", j.format());
		assertEquals(3, j.channels());
		assertEquals(128, j.height());

		// 3-channel grey PNG: R = G = B, so the grey is the red channel.
		final Path png = xsdd.resolve("finishing roll printing/6001.png");
		final DecodedImage p = ImageDecoder.read(png);
		assertEquals("PNG", p.format());
		assertEquals(3, p.channels());
		final BufferedImage ref = ImageIO.read(png.toFile());
		for (int y = 0; y < p.height(); y++)
			for (int x = 0; x < p.width(); x++)
				assertEquals(ref.getRGB(x, y) >> 16 & 0xFF, at(p, x, y));

		final DecodedImage odd = ImageDecoder.read(xsdd.resolve("iron sheet ash/3048.jpg"));
		assertEquals(122, odd.width());
		assertEquals(128, odd.height());
		assertEquals(122L * 128, odd.gray().size());
	}

	// -- Errors --

	@Test
	void emptyFile() throws IOException {
		final Path file = Files.createFile(dir.resolve("Cr_1.bmp"));
		assertMessage(error(file), "Cr_1.bmp", "empty file (0 bytes); re-export the image");
	}

	@Test
	void textNamedPng() throws IOException {
		final Path file = TestImages.text(dir.resolve("x.png"), "hello world\n");
		final ImageDecodeException e = error(file);
		assertMessage(e, "x.png", "not an image (content is text, starts with 'hello world')");
		assertTrue(e.getMessage().endsWith("supported: PNG, JPEG, BMP, TIFF, GIF"), e.getMessage());
	}

	@Test
	void unknownBinary() throws IOException {
		final Path file = Files.write(dir.resolve("blob.jpg"), new byte[] { 0, 1, 2, 3, 4, 5 });
		assertMessage(error(file), "blob.jpg", "unknown, starts with bytes 00 01 02 03");
	}

	@Test
	void truncatedJpeg() throws IOException {
		final byte[] jpeg = TestImages.encode(TestImages.gray8(64, 64, 1), "jpeg");
		final Path file = Files.write(dir.resolve("y.jpg"), Arrays.copyOf(jpeg, jpeg.length * 6 /
			10));
		assertMessage(error(file), "y.jpg", "truncated or corrupt JPEG");
		assertTrue(error(file).getMessage().endsWith("re-export or remove it"));

		// Only the end-of-image marker missing: still an error.
		final Path noEoi = Files.write(dir.resolve("no eoi.jpg"), Arrays.copyOf(jpeg, jpeg.length -
			2));
		assertMessage(error(noEoi), "no eoi.jpg", "truncated or corrupt JPEG");

		// A few bytes of padding after the marker are harmless.
		final Path padded = Files.write(dir.resolve("padded.jpg"), Arrays.copyOf(jpeg, jpeg.length +
			10));
		assertEquals(64, ImageDecoder.read(padded).width());
	}

	@Test
	void truncatedPng() throws IOException {
		final byte[] png = TestImages.encode(TestImages.gray8(64, 64, 1), "png");
		final Path file = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
		assertMessage(error(file), "cut.png", "truncated or corrupt PNG");
	}

	@Test
	void tooSmall() throws IOException {
		final Path file = TestImages.write(TestImages.gray8(1, 1, 0), "png", dir.resolve(
			"tiny.png"));
		assertMessage(error(file), "tiny.png",
			"1x1 pixels is too small to classify (at least 8x8)");
		final Path thin = TestImages.write(TestImages.gray8(200, 7, 0), "png", dir.resolve(
			"thin.png"));
		assertMessage(error(thin), "thin.png", "200x7 pixels is too small");
	}

	@Test
	void hugeImageFailsFastFromItsHeader() throws IOException {
		final Path file = Files.write(dir.resolve("big.png"), TestImages.pngHeaderOnly(20000,
			20000));
		assertTrue(Files.size(file) < 100);
		final ImageDecodeException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
			() -> error(file));
		assertMessage(e, "big.png",
			"20000x20000 = 381 Mpx exceeds the limit of 256 Mpx; crop or downscale it first");
	}

	@Test
	void customPixelLimit() throws IOException {
		final Path file = TestImages.write(TestImages.gray8(100, 100, 0), "png", dir.resolve(
			"p.png"));
		final ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder
			.read(file, 9999));
		assertMessage(e, "p.png", "100x100 = 10000 pixels exceeds the limit of 9999 pixels");
		assertEquals(10000L, ImageDecoder.read(file, 10000).gray().size());
	}

	@Test
	void missingFile() {
		assertMessage(error(dir.resolve("gone.png")), "gone.png", "no such file; check the path");
	}

	@Test
	void directory() throws IOException {
		final Path folder = Files.createDirectory(dir.resolve("a folder.png"));
		assertMessage(error(folder), "a folder.png", "is a folder, not an image file");
	}

	@Test
	void unreadableFile() throws IOException {
		final Path file = TestImages.write(TestImages.gray8(10, 10, 0), "png", dir.resolve(
			"locked.png"));
		// Skipped where permissions are not enforced (e.g. running as root).
		Assumptions.assumeTrue(file.toFile().setReadable(false) && !Files.isReadable(file),
			"file permissions are not enforced here");
		try {
			assertMessage(error(file), "locked.png", "permission denied");
		}
		finally {
			file.toFile().setReadable(true);
		}
	}

	// -- Helper methods --

	private static ImageDecodeException error(final Path file) {
		return assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(file));
	}

	private static void assertMessage(final ImageDecodeException e, final String fileName,
		final String part)
	{
		final String m = e.getMessage();
		assertTrue(m.contains(fileName + ": "), "message should name " + fileName + ": " + m);
		assertTrue(m.contains(part), "message should say '" + part + "': " + m);
		assertTrue(!m.contains("\n"), "one line: " + m);
		assertEquals(fileName, e.file().getFileName().toString());
	}

	private static void assertNear(final BufferedImage expected, final DecodedImage d,
		final int tolerance)
	{
		for (int y = 0; y < d.height(); y++)
			for (int x = 0; x < d.width(); x++) {
				final int e = expected.getRaster().getSample(x, y, 0);
				assertTrue(Math.abs(e - at(d, x, y)) <= tolerance, "pixel " + x + "," + y + ": " + e +
					" vs " + at(d, x, y));
			}
	}

	private static boolean isJpeg(final Path file) {
		try (var in = Files.newInputStream(file)) {
			final byte[] b = in.readNBytes(3);
			return b.length == 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
		}
		catch (final IOException e) {
			return false;
		}
	}
}
