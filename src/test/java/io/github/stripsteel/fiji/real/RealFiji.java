package io.github.stripsteel.fiji.real;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.github.stripsteel.fiji.install.FijiInstaller;
import io.github.stripsteel.testutil.SharedData;

/**
 * A throw-away Fiji.app made from the real Fiji 2.16 in {@code ../shared/fiji/jars} (links to its
 * jars) with the plugin installed from the build's Fiji archive, exactly as a user installs it
 * ({@link FijiInstaller}, the same code as {@code bin/strip-steel install-fiji}). Runs macros with
 * {@code net.imagej.Main --headless -batch}; each launch has its own Java preferences root, so no
 * remembered value leaks between launches or into the user's preferences.
 */
public final class RealFiji {

	/** The output of one Fiji launch. */
	public record Run(int exitCode, String output) {

		/** The lines printed after {@code marker} (a line the macro prints) up to the next marker. */
		public List<String> section(final String marker) {
			final List<String> lines = new ArrayList<>();
			boolean in = false;
			for (final String line : output.split("\n")) {
				if (line.startsWith("== ")) in = line.equals("== " + marker);
				else if (in) lines.add(line);
			}
			return lines;
		}
	}

	private final Path app;
	private final Path work;
	private int launches;

	private RealFiji(final Path work, final Path app) {
		this.work = work;
		this.app = app;
	}

	/** The Fiji jars of {@code ../shared/fiji}; skips the test when absent, fails it when CI=true. */
	public static Path fijiJars() {
		return SharedData.require("fiji/jars");
	}

	/** The Fiji archive that the build made before the tests (pom.xml, phase process-classes). */
	public static Path archive() throws IOException {
		final Path target = Path.of(System.getProperty("build.directory", "target"));
		final List<Path> found = new ArrayList<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(target, "Strip_Steel_Defects-*-fiji-*.zip")) {
			s.forEach(found::add);
		}
		if (found.size() != 1) fail("expected one Fiji archive in " + target + ", found " + found +
			"; run the tests through Maven (mvn test builds it)");
		return found.get(0);
	}

	/** A Fiji.app under {@code dir}: Fiji's jars linked, the plugin installed from the archive. */
	public static RealFiji create(final Path dir) throws IOException {
		final Path jars = fijiJars();
		final Path app = dir.resolve("Fiji.app");
		linkFiji(jars, app);
		FijiInstaller.install(archive(), app);
		return new RealFiji(dir, app);
	}

	/** A Fiji.app made otherwise (e.g. by {@code install-fiji}); launches write into {@code work}. */
	public static RealFiji at(final Path work, final Path app) {
		return new RealFiji(work, app);
	}

	/** Fiji's own files only (no plugin): links to every jar, a real jars/ folder. */
	public static void linkFiji(final Path fijiJars, final Path app) throws IOException {
		Files.createDirectories(app.resolve("jars"));
		try (DirectoryStream<Path> s = Files.newDirectoryStream(fijiJars)) {
			for (final Path p : s)
				Files.createSymbolicLink(app.resolve("jars").resolve(p.getFileName()), p);
		}
	}

	/**
	 * Adds the test's dialog driver ({@code driver.DialogDriver}, test code) to the Fiji.app as a
	 * jar of its own, {@code jars/strip-steel-dialog-driver.jar}.
	 */
	public void installDialogDriver() throws IOException {
		final Path classes = Path.of(RealFiji.class.getProtectionDomain().getCodeSource().getLocation()
			.getPath());
		final Path dir = classes.resolve("io/github/stripsteel/fiji/real/driver");
		try (OutputStream os = Files.newOutputStream(app.resolve("jars/strip-steel-dialog-driver.jar"));
			JarOutputStream jar = new JarOutputStream(os); Stream<Path> files = Files.list(dir))
		{
			for (final Path f : (Iterable<Path>) files::iterator) {
				jar.putNextEntry(new JarEntry(classes.relativize(f).toString()));
				jar.write(Files.readAllBytes(f));
				jar.closeEntry();
			}
		}
	}

	public Path app() {
		return app;
	}

	/**
	 * Runs {@code macro} (text) with {@code argument} in a new headless Fiji and returns its output
	 * (standard output and error, interleaved). Fails the test after {@code timeoutMinutes}.
	 */
	public Run runMacro(final String macro, final String argument, final int timeoutMinutes)
		throws IOException, InterruptedException
	{
		final int n = ++launches;
		final Path file = work.resolve("macro-" + n + ".ijm");
		Files.writeString(file, macro);
		return run(List.of("--headless", "-batch", file.toString(), argument), n, timeoutMinutes);
	}

	/** Runs the macro file {@code file} as a user would: {@code -batch file argument}. */
	public Run runMacroFile(final Path file, final String argument, final int timeoutMinutes)
		throws IOException, InterruptedException
	{
		return run(List.of("--headless", "-batch", file.toString(), argument), ++launches,
			timeoutMinutes);
	}

	/**
	 * Starts Fiji's GUI on {@code display} (an X server such as Xvfb), running {@code startupMacro}
	 * once the UI is up. The updater's start-up check is off: it needs the network, and its module
	 * would finish at any time, writing its inputs into the Macro Recorder's current line; the caller ends the process ({@link ChildProcesses#end}).
	 */
	public Process startGui(final String display, final Path startupMacro, final Path log)
		throws IOException
	{
		final int n = ++launches;
		final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
			"java").toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
			"java.desktop/sun.awt.X11=ALL-UNNAMED", "-Dimagej.updater.disableAutocheck=true",
			"-Dimagej.dir=" + app, "-Djava.util.prefs.userRoot=" +
				work.resolve("prefs-" + n), "-Djava.util.prefs.systemRoot=" + work.resolve("prefs-" + n +
					"-system"), "-cp", app.resolve("jars") + "/*:" + app.resolve("jars").resolve(
						"bio-formats") + "/*", "net.imagej.Main", "-macro", startupMacro.toString()));
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log
			.toFile());
		pb.environment().put("DISPLAY", display);
		pb.environment().put("OPT_OUT_TRACKING", "true");
		return ChildProcesses.start(pb);
	}

	private Run run(final List<String> mainArgs, final int n, final int timeoutMinutes)
		throws IOException, InterruptedException
	{
		final Path log = work.resolve("fiji-" + n + ".log");
		final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
			"java").toString(), "-Djava.awt.headless=true", "--add-opens",
			"java.base/java.lang=ALL-UNNAMED", "-Dimagej.dir=" + app, "-Djava.util.prefs.userRoot=" +
				work.resolve("prefs-" + n), "-Djava.util.prefs.systemRoot=" + work.resolve("prefs-" + n +
					"-system"), "-cp", app.resolve("jars") + "/*:" + app.resolve("jars").resolve(
						"bio-formats") + "/*", "net.imagej.Main"));
		cmd.addAll(mainArgs);
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log
			.toFile());
		pb.environment().put("OPT_OUT_TRACKING", "true");
		final Process p = ChildProcesses.start(pb);
		if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
			ChildProcesses.end(p);
			p.waitFor();
			fail("Fiji did not finish within " + timeoutMinutes + " min; output:\n" + Files.readString(
				log, StandardCharsets.UTF_8));
		}
		return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
	}
}
