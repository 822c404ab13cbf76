package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** Loading reference images and comparing results (the shared ones: {@code SharedData}). */
public final class TestImages {

	private TestImages() {}

	static Path extraReference() {
		final String project = System.getProperty("project.dir", ".");
		return Path.of(project, "src", "test", "resources", "opencv");
	}

	public static ArrayImg<UnsignedByteType, ByteArray> read8(final Path file) throws IOException {
		final BufferedImage img = ImageIO.read(file.toFile());
		if (img == null) throw new IOException("cannot read " + file);
		final Raster r = img.getRaster();
		final int w = img.getWidth(), h = img.getHeight();
		final byte[] data = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				data[y * w + x] = (byte) r.getSample(x, y, 0);
		return Images.wrap(data, w, h);
	}

	/** A 16-bit PNG as ints. */
	static int[] read16(final Path file, final int[] size) throws IOException {
		final BufferedImage img = ImageIO.read(file.toFile());
		final Raster r = img.getRaster();
		final int w = img.getWidth(), h = img.getHeight();
		size[0] = w;
		size[1] = h;
		final int[] data = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				data[y * w + x] = r.getSample(x, y, 0);
		return data;
	}

	/** A 32-bit float TIFF (opened with ImageJ 1). */
	static ArrayImg<FloatType, FloatArray> readFloat(final Path file) {
		final ij.ImagePlus imp = ij.IJ.openImage(file.toString());
		if (imp == null) fail("cannot open " + file);
		final float[] px = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
		return Images.wrap(px.clone(), imp.getWidth(), imp.getHeight());
	}

	static boolean exists(final Path file) {
		return Files.isRegularFile(file);
	}

	public static void assertSameBytes(final ArrayImg<UnsignedByteType, ByteArray> expected,
		final ArrayImg<UnsignedByteType, ByteArray> actual, final String what)
	{
		final int w = Images.width(expected), h = Images.height(expected);
		assertEquals(w, Images.width(actual), what + ": width");
		assertEquals(h, Images.height(actual), what + ": height");
		final byte[] e = Images.bytes(expected), a = Images.bytes(actual);
		int diff = 0, first = -1;
		for (int i = 0; i < e.length; i++) {
			if (e[i] != a[i]) {
				if (first < 0) first = i;
				diff++;
			}
		}
		if (diff > 0) fail(what + ": " + diff + " of " + e.length + " pixels differ; first at x=" + first % w +
			" y=" + first / w + ": expected " + (e[first] & 0xff) + " got " + (a[first] & 0xff));
	}

	static void assertClose(final float[] expected, final float[] actual, final double tolerance,
		final String what)
	{
		assertEquals(expected.length, actual.length, what + ": size");
		double worst = 0;
		int at = -1;
		for (int i = 0; i < expected.length; i++) {
			final double d = Math.abs(expected[i] - actual[i]);
			if (!(d <= worst)) {
				worst = d;
				at = i;
			}
		}
		if (worst > tolerance) fail(what + ": max difference " + worst + " at index " + at + " > " + tolerance);
	}
}
