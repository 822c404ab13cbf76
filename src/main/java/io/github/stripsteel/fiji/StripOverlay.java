package io.github.stripsteel.fiji;

import java.awt.Color;
import java.awt.Font;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import io.github.stripsteel.classify.OverlayRenderer;
import io.github.stripsteel.classify.Prediction;

/**
 * Shows a classification on the image as an ImageJ overlay: a frame in the class colour (the same
 * colours as the PNG overlays of folder runs) and a label with the class, its confidence and the
 * runners-up. Earlier Strip Steel overlay elements are replaced; other overlay elements are kept.
 */
public final class StripOverlay {

	/** Name prefix of this plugin's overlay elements. */
	public static final String NAME_PREFIX = "strip-steel-";

	private StripOverlay() {}

	public static void show(final ImagePlus imp, final Prediction prediction, final int topK) {
		final Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
		for (final Roi old : overlay.toArray())
			if (old.getName() != null && old.getName().startsWith(NAME_PREFIX)) overlay.remove(old);
		final int w = imp.getWidth(), h = imp.getHeight();
		final Color color = OverlayRenderer.colorOf(prediction.classIndex());
		final int stroke = Math.max(2, Math.min(w, h) / 60);
		final Roi frame = new Roi(stroke / 2.0, stroke / 2.0, w - stroke, h - stroke);
		frame.setStrokeColor(color);
		frame.setStrokeWidth(stroke);
		frame.setName(NAME_PREFIX + "frame");
		overlay.add(frame);

		final StringBuilder text = new StringBuilder(String.format("%s %.1f%%", prediction
			.className(), 100 * prediction.confidence()));
		final List<Prediction.Ranked> ranked = prediction.topK(topK);
		for (int i = 1; i < ranked.size(); i++)
			text.append(String.format("\n%s %.1f%%", ranked.get(i).className(), 100 * ranked.get(i)
				.probability()));
		final int size = Math.max(9, Math.min(24, w / 16));
		final TextRoi label = new TextRoi(stroke + 2, stroke + 2, text.toString(), new Font(
			Font.SANS_SERIF, Font.BOLD, size));
		label.setStrokeColor(color);
		label.setFillColor(new Color(0, 0, 0, 160));
		label.setName(NAME_PREFIX + "label");
		overlay.add(label);
		imp.setOverlay(overlay);
	}
}
