package io.github.stripsteel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonObject;

import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * The figures of a K-fold cross-validation: each fold's best-epoch validation accuracy, macro-F1
 * and G-mean (from its package's {@code metrics}), their mean and sample standard deviation. The
 * folds must be one complete set: the same K and seed, each fold once.
 */
public final class FoldSummary {

	/** The figures summarised, in this order. */
	public static final List<String> FIGURES = List.of("accuracy", "macro_f1", "gmean");

	/** One fold's package and figures. */
	public record Fold(String name, int fold, int epoch, double[] figures) {}

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
			final JsonObject t = p.training();
			final String where = p.dir().resolve(ModelPackage.MODEL_JSON).toString();
			if (!t.has("folds")) throw new InvalidSettingException(where +
				": not trained on a cross-validation fold (no training.folds); train it with {folds} K and " +
					"{fold} I");
			final int pk = t.get("folds").getAsInt(), fold = t.get("fold").getAsInt();
			final long ps = t.get("seed").getAsLong();
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
			final double[] figures = new double[FIGURES.size()];
			for (int i = 0; i < figures.length; i++) {
				if (!m.has(FIGURES.get(i))) throw new IllegalArgumentException(where + ": metrics." +
					FIGURES.get(i) + " missing");
				figures[i] = m.get(FIGURES.get(i)).getAsDouble();
			}
			folds.add(new Fold(p.dir().toString(), fold, p.keptEpoch(), figures));
		}
		return new FoldSummary(List.copyOf(folds), k);
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
		double s = 0;
		for (final Fold f : folds)
			s += f.figures()[i];
		return s / folds.size();
	}

	/** The sample standard deviation (n - 1) of figure {@code i}; 0 for one fold. */
	public double std(final int i) {
		if (folds.size() < 2) return 0;
		final double mean = mean(i);
		double s = 0;
		for (final Fold f : folds)
			s += (f.figures()[i] - mean) * (f.figures()[i] - mean);
		return Math.sqrt(s / (folds.size() - 1));
	}

	/** A table: one line per fold, then mean ± std. */
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
		if (!complete()) sb.append("incomplete: ").append(k - folds.size()).append(
			" fold(s) missing; the figures are not a cross-validation yet").append(System.lineSeparator());
		return sb.toString();
	}
}
