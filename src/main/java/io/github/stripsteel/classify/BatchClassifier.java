package io.github.stripsteel.classify;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.scijava.log.Logger;

import io.github.stripsteel.util.PngFiles;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.ImageDecoder.DecodedImage;
import io.github.stripsteel.util.IoErrors;
import io.github.stripsteel.util.Progress;

/**
 * Classifies many files in mini-batches. A file that cannot be decoded or classified is recorded
 * with its error and the batch goes on. With an output folder ({@link ResultsFolder}: locked
 * against a second run) it appends each mini-batch's rows to {@code results.csv}, forced to disk,
 * and writes one overlay PNG per image; results of an earlier run are refused, continued
 * ({@link ResultsFolder.Existing#SKIP}: earlier {@code ok} rows whose overlay exists are kept and
 * those files skipped) or replaced, as {@link #existing} says.
 *
 * <p>The network's thread only classifies: a background thread decodes and preprocesses the next
 * mini-batch ({@link Lookahead}) and another writes the previous one's overlays and rows
 * ({@link WriteBehind}), so memory holds three mini-batches whatever the number of files. A
 * mini-batch's rows are appended once its overlays are written, and its results are reported (to
 * {@link #onResult} and {@link #progress}) once its rows are on disk, in the order of the files.</p>
 */
public final class BatchClassifier {

	public static final String RESULTS_CSV = ResultsFolder.RESULTS_CSV;
	public static final String CSV_HEADER = ResultsFolder.CSV_HEADER;

	private final ModelChoice models;
	private final Logger log;
	private Path outDir;
	private int batchSize = 16;
	private int topK = 3;
	private ResultsFolder.Existing existing = ResultsFolder.Existing.REFUSE;
	private Progress progress = Progress.NONE;
	private Consumer<FileResult> results = r -> {};
	private Locator locator;

	/** The folder of class activation map pictures in the output folder. */
	public static final String CAM_FOLDER = "cam";

	/**
	 * Where the predicted class sits in each image of a classified mini-batch: the
	 * {@code cam_x ... box_h} cells of {@code results.csv} and the picture written to
	 * {@code cam/<name>.cam.png}. {@code localise.Localiser} finds them with class activation maps;
	 * the batch only asks.
	 */
	public interface Locator {

		/**
		 * @param inputs the mini-batch as the classifier prepared it
		 * @param predictions the classifier's answers for {@code inputs}
		 * @param images the decoded images, whose pixels the places are given in
		 * @return one place per input, in order
		 */
		List<Place> locate(float[][] inputs, List<Prediction> predictions, List<DecodedImage> images);
	}

	/**
	 * One image's place, in its own pixels: the map's maximum and the box around the class.
	 *
	 * @param picture draws the map over the image; called only when the batch writes pictures
	 */
	public record Place(int peakX, int peakY, int boxX, int boxY, int boxWidth, int boxHeight,
		Supplier<BufferedImage> picture)
	{}

	/**
	 * The outcome for one file.
	 *
	 * @param prediction null when {@code error} is set or the file was skipped
	 * @param millis decoding, preprocessing and this file's share of the network pass
	 * @param status {@code ok}, {@code uncertain} (classified, but far from the model's training
	 *          data: {@link Prediction#uncertain()}), {@code error} or {@code skipped}
	 * @param csvRow for skipped files, the earlier row
	 * @param model the id of the model that classified the file (among several: the one chosen)
	 */
	public record FileResult(Path file, Prediction prediction, double millis, String status,
		String error, String csvRow, String model)
	{

		/** True when the file was classified now ({@code ok} or {@code uncertain}). */
		public boolean ok() {
			return "ok".equals(status) || Prediction.UNCERTAIN.equals(status);
		}
	}

	public BatchClassifier(final StripClassifier classifier, final Logger log) {
		this(ModelChoice.of(classifier), log);
	}

