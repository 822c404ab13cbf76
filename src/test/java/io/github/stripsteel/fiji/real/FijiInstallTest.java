package io.github.stripsteel.fiji.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.log.StderrLogService;

import io.github.stripsteel.cli.CliIO;
import io.github.stripsteel.cli.StripSteelCli;
import io.github.stripsteel.fiji.install.FijiInstaller;

/**
 * The Fiji archive and {@code bin/strip-steel install-fiji}: what they put into a Fiji.app made
 * from the real Fiji 2.16, whether any jar name collides with one Fiji ships (the ImageJ Updater
 * keeps one {@code jars/NAME-VERSION.jar} per NAME), and a macro run in the installed Fiji.
 */
class FijiInstallTest {

	@Test
	void archiveJarsCollideWithNothingFijiShips() throws IOException {
		final Map<String, String> fiji = new HashMap<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(RealFiji.fijiJars(), "*.jar")) {
			for (final Path p : s)
				fiji.put(FijiInstaller.baseName(p.getFileName().toString()), p.getFileName().toString());
		}
		final List<String> jars = new ArrayList<>();
		try (ZipFile zip = new ZipFile(RealFiji.archive().toFile())) {
			zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("jars/") && n.endsWith(".jar"))
				.forEach(n -> jars.add(n.substring(5)));
			for (final String entry : List.of("models/neu-cls/model.json",
				"macros/strip-steel/classify_open_image.ijm", "samples/strip-steel/neu-cls/crazing/Cr_1.bmp"))
				assertTrue(zip.getEntry(entry) != null, entry);
		}
		assertTrue(jars.stream().anyMatch(j -> j.startsWith("Strip_Steel_Defects-")), jars.toString());
		assertTrue(jars.contains("djl-api-0.36.0.jar"), jars.toString());
		assertTrue(jars.stream().anyMatch(j -> j.startsWith("djl-pytorch-native-")), jars.toString());
		for (final String j : jars)
			assertFalse(fiji.containsKey(FijiInstaller.baseName(j)), j + " has the same NAME as Fiji's " +
				fiji.get(FijiInstaller.baseName(j)));
		// the dependencies the archive leaves out are in Fiji, in the very versions the build uses
		for (final String shipped : List.of("slf4j-api", "jna", "commons-io", "commons-codec", "gson")) {
			final String classpath = System.getProperty("java.class.path");
			final String version = fiji.get(shipped).substring(shipped.length() + 1);
			assertTrue(classpath.contains("/" + shipped + "-" + version), shipped + " " + version +
				" is on the build's class path");
		}
	}

	@Test
	void installFijiCommandInstallsAndReplacesOtherVersions(@TempDir final Path tmp)
		throws Exception
	{
		final Path app = tmp.resolve("Fiji.app");
		RealFiji.linkFiji(RealFiji.fijiJars(), app);
		final Path old = Files.writeString(app.resolve("jars/djl-api-0.30.0.jar"), "old version");
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int code = StripSteelCli.run(List.of("install-fiji", app.toString()), new CliIO(
			new PrintStream(out, true), new PrintStream(err, true), new StderrLogService()));
		assertEquals(0, code, err.toString());
		assertTrue(out.toString().startsWith("installed Strip_Steel_Defects-"), out.toString());
		assertFalse(Files.exists(old), "the other version of djl-api is removed");
		assertTrue(Files.isRegularFile(app.resolve("jars/djl-api-0.36.0.jar")));
		assertTrue(Files.isRegularFile(app.resolve("models/neu-cls/model.json")));
		// Fiji's own jars stay links to ../shared (nothing written through them)
		assertTrue(Files.isSymbolicLink(app.resolve("jars/ij-1.54p.jar")));

		final RealFiji.Run run = RealFiji.at(tmp, app).runMacro("open(\"" + app.resolve(
			"samples/strip-steel/neu-cls/patches/Pa_10.bmp") + "\");\nrun(\"Classify Strip Image\", \"\");\n" +
			"print(\"class \" + call(\"io.github.stripsteel.fiji.StripResultsTable.value\", " +
			"\"predicted_class\", \"-1\"));\n", "", 5);
		assertTrue(run.output().contains("class patches"), run.output());

		final int again = StripSteelCli.run(List.of("install-fiji", tmp.resolve("nothing").toString()),
			new CliIO(new PrintStream(out, true), new PrintStream(err, true), new StderrLogService()));
		assertEquals(1, again);
		assertTrue(err.toString().contains("is not a Fiji.app (it has no jars/ folder)"), err.toString());
	}
}
