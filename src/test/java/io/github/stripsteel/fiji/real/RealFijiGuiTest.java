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
 * {@code imagemagick}), with the plugin installed from the archive, driven by mouse clicks on its
 * menus: a sample opened from File > Open Samples > Strip Steel, Classify Strip Image from
 * Plugins > Strip Steel and its dialog's OK give the image window its overlay and the
 * "Strip Defect Results" table its window. Screenshots go to {@code target/gui/} (the README's come
 * from there). Skipped with a message when the tools are missing, failed when CI=true.
 */
class RealFijiGuiTest {

	private static final Path SHOTS = Path.of(System.getProperty("build.directory", "target"), "gui");

	@TempDir
	Path tmp;

	/**
	 * File > Open Samples > Strip Steel > NEU-CLS crazing, then Plugins > Strip Steel > Classify
	 * Strip Image and OK in its dialog, all by mouse clicks (xdotool) at the positions of the menu
	 * items in this Fiji's main window (AWT menus of 19-pixel rows); each step checks its effect.
	 */
	@Test
	void sampleAndClassifyFromTheMenus() throws Exception {
		requireTools();
		final RealFiji fiji = RealFiji.create(tmp);
		fiji.installDialogDriver();
		inGui(fiji, tmp, "removed = call(\"io.github.stripsteel.fiji.real.driver.DialogDriver.prepare\");\n",
			(display, log) -> {
				final int[] main = geometry(display, waitForWindow(display, "^ImageJ$", 300));
				final int x = main[0], y = main[1];
				click(display, x + 20, y + 12); // File
				click(display, x + 52, y + 90); // Open Samples (4th row)
				click(display, x + 252, y + 699); // Strip Steel (last row, below Fiji's samples)
				shot(display, "menu-open-samples.png");
				click(display, x + 522, y + 660); // NEU-CLS crazing (first row)
				waitForWindow(display, "^Cr_1\\.bmp$", 60);
				click(display, x + 320, y + 12); // Plugins
				click(display, x + 322, y + 213); // Strip Steel (last row)
				shot(display, "menu-plugins-strip-steel.png");
				click(display, x + 582, y + 234); // Classify Strip Image (second row)
				final int[] dialog = geometry(display, waitForWindow(display, "^Classify Strip Image$",
					120));
				shot(display, "classify-dialog.png");
				click(display, dialog[0] + dialog[2] - 135, dialog[1] + dialog[3] - 23); // OK
				final String table = waitForWindow(display, "^Strip Defect Results$", 300);
				run(display, List.of("xdotool", "windowmove", table, "20", "330")); // beside the image
				Thread.sleep(3000); // the overlay and the table paint
				final Path png = shot(display, "classify-overlay-table.png");
				assertTrue(Files.size(png) > 10_000, png.toString());
				final String text = Files.readString(log);
				assertTrue(text.contains("Cr_1.bmp: crazing ("), text);
				return null;
			});
	}

	/** What a test does with the GUI up: the display and Fiji's log file. */
	interface InGui<T> {
		T run(String display, Path log) throws Exception;
	}

	/**
	 * Starts Xvfb and the real Fiji's GUI running {@code startupMacro}, waits for the main window,
	 * runs {@code test}, then ends both.
	 */
	static <T> T inGui(final RealFiji fiji, final Path tmp, final String startupMacro,
		final InGui<T> test) throws Exception
	{
		final Path startup = Files.writeString(tmp.resolve("startup.ijm"), startupMacro);
		Files.createDirectories(SHOTS);
		// Xvfb picks a free display itself and writes its number to standard output (-displayfd),
		// so test runs side by side never share one
		final Path number = tmp.resolve("xvfb-display.txt");
		final Process xvfb = ChildProcesses.start(new ProcessBuilder("Xvfb", "-displayfd", "1",
			"-screen", "0", "1280x900x24").redirectOutput(number.toFile()).redirectError(tmp.resolve(
				"xvfb.log").toFile()));
		Process app = null;
		try {
			String display = null;
			for (int i = 0; i < 300 && display == null; i++) {
				final String text = Files.readString(number).strip();
				if (text.matches("\\d+")) display = ":" + text;
				else if (!xvfb.isAlive()) fail("Xvfb ended: " + Files.readString(tmp.resolve("xvfb.log")));
				else Thread.sleep(100);
			}
			if (display == null) fail("Xvfb gave no display number within 30 s");
			final Path log = tmp.resolve("fiji-gui.log");
			app = fiji.startGui(display, startup, log);
			waitForWindow(display, "^ImageJ$", 300);
			return test.run(display, log);
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

	/** Skips the test when Xvfb, xdotool or ImageMagick is missing; fails it when CI=true. */
	static void requireTools() {
		for (final String tool : List.of("Xvfb", "xdotool", "import"))
			if (!onPath(tool)) {
				final String why = tool + " is not installed (apt-get install xvfb xdotool imagemagick)";
				if ("true".equals(System.getenv("CI"))) fail(why);
				Assumptions.abort(why);
			}
	}

	// -- Helper methods --

	private static boolean onPath(final String tool) {
		for (final String dir : System.getenv().getOrDefault("PATH", "").split(":"))
			if (Files.isExecutable(Path.of(dir, tool))) return true;
		return false;
	}

	/** x, y, width, height of window {@code id}. */
	static int[] geometry(final String display, final String id) throws Exception {
		final String out = run(display, List.of("xdotool", "getwindowgeometry", "--shell", id));
		final java.util.Map<String, Integer> v = new java.util.HashMap<>();
		for (final String line : out.split("\n"))
			if (line.contains("=")) v.put(line.substring(0, line.indexOf('=')), Integer.valueOf(line
				.substring(line.indexOf('=') + 1).strip()));
		return new int[] { v.get("X"), v.get("Y"), v.get("WIDTH"), v.get("HEIGHT") };
	}

	/** A mouse click at screen position x, y; then a pause for the menu or window to open. */
	static void click(final String display, final int x, final int y) throws Exception {
		run(display, List.of("xdotool", "mousemove", Integer.toString(x), Integer.toString(y), "click",
			"1"));
		Thread.sleep(1500);
	}

	/** A key press (an xdotool key name such as {@code Escape}) to the window with the keyboard. */
	static void key(final String display, final String key) throws Exception {
		run(display, List.of("xdotool", "key", key));
		Thread.sleep(500);
	}

	/** The id of the first visible window whose name contains {@code name}, waiting for it. */
	static String waitForWindow(final String display, final String name, final int seconds)
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

	static Path shot(final String display, final String name) throws IOException,
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