	/** Classifies each image with the model {@code models} chooses for it. */
	public BatchClassifier(final ModelChoice models, final Logger log) {
		this.models = models;
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
		this.topK = Math.min(value, models.maxClasses());
		return this;
	}

	/** What to do with earlier results in the output folder (default: refuse). */
	public BatchClassifier existing(final ResultsFolder.Existing value) {
		this.existing = value;
		return this;
	}

	/** {@code true}: continue earlier results ({@code SKIP}); {@code false}: refuse them. */
	public BatchClassifier skipExisting(final boolean value) {
		return existing(value ? ResultsFolder.Existing.SKIP : ResultsFolder.Existing.REFUSE);
	}

	/**
	 * Told after every file (files done and total); asked before each batch whether to stop, after
	 * which the rows so far are in {@code results.csv}.
	 */
	public BatchClassifier progress(final Progress value) {
		this.progress = value;
		return this;
	}

	/** Given each file's result as soon as it is known (tables, overlays). */
	public BatchClassifier onResult(final Consumer<FileResult> value) {
		this.results = value;
		return this;
	}

	public int topK() {
		return topK;
	}

	/**
	 * With a locator: each classified image's place, its picture written as
	 * {@code cam/<name>.cam.png} and its maximum and box in the {@code cam_x ... box_h} columns
	 * (null: none). Only for one model: a locator answers for one model's inputs.
	 *
	 * @throws IllegalStateException when the batch chooses among several models
	 */
	public BatchClassifier locator(final Locator value) {
		if (value != null && models.candidates().size() > 1) throw new IllegalStateException(
			"class activation maps need one model; this batch chooses among " + models.candidates()
				.size());
		this.locator = value;
		return this;
	}

	/** The class activation map picture written for {@code file}. */
	public Path camFile(final Path file, final Path base) {
		final Path overlay = overlayFile(file, base);
		final String name = overlay.getFileName().toString();
		return outDir.resolve(CAM_FOLDER).resolve(name.substring(0, name.length() - ".overlay.png"
			.length()) + ".cam.png");
	}

	/**
	 * Classifies the files in order.
	 *
	 * @throws CancellationException when cancelled; results so far are in results.csv
	 * @throws ResultsFolder.ExistingResultsException when the output folder holds earlier results
	 *           and {@link #existing} is {@code REFUSE}
	 * @throws io.github.stripsteel.util.FolderLock.BusyException when another run writes there
	 */
	public List<FileResult> run(final List<Path> files) throws IOException {
		try (ResultsFolder folder = outDir == null ? null : ResultsFolder.open(outDir, existing)) {
			return run(files, folder);
		}
	}

	/**
	 * Classifies the files in order into a folder opened by the caller (null: no output), e.g. to
	 * refuse a busy folder before loading a model.
	 */
	public List<FileResult> run(final List<Path> files, final ResultsFolder folder)
		throws IOException
	{
		outDir = folder == null ? null : folder.dir();
		final List<FileResult> results = new ArrayList<>();

		final Path base = commonParent(files);
		final Map<Path, String> earlier = new HashMap<>();
		if (folder != null) {
			final Set<String> redone = new HashSet<>();
			for (final Path file : files) {
				final String row = folder.earlierOkRow(file);
				if (row != null && Files.exists(overlayFile(file, base))) earlier.put(file, row);
				else redone.add(file.toString());
			}
			folder.dropEarlierRows(redone);
		}
		final List<List<Path>> chunks = new ArrayList<>();
		for (int start = 0; start < files.size(); start += batchSize)
			chunks.add(files.subList(start, Math.min(files.size(), start + batchSize)));
		// decoding and preprocessing of the next mini-batch, and writing the previous one, run while
		// the network classifies this one
		try (Lookahead<List<Path>, PreparedChunk> ahead = new Lookahead<>(chunks, c -> prepareChunk(c,
			earlier)); WriteBehind<List<FileResult>> behind = new WriteBehind<>())
		{
			while (ahead.hasNext()) {
				if (progress.cancelled()) {
					report(behind.finish(), results, files.size());
					throw new CancellationException("cancelled after " + results.size() + " of " + files
						.size() + " files");
				}
				final ClassifiedChunk classified = classifyChunk(ahead.next());
				report(behind.submit(() -> writeChunk(classified, base, folder)), results, files.size());
			}
			report(behind.finish(), results, files.size());
		}
		return results;
	}

