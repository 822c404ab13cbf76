package io.github.stripsteel.fiji.train;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.scijava.ItemIO;
import org.scijava.log.Logger;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import ij.gui.Plot;
import ij.gui.PlotWindow;

import com.google.gson.JsonObject;

import io.github.stripsteel.fiji.command.HandledOutputs;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.train.ClassSampling;
import io.github.stripsteel.train.EpochChoice;
import io.github.stripsteel.train.EpochRecord;
import io.github.stripsteel.train.Protocols;
import io.github.stripsteel.train.TrainingConfig;
import io.github.stripsteel.train.TrainingListener;
import io.github.stripsteel.train.TrainingLog;
import io.github.stripsteel.train.TrainingRun;

/**
 * The shared flow of the training commands: the options common to {@code train} and
 * {@code distill} (same names as the CLI, snake_case), a {@link TrainingConfig} built with the
 * same library calls as the CLI (so packages and checkpoints are the same), progress on the status
 * bar and a {@link Task}, one log line per epoch, a live {@link Plot} of the curves, and a real
 * cancel (the module, its task, or Esc) that stops between steps and keeps the last complete
 * checkpoint. Subclasses add their own options and build the objective.
 */
public abstract class AbstractTrainCommand extends TrainingCommand {

	@Parameter(label = "Data folder", style = FileWidget.DIRECTORY_STYLE,
		description = "One sub-folder per class, named after the class")
	private File data_folder;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Gets the model package, log.csv, curves.png and checkpoints/")
	private File output_folder;

	@Parameter(label = "Protocol", choices = { "custom", "neu", "neu-lt", "x-sdd" },
		description = "Data protocol recorded in the package; neu-lt caps the training images per class")
	private String protocol = "custom";

	@Parameter(label = "Epochs", min = "1", max = "10000")
	private int epochs = TrainingConfig.DEFAULT_EPOCHS;

	@Parameter(label = "Input size (pixels)", min = "16", max = "1024")
	private int size = TrainingConfig.DEFAULT_SIZE;

	@Parameter(label = "Batch size", min = "2", max = "1024")
	private int batch_size = TrainingConfig.DEFAULT_BATCH;

	@Parameter(label = "Learning rate", min = "0", stepSize = "0.001",
		description = "Peak learning rate after one warm-up epoch; cosine decay to 0")
	// the float constant through its decimal text: the field shows 0.05, not 0.05000000074505806
	private double learning_rate = Double.parseDouble(Float.toString(TrainingConfig.DEFAULT_LR));

	@Parameter(label = "Validation fraction", min = "0.01", max = "0.99", stepSize = "0.05",
		description = "Per class; a student must use its teacher's value and seed")
	private double val_fraction = TrainingConfig.DEFAULT_VAL_FRACTION;

	/** Not remembered between runs: a test part of one run would silently shrink a later training. */
	@Parameter(label = "Test fraction", min = "0", max = "0.9", stepSize = "0.05", persist = false,
		description = "Per class, held out of training and validation and measured once on the " +
			"final package (the test_accuracy output); 0 = no test part. A student needs its " +
			"teacher's value")
	private double test_fraction = 0;

	@Parameter(label = "Seed")
	private int seed = (int) TrainingConfig.DEFAULT_SEED;

	/** Not remembered between runs: a stale folder would silently add samples to a later training. */
	@Parameter(label = "Synthetic samples folder (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false, description = "Output of Migrate Samples (CycleGAN): " +
			"class sub-folders added to the training split only")
	private File migrated_folder;

	@Parameter(label = "Class sampling", choices = { "uniform", "sqrt", "balanced" },
		description = "How often each class comes up in an epoch: as in the data (uniform), " +
			"in proportion to the square root of its image count (sqrt), or equally often (balanced)")
	private String sampler = "uniform";

