package io.github.stripsteel.fiji.ij1;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

/**
 * File > Open Samples > Strip Steel: opens one of the sample images that the Fiji archive installs
 * in {@code Fiji.app/samples/strip-steel/} (the repository's {@code sample-images/} when the jar
 * runs from a source checkout's {@code target/}). The argument is the image's path below that
 * folder; the menu entries are the jar root's {@code plugins.config}, an ImageJ 1 plugin as Fiji's
 * own sample entries are.
 */
public class OpenStripSample implements PlugIn {

	@Override
	public void run(final String arg) {
		final List<Path> roots = roots();
		for (final Path root : roots) {
			final Path file = root.resolve(arg);
			if (!Files.isRegularFile(file)) continue;
			final ImagePlus imp = IJ.openImage(file.toString());
			if (imp == null) IJ.error("Strip Steel samples", "cannot read " + file);
			else imp.show();
			return;
		}
		IJ.error("Strip Steel samples", "sample " + arg + " is not in " + roots +
			"; unzip the plugin's Fiji archive over Fiji.app (docs/FIJI.md, Install)");
	}

	/** The folders that may hold the samples, next to the folder holding the plugin jar. */
	static List<Path> roots() {
		final List<Path> roots = new ArrayList<>();
		try {
			final Path jar = Path.of(OpenStripSample.class.getProtectionDomain().getCodeSource()
				.getLocation().toURI());
			final Path top = jar.getParent() == null ? null : jar.getParent().getParent();
			if (top != null) {
				roots.add(top.resolve("samples").resolve("strip-steel"));
				roots.add(top.resolve("sample-images"));
			}
		}
		catch (final URISyntaxException | RuntimeException e) {
			// no code source (unusual class loader): nothing to search, the error names the argument
		}
		return roots;
	}
}
