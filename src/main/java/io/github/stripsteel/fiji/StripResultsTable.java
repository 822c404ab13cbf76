package io.github.stripsteel.fiji;

import java.awt.GraphicsEnvironment;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import ij.measure.ResultsTable;
import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.localise.TileClassifier.TileResult;

/**
 * The "Strip Defect Results" table: one row per classified image (columns {@code image,
 * predicted_class, confidence, top_k, ms, model}, plus {@code status} and {@code error} for
 * folder runs). With a display it is the table of the window of that title (so a user who clears
 * or closes it starts afresh); headless it is kept here, since ImageJ 1 finds tables only through
 * their windows. Macros can read it anywhere with
 * {@code call("io.github.stripsteel.fiji.StripResultsTable.value", "predicted_class", "-1")}. The
 * "Strip Tile Results" table of Classify Strip Tiles (one row per tile) is kept the same way
 * ({@code tileValue}, {@code tileCount}).
 */
public final class StripResultsTable {

	public static final String TITLE = "Strip Defect Results";

	/** The table of Classify Strip Tiles: one row per tile. */
	public static final String TILES_TITLE = "Strip Tile Results";

	/** Tables kept here while they have no window (headless), by title. */
	private static final Map<String, ResultsTable> HEADLESS = new HashMap<>();

	private StripResultsTable() {}

	/** The table (created when missing). */
	public static ResultsTable get() {
		return get(TITLE);
	}

	/** The table of that title (created when missing). */
	public static synchronized ResultsTable get(final String title) {
		if (!GraphicsEnvironment.isHeadless()) {
			final ResultsTable shown = ResultsTable.getResultsTable(title);
			if (shown != null) return shown;
			final ResultsTable kept = HEADLESS.get(title);
			if (kept != null && kept.getTitle() != null) HEADLESS.remove(title); // window closed
		}
		return HEADLESS.computeIfAbsent(title, t -> new ResultsTable());
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

	/**
	 * Adds one tile of Classify Strip Tiles to the {@value #TILES_TITLE} table: the columns of the
	 * CLI's {@code tiles.csv} ({@code file, x, y, width, height, predicted_class, confidence, top_k}).
	 */
	public static synchronized void addTile(final String file, final TileResult t, final int topK) {
		final ResultsTable rt = get(TILES_TITLE);
		rt.incrementCounter();
		rt.addValue("file", file);
		rt.addValue("x", t.tile().x());
		rt.addValue("y", t.tile().y());
		rt.addValue("width", t.tile().width());
		rt.addValue("height", t.tile().height());
		rt.addValue("predicted_class", t.label());
		rt.addValue("confidence", t.prediction().confidence());
		rt.addValue("top_k", topKText(t.prediction(), topK));
		rt.setDecimalPlaces(rt.getColumnIndex("confidence"), 4);
	}

	/** Shows (or refreshes) the table window; nothing headless. */
	public static void show() {
		show(TITLE);
	}

	/** Shows (or refreshes) the window of the table of that title; nothing headless. */
	public static synchronized void show(final String title) {
		if (GraphicsEnvironment.isHeadless()) return;
		get(title).show(title);
		HEADLESS.remove(title);
	}

	/** {@code class:probability;...} for the {@code k} most probable classes. */
	public static String topKText(final Prediction p, final int k) {
		return p.topK(k).stream().map(Prediction.Ranked::toString).collect(Collectors.joining(";"));
	}

	/**
	 * One cell as text, for macros: {@code call("io.github.stripsteel.fiji.StripResultsTable.value",
	 * column, row)}; a negative row counts from the end ({@code -1} = last row). Empty when missing.
	 */
	public static String value(final String column, final String row) {
		return cell(get(), column, row);
	}

	/** The number of rows, for macros ({@code call(".../size")}). */
	public static synchronized String size() {
		return Integer.toString(get().size());
	}

	/** One cell of the {@value #TILES_TITLE} table, for macros (as {@link #value}). */
	public static String tileValue(final String column, final String row) {
		return cell(get(TILES_TITLE), column, row);
	}

	/** The number of rows of the {@value #TILES_TITLE} table, for macros. */
	public static synchronized String tileCount() {
		return Integer.toString(get(TILES_TITLE).size());
	}

	// -- Helper methods --

	private static synchronized String cell(final ResultsTable rt, final String column,
		final String row)
	{
		int r = Integer.parseInt(row.trim());
		if (r < 0) r += rt.size();
		if (r < 0 || r >= rt.size() || !rt.columnExists(column)) return "";
		final String s = rt.getStringValue(column, r);
		return s == null ? "" : s;
	}
}
