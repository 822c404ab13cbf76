package io.github.stripsteel.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import io.github.stripsteel.model.AtomicFiles;

/** PNG charts drawn with Java2D (works headless): line charts and confusion matrices. */
public final class Charts {

	private static final Color[] PALETTE = { new Color(31, 119, 180), new Color(255, 127, 14),
		new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86,
			75) };

	private Charts() {}

	/** One named series of a line chart. */
	public record Series(String name, double[] x, double[] y) {}

	/** Draws series into a panel of {@code g} at (ox, oy, w, h). */
	public static void lineChart(final Graphics2D g, final int ox, final int oy, final int w,
		final int h, final String title, final List<Series> series, final double yMin,
		final double yMax)
	{
		g.setColor(Color.WHITE);
		g.fillRect(ox, oy, w, h);
		final int left = ox + 55, right = ox + w - 15, top = oy + 30, bottom = oy + h - 35;
		double xMax = 1, lo = yMin, hi = yMax;
		for (final Series s : series)
			for (int i = 0; i < s.x().length; i++) {
				xMax = Math.max(xMax, s.x()[i]);
				if (Double.isNaN(yMin)) lo = Double.isNaN(lo) ? s.y()[i] : Math.min(lo, s.y()[i]);
				if (Double.isNaN(yMax)) hi = Double.isNaN(hi) ? s.y()[i] : Math.max(hi, s.y()[i]);
			}
		if (Double.isNaN(lo)) lo = 0;
		if (Double.isNaN(hi) || hi <= lo) hi = lo + 1;
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		g.drawString(title, left, oy + 18);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		g.setColor(new Color(220, 220, 220));
		for (int t = 0; t <= 4; t++) {
			final int y = bottom - (bottom - top) * t / 4;
			g.drawLine(left, y, right, y);
		}
		g.setColor(Color.BLACK);
		g.drawRect(left, top, right - left, bottom - top);
		for (int t = 0; t <= 4; t++) {
			final int y = bottom - (bottom - top) * t / 4;
			g.drawString(String.format("%.3g", lo + (hi - lo) * t / 4), ox + 5, y + 4);
		}
		g.drawString("1", left - 3, bottom + 15);
		g.drawString(String.format("%.0f", xMax), right - 10, bottom + 15);
		g.drawString("epoch", (left + right) / 2 - 15, bottom + 28);
		g.setStroke(new BasicStroke(2f));
		int legendY = top + 15;
		for (int k = 0; k < series.size(); k++) {
			final Series s = series.get(k);
			g.setColor(PALETTE[k % PALETTE.length]);
			int px = -1, py = -1;
			for (int i = 0; i < s.x().length; i++) {
				final int x = left + (int) Math.round((right - left) * (xMax <= 1 ? 0.5 : (s.x()[i] - 1) /
					(xMax - 1)));
				final int y = bottom - (int) Math.round((bottom - top) * (Math.min(hi, Math.max(lo, s.y()[
					i])) - lo) / (hi - lo));
				if (px >= 0) g.drawLine(px, py, x, y);
				g.fillOval(x - 2, y - 2, 5, 5);
				px = x;
				py = y;
			}
			g.drawLine(right - 110, legendY - 4, right - 90, legendY - 4);
			g.drawString(s.name(), right - 85, legendY);
			legendY += 15;
		}
	}

	/** Writes a confusion-matrix heat map with counts and class names. */
	public static void writeConfusion(final ClassificationMetrics m, final Path file, final String title)
		throws IOException
	{
		final int n = m.numClasses(), cell = Math.max(48, 360 / n), label = 210;
		final int w = label + n * cell + 20, h = label / 2 + 40 + n * cell + 120;
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, w, h);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		g.drawString(title, 10, 20);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawString(String.format("accuracy %.4f   macro-F1 %.4f   G-mean %.4f", m.accuracy(), m
			.macroF1(), m.gmean()), 10, 38);
		final long[][] c = m.confusion();
		final int top = 60;
		for (int i = 0; i < n; i++) {
			g.setColor(Color.BLACK);
			g.drawString(shorten(m.classes().get(i)), 10, top + i * cell + cell / 2 + 4);
			final long support = Math.max(1, m.support(i));
			for (int j = 0; j < n; j++) {
				final double f = (double) c[i][j] / support;
				final int shade = (int) Math.round(255 * (1 - f));
				g.setColor(i == j ? new Color(shade, shade, 255) : new Color(255, shade, shade));
				g.fillRect(label + j * cell, top + i * cell, cell - 1, cell - 1);
				g.setColor(f > 0.6 ? Color.WHITE : Color.BLACK);
				g.drawString(Long.toString(c[i][j]), label + j * cell + cell / 2 - 8, top + i * cell + cell /
					2 + 4);
			}
		}
		g.setColor(Color.BLACK);
		for (int j = 0; j < n; j++) {
			final Graphics2D r = (Graphics2D) g.create();
			r.translate(label + j * cell + cell / 2 + 4, top + n * cell + 6);
			r.rotate(Math.PI / 2);
			r.drawString(shorten(m.classes().get(j)), 0, 0);
			r.dispose();
		}
		g.drawString("rows: true class, columns: predicted class", 10, h - 8);
		g.dispose();
		writePng(img, file);
	}

	/** Writes a PNG atomically. */
	public static void writePng(final BufferedImage img, final Path file) throws IOException {
		AtomicFiles.write(file, out -> {
			if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
		});
	}

	// -- Helper methods --

	private static String shorten(final String name) {
		return name.length() <= 30 ? name : name.substring(0, 28) + "..";
	}
}
