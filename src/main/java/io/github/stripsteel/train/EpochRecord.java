package io.github.stripsteel.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.stripsteel.eval.ClassificationMetrics;

/** What one epoch measured; one row of {@code log.csv}. */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss,
	ClassificationMetrics validation, double learningRate, double seconds,
	Map<String, Double> extras)
{

	/** The fixed columns of {@code log.csv}; the objective's extra figures follow them. */
	public static final List<String> COLUMNS = List.of("epoch", "train_loss", "train_accuracy",
		"val_loss", "val_accuracy", "val_macro_f1", "val_gmean", "lr", "seconds");

	/** The header line of a log with this record's extra figures. */
	public String csvHeader() {
		final List<String> names = new ArrayList<>(COLUMNS);
		names.addAll(extras.keySet());
		return String.join(",", names);
	}

	/** This record as a {@code log.csv} row. */
	public String csvRow() {
		final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
			"%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6g,%.1f", epoch, trainLoss, trainAccuracy, valLoss,
			validation.accuracy(), validation.macroF1(), validation.gmean(), learningRate, seconds));
		extras.values().forEach(v -> sb.append(String.format(Locale.ROOT, ",%.6f", v)));
		return sb.toString();
	}

	/**
	 * The epochs a log holds (for the curves of a resumed run); their validation metrics are only
	 * the logged summary figures.
	 */
	public static List<EpochRecord> read(final TrainingLog log, final List<String> classes)
		throws IOException
	{
		final List<EpochRecord> history = new ArrayList<>();
		for (final Map<String, String> row : log.rows()) {
			final Map<String, Double> extras = new LinkedHashMap<>();
			row.forEach((k, v) -> {
				if (!COLUMNS.contains(k)) extras.put(k, Double.parseDouble(v));
			});
			history.add(new EpochRecord(Integer.parseInt(row.get("epoch")), value(row, "train_loss"),
				value(row, "train_accuracy"), value(row, "val_loss"), new LoggedMetrics(classes, value(row,
					"val_accuracy"), value(row, "val_macro_f1"), value(row, "val_gmean")), value(row, "lr"),
				value(row, "seconds"), extras));
		}
		return history;
	}

	private static double value(final Map<String, String> row, final String column) {
		final String v = row.get(column);
		return v == null ? Double.NaN : Double.parseDouble(v);
	}

	/** Metrics known only by their logged summary figures. */
	private static final class LoggedMetrics extends ClassificationMetrics {

		private final double accuracy, macroF1, gmean;

		LoggedMetrics(final List<String> classes, final double accuracy, final double macroF1,
			final double gmean)
		{
			super(classes);
			this.accuracy = accuracy;
			this.macroF1 = macroF1;
			this.gmean = gmean;
		}

		@Override
		public double accuracy() {
			return accuracy;
		}

		@Override
		public double macroF1() {
			return macroF1;
		}

		@Override
		public double gmean() {
			return gmean;
		}
	}
}
