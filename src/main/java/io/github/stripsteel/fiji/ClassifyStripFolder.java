package io.github.stripsteel.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import io.github.stripsteel.classify.BatchClassifier.FileResult;
import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.classify.ModelChoice;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.fiji.command.HandledOutputs;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.util.Progress;

/**
 * Classifies the images of a folder into {@code results.csv} and overlay PNGs. A file that fails is
 * logged and recorded; the others go on. Cancel (the module, its task, or Esc in ImageJ) stops
 * between mini-batches, keeping the rows done so far.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Classify Strip Folder")
public class ClassifyStripFolder extends AbstractStripCommand {

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE)
	private File input_folder;

	@Parameter(label = "File filter", required = false,
		description = "Glob patterns separated by ';', e.g. *.png;*.bmp;*.jpg; empty: all images")
	private String file_filter = "";

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output_folder;

	@Parameter(label = "Skip images classified before")
	private boolean skip_existing = false;

	@Parameter(label = "Batch size", min = "1", max = "1024")
	private int batch_size = 16;

	@Parameter(label = "Top-k classes", min = "1", max = "100")
	private int top_k = 3;

	@Parameter(label = "Include sub-folders")
	private boolean recursive = false;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private String results_csv;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private int classified;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private int failed;

	@Override
	protected void execute() throws IOException {
		if (input_folder == null || output_folder == null) throw new IllegalArgumentException(
			"choose the input folder and the output folder");
		try {
			final List<Path> files = new FileGlob(file_filter).filter(ImageFiles.collect(List.of(
				input_folder.toPath()), recursive));
			if (files.isEmpty()) throw new IOException("no file in " + input_folder + " matches '" +
				file_filter + "'; change the file filter");
			final Path out = output_folder.toPath();
			results_csv = out.resolve(BatchClassifier.RESULTS_CSV).toString();
			final Progress progress = progress(files.size());
			final List<FileResult> results = withModels(m -> runBatch(m, files, out, progress));
			failed = (int) results.stream().filter(r -> "error".equals(r.status())).count();
			classified = results.size() - failed;
			log().info(String.format("%d files: %d classified or reused, %d failed, %.1f s; wrote %s",
				results.size(), classified, failed, millis() / 1000, results_csv));
		}
		finally {
			StripResultsTable.show();
		}
	}

	@Override
	protected String cancelMessage(final CancellationException e) {
		return "cancelled: " + messageOf(e) + "; the rows so far are in " + results_csv;
	}

	// -- Helper methods --

	private List<FileResult> runBatch(final ModelChoice models, final List<Path> files,
		final Path out, final Progress progress)
	{
		final StripClassifier first = models.candidates().get(0);
		final BatchClassifier batch = new BatchClassifier(models, log()).outputFolder(out).batchSize(
			batch_size).topK(top_k).skipExisting(skip_existing).progress(progress).onResult(r -> addRow(
				r, r.model() != null ? r.model() : first.model().id(), Math.min(top_k, models
					.maxClasses())));
		for (final StripClassifier c : models.candidates())
			log().info("model " + c.model().id() + " on " + c.device() + ", " + files.size() +
				" files from " + input_folder + (autoModel() ? ": a candidate of model=" + AUTO_MODEL : ""));
		try {
			return batch.run(files);
		}
		catch (final IOException e) {
			throw new IllegalStateException(results_csv + ": " + messageOf(e), e);
		}
	}

	private static void addRow(final FileResult r, final String modelId, final int k) {
		final String file = r.file().toString();
		if (r.csvRow() != null) { // reused from an earlier run
			final List<String> cells = BatchClassifier.parseCsvLine(r.csvRow());
			StripResultsTable.addFileRow(file, cells.get(1), parse(cells.get(2)), cells.get(3), parse(
				cells.get(4)), cells.get(5), r.status(), "");
		}
		else if (r.prediction() == null) StripResultsTable.addFileRow(file, "", Double.NaN, "", r
			.millis(), modelId, r.status(), r.error());
		else StripResultsTable.addFileRow(file, r.prediction().className(), r.prediction()
			.confidence(), StripResultsTable.topKText(r.prediction(), k), r.millis(), modelId, r
				.status(), r.error());
	}

	private static double parse(final String s) {
		try {
			return Double.parseDouble(s);
		}
		catch (final NumberFormatException e) {
			return Double.NaN;
		}
	}
}
