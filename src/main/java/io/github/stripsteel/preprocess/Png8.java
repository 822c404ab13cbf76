package io.github.stripsteel.preprocess;

import io.github.stripsteel.image.ImageDecoder;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.imageio.ImageIO;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Minimal 8-bit image reading and PNG writing for the {@code preprocess} command (javax.imageio).
 * Colour images become gray with OpenCV's {@code cvtColor(BGR2GRAY)} fixed-point rule.
 */
final class Png8 {

	private Png8() {}

	/** Reads an 8-bit gray, palette or RGB(A) image as 8-bit gray. */
	static ArrayImg<UnsignedByteType, ByteArray> read(final Path file) throws IOException {
		final BufferedImage img;
		try {
			img = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
		}
		catch (final IOException | RuntimeException e) {
			throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
		}
		if (img == null) throw new IOException(Files.isRegularFile(file) ? "cannot read image " + file +
			": not a supported image format" : "cannot read image " + file + ": no such file");
		final int w = img.getWidth(), h = img.getHeight();
		final Raster raster = img.getRaster();
		final ColorModel cm = img.getColorModel();
		final byte[] data = new byte[w * h];
		final int[] row = new int[w];
		if (cm instanceof IndexColorModel) {
			final IndexColorModel icm = (IndexColorModel) cm;
			final int[] lut = new int[icm.getMapSize()];
			for (int i = 0; i < lut.length; i++) {
				final int r = icm.getRed(i), g = icm.getGreen(i), b = icm.getBlue(i);
				lut[i] = r == g && g == b ? r : ImageDecoder.luma(r, g, b);
			}
			for (int y = 0; y < h; y++) {
				raster.getSamples(0, y, w, 1, 0, row);
				for (int x = 0; x < w; x++)
					data[y * w + x] = (byte) lut[row[x]];
			}
		}
		else {
			for (int band = 0; band < raster.getNumBands(); band++)
				if (raster.getSampleModel().getSampleSize(band) != 8) throw new IOException("cannot read image " + file +
					": only 8-bit images are supported (this one has " + raster.getSampleModel().getSampleSize(band) +
					" bits per sample)");
			if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
				for (int y = 0; y < h; y++) {
					raster.getSamples(0, y, w, 1, 0, row);
					for (int x = 0; x < w; x++)
						data[y * w + x] = (byte) row[x];
				}
			}
			else if (cm.getColorSpace().getType() == ColorSpace.TYPE_RGB && raster.getNumBands() >= 3) {
				final int[] gr = new int[w], bl = new int[w];
				for (int y = 0; y < h; y++) {
					raster.getSamples(0, y, w, 1, 0, row);
					raster.getSamples(0, y, w, 1, 1, gr);
					raster.getSamples(0, y, w, 1, 2, bl);
					for (int x = 0; x < w; x++)
						data[y * w + x] = (byte) ImageDecoder.luma(row[x], gr[x], bl[x]);
				}
			}
			else throw new IOException("cannot read image " + file + ": unsupported colour model");
		}
		return Images.wrap(data, w, h);
	}

	/** Writes an 8-bit gray PNG atomically: a temporary file in the same folder, then a rename. */
	static void write(final ArrayImg<UnsignedByteType, ByteArray> img, final Path file) throws IOException {
		final int w = Images.width(img), h = Images.height(img);
		final BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		out.getRaster().setDataElements(0, 0, w, h, Images.bytes(img));
		final Path abs = file.toAbsolutePath();
		final Path dir = abs.getParent();
		if (dir != null && !Files.isDirectory(dir)) throw new IOException("cannot write " + file +
			": folder does not exist");
		final Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
		try {
			if (!ImageIO.write(out, "png", tmp.toFile())) throw new IOException("cannot write " + file +
				": no PNG writer");
			try {
				Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}
}
