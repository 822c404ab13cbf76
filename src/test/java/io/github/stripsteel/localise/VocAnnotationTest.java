package io.github.stripsteel.localise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PASCAL-VOC reading with the quirks of the NEU-DET files. */
class VocAnnotationTest {

	/** As NEU-DET writes them: a foreign file name, tabs and stray spaces, two objects. */
	static final String NEU_STYLE = """
		<annotation>
			<folder>sc</folder>
			<filename>scratches_1.jpg</filename>
			<source>
		  		 <database>NEU-DET</database>
			</source>
			<size>
				<width>200</width>
				<height>200</height>
				<depth>1</depth>
			</size>
			<segmented>0</segmented>
			<object>
				<name>scratches</name>
				<difficult>0</difficult>
				<bndbox>
					<xmin>26</xmin>
					<ymin> 12 </ymin>
					<xmax>43</xmax>
					<ymax>171</ymax>
				</bndbox>
			</object>
			<object>
				<name>scratches</name>
				<difficult>1</difficult>
				<bndbox>
					<xmin>1</xmin>
					<ymin>184</ymin>
					<xmax>200</xmax>
					<ymax>203.0</ymax>
				</bndbox>
			</object>
		</annotation>
		""";

	@Test
	void readsBoxesAsZeroBasedPixelsClippedToTheImage(@TempDir final Path dir) throws IOException {
		final Path xml = dir.resolve("Sc_1.xml");
		Files.writeString(xml, NEU_STYLE);
		final VocAnnotation a = VocAnnotation.read(xml);
		assertEquals(200, a.width());
		assertEquals(200, a.height());
		assertEquals(2, a.objects().size());
		assertEquals(new Box(25, 11, 18, 160), a.boxes().get(0), "1-based inclusive 26..43 -> 25, 18 px");
		assertEquals(new Box(0, 183, 200, 17), a.boxes().get(1), "ymax 203 clipped to the image");
		assertEquals("scratches", a.objects().get(0).name());
		assertFalse(a.objects().get(0).difficult());
		assertTrue(a.objects().get(1).difficult());
	}

	@Test
	void indexesByBaseNameAndRefusesAmbiguity(@TempDir final Path dir) throws IOException {
		Files.createDirectories(dir.resolve("scratches"));
		Files.createDirectories(dir.resolve("crazing"));
		Files.writeString(dir.resolve("scratches/Sc_1.xml"), NEU_STYLE);
		Files.writeString(dir.resolve("crazing/Cr_1.xml"), NEU_STYLE);
		final Map<String, Path> index = VocAnnotation.index(dir);
		assertEquals(dir.resolve("scratches/Sc_1.xml"), index.get(VocAnnotation.baseName("Sc_1.bmp")));
		assertEquals(2, index.size());
		Files.writeString(dir.resolve("crazing/Sc_1.xml"), NEU_STYLE);
		final IOException e = assertThrows(IOException.class, () -> VocAnnotation.index(dir));
		assertTrue(e.getMessage().contains("Sc_1.xml"), e.getMessage());
	}

	@Test
	void badFilesAreNamed(@TempDir final Path dir) throws IOException {
		final Path broken = dir.resolve("a.xml"), noSize = dir.resolve("b.xml"), text = dir.resolve(
			"c.xml"), doctype = dir.resolve("d.xml");
		Files.writeString(broken, "<annotation><size>");
		Files.writeString(noSize, "<annotation><object/></annotation>");
		Files.writeString(text, NEU_STYLE.replace("<xmax>43</xmax>", "<xmax>forty</xmax>"));
		Files.writeString(doctype, "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" +
			"<annotation>&x;</annotation>");
		for (final Path p : List.of(broken, noSize, text, doctype)) {
			final IOException e = assertThrows(IOException.class, () -> VocAnnotation.read(p));
			assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
		}
	}
}
