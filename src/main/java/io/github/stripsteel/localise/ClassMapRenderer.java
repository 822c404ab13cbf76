package io.github.stripsteel.localise;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import io.github.stripsteel.classify.OverlayRenderer;
import io.github.stripsteel.localise.TileClassifier.ClassSummary;
import io.github.stripsteel.localise.TileClassifier.StripResult;
import io.github.stripsteel.localise.TileClassifier.TileResult;
import io.github.stripsteel.localise.Localiser.Localisation;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Pictures of where things are: the class map of a tiled image (hue = class, opacity = confidence,
 * uncertain tiles left uncoloured, a legend with the tiles per class), and the class activation map
 * of one image as a translucent heat map with its box and maximum.
 */
public final class ClassMapRenderer {

	/** The longest side of a class map picture. */
	public static final int DEFAULT_MAX_SIDE = 2048;

	/** The most opaque a tile gets (confidence 1); the image stays visible under it. */
	public static final float MAX_OPACITY = 0.6f;

	private ClassMapRenderer() {}

	/** The class map of a tiled image, on its reduced copy, with a legend on the right. */
	public static BufferedImage classMap(final StripResult r) {
		final int legendW = 260, tw = r.thumbWidth(), th = r.thumbHeight();
		final List<String> classes = r.tiles().isEmpty() ? List.of() : r.tiles().get(0).prediction()
			.classes();
		final List<ClassSummary> summary = r.summary();
		final int legendH = 40 + 22 * (summary.size() + 1);
		final BufferedImage out = new BufferedImage(tw + legendW, Math.max(th, legendH),
			BufferedImage.TYPE_INT_RGB);
		final BufferedImage grey = new BufferedImage(tw, th, BufferedImage.TYPE_BYTE_GRAY);
		grey.getRaster().setDataElements(0, 0, tw, th, r.thumbnail());
		final Graphics2D g = out.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.DARK_GRAY);
		g.fillRect(0, 0, out.getWidth(), out.getHeight());
		g.drawImage(grey, 0, 0, null);
		// where tiles overlap, the later tile (to the right, below) is drawn over the earlier one
		for (final TileResult t : r.tiles()) {
			final int x0 = (int) Math.round(t.tile().x() * r.scale()), y0 = (int) Math.round(t.tile().y() *
				r.scale());
			final int x1 = (int) Math.round((t.tile().x() + t.tile().width()) * r.scale()), y1 = (int) Math
				.round((t.tile().y() + t.tile().height()) * r.scale());
			if (!t.uncertain()) {
				g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, MAX_OPACITY * t
					.prediction().confidence()));
				g.setColor(OverlayRenderer.colorOf(t.prediction().classIndex()));
				g.fillRect(x0, y0, x1 - x0, y1 - y0);
			}
			g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
			g.setColor(Color.BLACK);
			g.drawRect(x0, y0, x1 - x0 - 1, y1 - y0 - 1);
		}
		g.setComposite(AlphaComposite.SrcOver);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.setColor(Color.WHITE);
		g.drawString(String.format(Locale.ROOT, "%d tiles of %d px, overlap %d", r.tiles().size(), r
			.tileSize(), r.overlap()), tw + 10, 22);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		int y = 48;
		for (final ClassSummary s : summary) {
			final int k = classes.indexOf(s.label());
			g.setColor(k < 0 ? Color.LIGHT_GRAY : OverlayRenderer.colorOf(k));
			if (k < 0) {
				g.setStroke(new BasicStroke(1));
				g.drawRect(tw + 10, y - 12, 14, 14);
			}
			else g.fillRect(tw + 10, y - 12, 14, 14);
			g.setColor(Color.WHITE);
			g.drawString(String.format(Locale.ROOT, "%s  %d (%.0f%%), conf %.2f", s.label(), s.tiles(), 100 *
				s.fraction(), s.meanConfidence()), tw + 30, y);
			y += 22;
		}
		g.drawString("opacity = confidence", tw + 10, y + 4);
		g.dispose();
		return out;
	}

	/**
	 * The class activation map as a translucent heat map (blue low, red high, min-max normalised)
	 * over the grey image, with the derived box and a cross at the maximum.
	 */
	public static BufferedImage cam(final ArrayImg<UnsignedByteType, ByteArray> gray,
		final Localisation loc)
	{
		final int w = loc.width(), h = loc.height();
		final byte[] px = gray.update(null).getCurrentStorageArray();
		final BufferedImage out = heatMap(loc);
		for (int i = 0; i < w * h; i++) {
			final int heat = out.getRGB(i % w, i / w), grey = px[i] & 0xff;
			final int r = (grey + (heat >> 16 & 0xff)) / 2, g = (grey + (heat >> 8 & 0xff)) / 2, b = (grey +
				(heat & 0xff)) / 2;
			out.setRGB(i % w, i / w, r << 16 | g << 8 | b);
		}
		final Graphics2D g = out.createGraphics();
		final int stroke = Math.max(1, Math.min(w, h) / 100);
		g.setStroke(new BasicStroke(stroke));
		g.setColor(Color.WHITE);
		g.drawRect(loc.box().x(), loc.box().y(), loc.box().width() - 1, loc.box().height() - 1);
		final int arm = Math.max(4, Math.min(w, h) / 25);
		g.drawLine(loc.camX() - arm, loc.camY(), loc.camX() + arm, loc.camY());
		g.drawLine(loc.camX(), loc.camY() - arm, loc.camX(), loc.camY() + arm);
		g.dispose();
		return out;
	}

	/** The map alone in heat-map colours, min-max normalised, at the image's size. */
	public static BufferedImage heatMap(final Localisation loc) {
		final int w = loc.width(), h = loc.height();
		final float[] map = ImageGuidedMap.normalised(loc.map());
		final BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int i = 0; i < w * h; i++)
			out.setRGB(i % w, i / w, heatColor(map[i]));
		return out;
	}

	/** A blue-cyan-green-yellow-red ramp for {@code t} in [0, 1], as {@code 0xRRGGBB}. */
	public static int heatColor(final double t) {
		final double v = Math.max(0, Math.min(1, t));
		final int r = (int) Math.round(255 * clamp(1.5 - Math.abs(4 * v - 3)));
		final int g = (int) Math.round(255 * clamp(1.5 - Math.abs(4 * v - 2)));
		final int b = (int) Math.round(255 * clamp(1.5 - Math.abs(4 * v - 1)));
		return r << 16 | g << 8 | b;
	}

	private static double clamp(final double v) {
		return Math.max(0, Math.min(1, v));
	}
}
