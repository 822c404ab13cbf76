package io.github.stripsteel.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.scijava.log.Logger;

import io.github.stripsteel.eval.Charts;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.ImageDecoder.DecodedImage;
import io.github.stripsteel.model.AtomicFiles;

/**
 * Classifies many files in mini-batches. A file that cannot be decoded or classified is recorded
 * with its error and the batch goes on. With an output folder it writes {@code results.csv}
 * (rewritten atomically after every mini-batch, so an interruption keeps what was done) and one
 * overlay PNG per image; {@code skipExisting} reuses earlier rows whose overlay exists.
 */
public final class BatchClassifier {

	public static final String RESULTS_CSV = "results.csv";
	public static final String CSV_HEADER = "file,predicted_class,confidence,top_k,ms,model,status,error";

	private final StripClassifier classifier;
	private final Logger log;
	private Path outDir;
	private int batchSize = 16;
	private int topK = 3;
	private boolean skipExisting;
	private BooleanSupplier cancelled = () -> false;
	private Progress progress = (i, n, r) -> {};

	/** Called after each file. */
	@FunctionalInterface
	public interface Progress {

		void fileDone(int done, int total, FileResult result);
	}

	/**
	 * The outcome for one file.
	 *
	 * @param prediction null when {@code error} is set or the file was skipped
	 * @param millis decoding, preprocessing and this file's share of the network pass
	 * @param status {@code ok}, {@code error} or {@code skipped}
	 * @param csvRow for skipped files, the earlier row
	 */
	public record FileResult(Path file, Prediction prediction, double millis, String status,
		String error, String csvRow)
	{

		public boolean ok() {
			return "ok".equals(status);
		}
	}

	public BatchClassifier(final StripClassifier classifier, final Logger log) {
		this.classifier = classifier;
		this.log = log;
	}

	public BatchClassifier outputFolder(final Path value) {
		this.outDir = value;
		return this;
	}

	public BatchClassifier batchSize(final int value) {
		if (value < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + value);
		this.batchSize = value;
		return this;
	}

	public BatchClassifier topK(final int value) {
		if (value < 1) throw new IllegalArgumentException("top-k must be at least 1, got " + value);
		this.topK = Math.min(value, classifier.model().classes().size());
		return this;
	}

	public BatchClassifier skipExisting(final boolean value) {
		this.skipExisting = value;
		return this;
	}

	public BatchClassifier cancelWhen(final BooleanSupplier value) {
		this.cancelled = value;
		return this;
	}

	public BatchClassifier progress(final Progress value) {
		this.progress = value;
		return this;
	}

	public int topK() {
		return topK;
	}

	/**
	 * Classifies the files in order.
	 *
	 * @throws CancellationException when cancelled; results so far are in results.csv
	 */
	public List<FileResult> run(final List<Path> files) throws IOException {
		final List<FileResult> results = new ArrayList<>();
		final Map<String, String> earlier = skipExisting && outDir != null ? readRows(outDir.resolve(
			RESULTS_CSV)) : Map.of();
		final Path base = commonParent(files);
		if (outDir != null) Files.createDirectories(outDir);
		for (int start = 0; start < files.size(); start += batchSize) {
			if (cancelled.getAsBoolean()) {
				writeCsv(results);
				throw new CancellationException("cancelled after " + results.size() + " of " + files
					.size() + " files");
			}
			final List<Path> chunk = files.subList(start, Math.min(files.size(), start + batchSize));
			final List<FileResult> chunkResults = classifyChunk(chunk, base, earlier);
			for (final FileResult r : chunkResults) {
				results.add(r);
				if (!r.ok() && r.error() != null) log.warn(r.error());
				progress.fileDone(results.size(), files.size(), r);
			}
			writeCsv(results);
		}
		return results;
	}

	/** The overlay file written for {@code file}. */
	public Path overlayFile(final Path file, final Path base) {
		final Path rel = base != null && file.toAbsolutePath().normalize().startsWith(base) ? base
			.relativize(file.toAbsolutePath().normalize()) : file.getFileName();
		final String flat = rel.toString().replace('/', '_').replace('\\', '_').replace(' ', '_');
		return outDir.resolve("overlays").resolve(flat + ".overlay.png");
	}

