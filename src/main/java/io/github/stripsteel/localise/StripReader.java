package io.github.stripsteel.localise;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

import io.github.stripsteel.image.ImageDecodeException;
import io.github.stripsteel.image.ImageDecoder;

/**
 * Reads a large image in horizontal bands, so that memory follows the band, not the image. Images
 * with at most 8 bits a sample are read band by band through the format's reader with a source
 * region: BMP and TIFF seek to the band's rows; PNG, JPEG and GIF decode the rows above the band
 * again for every band (memory stays bounded, time grows with the number of bands). Deeper images
 * (16-bit, float) are decoded whole, because their grey conversion stretches between the image's
 * own minimum and maximum; their memory follows the image.
 */
public final class StripReader implements AutoCloseable {

	private final Path file;
	private final int width, height;
	private final ImageReader reader;
	private final ImageInputStream stream;
	private final byte[] whole;

	private StripReader(final Path file, final int width, final int height,
		final ImageReader reader, final ImageInputStream stream, final byte[] whole)
	{
		this.file = file;
		this.width = width;
		this.height = height;
		this.reader = reader;
		this.stream = stream;
		this.whole = whole;
	}

	/**
	 * Opens an image for band reading; only its header is read here.
	 *
	 * @throws ImageDecodeException naming the file when it is not a readable image
	 */
	public static StripReader open(final Path file) throws IOException {
		final byte[] head = new byte[16];
		final int n;
		try (InputStream in = Files.newInputStream(file)) {
			n = in.readNBytes(head, 0, head.length);
		}
		catch (final IOException e) {
			throw new ImageDecodeException(file, "cannot read the file (" + e.getMessage() + ")", e);
		}
		final String format = ImageDecoder.sniff(java.util.Arrays.copyOf(head, n));
		if (format == null) throw new ImageDecodeException(file, "not an image; supported: " +
			ImageDecoder.SUPPORTED);
		final Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
		if (!readers.hasNext()) throw new ImageDecodeException(file, "no " + format +
			" reader in this Java runtime");
		final ImageReader reader = readers.next();
		final ImageInputStream stream = ImageIO.createImageInputStream(file.toFile());
		try {
			reader.setInput(stream, false, true);
			final int w = reader.getWidth(0), h = reader.getHeight(0);
			final ImageTypeSpecifier type = reader.getRawImageType(0);
			final boolean deep = type != null && type.getColorModel().getComponentSize(0) > 8;
			if (!deep) return new StripReader(file, w, h, reader, stream, null);
			reader.dispose();
			stream.close();
			final ImageDecoder.DecodedImage img = ImageDecoder.read(file);
			return new StripReader(file, w, h, null, null, img.gray().update(null)
				.getCurrentStorageArray());
		}
		catch (final IOException | RuntimeException e) {
			reader.dispose();
			stream.close();
			if (e instanceof ImageDecodeException ide) throw ide;
			throw new ImageDecodeException(file, "truncated or corrupt " + format + " (" + e
				.getMessage() + ")", e);
		}
	}

	public Path file() {
		return file;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Whether bands are read from the file (true) or cut from the whole decoded image. */
	public boolean banded() {
		return whole == null;
	}

	/** Rows {@code y .. y + rows - 1} as 8-bit grey, {@code width * rows} bytes. */
	public byte[] band(final int y, final int rows) throws IOException {
		if (y < 0 || rows < 1 || y + rows > height) throw new IllegalArgumentException("band " + y +
			"+" + rows + " outside " + file + " (" + height + " rows)");
		if (whole != null) {
			final byte[] out = new byte[width * rows];
			System.arraycopy(whole, y * width, out, 0, out.length);
			return out;
		}
		final ImageReadParam param = reader.getDefaultReadParam();
		param.setSourceRegion(new Rectangle(0, y, width, rows));
		final BufferedImage band;
		try {
			band = reader.read(0, param);
		}
		catch (final IOException | RuntimeException e) {
			throw new ImageDecodeException(file, "truncated or corrupt image at rows " + y + ".." + (y +
				rows - 1) + " (" + e.getMessage() + ")", e);
		}
		return ImageDecoder.toGray(file, band);
	}

	@Override
	public void close() throws IOException {
		if (reader != null) reader.dispose();
		if (stream != null) stream.close();
	}
}
