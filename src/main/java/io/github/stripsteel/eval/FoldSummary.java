package io.github.stripsteel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import com.google.gson.JsonObject;

import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * The figures of a K-fold cross-validation: each fold's validation accuracy, macro-F1 and G-mean
 * (from its package's {@code metrics}: the epoch it keeps), their mean and sample standard
 * deviation; for runs with a weight average also those of the trained weights. The folds must be
 * one complete set: the same K and seed, each fold once.
 */
public final class FoldSummary {

	/** The figures summarised, in this order. */
	public static final List<String> FIGURES = List.of("accuracy", "macro_f1", "gmean");

	/**
	 * One fold's package and figures; {@code trained} the same epoch's figures of the trained weights
	 * when the run kept a weight average (else null).
	 */
	public record Fold(String name, int fold, int epoch, double[] figures, double[] trained) {}

	private final List<Fold> folds;
	private final int k;

	private FoldSummary(final List<Fold> folds, final int k) {
		this.folds = folds;
		this.k = k;
	}

	/**
	 * @throws IllegalArgumentException naming the package that was not trained on a fold, records
	 *           no figures, or does not belong to the same set of folds as the first
	 */
	public static FoldSummary of(final List<ModelPackage> packages) {
		if (packages.isEmpty()) throw new IllegalArgumentException("no fold packages given");
		final List<Fold> folds = new ArrayList<>();
		int k = -1;
		long seed = 0;
		final boolean[] seen = new boolean[1024];
		for (final ModelPackage p : packages) {
			final JsonObject training = p.training();
			final String where = p.dir().resolve(ModelPackage.MODEL_JSON).toString();
			if (!training.has("folds")) throw new InvalidSettingException(where +
				": not trained on a cross-validation fold (no training.folds); train it with {folds} K and " +
					"{fold} I");
			final int pk = training.get("folds").getAsInt(), fold = training.get("fold").getAsInt();
			final long ps = training.get("seed").getAsLong();
			if (k < 0) {
				k = pk;
				seed = ps;
			}
			else if (pk != k || ps != seed) throw new IllegalArgumentException(where + ": fold " + fold +
				" of " + pk + " with seed " + ps + ", the first package is of " + k + " folds with seed " +
				seed + "; summarise one set of folds");
			if (fold < 0 || fold >= seen.length || seen[fold]) throw new IllegalArgumentException(where +
				": fold " + fold + " given twice");
			seen[fold] = true;
			final JsonObject m = p.metrics();
			final JsonObject t = m.has(ModelPackage.TRAINED_WEIGHTS) ? m.getAsJsonObject(
				ModelPackage.TRAINED_WEIGHTS) : null;
			folds.add(new Fold(p.dir().toString(), fold, p.keptEpoch(), figures(m, where + ": metrics."),
				t == null ? null : figures(t, where + ": metrics." + ModelPackage.TRAINED_WEIGHTS + ".")));
		}
		return new FoldSummary(List.copyOf(folds), k);
	}

	private static double[] figures(final JsonObject m, final String where) {
		final double[] figures = new double[FIGURES.size()];
		for (int i = 0; i < figures.length; i++) {
			if (!m.has(FIGURES.get(i))) throw new IllegalArgumentException(where + FIGURES.get(i) +
				" missing");
			figures[i] = m.get(FIGURES.get(i)).getAsDouble();
		}
		return figures;
	}

	public List<Fold> folds() {
		return folds;
	}

	/** True when every fold of the set is present. */
	public boolean complete() {
		return folds.size() == k;
	}

	/** The mean of figure {@code i} (see {@link #FIGURES}) over the folds. */
	public double mean(final int i) {
		return mean(i, Fold::figures);
	}

	/** The sample standard deviation (n - 1) of figure {@code i}; 0 for one fold. */
	public double std(final int i) {
		return std(i, Fold::figures);
	}

	/** True when every fold's run kept a weight average and recorded its trained weights' figures. */
	public boolean hasTrainedWeights() {
		return folds.stream().allMatch(f -> f.trained() != null);
	}

	/** The mean of figure {@code i} of the trained weights (see {@link #hasTrainedWeights}). */
	public double trainedMean(final int i) {
		return mean(i, Fold::trained);
	}

	/** The sample standard deviation of figure {@code i} of the trained weights. */
	public double trainedStd(final int i) {
		return std(i, Fold::trained);
	}

	private double mean(final int i, final Function<Fold, double[]> of) {
		double s = 0;
		for (final Fold f : folds)
			s += of.apply(f)[i];
		return s / folds.size();
	}

	private double std(final int i, final Function<Fold, double[]> of) {
		if (folds.size() < 2) return 0;
		final double mean = mean(i, of);
		double s = 0;
		for (final Fold f : folds)
			s += (of.apply(f)[i] - mean) * (of.apply(f)[i] - mean);
		return Math.sqrt(s / (folds.size() - 1));
	}

	/** A table: one line per fold, then mean ± std (and the trained weights' when recorded). */
	public String report() {
		final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
			"%-6s %-10s %-8s %-8s %-8s %s%n", "fold", "epoch", "accuracy", "macro_f1", "gmean",
			"package"));
		for (final Fold f : folds)
			sb.append(String.format(Locale.ROOT, "%-6d %-10d %-8.4f %-8.4f %-8.4f %s%n", f.fold(), f
				.epoch(), f.figures()[0], f.figures()[1], f.figures()[2], f.name()));
		sb.append(String.format(Locale.ROOT, "mean ± std over %d of %d folds: accuracy %.4f ± %.4f, " +
			"macro-F1 %.4f ± %.4f, G-mean %.4f ± %.4f%n", folds.size(), k, mean(0), std(0), mean(1),
			std(1), mean(2), std(2)));
		if (hasTrainedWeights()) sb.append(String.format(Locale.ROOT, "the same epochs' trained " +
			"weights, without the weight average: accuracy %.4f ± %.4f, macro-F1 %.4f ± %.4f, " +
			"G-mean %.4f ± %.4f%n", trainedMean(0), trainedStd(0), trainedMean(1), trainedStd(1),
			trainedMean(2), trainedStd(2)));
		if (!complete()) sb.append("incomplete: ").append(k - folds.size()).append(
			" fold(s) missing; the figures are not a cross-validation yet").append(System.lineSeparator());
		return sb.toString();
	}
}
