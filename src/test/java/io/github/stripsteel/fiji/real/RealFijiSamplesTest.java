package io.github.stripsteel.fiji.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.fiji.TestModel;

/**
 * File > Open Samples > Strip Steel in the real Fiji 2.16: one entry per class of each dataset in
 * {@code sample-images/}, each opening its image from the installed {@code samples/strip-steel/}.
 */
class RealFijiSamplesTest {

	private static final Pattern ENTRY = Pattern.compile(
		"^File>Open Samples>Strip Steel, \"([^\"]+)\", io\\.github\\.stripsteel\\.fiji\\.ij1\\.OpenStripSample\\(\"([^\"]+)\"\\)$");

	@TempDir
	Path tmp;

	@Test
	void everySampleEntryOpensItsImage() throws Exception {
		final RealFiji fiji = RealFiji.create(tmp);
		final Path jar = pluginJar(fiji.app());
		final List<String[]> entries = new ArrayList<>();
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			final List<String> names = zip.stream().map(ZipEntry::getName).toList();
			// plain ImageJ 1 reads the first entry ending in plugins.config: the commands' one
			assertTrue(names.indexOf("META-INF/ij1/plugins.config") < names.indexOf("plugins.config"),
				names.toString());
			for (final String line : new String(zip.getInputStream(zip.getEntry("plugins.config"))
				.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
			{
				if (line.isBlank() || line.startsWith("#")) continue;
				final Matcher m = ENTRY.matcher(line);
				assertTrue(m.matches(), line);
				entries.add(new String[] { m.group(1), m.group(2) });
			}
		}
		// one entry per class folder of each dataset, labelled by dataset and class
		final Path samples = TestModel.projectDir().resolve("sample-images");
		final TreeSet<String> classes = new TreeSet<>();
		for (final String dataset : List.of("neu-cls", "x-sdd"))
			try (DirectoryStream<Path> s = Files.newDirectoryStream(samples.resolve(dataset),
				Files::isDirectory))
			{
				s.forEach(p -> classes.add(dataset + "/" + p.getFileName()));
			}
		final TreeSet<String> covered = new TreeSet<>();
		for (final String[] e : entries) {
			final String cls = e[1].substring(0, e[1].lastIndexOf('/'));
			assertTrue(covered.add(cls), "two entries for " + cls);
			assertEquals((cls.startsWith("neu-cls/") ? "NEU-CLS " : "X-SDD ") + cls.substring(cls
				.indexOf('/') + 1), e[0]);
		}
		assertEquals(classes, covered);

		final StringBuilder macro = new StringBuilder("List.setCommands;\n");
		for (final String[] e : entries)
			macro.append("print(\"== ").append(e[0]).append("\");\nprint(\"entry \" + List.get(\"")
				.append(e[0]).append("\"));\nrun(\"").append(e[0]).append(
					"\");\nprint(getTitle() + \" \" + getWidth() + \"x\" + getHeight() + \" \" + nImages);\n" +
						"close(\"*\");\n");
		macro.append("print(\"== end\");\n");
		final RealFiji.Run run = fiji.runMacro(macro.toString(), "", 5);
		for (final String[] e : entries) {
			final Path file = fiji.app().resolve("samples/strip-steel").resolve(e[1]);
			final ij.ImagePlus expected = ij.IJ.openImage(file.toString());
			final List<String> lines = run.section(e[0]);
			assertTrue(lines.contains("entry io.github.stripsteel.fiji.ij1.OpenStripSample(\"" + e[1] +
				"\")"), e[0] + ":\n" + run.output());
			assertTrue(lines.contains(file.getFileName() + " " + expected.getWidth() + "x" + expected
				.getHeight() + " 1"), e[0] + ":\n" + run.output());
		}
		assertFalse(run.output().contains("Exception"), run.output());
	}

	private static Path pluginJar(final Path app) throws IOException {
		try (DirectoryStream<Path> s = Files.newDirectoryStream(app.resolve("jars"),
			"Strip_Steel_Defects-*.jar"))
		{
			for (final Path p : s)
				return p;
		}
		throw new AssertionError("no plugin jar in " + app.resolve("jars"));
	}
}
