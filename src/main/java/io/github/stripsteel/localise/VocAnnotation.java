package io.github.stripsteel.localise;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * One PASCAL-VOC annotation file: the image size it was drawn on and its boxes. The file is matched
 * to its image by base name ({@code Cr_1.xml} for {@code Cr_1.bmp}); its own {@code <filename>} is
 * ignored because NEU-DET's says {@code crazing_1.jpg}. Coordinates are VOC's 1-based inclusive
 * pixel indices, trimmed of white space and clipped to the image; a box with {@code difficult=1}
 * still counts (it marks a real defect).
 */
public record VocAnnotation(Path file, int width, int height, List<Labelled> objects) {

	/** One object: its class name, whether VOC marks it difficult, and its box. */
	public record Labelled(String name, boolean difficult, Box box) {}

	public List<Box> boxes() {
		return objects.stream().map(Labelled::box).toList();
	}

	/**
	 * Reads one annotation.
	 *
	 * @throws IOException naming the file, when it is not VOC XML, lacks a size or has a box with a
	 *           missing or non-numeric coordinate
	 */
	public static VocAnnotation read(final Path file) throws IOException {
		final Document doc;
		try (InputStream in = Files.newInputStream(file)) {
			doc = builder().parse(in);
		}
		catch (final SAXException e) {
			throw new IOException(file + ": not well-formed XML (" + e.getMessage() +
				"); give PASCAL-VOC annotation files", e);
		}
		final Element root = doc.getDocumentElement();
		if (!root.getTagName().equals("annotation")) throw new IOException(file +
			": root element is <" + root.getTagName() + ">, not a PASCAL-VOC <annotation>");
		final Element size = child(file, root, "size");
		final int w = number(file, size, "width"), h = number(file, size, "height");
		if (w <= 0 || h <= 0) throw new IOException(file + ": image size " + w + "x" + h +
			" is not positive");
		final List<Labelled> objects = new ArrayList<>();
		final NodeList nodes = root.getElementsByTagName("object");
		for (int i = 0; i < nodes.getLength(); i++) {
			final Element o = (Element) nodes.item(i);
			final Element b = child(file, o, "bndbox");
			final Box box = Box.fromVoc(number(file, b, "xmin"), number(file, b, "ymin"), number(file, b,
				"xmax"), number(file, b, "ymax"), w, h);
			final NodeList difficult = o.getElementsByTagName("difficult");
			objects.add(new Labelled(text(o, "name"), difficult.getLength() > 0 && difficult.item(0)
				.getTextContent().trim().equals("1"), box));
		}
		return new VocAnnotation(file, w, h, List.copyOf(objects));
	}

	/**
	 * Indexes the {@code .xml} files under a folder (any depth) by base name.
	 *
	 * @throws IOException when two files share a base name (which one belongs to an image would be a
	 *           guess); the message names both
	 */
	public static Map<String, Path> index(final Path folder) throws IOException {
		if (!Files.isDirectory(folder)) throw new IOException(folder +
			": not a folder; give the folder of PASCAL-VOC .xml files");
		final Map<String, Path> byName = new HashMap<>();
		try (Stream<Path> s = Files.walk(folder)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				final String name = p.getFileName().toString();
				if (!Files.isRegularFile(p) || !name.toLowerCase(java.util.Locale.ROOT).endsWith(".xml"))
					continue;
				final Path other = byName.put(baseName(name), p);
				if (other != null) throw new IOException("two annotations for one base name: " + other +
					" and " + p + "; keep one");
			}
		}
		return byName;
	}

	/** A file name without its last extension. */
	public static String baseName(final String fileName) {
		final int dot = fileName.lastIndexOf('.');
		return dot > 0 ? fileName.substring(0, dot) : fileName;
	}

	// -- Helper methods --

	private static DocumentBuilder builder() throws IOException {
		try {
			final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			// annotation files are data: no DTDs, no external entities
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
			f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
			f.setExpandEntityReferences(false);
			return f.newDocumentBuilder();
		}
		catch (final ParserConfigurationException e) {
			throw new IOException("no XML parser: " + e.getMessage(), e);
		}
	}

	private static Element child(final Path file, final Element parent, final String tag)
		throws IOException
	{
		final NodeList list = parent.getElementsByTagName(tag);
		if (list.getLength() == 0) throw new IOException(file + ": <" + parent.getTagName() +
			"> has no <" + tag + ">");
		return (Element) list.item(0);
	}

	private static String text(final Element parent, final String tag) {
		final NodeList list = parent.getElementsByTagName(tag);
		return list.getLength() == 0 ? "" : list.item(0).getTextContent().trim();
	}

	private static int number(final Path file, final Element parent, final String tag)
		throws IOException
	{
		final String t = text(parent, tag);
		try {
			// some VOC writers store "12.0"
			return (int) Math.round(Double.parseDouble(t));
		}
		catch (final NumberFormatException e) {
			throw new IOException(file + ": <" + tag + "> is '" + t + "', not a number");
		}
	}
}
