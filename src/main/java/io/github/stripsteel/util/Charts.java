package io.github.stripsteel.util;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;


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
}
