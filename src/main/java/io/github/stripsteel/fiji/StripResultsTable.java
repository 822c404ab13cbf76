package io.github.stripsteel.fiji;

import java.awt.GraphicsEnvironment;
import java.util.stream.Collectors;

import ij.measure.ResultsTable;
import io.github.stripsteel.classify.Prediction;

/**
 * The "Strip Defect Results" table: one row per classified image (columns {@code image,
 * predicted_class, confidence, top_k, ms, model}, plus {@code status} and {@code error} for
 * folder runs). With a display it is the table of the window of that title (so a user who clears
 * or closes it starts afresh); headless it is kept here, since ImageJ 1 finds tables only through
 * their windows. Macros can read it anywhere with
 * {@code call("io.github.stripsteel.fiji.StripResultsTable.value", "predicted_class", "-1")}.
 */
public final class StripResultsTable {

	public static final String TITLE = "Strip Defect Results";

	private static ResultsTable headless;

	private StripResultsTable() {}

	/** The table (created when missing). */
	public static synchronized ResultsTable get() {
		if (!GraphicsEnvironment.isHeadless()) {
			final ResultsTable shown = ResultsTable.getResultsTable(TITLE);
			if (shown != null) return shown;
			if (headless != null && headless.getTitle() != null) headless = null; // window closed
		}
		if (headless == null) headless = new ResultsTable();
		return headless;
	}

	/** Adds one classified image (and shows the table when there is a display). */
	public static synchronized void add(final String image, final Prediction p, final int topK,
		final double ms, final String model)
	{
		final ResultsTable rt = get();
		rt.incrementCounter();
		rt.addValue("image", image);
		rt.addValue("predicted_class", p.className());
		rt.addValue("confidence", p.confidence());
		rt.addValue("top_k", topKText(p, topK));
		rt.addValue("ms", ms);
		rt.addValue("model", model);
		rt.setDecimalPlaces(rt.getColumnIndex("confidence"), 4);
		rt.setDecimalPlaces(rt.getColumnIndex("ms"), 1);
	}

	/** Adds one row of a folder run (prediction may be null: error rows). */
	public static synchronized void addFileRow(final String image, final String predictedClass,
		final double confidence, final String topK, final double ms, final String model,
		final String status, final String error)
	{
		final ResultsTable rt = get();
		rt.incrementCounter();
		rt.addValue("image", image);
		rt.addValue("predicted_class", predictedClass);
		rt.addValue("confidence", confidence);
		rt.addValue("top_k", topK);
		rt.addValue("ms", ms);
		rt.addValue("model", model);
		rt.addValue("status", status);
		rt.addValue("error", error == null ? "" : error);
	}

	/** Shows (or refreshes) the table window; nothing headless. */
	public static synchronized void show() {
		if (GraphicsEnvironment.isHeadless()) return;
		final ResultsTable rt = get();
		rt.show(TITLE);
		headless = null;
	}

	/** {@code class:probability;...} for the {@code k} most probable classes. */
	public static String topKText(final Prediction p, final int k) {
		return p.topK(k).stream().map(Prediction.Ranked::toString).collect(Collectors.joining(";"));
	}

	/**
	 * One cell as text, for macros: {@code call("io.github.stripsteel.fiji.StripResultsTable.value",
	 * column, row)}; a negative row counts from the end ({@code -1} = last row). Empty when missing.
	 */
	public static synchronized String value(final String column, final String row) {
		final ResultsTable rt = get();
		int r = Integer.parseInt(row.trim());
		if (r < 0) r += rt.size();
		if (r < 0 || r >= rt.size() || !rt.columnExists(column)) return "";
		final String s = rt.getStringValue(column, r);
		return s == null ? "" : s;
	}

	/** The number of rows, for macros ({@code call(".../size")}). */
	public static synchronized String size() {
		return Integer.toString(get().size());
	}
}
