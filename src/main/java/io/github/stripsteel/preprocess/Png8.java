package io.github.stripsteel.preprocess;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import io.github.stripsteel.image.GrayConversion;
import io.github.stripsteel.util.PngFiles;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Minimal image reading (javax.imageio) and 8-bit PNG writing ({@link PngFiles}) for the
 * {@code preprocess} command.
 * Pixels become grey by {@link GrayConversion}, as in the classifier's decoder (colour by OpenCV's
 * {@code cvtColor(BGR2GRAY)} fixed-point rule); unlike the decoder it takes images of any size.
 */
public final class Png8 {

	private Png8() {}

	/** Reads an image (grey, palette, RGB(A), 8 or 16 bits) as 8-bit grey. */
	public static ArrayImg<UnsignedByteType, ByteArray> read(final Path file) throws IOException {
		final BufferedImage img;
		try {
			img = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
		}
		catch (final IOException | RuntimeException e) {
			throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
		}
		if (img == null) throw new IOException(Files.isRegularFile(file) ? "cannot read image " + file +
			": not a supported image format" : "cannot read image " + file + ": no such file");
		final byte[] data;
		try {
			data = GrayConversion.toGray(img);
		}
		catch (final IllegalArgumentException e) {
			throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
		}
		final int w = img.getWidth(), h = img.getHeight();
		return Images.wrap(data, w, h);
	}

	/** Writes an 8-bit grey PNG atomically: a temporary file in the same folder, then a rename. */
	public static void write(final ArrayImg<UnsignedByteType, ByteArray> img, final Path file) throws IOException {
		final Path dir = file.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir)) throw new IOException("cannot write " + file +
			": folder does not exist");
		PngFiles.writeGray(Images.bytes(img), Images.width(img), Images.height(img), file);
	}
}