	/** One CSV row (quoted where needed) for a result. */
	public String csvRow(final FileResult r) {
		if (r.csvRow() != null) return r.csvRow();
		final String model = classifier.model().id();
		if (r.prediction() == null) return String.join(",", csv(r.file().toString()), "", "", "",
			String.format(Locale.ROOT, "%.2f", r.millis()), csv(model), r.status(), csv(r.error()));
		final String top = r.prediction().topK(topK).stream().map(Prediction.Ranked::toString).collect(
			Collectors.joining(";"));
		return String.join(",", csv(r.file().toString()), csv(r.prediction().className()), String
			.format(Locale.ROOT, "%.4f", r.prediction().confidence()), csv(top), String.format(
				Locale.ROOT, "%.2f", r.millis()), csv(model), r.status(), "");
	}

	// -- Helper methods --

	private List<FileResult> classifyChunk(final List<Path> chunk, final Path base,
		final Map<String, String> earlier)
	{
		final FileResult[] out = new FileResult[chunk.size()];
		final List<Integer> pending = new ArrayList<>();
		final List<float[]> inputs = new ArrayList<>();
		final List<DecodedImage> decoded = new ArrayList<>();
		final double[] millis = new double[chunk.size()];
		for (int i = 0; i < chunk.size(); i++) {
			final Path file = chunk.get(i);
			final String row = earlier.get(file.toString());
			if (row != null && outDir != null && Files.exists(overlayFile(file, base))) {
				out[i] = new FileResult(file, null, 0, "skipped", null, row);
				continue;
			}
			final long t0 = System.nanoTime();
			try {
				final DecodedImage img = ImageDecoder.read(file);
				inputs.add(classifier.prepare(img.gray()));
				decoded.add(img);
				pending.add(i);
			}
			catch (final IOException | RuntimeException e) {
				out[i] = new FileResult(file, null, (System.nanoTime() - t0) / 1e6, "error", message(file,
					e), null);
			}
			millis[i] = (System.nanoTime() - t0) / 1e6;
		}
		if (!pending.isEmpty()) {
			final long t0 = System.nanoTime();
			final List<Prediction> predictions = classifier.predict(inputs.toArray(new float[0][]));
			final double share = (System.nanoTime() - t0) / 1e6 / pending.size();
			for (int j = 0; j < pending.size(); j++) {
				final int i = pending.get(j);
				final Path file = chunk.get(i);
				String error = null;
				if (outDir != null) {
					try {
						Charts.writePng(OverlayRenderer.render(decoded.get(j).gray(), predictions.get(j), topK),
							overlayFile(file, base));
					}
					catch (final IOException e) {
						error = file + ": overlay not written (" + e.getMessage() + ")";
						log.warn(error);
					}
				}
				out[i] = new FileResult(file, predictions.get(j), millis[i] + share, "ok", error, null);
			}
		}
		return List.of(out);
	}

	private static String message(final Path file, final Exception e) {
		final String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		return m.contains(file.getFileName().toString()) ? m : file + ": " + m;
	}

	private void writeCsv(final List<FileResult> results) throws IOException {
		if (outDir == null) return;
		final StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
		for (final FileResult r : results)
			sb.append(csvRow(r)).append('\n');
		AtomicFiles.writeString(outDir.resolve(RESULTS_CSV), sb.toString());
	}

	private static Map<String, String> readRows(final Path csvFile) throws IOException {
		final Map<String, String> rows = new HashMap<>();
		if (!Files.exists(csvFile)) return rows;
		final List<String> lines = Files.readAllLines(csvFile, StandardCharsets.UTF_8);
		for (final String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
			final List<String> cells = parseCsvLine(line);
			if (cells.size() >= 7 && cells.get(6).equals("ok")) rows.put(cells.get(0), line);
		}
		return rows;
	}

	/** Splits one CSV line (RFC 4180 quoting). */
	public static List<String> parseCsvLine(final String line) {
		final List<String> cells = new ArrayList<>();
		final StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			final char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				}
				else if (c == '"') quoted = false;
				else cell.append(c);
			}
			else if (c == '"') quoted = true;
			else if (c == ',') {
				cells.add(cell.toString());
				cell.setLength(0);
			}
			else cell.append(c);
		}
		cells.add(cell.toString());
		return cells;
	}

	private static String csv(final String value) {
		if (value == null) return "";
		final String v = value.replace('\n', ' ').replace('\r', ' ');
		return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
	}

	private static Path commonParent(final List<Path> files) {
		Path base = null;
		for (final Path f : files) {
			final Path parent = f.toAbsolutePath().normalize().getParent();
			if (parent == null) continue;
			if (base == null) base = parent;
			else while (base != null && !parent.startsWith(base))
				base = base.getParent();
		}
		return base;
	}
}
