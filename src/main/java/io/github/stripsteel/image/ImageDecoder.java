package io.github.stripsteel.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import net.imglib2.img.array.ArrayImgs;

/** Interim decoder (javax.imageio, 8-bit grey); replaced by the content-sniffing decoder. */
public final class ImageDecoder {

	private ImageDecoder() {}

	public static DecodedImage read(final Path file) throws ImageDecodeException {
		final BufferedImage img;
		try {
			img = ImageIO.read(file.toFile());
		}
		catch (final IOException e) {
			throw new ImageDecodeException(file.getFileName() + ": " + e.getMessage());
		}
		if (img == null) throw new ImageDecodeException(file.getFileName() + ": not an image");
		final int w = img.getWidth(), h = img.getHeight();
		final byte[] px = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int rgb = img.getRGB(x, y);
				final int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
				px[y * w + x] = (byte) (r * 4899 + g * 9617 + b * 1868 + 8192 >> 14);
			}
		return new DecodedImage(file, "?", w, h, 8, 1, ArrayImgs.unsignedBytes(px, w, h));
	}
}
