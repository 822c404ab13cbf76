package io.github.stripsteel.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import io.github.stripsteel.util.PngFiles;

/** The {@code confusion.png} of {@code evaluate}. */
public final class ConfusionChart {

	private ConfusionChart() {}

	/** Writes a confusion-matrix heat map with counts and class names. */
	public static void write(final ClassificationMetrics m, final Path file, final String title)
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
		PngFiles.write(img, file);
	}

	// -- Helper methods --

	private static String shorten(final String name) {
		return name.length() <= 30 ? name : name.substring(0, 28) + "..";
	}
}
