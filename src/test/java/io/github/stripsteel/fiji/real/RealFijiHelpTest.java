package io.github.stripsteel.fiji.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.fiji.TestModel;

/**
 * Help for each command in the real Fiji 2.16: the Help action of Fiji's search bar
 * (scijava-search's {@code HelpSearchActionFactory}, which opens the project URL of the jar's
 * Maven POM) resolves the docs URL without an error, and the Help button of each SciJava dialog
 * shows the command's section of docs/FIJI.md. Nothing opens a browser ({@code driver.HelpProbe}).
 */
class RealFijiHelpTest {

	private static final String PROBE = "io.github.stripsteel.fiji.real.driver.HelpProbe";

	@TempDir
	Path tmp;

	/** The plugin jar carries its POM with the project URL, which the search bar's Help opens. */
	@Test
	void thePluginJarNamesTheDocsUrl() throws Exception {
		final String url = projectUrl();
		assertTrue(url.startsWith("https://") && url.endsWith("/docs/FIJI.md"), url);
		final Path target = Path.of(System.getProperty("build.directory", "target"));
		final List<Path> jars = new ArrayList<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(target, "Strip_Steel_Defects-*.jar")) {
			for (final Path p : s)
				if (!p.getFileName().toString().endsWith("-spark.jar")) jars.add(p);
		}
		assertEquals(1, jars.size(), jars.toString());
		try (ZipFile zip = new ZipFile(jars.get(0).toFile())) {
			final String pom = new String(zip.getInputStream(zip.getEntry(
				"META-INF/maven/io.github.stripsteel/Strip_Steel_Defects/pom.xml")).readAllBytes(),
				StandardCharsets.UTF_8);
			assertEquals(url, urlOf(pom));
		}
	}

	@Test
	void searchBarHelpAndDialogHelpButtonsWork() throws Exception {
		final RealFiji fiji = RealFiji.create(tmp);
		fiji.installDialogDriver();
		final List<String> labels = List.of("Classify Strip Image", "Classify Strip Folder",
			"Classify Strip Tiles", "Evaluate Model", "Strip Steel Engine Info", "Preprocess Strip Image",
			"Train Teacher (SARSN)", "Distill Student (RKD)", "Train CycleGAN (Migration)",
			"Migrate Samples (CycleGAN)", "Strip Steel...");
		final StringBuilder macro = new StringBuilder();
		for (final String label : labels)
			macro.append("print(\"== ").append(label).append("\");\nprint(\"search \" + call(\"").append(
				PROBE).append(".searchBarHelp\", \"").append(label).append("\"));\nprint(\"button \" + call(\"")
				.append(PROBE).append(".pressHelp\", \"").append(label).append("\"));\n");
		macro.append("print(\"== end\");\n");
		final RealFiji.Run run = fiji.runMacro(macro.toString(), "", 5);
		final String out = run.output();
		final String url = projectUrl();
		for (final String label : labels) {
			final List<String> lines = run.section(label);
			assertTrue(lines.contains("search opens " + url), label + ":\n" + out);
			assertTrue(lines.contains("button org.scijava.widget.Button Help help"), label + ":\n" + out);
			assertTrue(lines.stream().anyMatch(l -> l.contains(label + " (docs/FIJI.md):")), label +
				": the section is logged\n" + out);
		}
		assertFalse(out.contains("Exception"), out);
	}

	// -- Helper methods --

	private static String projectUrl() throws Exception {
		return urlOf(Files.readString(TestModel.projectDir().resolve("pom.xml")));
	}

	/** The project's {@code <url>} (the first, a child of {@code <project>}). */
	private static String urlOf(final String pom) {
		final Matcher m = Pattern.compile("\n  <url>([^<]+)</url>").matcher(pom);
		return m.find() ? m.group(1) : "(no project url)";
	}
}