	@Parameter(label = "Smallest random crop", min = "0.1", max = "1", stepSize = "0.05",
		description = "Augmentation: random square crops of this fraction of the side up to the " +
			"whole image, scaled back to the input size; 1 = no crops")
	private double min_crop = 1;

	@Parameter(label = "Cutout", min = "0", max = "0.99", stepSize = "0.05",
		description = "Augmentation: one random square of this fraction of the side, clipped at " +
			"the border, set to the image's mean grey; 0 = none")
	private double cutout = 0;

	@Parameter(label = "Label smoothing", min = "0", max = "0.99", stepSize = "0.05",
		description = "Train against the targets (1 - e)*one-hot + e/classes (e.g. 0.1); " +
			"0 = plain cross-entropy")
	private double label_smoothing = 0;

	@Parameter(label = "Weight average decay", min = "0", max = "0.99999", stepSize = "0.001",
		description = "Validate and package an exponential moving average of the weights with this " +
			"decay per step (e.g. 0.998, a horizon of about 500 steps); 0 = the trained weights")
	private double ema = 0;

	@Parameter(label = "Keep epoch", choices = { "best", "last" },
		description = "Which epoch becomes the model package: the one with the best validation " +
			"accuracy + G-mean (its validation figures are then chosen on those images), or the " +
			"schedule's last (the validation figures are an honest estimate)")
	private String keep = "best";

	@Parameter(label = "Device", choices = { DEFAULT_DEVICE, "auto", "cpu", "gpu" },
		description = "default: the device of Edit > Options > Strip Steel; auto uses a CUDA GPU " +
			"when PyTorch sees one")
	private String device = DEFAULT_DEVICE;

	@Parameter(label = "Resume from the last checkpoint",
		description = "Continue the run in the output folder after its last complete epoch")
	private boolean resume = false;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private String model_folder;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private double val_accuracy = Double.NaN;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private double val_gmean = Double.NaN;

	/** NaN without a test part. */
	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private double test_accuracy = Double.NaN;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private double test_gmean = Double.NaN;

	private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
	private final List<double[]> curves = new ArrayList<>(); // epoch, train loss, val loss, acc, G-mean
	private volatile Plot plot;
	private PlotWindow plotWindow;

	/** Also tells {@code listener} about each step and epoch (for scripts and tests). */
	public void addListener(final TrainingListener listener) {
		listeners.add(listener);
	}

	/** The curves so far (one point per epoch), or null before the first epoch. */
	public Plot plot() {
		return plot;
	}

	@Override
	protected void execute() throws IOException {
		final TrainingConfig config = config();
		if (resume) readEarlierCurves(config.out());
		log().info(title() + ": " + config.arch() + " on " + config.data() + " -> " + config.out() +
			(resume ? " (resume)" : ""));
		final TrainingRun run = createRun(config, log()).listener(new Curves()).progress(progress(config
			.epochs()));
		final ModelPackage model = run.run();
		model_folder = model.dir().toAbsolutePath().toString();
		val_accuracy = model.metrics().get("accuracy").getAsDouble();
		val_gmean = model.metrics().get("gmean").getAsDouble();
		final JsonObject test = model.testMetrics();
		if (test != null) {
			test_accuracy = test.get("accuracy").getAsDouble();
			test_gmean = test.get("gmean").getAsDouble(); // the run's log has said them
		}
		log().info(String.format(
			"%s: %s, val accuracy %.4f, G-mean %.4f, %.0f s; model package %s", title(), model
				.keptEpochText(), val_accuracy, val_gmean, millis() / 1000, model_folder));
	}

	@Override
	protected File outputFolder() {
		return output_folder;
	}

	// -- Helper methods --

	/** The architecture to train. */
	protected abstract String arch();

	/** The run with its objective (and lineage) for {@code config}; progress and cancel are added. */
	protected abstract TrainingRun createRun(TrainingConfig config, Logger logger)
		throws IOException;

