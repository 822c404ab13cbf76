package io.github.stripsteel.train;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.github.stripsteel.util.Charts;
import io.github.stripsteel.util.PngFiles;
import io.github.stripsteel.util.Charts.Series;

/** The {@code curves.png} of a training run: losses, and validation accuracy / G-mean. */
public final class TrainingCharts {

	private TrainingCharts() {}

	public static void writeCurves(final List<EpochRecord> history, final Path file)
		throws IOException
	{
		final BufferedImage img = new BufferedImage(1000, 380, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		final List<Series> losses = new ArrayList<>();
		losses.add(series("train loss", history, EpochRecord::trainLoss));
		losses.add(series("val loss", history, EpochRecord::valLoss));
		Charts.lineChart(g, 0, 0, 500, 380, "Loss", losses, 0, Double.NaN);
		final List<Series> metrics = new ArrayList<>();
		metrics.add(series("train acc", history, EpochRecord::trainAccuracy));
		metrics.add(series("val acc", history, r -> r.validation().accuracy()));
		metrics.add(series("val G-mean", history, r -> r.validation().gmean()));
		if (!history.isEmpty() && history.get(history.size() - 1).extras().containsKey("lambda"))
			metrics.add(series("lambda", history, r -> r.extras().getOrDefault("lambda", 0.0)));
		Charts.lineChart(g, 500, 0, 500, 380, "Accuracy / G-mean (validation)", metrics, 0, 1);
		g.dispose();
		PngFiles.write(img, file);
	}

	private static Series series(final String name, final List<EpochRecord> history,
		final ToDoubleFunction<EpochRecord> value)
	{
		final double[] x = new double[history.size()], y = new double[history.size()];
		for (int i = 0; i < x.length; i++) {
			x[i] = history.get(i).epoch();
			y[i] = value.applyAsDouble(history.get(i));
		}
		return new Series(name, x, y);
	}
}
