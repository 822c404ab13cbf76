package io.github.stripsteel.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.thread.ThreadService;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.stripsteel.eval.ClassificationMetrics;
import io.github.stripsteel.eval.ConfusionChart;
import io.github.stripsteel.eval.Evaluation;
import io.github.stripsteel.eval.RecordedSplit;
import io.github.stripsteel.fiji.command.CurrentImage;
import io.github.stripsteel.fiji.command.HandledOutputs;

/**
 * Evaluates a model on a labelled folder (one sub-folder per class), over the library's
 * {@link Evaluation} as the CLI's {@code evaluate}: a metrics table, a per-class table and the
 * confusion matrix as a new image; with an output folder also {@code confusion.png}.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Strip Steel>Evaluate Model")
public class EvaluateModel extends AbstractStripCommand {

	/** Titles of the two tables. */
	public static final String METRICS_TABLE = "Strip Steel Evaluation",
			CLASS_TABLE = "Strip Steel Evaluation per Class";

	@Parameter(required = false)
	private ThreadService threadService;

	@Parameter(label = "Labelled folder", style = FileWidget.DIRECTORY_STYLE,
		description = "One sub-folder per class, named as the model's classes")
	private File data_folder;

	@Parameter(label = "Images", choices = { "all", "val", "test" },
		description = "all images, or the validation split or the held-out test part recorded in " +
			"the model package")
	private String split = "all";

	@Parameter(label = "Batch size", min = "1", max = "1024")
	private int batch_size = 32;

	@Parameter(label = "Output folder (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, description = "where confusion.png goes; empty: nowhere")
	private File output_folder;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private double accuracy;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private double gmean;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private ImagePlus confusion;

	@Override
	protected void execute() throws IOException {
		if (data_folder == null) throw new IllegalArgumentException(
			"choose a labelled folder (one sub-folder per class)");
		final Evaluation.Result r = withClassifier(c -> {
			log().info("evaluating model " + c.model().id() + " on " + data_folder + " (" + split + ")");
			try {
				// the total is known once the library has scanned the folder: its first update says it
				return new Evaluation(c, log()).batchSize(batch_size).progress(progress(0)).run(
					data_folder.toPath(), RecordedSplit.Part.parse(split));
			}
			catch (final IOException e) {
				throw unchecked(e);
			}
		});
		final ClassificationMetrics m = r.metrics();
		accuracy = m.accuracy();
		gmean = m.gmean();
		tables(m, r.millisPerImage());
		final Path png = output_folder == null || output_folder.getPath().isBlank() ? null
			: output_folder.toPath().resolve("confusion.png");
		final Path written = png != null ? png : Files.createTempFile("strip-steel-confusion", ".png");
		if (png != null) Files.createDirectories(png.getParent());
		ConfusionChart.write(m, written, data_folder.getName() + " (" + split + ")");
		confusion = new ImagePlus(written.toString());
		confusion.setTitle("Confusion matrix " + data_folder.getName());
		if (png == null) Files.delete(written);
		CurrentImage.show(confusion, threadService);
		log().info(String.format("%d images: accuracy %.4f, macro-F1 %.4f, G-mean %.4f%s in %.1f s", m
			.total(), accuracy, m.macroF1(), gmean, r.failed().isEmpty() ? "" : ", " + r.failed().size() +
				" unreadable files skipped", millis() / 1000));
	}

	@Override
	protected String cancelMessage(final CancellationException e) {
		return title() + ": " + messageOf(e) + "; nothing was written";
	}

	private static void tables(final ClassificationMetrics m, final double msPerImage) {
		final ResultsTable t = new ResultsTable();
		t.addRow();
		t.addValue("images", m.total());
		t.addValue("accuracy", m.accuracy());
		t.addValue("macro_f1", m.macroF1());
		t.addValue("gmean", m.gmean());
		t.addValue("ms_per_image", msPerImage);
		t.show(METRICS_TABLE);
		final ResultsTable c = new ResultsTable();
		for (int k = 0; k < m.numClasses(); k++) {
			c.addRow();
			c.addValue("class", m.classes().get(k));
			c.addValue("support", m.support(k));
			c.addValue("precision", m.precision(k));
			c.addValue("recall", m.recall(k));
			c.addValue("f1", m.f1(k));
		}
		c.show(CLASS_TABLE);
	}
}