	/** What {@code TrainCliCommand.config} builds from the same options. */
	private TrainingConfig config() {
		if (data_folder == null || !data_folder.isDirectory()) throw new IllegalArgumentException(
			"data folder " + data_folder + " does not exist; choose a folder with one sub-folder per class");
		if (output_folder == null) throw new IllegalArgumentException("choose an output folder");
		final Path data = data_folder.toPath();
		final Path out = output_folder.toPath();
		return Protocols.apply(protocol, TrainingConfig.defaults(data, out)).withArch(arch())
			.withSchedule(epochs, batch_size, (float) learning_rate).withInput(size, val_fraction, seed)
			.withRun(deviceChoice(device), resume).withMigrated(migrated_folder == null ||
				migrated_folder.getPath().isEmpty() ? null : migrated_folder.toPath()).withSampling(
					ClassSampling.parse(sampler), (float) min_crop).withKeep(EpochChoice.parse(keep))
			.withTestFraction(test_fraction).withEma((float) ema).withLabelSmoothing(
				(float) label_smoothing).withCutout((float) cutout).validate();
	}

	/** The epochs an interrupted run already logged, so the plot of a resumed run is complete. */
	private void readEarlierCurves(final Path out) throws IOException {
		for (final EpochRecord r : EpochRecord.read(new TrainingLog(out), List.of()))
			addCurvePoint(curvePoint(r));
	}

	private static double[] curvePoint(final EpochRecord r) {
		return new double[] { r.epoch(), r.trainLoss(), r.valLoss(), r.validation().accuracy(), r
			.validation().gmean() };
	}

	private synchronized void addCurvePoint(final double[] point) {
		// a resumed run repeats epochs logged after its checkpoint: the new values replace them
		curves.removeIf(p -> p[0] >= point[0]);
		curves.add(point);
	}

	/** A new plot of the curves; shown (or the shown one redrawn) when there is a display. */
	private synchronized void updatePlot() {
		final int n = curves.size();
		final double[] x = new double[n];
		final double[][] y = new double[4][n];
		double max = 1;
		for (int i = 0; i < n; i++) {
			x[i] = curves.get(i)[0];
			for (int c = 0; c < 4; c++) {
				y[c][i] = curves.get(i)[c + 1];
				if (Double.isFinite(y[c][i])) max = Math.max(max, y[c][i]);
			}
		}
		final Plot p = new Plot(title() + ": " + output_folder.getName(), "epoch",
			"loss / accuracy, G-mean");
		final Color[] colors = { Color.BLUE, Color.RED, new Color(0, 140, 0), new Color(160, 0, 160) };
		for (int c = 0; c < 4; c++) {
			p.setColor(colors[c]);
			p.add("connected circle", x, y[c]);
		}
		p.setColor(Color.BLACK);
		p.addLegend("train loss\tval loss\tval accuracy\tval G-mean");
		p.setLimits(0.5, Math.max(2, x[n - 1]) + 0.5, 0, max * 1.05);
		plot = p;
		if (GraphicsEnvironment.isHeadless()) return; // curves.png has the same curves
		if (plotWindow == null || plotWindow.isClosed()) plotWindow = p.show();
		else plotWindow.drawPlot(p);
	}

	/** The plot and the extra listeners. */
	private final class Curves implements TrainingListener {

		@Override
		public void stepDone(final int epoch, final int step, final int stepsPerEpoch,
			final double loss)
		{
			for (final TrainingListener l : listeners)
				l.stepDone(epoch, step, stepsPerEpoch, loss);
		}

		@Override
		public void epochDone(final EpochRecord r) {
			addCurvePoint(curvePoint(r));
			try {
				updatePlot();
			}
			catch (final RuntimeException e) { // a display problem must not stop the training
				log().warn("cannot draw the training plot: " + messageOf(e) + "; see curves.png");
			}
			for (final TrainingListener l : listeners)
				l.epochDone(r);
		}
	}
}
