package io.github.stripsteel.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Reads an image file into one 8-bit grey channel, recognising the format by the file's content
 * (magic bytes), never by its extension: a {@code .png} file that holds JPEG data is read as JPEG.
 * <p>
 * Supported formats: PNG, JPEG, BMP, TIFF, GIF (the first image of a multi-image file). Pixels
 * become grey by {@link GrayConversion} (the rules are there and in docs/INPUT.md).
 * </p>
 * <p>
 * The image size is read from the header before any pixel is decoded, so an image over the pixel
 * limit fails fast without allocating its pixels. Images smaller than {@link #MIN_SIDE} pixels on a
 * side are refused. A JPEG that is cut short is an error (the JDK's reader would otherwise fill the
 * missing part with grey).
 * </p>
 */
public final class ImageDecoder {

	/** The default pixel limit, 256 Mpx (1 Mpx = 2<sup>20</sup> pixels). */
	public static final long DEFAULT_MAX_PIXELS = 256L << 20;

	/** The smallest accepted width and height, in pixels. */
	public static final int MIN_SIDE = 8;

	/** The formats named in error messages. */
	public static final String SUPPORTED = "PNG, JPEG, BMP, TIFF, GIF";

	private static final int SNIFF_BYTES = 16;
	private static final int EOI_SEARCH_BYTES = 64;

	private ImageDecoder() {}

	/**
	 * The result of {@link ImageDecoder#read}.
	 *
	 * @param file the file as given
	 * @param format the format found in the content: {@code PNG}, {@code JPEG}, {@code BMP},
	 *          {@code TIFF} or {@code GIF}
	 * @param width image width in pixels
	 * @param height image height in pixels
	 * @param bitDepth bits per sample in the file (for palette images: bits per index, e.g. 8 for a
	 *          256-colour BMP, 1 for black and white)
	 * @param channels samples per pixel in the file: 1 for grey and palette images, 2 for grey +
	 *          alpha, 3 for RGB (also when R = G = B), 4 for RGBA
	 * @param gray the image as one 8-bit grey channel, {@code width x height}
	 */
	public record DecodedImage(Path file, String format, int width, int height, int bitDepth,
		int channels, ArrayImg<UnsignedByteType, ByteArray> gray)
	{}

	/**
	 * Reads an image with the {@link #DEFAULT_MAX_PIXELS default pixel limit}.
	 *
	 * @throws ImageDecodeException when the file is missing, unreadable, a folder, empty, not a
	 *           supported image, corrupt or truncated, too small or too large; the message names the
	 *           file and the fix
	 */
	public static DecodedImage read(final Path file) throws ImageDecodeException {
		return read(file, DEFAULT_MAX_PIXELS);
	}

	/**
	 * Reads an image and converts it to one 8-bit grey channel (see the class description for the
	 * rules).
	 *
	 * @param maxPixels the largest accepted {@code width * height}; checked on the header, before
	 *          decoding
	 * @throws ImageDecodeException when the file is missing, unreadable, a folder, empty, not a
	 *           supported image, corrupt or truncated, too small or too large; the message names the
	 *           file and the fix
	 */
	public static DecodedImage read(final Path file, final long maxPixels)
		throws ImageDecodeException
	{
		final byte[] head = readHead(file);
		return decode(file, head, () -> open(file), () -> readTail(file), maxPixels);
	}

	/**
	 * Decodes an image whose encoded bytes are already in memory (e.g. a file read by a distributed
	 * job), with the same rules and messages as {@link #read(Path, long)}.
	 *
	 * @param name the file the bytes came from; named in error messages and in the result
	 * @throws ImageDecodeException when the bytes are empty, not a supported image, corrupt or
	 *           truncated, too small or too large; the message names the file and the fix
	 */
	public static DecodedImage decode(final Path name, final byte[] content, final long maxPixels)
		throws ImageDecodeException
	{
		if (content.length == 0) throw new ImageDecodeException(name,
			"empty file (0 bytes); re-export the image");
		final byte[] head = Arrays.copyOf(content, Math.min(content.length, SNIFF_BYTES));
		final byte[] tail = Arrays.copyOfRange(content, Math.max(0, content.length -
			EOI_SEARCH_BYTES), content.length);
		return decode(name, head, () -> new MemoryCacheImageInputStream(new ByteArrayInputStream(
			content)), () -> tail, maxPixels);
	}

	/** Where the encoded bytes come from: a file, or memory. */
	@FunctionalInterface
	private interface Bytes<T> {

		T get() throws IOException;
	}

	private static DecodedImage decode(final Path file, final byte[] head,
		final Bytes<ImageInputStream> stream, final Bytes<byte[]> tail, final long maxPixels)
		throws ImageDecodeException
	{
		final String format = sniff(head);
		if (format == null) throw new ImageDecodeException(file, "not an image (content is " +
			describe(head) + "); supported: " + SUPPORTED);

		final ImageReader reader = readerFor(file, format);
		final List<String> warnings = new ArrayList<>();
		try (ImageInputStream in = stream.get()) {
			// Not seek-forward-only: TIFF readers jump back and forth between directory and strips.
			reader.setInput(in, false, true);
			reader.addIIOReadWarningListener(new WarningCollector(warnings));
			final int width;
			final int height;
			try {
				width = reader.getWidth(0);
				height = reader.getHeight(0);
			}
			catch (final IOException | RuntimeException e) {
				throw corrupt(file, format, e);
			}
			checkSize(file, width, height, maxPixels);

			final BufferedImage image;
			try {
				image = reader.read(0);
			}
			catch (final IOException | RuntimeException e) {
				throw corrupt(file, format, e);
			}
			if (format.equals("JPEG")) checkJpegComplete(file, warnings, tail.get());
			final ColorModel cm = image.getColorModel();
			final byte[] gray = toGray(file, image);
			return new DecodedImage(file, format, image.getWidth(), image.getHeight(), bitDepth(cm),
				channels(cm), ArrayImgs.unsignedBytes(gray, image.getWidth(), image.getHeight()));
		}
		catch (final ImageDecodeException e) {
			throw e;
		}
		catch (final IOException e) {
			throw new ImageDecodeException(file, "cannot read the file (" + oneLine(e) +
				"); check that it is readable", e);
		}
		finally {
			reader.dispose();
		}
	}

	/**
	 * The format that the first bytes of an image file show: {@code PNG}, {@code JPEG}, {@code BMP},
	 * {@code TIFF}, {@code GIF}, or {@code null} for anything else.
	 */
	public static String sniff(final byte[] head) {
		if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "PNG";
		if (startsWith(head, 0xFF, 0xD8, 0xFF)) return "JPEG";
		if (startsWith(head, 'B', 'M')) return "BMP";
		if (startsWith(head, 'I', 'I', 42, 0) || startsWith(head, 'M', 'M', 0, 42)) return "TIFF";
		if (startsWith(head, 'G', 'I', 'F', '8', '7', 'a') ||
			startsWith(head, 'G', 'I', 'F', '8', '9', 'a')) return "GIF";
		return null;
	}

	// -- Helper methods --

	/** Checks that the file is a readable, non-empty regular file and returns its first bytes. */
	private static byte[] readHead(final Path file) throws ImageDecodeException {
		if (Files.isDirectory(file)) throw new ImageDecodeException(file,
			"is a folder, not an image file; give the image files inside it");
		if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) throw new ImageDecodeException(file,
			"no such file; check the path");
		if (!Files.exists(file)) throw new ImageDecodeException(file,
			"broken link (its target does not exist); fix or remove the link");
		if (!Files.isRegularFile(file)) throw new ImageDecodeException(file,
			"not a regular file; give an image file");
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] head = in.readNBytes(SNIFF_BYTES);
			if (head.length == 0) throw new ImageDecodeException(file,
				"empty file (0 bytes); re-export the image");
			return head;
		}
		catch (final AccessDeniedException e) {
			throw new ImageDecodeException(file,
				"permission denied; make the file readable (chmod +r) or copy it", e);
		}
		catch (final ImageDecodeException e) {
			throw e;
		}
		catch (final IOException e) {
			throw new ImageDecodeException(file, "cannot read the file (" + oneLine(e) +
				"); check that it is readable", e);
		}
	}

	private static ImageReader readerFor(final Path file, final String format)
		throws ImageDecodeException
	{
		// Prefer the JDK's own reader, so that Fiji (which may register more readers) and the CLI
		// decode alike.
		final Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
		ImageReader chosen = null;
		while (readers.hasNext()) {
			final ImageReader r = readers.next();
			if (chosen == null || r.getClass().getName().startsWith("com.sun.imageio.") && !chosen
				.getClass().getName().startsWith("com.sun.imageio.")) chosen = r;
		}
		if (chosen == null) throw new ImageDecodeException(file, "no " + format +
			" reader in this Java runtime; convert the image to PNG");
		return chosen;
	}

	/** A random-access stream on the file; a memory-cached one for non-default file systems. */
	private static ImageInputStream open(final Path file) throws IOException {
		try {
			return new FileImageInputStream(file.toFile());
		}
		catch (final UnsupportedOperationException e) {
			return new MemoryCacheImageInputStream(Files.newInputStream(file));
		}
	}

	private static void checkSize(final Path file, final int width, final int height,
		final long maxPixels) throws ImageDecodeException
	{
		if (width < MIN_SIDE || height < MIN_SIDE) throw new ImageDecodeException(file, width + "x" +
			height + " pixels is too small to classify (at least " + MIN_SIDE + "x" + MIN_SIDE + ")");
		final long pixels = (long) width * height;
		// One Java array holds the grey image, whatever limit the caller asks for.
		final long limit = Math.min(maxPixels, Integer.MAX_VALUE - 8);
		if (pixels > limit) throw new ImageDecodeException(file, width + "x" + height + " = " +
			pixelCount(pixels) + " exceeds the limit of " + pixelCount(limit) +
			"; crop or downscale it first");
	}

	/**
	 * The JDK's JPEG reader fills a cut-off image with grey and only warns; a complete JPEG ends
	 * with the EOI marker (some writers append a few bytes of padding after it).
	 */
	private static void checkJpegComplete(final Path file, final List<String> warnings,
		final byte[] tail) throws ImageDecodeException
	{
		if (!warnings.isEmpty()) throw new ImageDecodeException(file, "truncated or corrupt JPEG (" +
			warnings.get(0) + "); re-export or remove it");
		for (int i = tail.length - 2; i >= 0; i--)
			if ((tail[i] & 0xFF) == 0xFF && (tail[i + 1] & 0xFF) == 0xD9) return;
		throw new ImageDecodeException(file, "truncated or corrupt JPEG (no end-of-image marker " +
			"FFD9 at the end of the file); re-export or remove it");
	}

	/** The last bytes of a file, where a complete JPEG has its end-of-image marker. */
	private static byte[] readTail(final Path file) throws IOException {
		try (SeekableByteChannel ch = Files.newByteChannel(file)) {
			final long size = ch.size();
			final int n = (int) Math.min(size, EOI_SEARCH_BYTES);
			final ByteBuffer tail = ByteBuffer.allocate(n);
			ch.position(size - n);
			while (tail.hasRemaining() && ch.read(tail) >= 0) {
				// read the whole tail
			}
			return tail.array();
		}
	}

	private static ImageDecodeException corrupt(final Path file, final String format,
		final Exception e)
	{
		final String why = oneLine(e);
		if (why.contains("Unsupported Image Type")) return new ImageDecodeException(file,
			"unsupported " + format + " colour type (e.g. CMYK); re-save it as grey or RGB", e);
		return new ImageDecodeException(file, "truncated or corrupt " + format + " (" + why +
			"); re-export or remove it", e);
	}

	/**
	 * Converts a decoded image (or a band of one) to 8-bit grey by {@link GrayConversion};
	 * {@code file} names it in errors.
	 */
	public static byte[] toGray(final Path file, final BufferedImage image)
		throws ImageDecodeException
	{
		try {
			return GrayConversion.toGray(image);
		}
		catch (final IllegalArgumentException e) {
			throw new ImageDecodeException(file, e.getMessage());
		}
	}

	private static int bitDepth(final ColorModel cm) {
		return cm instanceof IndexColorModel ? cm.getPixelSize() : cm.getComponentSize(0);
	}

	private static int channels(final ColorModel cm) {
		return cm instanceof IndexColorModel ? 1 : cm.getNumComponents();
	}

	private static boolean startsWith(final byte[] head, final int... magic) {
		if (head.length < magic.length) return false;
		for (int i = 0; i < magic.length; i++)
			if ((head[i] & 0xFF) != magic[i]) return false;
		return true;
	}

	/** Says what a file that is not a supported image seems to hold, for the error message. */
	private static String describe(final byte[] head) {
		final String other = otherFormat(head);
		if (other != null) return other;
		boolean text = true;
		for (final byte b : head) {
			final int c = b & 0xFF;
			if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7F) text = false;
		}
		if (text) {
			String s = new String(head, StandardCharsets.UTF_8).replaceAll("[\\r\\n\\t]+", " ")
				.replace("\uFFFD", "").strip();
			return "text, starts with '" + s + "'";
		}
		final StringBuilder hex = new StringBuilder();
		for (int i = 0; i < Math.min(head.length, 8); i++)
			hex.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", head[i] & 0xFF));
		return "unknown, starts with bytes " + hex;
	}

	private static String otherFormat(final byte[] head) {
		if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12 && head[8] == 'W' &&
			head[9] == 'E' && head[10] == 'B' && head[11] == 'P') return "WebP";
		if (startsWith(head, '%', 'P', 'D', 'F')) return "PDF";
		if (startsWith(head, 0x00, 0x00, 0x00, 0x0C, 'j', 'P') || startsWith(head, 0xFF, 0x4F,
			0xFF, 0x51)) return "JPEG 2000";
		if (startsWith(head, 'P', 'K', 3, 4)) return "a ZIP archive";
		if (startsWith(head, 0x1F, 0x8B)) return "gzip-compressed";
		return null;
	}

	/** Pixel counts in Mpx of 2<sup>20</sup> pixels, matching {@link #DEFAULT_MAX_PIXELS}. */
	private static String pixelCount(final long pixels) {
		return pixels < 1L << 20 ? pixels + " pixels" : Math.round(pixels / (double) (1L << 20)) +
			" Mpx";
	}

	private static String oneLine(final Throwable e) {
		final String m = e.getMessage();
		final String s = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
		return s.replaceAll("\\s+", " ").strip();
	}

	private static final class WarningCollector implements IIOReadWarningListener {

		private final List<String> warnings;

		private WarningCollector(final List<String> warnings) {
			this.warnings = warnings;
		}

		@Override
		public void warningOccurred(final ImageReader source, final String warning) {
			warnings.add(warning);
		}
	}
}
