package io.github.stripsteel.eval;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Confusion matrix and the figures derived from it: accuracy, per-class precision/recall/F1,
 * macro-F1 and G-mean = (prod_k recall_k)^(1/C), which is 0 as soon as one class is never
 * recalled.
 *
 * <p>Rows are true classes, columns predicted classes. A class without samples has recall 0 by
 * convention (it cannot be recalled), and is reported as such.</p>
 */
public class ClassificationMetrics {

	private final List<String> classes;
	private final long[][] confusion;

	public ClassificationMetrics(final List<String> classes) {
		this.classes = List.copyOf(classes);
		this.confusion = new long[classes.size()][classes.size()];
	}

	/** Builds the metrics from parallel arrays of true and predicted labels. */
	public static ClassificationMetrics of(final List<String> classes, final int[] truth,
		final int[] predicted)
	{
		if (truth.length != predicted.length) throw new IllegalArgumentException(
			"truth and prediction counts differ: " + truth.length + " vs " + predicted.length);
		final ClassificationMetrics m = new ClassificationMetrics(classes);
		for (int i = 0; i < truth.length; i++)
			m.add(truth[i], predicted[i]);
		return m;
	}

	public void add(final int truth, final int predicted) {
		confusion[truth][predicted]++;
	}

	public List<String> classes() {
		return classes;
	}

	public int numClasses() {
		return classes.size();
	}

	public long total() {
		long n = 0;
		for (final long[] row : confusion)
			for (final long v : row)
				n += v;
		return n;
	}

	public long[][] confusion() {
		final long[][] copy = new long[confusion.length][];
		for (int i = 0; i < confusion.length; i++)
			copy[i] = confusion[i].clone();
		return copy;
	}

	public double accuracy() {
		final long n = total();
		if (n == 0) return 0;
		long correct = 0;
		for (int k = 0; k < confusion.length; k++)
			correct += confusion[k][k];
		return (double) correct / n;
	}

	public long support(final int k) {
		long n = 0;
		for (final long v : confusion[k])
			n += v;
		return n;
	}

	public double recall(final int k) {
		final long n = support(k);
		return n == 0 ? 0 : (double) confusion[k][k] / n;
	}

	public double precision(final int k) {
		long predicted = 0;
		for (final long[] row : confusion)
			predicted += row[k];
		return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
	}

	public double f1(final int k) {
		final double p = precision(k), r = recall(k);
		return p + r == 0 ? 0 : 2 * p * r / (p + r);
	}

	public double macroF1() {
		double sum = 0;
		for (int k = 0; k < numClasses(); k++)
			sum += f1(k);
		return sum / numClasses();
	}

	public double[] recalls() {
		final double[] r = new double[numClasses()];
		for (int k = 0; k < r.length; k++)
			r[k] = recall(k);
		return r;
	}

	/** Geometric mean of the per-class recalls; 0 if any class has recall 0. */
	public double gmean() {
		return gmean(recalls());
	}

	/** Geometric mean of the given recalls; 0 if any is 0 (computed in log space). */
	public static double gmean(final double[] recalls) {
		double logSum = 0;
		for (final double r : recalls) {
			if (r <= 0) return 0;
			logSum += Math.log(r);
		}
		return Math.exp(logSum / recalls.length);
	}

	/** Index of the class with the fewest samples (the rarest), first one on ties. */
	public int rarestClass() {
		int best = 0;
		for (int k = 1; k < numClasses(); k++)
			if (support(k) < support(best)) best = k;
		return best;
	}

	/**
	 * The {@code metrics.json} object: {@code accuracy}, {@code macro_f1}, {@code gmean},
	 * {@code per_class} (name → precision, recall, f1, support), {@code confusion}, {@code classes},
	 * {@code samples}.
	 */
	public JsonObject toJson() {
		final JsonObject json = new JsonObject();
		json.addProperty("accuracy", accuracy());
		json.addProperty("macro_f1", macroF1());
		json.addProperty("gmean", gmean());
		json.addProperty("samples", total());
		final JsonObject perClass = new JsonObject();
		for (int k = 0; k < numClasses(); k++) {
			final JsonObject c = new JsonObject();
			c.addProperty("precision", precision(k));
			c.addProperty("recall", recall(k));
			c.addProperty("f1", f1(k));
			c.addProperty("support", support(k));
			perClass.add(classes.get(k), c);
		}
		json.add("per_class", perClass);
		final JsonArray names = new JsonArray();
		classes.forEach(names::add);
		json.add("classes", names);
		final JsonArray matrix = new JsonArray();
		for (final long[] row : confusion) {
			final JsonArray r = new JsonArray();
			for (final long v : row)
				r.add(v);
			matrix.add(r);
		}
		json.add("confusion", matrix);
		return json;
	}

	/** A plain-text report: summary figures, per-class table and confusion matrix. */
	public String report() {
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format("samples   %d%naccuracy  %.4f%nmacro_f1  %.4f%ngmean     %.4f%n%n",
			total(), accuracy(), macroF1(), gmean()));
		final int width = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
		sb.append(String.format("%-" + width + "s  precision  recall     f1  support%n", "class"));
		for (int k = 0; k < numClasses(); k++)
			sb.append(String.format("%-" + width + "s  %9.4f  %6.4f  %6.4f  %7d%n", classes.get(k),
				precision(k), recall(k), f1(k), support(k)));
		sb.append(String.format("%nconfusion (rows = true, columns = predicted, in class order above)%n"));
		for (int k = 0; k < numClasses(); k++) {
			final List<String> cells = new ArrayList<>();
			for (final long v : confusion[k])
				cells.add(String.format("%5d", v));
			sb.append(String.format("%-" + width + "s %s%n", classes.get(k), String.join("", cells)));
		}
		return sb.toString();
	}
}