	/** The overlay file written for {@code file}. */
	public Path overlayFile(final Path file, final Path base) {
		final Path rel = base != null && file.toAbsolutePath().normalize().startsWith(base) ? base
			.relativize(file.toAbsolutePath().normalize()) : file.getFileName();
		final String flat = rel.toString().replace('/', '_').replace('\\', '_').replace(' ', '_');
		return outDir.resolve(ResultsFolder.OVERLAYS).resolve(flat + ".overlay.png");
	}

	/** Tells the listeners of a written mini-batch's results, in order. */
	private void report(final List<FileResult> written, final List<FileResult> results,
		final int total)
	{
		if (written == null) return;
		for (final FileResult r : written) {
			results.add(r);
			if (!r.ok() && r.error() != null) log.warn(r.error());
			this.results.accept(r);
			progress.update(results.size(), total, results.size() + "/" + total + " files");
		}
	}

	/** One CSV row (quoted where needed) for a result, with its cam/box cells (null: empty). */
	private String csvRow(final FileResult r, final String camCells) {
		if (r.csvRow() != null) return r.csvRow();
		final String model = r.model() != null ? r.model() : models.candidates().get(0).model().id();
		if (r.prediction() == null) return String.join(",", csv(r.file().toString()), "", "", "",
			String.format(Locale.ROOT, "%.2f", r.millis()), csv(model), r.status(), csv(r.error()),
			",,,,,");
		final String top = r.prediction().topK(topK).stream().map(Prediction.Ranked::toString).collect(
			Collectors.joining(";"));
		return String.join(",", csv(r.file().toString()), csv(r.prediction().className()), String
			.format(Locale.ROOT, "%.4f", r.prediction().confidence()), csv(top), String.format(
				Locale.ROOT, "%.2f", r.millis()), csv(model), r.status(), "", camCells == null ? ",,,,,"
					: camCells);
	}

	// -- Helper methods --

	/**
	 * A mini-batch decoded and preprocessed: {@code out} holds the skipped and unreadable files'
	 * results, {@code pending} the indices of the files to classify, in the order of {@code inputs}.
	 */
	private record PreparedChunk(List<Path> chunk, FileResult[] out, List<Integer> pending,
		List<float[][]> inputs, List<DecodedImage> decoded, double[] millis)
	{}

	/** Decodes and preprocesses one mini-batch (on the look-ahead thread). */
	private PreparedChunk prepareChunk(final List<Path> chunk, final Map<Path, String> earlier) {
		final FileResult[] out = new FileResult[chunk.size()];
		final List<Integer> pending = new ArrayList<>();
		final List<float[][]> inputs = new ArrayList<>();
		final List<DecodedImage> decoded = new ArrayList<>();
		final double[] millis = new double[chunk.size()];
		for (int i = 0; i < chunk.size(); i++) {
			final Path file = chunk.get(i);
			final String row = earlier.get(file);
			if (row != null) {
				out[i] = new FileResult(file, null, 0, "skipped", null, row, null);
				continue;
			}
			final long t0 = System.nanoTime();
			try {
				final DecodedImage img = ImageDecoder.read(file);
				inputs.add(models.prepare(img.gray()));
				decoded.add(img);
				pending.add(i);
			}
			catch (final IOException | RuntimeException e) {
				out[i] = new FileResult(file, null, (System.nanoTime() - t0) / 1e6, "error", message(file,
					e), null, null);
			}
			millis[i] = (System.nanoTime() - t0) / 1e6;
		}
		return new PreparedChunk(chunk, out, pending, inputs, decoded, millis);
	}

