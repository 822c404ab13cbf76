package io.github.stripsteel.fiji;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import io.github.stripsteel.classify.OverlayRenderer;
import io.github.stripsteel.localise.ClassMapRenderer;
import io.github.stripsteel.localise.TileClassifier.ClassSummary;
import io.github.stripsteel.localise.TileClassifier.StripResult;
import io.github.stripsteel.localise.TileClassifier.TileResult;

/**
 * Shows the class map of a tiled image as an ImageJ overlay, as the CLI's {@code classmap.png}
 * draws it: each tile filled in its class colour (hue = class, the colours of all overlays of this
 * plugin) with an opacity that grows with its confidence, uncertain tiles outlined only, and a
 * legend with the tiles per class. The elements are named {@code strip-steel-tile*}; the next run
 * replaces them, other overlay elements stay (Image > Overlay > Hide Overlay toggles them).
 */
public final class ClassMapOverlay {

	/** Name prefix of the tile elements. */
	public static final String NAME = StripOverlay.NAME_PREFIX + "tile";

	private ClassMapOverlay() {}

	public static void show(final ImagePlus imp, final StripResult r) {
		final Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
		for (final Roi old : overlay.toArray())
			if (old.getName() != null && old.getName().startsWith(NAME)) overlay.remove(old);
		final List<String> classes = r.tiles().isEmpty() ? List.of() : r.tiles().get(0).prediction()
			.classes();
		for (final TileResult t : r.tiles()) {
			final Roi tile = new Roi(t.tile().x(), t.tile().y(), t.tile().width(), t.tile().height());
			final Color c = OverlayRenderer.colorOf(t.prediction().classIndex());
			if (t.uncertain()) tile.setStrokeColor(Color.LIGHT_GRAY);
			else tile.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 *
				ClassMapRenderer.MAX_OPACITY * t.prediction().confidence())));
			tile.setName(NAME);
			overlay.add(tile);
		}
		final int size = Math.max(10, Math.min(28, imp.getWidth() / 40));
		final Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
		int y = 4;
		final List<ClassSummary> summary = r.summary();
		for (final ClassSummary s : summary) {
			final int k = classes.indexOf(s.label());
			final TextRoi line = new TextRoi(4, y, String.format(Locale.ROOT, "%s %d (%.0f%%)", s.label(),
				s.tiles(), 100 * s.fraction()), font);
			line.setStrokeColor(k < 0 ? Color.LIGHT_GRAY : OverlayRenderer.colorOf(k));
			line.setFillColor(new Color(0, 0, 0, 160));
			line.setName(NAME + "-legend");
			overlay.add(line);
			y += size * 3 / 2;
		}
		imp.setOverlay(overlay);
	}
}
