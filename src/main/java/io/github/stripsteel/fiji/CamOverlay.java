package io.github.stripsteel.fiji;

import java.awt.Color;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import io.github.stripsteel.localise.ClassMapRenderer;
import io.github.stripsteel.localise.Localiser.Localisation;

/**
 * Shows a class activation map on the image: a translucent heat map (blue low, red high) and the
 * box derived from it, as overlay elements named {@code strip-steel-cam} and
 * {@code strip-steel-cam-box} (Image > Overlay > Hide Overlay, or the To ROI Manager list, toggle
 * them; the next classification replaces them).
 */
public final class CamOverlay {

	/** Opacity of the heat map: the image stays readable under it. */
	public static final double OPACITY = 0.45;

	private CamOverlay() {}

	/** Adds the map and its box to the image's overlay (after {@link StripOverlay#show}). */
	public static void show(final ImagePlus imp, final Localisation loc) {
		final Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
		final int w = loc.width(), h = loc.height();
		final ImageRoi map = new ImageRoi(0, 0, ClassMapRenderer.heatMap(loc));
		map.setOpacity(OPACITY);
		map.setName(StripOverlay.NAME_PREFIX + "cam");
		overlay.add(map);
		final Roi box = new Roi(loc.box().x(), loc.box().y(), loc.box().width(), loc.box().height());
		box.setStrokeColor(Color.WHITE);
		box.setStrokeWidth(Math.max(1, Math.min(w, h) / 100));
		box.setName(StripOverlay.NAME_PREFIX + "cam-box");
		overlay.add(box);
		imp.setOverlay(overlay);
	}
}
