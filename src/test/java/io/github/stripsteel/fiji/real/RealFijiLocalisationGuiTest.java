package io.github.stripsteel.fiji.real;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's pictures of where the defect is, from the real Fiji 2.16 GUI under a virtual display
 * (as {@link RealFijiGuiTest}): the class activation map overlay of Classify Strip Image with
 * {@code cam}, and the class map of Classify Strip Tiles with its legend on an image of six samples.
 * The commands run from the GUI's start-up macro with the installed plugin and its default model;
 * the image windows are captured on their own into {@code target/gui/}. Each test checks that the
 * command finished (its line in Fiji's log) and that the captured window is coloured by the
 * overlay, not grey.
 * Skipped with a message when the tools are missing, failed when CI=true.
 */
class RealFijiLocalisationGuiTest {

	/** The samples installed with the plugin, as the macro variable {@code samples}. */
	private static String samples(final RealFiji fiji) {
		return "samples = \"" + fiji.app().resolve("samples/strip-steel/neu-cls") + "/\";\n";
	}

	@TempDir
	Path tmp;

	@Test
	void camOverlayOfClassifyStripImage() throws Exception {
		capture("""
			open(samples + "scratches/Sc_1.bmp");
			run("Classify Strip Image", "top_k=3 cam");
			run("Set... ", "zoom=200");
			""", "^Sc_1\\.bmp", "Sc_1.bmp: scratches (", "classify-cam-overlay.png");
	}

	@Test
	void classMapOfClassifyStripTiles() throws Exception {
		// one sample of each class, three by two: a 600x400 image of known classes (tall enough for
		// the legend's six rows)
		capture("""
			names = newArray("crazing/Cr_1.bmp", "inclusion/In_1.bmp", "patches/Pa_10.bmp",
				"pitted_surface/PS_1.bmp", "rolled-in_scale/RS_1.bmp", "scratches/Sc_1.bmp");
			newImage("strip.png", "8-bit black", 600, 400, 1);
			strip = getImageID();
			for (i = 0; i < names.length; i++) {
				open(samples + names[i]);
				run("Select All");
				run("Copy");
				close();
				selectImage(strip);
				makeRectangle(200 * (i % 3), 200 * floor(i / 3), 200, 200);
				run("Paste");
			}
			run("Select None");
			run("Classify Strip Tiles", "tile_size=200 overlap=0 top_k=3");
			""", "^strip\\.png", "strip.png: 600x400, 6 tiles of 200 px", "classify-tiles-classmap.png");
	}

	/**
	 * Runs {@code macro} (with {@code samples} set) in the GUI, waits for the image window and for
	 * the command's line in Fiji's log, and captures the window into {@code target/gui/name}.
	 */
	private void capture(final String macro, final String window, final String logLine,
		final String name) throws Exception
	{
		RealFijiGuiTest.requireTools();
		final RealFiji fiji = RealFiji.create(tmp);
		RealFijiGuiTest.inGui(fiji, tmp, samples(fiji) + macro, (display, log) -> {
			final String image = RealFijiGuiTest.waitForWindow(display, window, 300);
			waitForLog(log, logLine);
			final Path png = window(display, image, name);
			assertTrue(colourful(png) > 0.2, "the overlay colours the image: " + png);
			return null;
		});
	}

	/** Waits for a line of Fiji's log, failing after five minutes with the log. */
	private static String waitForLog(final Path log, final String line) throws Exception {
		for (int i = 0; i < 600; i++) {
			final String text = Files.readString(log);
			if (text.contains(line)) return text;
			Thread.sleep(500);
		}
		throw new AssertionError("no '" + line + "' in Fiji's log:\n" + Files.readString(log));
	}

	/**
	 * Captures window {@code id} into {@code target/gui/name}, moved first to the free lower half of
	 * the screen (the capture shows whatever covers the window) and given time to paint.
	 */
	private static Path window(final String display, final String id, final String name)
		throws Exception
	{
		for (final String step : new String[] { "windowmove", "windowraise" }) {
			final ProcessBuilder move = new ProcessBuilder(step.equals("windowmove") ? new String[] {
				"xdotool", step, id, "20", "440" } : new String[] { "xdotool", step, id });
			move.environment().put("DISPLAY", display);
			move.redirectErrorStream(true).start().waitFor();
		}
		Thread.sleep(4000);
		final Path png = Path.of(System.getProperty("build.directory", "target"), "gui", name);
		final ProcessBuilder pb = new ProcessBuilder("import", "-window", id, png.toString())
			.redirectErrorStream(true);
		pb.environment().put("DISPLAY", display);
		final Process p = pb.start();
		p.getInputStream().readAllBytes();
		assertTrue(p.waitFor() == 0 && Files.isRegularFile(png), "import -window " + id + " failed");
		return png;
	}

	/** The fraction of pixels whose channels differ by more than 40 (grey images have none). */
	private static double colourful(final Path png) throws Exception {
		final BufferedImage img = ImageIO.read(png.toFile());
		long n = 0;
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++) {
				final int rgb = img.getRGB(x, y), r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
				if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) n++;
			}
		return (double) n / ((long) img.getWidth() * img.getHeight());
	}
}
