package io.github.stripsteel.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import io.github.stripsteel.image.ImageDecoder.DecodedImage;

/** Deterministic test images, written at test time (no binary fixtures in the repository). */
final class TestImages {

	private TestImages() {}


	static byte[] pixels(final DecodedImage d) {
		return d.gray().update(null).getCurrentStorageArray();
	}

	static int at(final DecodedImage d, final int x, final int y) {
		return pixels(d)[y * d.width() + x] & 0xFF;
	}

	/** An 8-bit grey image with deterministic random values. */
	static BufferedImage gray8(final int w, final int h, final long seed) {
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		final Random r = new Random(seed);
		final WritableRaster raster = img.getRaster();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				raster.setSample(x, y, 0, r.nextInt(256));
		return img;
	}

	/** A smooth 8-bit grey image (JPEG keeps it close). */
	static BufferedImage gradient(final int w, final int h) {
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				img.getRaster().setSample(x, y, 0, Math.min(255, x * 2 + y * 2));
		return img;
	}

	/** A 16-bit grey image filled with {@code fill}, the given values in its first pixels. */
	static BufferedImage gray16(final int w, final int h, final int fill, final int... first) {
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
		final WritableRaster raster = img.getRaster();
		for (int i = 0; i < w * h; i++)
			raster.setSample(i % w, i / w, 0, i < first.length ? first[i] : fill);
		return img;
	}

	/** A 32-bit float grey image filled with {@code fill}, the given values in its first pixels. */
	static BufferedImage float32(final int w, final int h, final float fill, final float... first) {
		final ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(
			ColorSpace.CS_GRAY), false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
		final WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
		for (int i = 0; i < w * h; i++)
			raster.setSample(i % w, i / w, 0, i < first.length ? first[i] : fill);
		return new BufferedImage(cm, raster, false, null);
	}

	/** An 8-bit palette image whose palette holds colours, with index (x + y) % 256. */
	static BufferedImage palette(final int w, final int h, final IndexColorModel icm) {
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, icm);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				img.getRaster().setSample(x, y, 0, (x + 7 * y) % icm.getMapSize());
		return img;
	}

	/** A 256-entry palette of deterministic random colours. */
	static IndexColorModel colourPalette(final long seed) {
		final byte[] r = new byte[256];
		final byte[] g = new byte[256];
		final byte[] b = new byte[256];
		final Random random = new Random(seed);
		random.nextBytes(r);
		random.nextBytes(g);
		random.nextBytes(b);
		return new IndexColorModel(8, 256, r, g, b);
	}

	static Path write(final BufferedImage img, final String format, final Path file)
		throws IOException
	{
		if (!ImageIO.write(img, format, file.toFile())) throw new IOException("no " + format +
			" writer for this image type");
		return file;
	}

	static byte[] encode(final BufferedImage img, final String format) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (!ImageIO.write(img, format, out)) throw new IOException("no " + format + " writer");
		return out.toByteArray();
	}

	/**
	 * A tiny PNG whose header declares {@code width x height} 8-bit grey pixels but whose data is
	 * a few bytes: a reader that allocates before checking would need {@code width * height} bytes.
	 */
	static byte[] pngHeaderOnly(final int width, final int height) {
		final ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
			.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
		chunk(out, "IHDR", ihdr.array());
		chunk(out, "IDAT", new byte[] { 0x78, (byte) 0x9C, 0x03, 0x00 });
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	static Path text(final Path file, final String content) throws IOException {
		return Files.writeString(file, content, StandardCharsets.UTF_8);
	}

	/** OpenCV's fixed-point BGR2GRAY, written out independently of the decoder. */
	static int opencvGray(final int r, final int g, final int b) {
		return (int) ((r * 4899L + g * 9617L + b * 1868L + 8192L) / 16384L);
	}

	// -- Helper methods --

	private static void chunk(final ByteArrayOutputStream out, final String type,
		final byte[] data)
	{
		final byte[] t = type.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		out.writeBytes(t);
		out.writeBytes(data);
		final CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}
}
