package io.github.stripsteel.fiji.real;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Fiji 2.16 GUI under a virtual display (Debian {@code xvfb}, {@code xdotool},
 * {@code imagemagick}), with the plugin installed from the archive: a sample image open and
 * Classify Strip Image run by a macro line in the GUI session give the image window its overlay and
 * the "Strip Defect Results" table its window; the screenshot goes to
 * {@code target/gui/classify-overlay-table.png}. Skipped with a message when the tools are missing,
 * failed when CI=true. (Not yet driven through the menu or a dialog: see docs/FIJI.md.)
 */
class RealFijiGuiTest {

	private static final Path SHOTS = Path.of(System.getProperty("build.directory", "target"), "gui");

	@TempDir
	Path tmp;

	@Test
	void classifyInTheGuiShowsOverlayAndTable() throws Exception {
		for (final String tool : List.of("Xvfb", "xdotool", "import"))
			if (!onPath(tool)) {
				final String why = tool + " is not installed (apt-get install xvfb xdotool imagemagick)";
				if ("true".equals(System.getenv("CI"))) fail(why);
				Assumptions.abort(why);
			}
		final RealFiji fiji = RealFiji.create(tmp);
		final Path sample = fiji.app().resolve("samples/strip-steel/neu-cls/crazing/Cr_1.bmp");
		// the macro opens a sample and runs the command as a macro line in the GUI session (no batch
		// mode): the image window gets the overlay and the table its window, as after a menu run
		final Path startup = Files.writeString(tmp.resolve("startup.ijm"), "open(\"" + sample +
			"\");\nsetLocation(20, 120);\nrun(\"Classify Strip Image\", \"top_k=3\");\n" +
			"Table.setLocationAndSize(460, 120, 760, 160, \"Strip Defect Results\");\n");
		Files.createDirectories(SHOTS);
		final String display = ":" + freeDisplay();
		final Process xvfb = ChildProcesses.start(new ProcessBuilder("Xvfb", display, "-screen", "0",
			"1280x900x24").redirectErrorStream(true).redirectOutput(tmp.resolve("xvfb.log").toFile()));
		Process app = null;
		try {
			app = fiji.startGui(display, startup, tmp.resolve("fiji-gui.log"));
			waitForWindow(display, "^ImageJ$", 300);
			waitForWindow(display, "^Strip Defect Results$", 300);
			Thread.sleep(3000); // the overlay and the table paint
			final Path png = shot(display, "classify-overlay-table.png");
			assertTrue(Files.size(png) > 10_000, png.toString());
			final String log = Files.readString(tmp.resolve("fiji-gui.log"));
			assertTrue(log.contains("Cr_1.bmp: crazing ("), log);
		}
		finally {
			if (app != null) {
				ChildProcesses.end(app);
				app.waitFor(30, TimeUnit.SECONDS);
			}
			ChildProcesses.end(xvfb);
			xvfb.waitFor(30, TimeUnit.SECONDS);
		}
	}

	// -- Helper methods --

	private static boolean onPath(final String tool) {
		for (final String dir : System.getenv().getOrDefault("PATH", "").split(":"))
			if (Files.isExecutable(Path.of(dir, tool))) return true;
		return false;
	}

	/** A display number without an X server socket. */
	private static int freeDisplay() {
		for (int n = 77 + (int) (ProcessHandle.current().pid() % 100); ; n++)
			if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n +
				"-lock"))) return n;
	}

	/** The id of the first visible window whose name contains {@code name}, waiting for it. */
	private static String waitForWindow(final String display, final String name, final int seconds)
		throws IOException, InterruptedException
	{
		final long end = System.nanoTime() + seconds * 1_000_000_000L;
		while (System.nanoTime() < end) {
			final String out = run(display, List.of("xdotool", "search", "--onlyvisible", "--name",
				name)).strip();
			if (!out.isEmpty()) return out.lines().findFirst().orElseThrow();
			Thread.sleep(1000);
		}
		shot(display, "timeout.png");
		return fail("no window named '" + name + "' within " + seconds + " s; screenshot in " + SHOTS);
	}

	private static Path shot(final String display, final String name) throws IOException,
		InterruptedException
	{
		final Path png = SHOTS.resolve(name);
		run(display, List.of("import", "-window", "root", png.toString()));
		return png;
	}

	private static String run(final String display, final List<String> cmd) throws IOException,
		InterruptedException
	{
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("DISPLAY", display);
		final Process p = pb.start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		p.waitFor(60, TimeUnit.SECONDS);
		return out;
	}
}
