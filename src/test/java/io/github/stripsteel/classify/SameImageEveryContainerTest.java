package io.github.stripsteel.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.ImageDecoder.DecodedImage;
import io.github.stripsteel.testutil.TestModels;

/**
 * One grey image saved as 8-bit PNG, 16-bit TIFF (values x 257), palette BMP, RGB PNG and GIF
 * decodes to the same pixels and gets the same class and probabilities from the shipped model.
 */
class SameImageEveryContainerTest {

	@TempDir
	Path dir;

	@Test
	void samePixelsSameClass() throws IOException {
		final DecodedImage original = ImageDecoder.read(TestModels.projectDir().resolve(
			"sample-images/neu-cls/crazing/Cr_1.bmp"));
		final int w = original.width(), h = original.height();
		final byte[] grey = original.gray().update(null).getCurrentStorageArray().clone();

		final Map<String, Path> files = new LinkedHashMap<>();
		files.put("8-bit PNG", write(gray8(grey, w, h), "png", "grey8.png"));
		files.put("16-bit TIFF", write(gray16x257(grey, w, h), "tiff", "grey16.tif"));
		files.put("palette BMP", write(palette(grey, w, h), "bmp", "palette.bmp"));
		files.put("RGB PNG", write(rgb(grey, w, h), "png", "rgb.png"));
		files.put("GIF", write(palette(grey, w, h), "gif", "grey.gif"));

		try (StripClassifier classifier = StripClassifier.open(TestModels.projectDir().resolve(
			"models/neu-cls"), DeviceChoice.CPU))
		{
			final Prediction expected = classifier.classify(original.gray());
			for (final Map.Entry<String, Path> e : files.entrySet()) {
				final DecodedImage d = ImageDecoder.read(e.getValue());
				assertArrayEquals(grey, d.gray().update(null).getCurrentStorageArray(), e.getKey() +
					" (" + d.format() + ", " + d.bitDepth() + "-bit x" + d.channels() + ")");
				final Prediction p = classifier.classify(d.gray());
				assertEquals(expected.className(), p.className(), e.getKey());
				assertArrayEquals(expected.probabilities(), p.probabilities(), e.getKey());
			}
			// the containers are what their names say
			assertEquals(16, ImageDecoder.read(files.get("16-bit TIFF")).bitDepth());
			assertEquals("BMP", ImageDecoder.read(files.get("palette BMP")).format());
			assertTrue(ImageDecoder.read(files.get("RGB PNG")).channels() >= 3);
			assertEquals("GIF", ImageDecoder.read(files.get("GIF")).format());
		}
	}

	// -- Helper methods --

	private Path write(final BufferedImage img, final String format, final String name)
		throws IOException
	{
		final Path file = dir.resolve(name);
		if (!ImageIO.write(img, format, file.toFile())) throw new IOException("no " + format +
			" writer for " + img.getType());
		return file;
	}

	private static BufferedImage gray8(final byte[] grey, final int w, final int h) {
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		img.getRaster().setDataElements(0, 0, w, h, grey);
		return img;
	}

	private static BufferedImage gray16x257(final byte[] grey, final int w, final int h) {
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
		final short[] v = new short[grey.length];
		for (int i = 0; i < v.length; i++)
			v[i] = (short) ((grey[i] & 0xff) * 257);
		img.getRaster().setDataElements(0, 0, w, h, v);
		return img;
	}

	/** A 256-entry grey palette, so that each index is its grey value. */
	private static BufferedImage palette(final byte[] grey, final int w, final int h) {
		final byte[] ramp = new byte[256];
		for (int i = 0; i < 256; i++)
			ramp[i] = (byte) i;
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED,
			new IndexColorModel(8, 256, ramp, ramp, ramp));
		final WritableRaster r = img.getRaster();
		r.setDataElements(0, 0, w, h, grey);
		return img;
	}

	private static BufferedImage rgb(final byte[] grey, final int w, final int h) {
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int g = grey[y * w + x] & 0xff;
				img.setRGB(x, y, g << 16 | g << 8 | g);
			}
		return img;
	}
}
