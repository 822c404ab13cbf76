package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.classify.BatchClassifier.FileResult;
import io.github.stripsteel.classify.ModelChoice;
import io.github.stripsteel.classify.Prediction;

/**
 * The table {@code classify} prints on stdout, one row per file as soon as it is classified (the
 * column width comes from the file list, known before the first row).
 */
final class ResultsTable {

	private final CliIO io;
	private final int width;
	/** With a choice among models: each model id's package folder name, shown per row; else null. */
	private final Map<String, String> modelNames;

	ResultsTable(final List<Path> files, final CliIO io) {
		this(files, io, null);
	}

	/** @param models the candidates when each file's model is chosen (null: one model) */
	ResultsTable(final List<Path> files, final CliIO io, final ModelChoice models) {
		this.io = io;
		this.modelNames = models == null ? null : models.candidates().stream().collect(Collectors
			.toMap(c -> c.model().id(), c -> String.valueOf(c.model().dir().getFileName()), (x,
				y) -> x));
		int w = 4;
		for (final Path f : files)
			w = Math.max(w, f.toString().length());
		this.width = Math.min(w, 70);
	}

	void header() {
		io.out().println(String.format("%-" + width + "s  %-34s %10s %8s  %s", "file",
			"predicted_class", "confidence", "ms", modelNames == null ? "top_k" : "model  top_k"));
	}

	void row(final FileResult r, final int topK) {
		final String name = shorten(r.file().toString());
		if (r.csvRow() != null) {
			final List<String> cells = BatchClassifier.parseCsvLine(r.csvRow());
			io.out().println(String.format("%-" + width + "s  %-34s %10s %8s  %s", name, cells.get(1),
				cells.get(2), "-", "kept from the earlier run"));
		}
		else if (r.prediction() == null) io.out().println(String.format("%-" + width +
			"s  %-34s %10s %8.1f  %s", name, "ERROR", "", r.millis(), r.error()));
		else {
			final Prediction p = r.prediction();
			// an image far from the model's training data: the class is a guess, said so
			final String label = p.uncertain() ? p.className() + " (uncertain)" : p.className();
			final String model = modelNames == null ? "" : modelNames.getOrDefault(r.model(), r
				.model()) + "  ";
			io.out().println(String.format("%-" + width + "s  %-34s %10.4f %8.1f  %s%s", name, label, p
				.confidence(), r.millis(), model, p.topK(topK).stream().map(Prediction.Ranked::toString)
					.collect(Collectors.joining(" "))));
		}
	}

	private String shorten(final String s) {
		return s.length() <= width ? s : "..." + s.substring(s.length() - width + 3);
	}
}