	/**
	 * A classified mini-batch: the results of all its files, and for each classified one (in the
	 * order of {@link PreparedChunk#pending}) its image, prediction and place (null without a
	 * locator), which {@link #writeChunk} draws.
	 */
	private record ClassifiedChunk(List<Path> chunk, FileResult[] out, List<Integer> pending,
		List<DecodedImage> decoded, List<Prediction> predictions, List<Place> located)
	{}

	/** Classifies a prepared mini-batch (on the caller's thread, which the network uses). */
	private ClassifiedChunk classifyChunk(final PreparedChunk prepared) {
		final List<Path> chunk = prepared.chunk();
		final FileResult[] out = prepared.out();
		final List<Integer> pending = prepared.pending();
		final List<float[][]> inputs = prepared.inputs();
		final List<DecodedImage> decoded = prepared.decoded();
		final double[] millis = prepared.millis();
		if (pending.isEmpty()) return new ClassifiedChunk(chunk, out, pending, decoded, List.of(),
			null);
		final long t0 = System.nanoTime();
		final List<ModelChoice.Choice> choices = models.predict(inputs, decoded.stream().mapToInt(
			DecodedImage::width).toArray(), decoded.stream().mapToInt(DecodedImage::height).toArray());
		final List<Prediction> predictions = choices.stream().map(ModelChoice.Choice::prediction)
			.toList();
		final double share = (System.nanoTime() - t0) / 1e6 / pending.size();
		final List<Place> located = locator == null ? null : locator.locate(inputs.stream().map(
			in -> in[0]).toArray(float[][]::new), predictions, decoded);
		for (int j = 0; j < pending.size(); j++) {
			final int i = pending.get(j);
			out[i] = new FileResult(chunk.get(i), predictions.get(j), millis[i] + share, predictions.get(
				j).uncertain() ? Prediction.UNCERTAIN : "ok", null, null, choices.get(j).classifier()
					.model().id());
		}
		return new ClassifiedChunk(chunk, out, pending, decoded, predictions, located);
	}

	/**
	 * Writes a classified mini-batch's overlays and class activation maps, then appends its rows to
	 * {@code results.csv} (on the write-behind thread; without an output folder it only returns the
	 * results).
	 */
	private List<FileResult> writeChunk(final ClassifiedChunk c, final Path base,
		final ResultsFolder folder) throws IOException
	{
		final List<FileResult> results = List.of(c.out());
		if (folder == null) return results;
		final Map<Path, String> camCells = new HashMap<>();
		for (int j = 0; j < c.pending().size(); j++) {
			final Path file = c.chunk().get(c.pending().get(j));
			// an overlay that cannot be written is the output folder's fault (full, read-only), not
			// the image's: the run stops, keeping the rows written so far
			final Path overlay = overlayFile(file, base);
			try {
				PngFiles.write(OverlayRenderer.render(c.decoded().get(j).gray(), c.predictions().get(j),
					topK), overlay);
			}
			catch (final IOException e) {
				throw IoErrors.explain(overlay, "write the overlay", e);
			}
			if (c.located() == null) continue;
			final Place l = c.located().get(j);
			final Path cam = camFile(file, base);
			try {
				Files.createDirectories(cam.getParent());
				PngFiles.write(l.picture().get(), cam);
			}
			catch (final IOException e) {
				throw IoErrors.explain(cam, "write the class activation map", e);
			}
			camCells.put(file, String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d", l.peakX(), l.peakY(), l
				.boxX(), l.boxY(), l.boxWidth(), l.boxHeight()));
		}
		folder.append(results.stream().filter(r -> r.csvRow() == null).map(r -> csvRow(r, camCells
			.get(r.file()))).toList());
		return results;
	}

	private static String message(final Path file, final Exception e) {
		final String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		return m.contains(file.getFileName().toString()) ? m : file + ": " + m;
	}

	/** Splits one CSV line (RFC 4180 quoting). */
	public static List<String> parseCsvLine(final String line) {
		return ResultsFolder.parseCsvLine(line);
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
