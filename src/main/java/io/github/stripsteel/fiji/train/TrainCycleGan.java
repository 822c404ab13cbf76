package io.github.stripsteel.fiji.train;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.IJ;
import ij.ImagePlus;
import io.github.stripsteel.fiji.command.HandledOutputs;
import io.github.stripsteel.migrate.CycleGanConfig;
import io.github.stripsteel.migrate.CycleGanModel;
import io.github.stripsteel.migrate.CycleGanTraining;

/**
 * Trains a CycleGAN from a plentiful defect class to one short of samples, like {@code cyclegan}
 * on the command line (same package, log and checkpoints): progress on the status bar and a
 * {@link Task}, a log line per epoch, the epoch's preview (four sources above their translations)
 * shown when there is a display, and a real cancel that keeps the last complete checkpoint.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Train>Train CycleGAN (Migration)")
public class TrainCycleGan extends TrainingCommand {

	@Parameter(label = "Data folder", style = FileWidget.DIRECTORY_STYLE,
		description = "One sub-folder per class; holds the target class")
	private File data_folder;

	@Parameter(label = "Source class (plentiful)")
	private String source_class;

	@Parameter(label = "Target class (short of samples)")
	private String target_class;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Gets cyclegan.json, the generator, log.csv, samples/ and checkpoints/")
	private File output_folder;

	/** Optional folders are not remembered: a stale one would silently change a later run. */
	@Parameter(label = "Source data folder (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false,
		description = "Another dataset holding the source class; empty: the data folder")
	private File source_data_folder;

	@Parameter(label = "Protocol", choices = { "custom", "neu", "neu-lt", "x-sdd" },
		description = "Training split of the data folder (neu-lt caps the images per class)")
	private String protocol = "custom";

	@Parameter(label = "Image size (pixels)", min = "32", max = "1024", stepSize = "4")
	private int size = 128;

	@Parameter(label = "Training crop (pixels)", min = "32", max = "1024", stepSize = "4")
	private int crop = 64;

	@Parameter(label = "Generator width (ngf)", min = "1", max = "128")
	private int ngf = 32;

	@Parameter(label = "Residual blocks", min = "0", max = "16")
	private int blocks = 6;

	@Parameter(label = "Epochs at constant learning rate", min = "0", max = "10000")
	private int epochs = 10;

	@Parameter(label = "Epochs of linear decay", min = "0", max = "10000")
	private int decay_epochs = 10;

	@Parameter(label = "Learning rate", min = "0", stepSize = "0.0001")
	private double learning_rate = 2e-4;

	@Parameter(label = "Augment the discriminators' inputs (DiffAugment)",
		description = "For a target class of a few dozen images or fewer: keeps the discriminators " +
			"from memorising them")
	private boolean diff_augment = false;

	@Parameter(label = "Seed")
	private int seed = 42;

	@Parameter(label = "Device", choices = { DEFAULT_DEVICE, "auto", "cpu", "gpu" },
		description = "default: the device of Edit > Options > Strip Steel; auto uses a CUDA GPU " +
			"when PyTorch sees one")
	private String device = DEFAULT_DEVICE;

	@Parameter(label = "Resume from the last checkpoint")
	private boolean resume = false;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private String generator_folder;

	private ImagePlus preview;
	private CycleGanConfig config;

	@Override
	protected void execute() throws IOException {
		config = config();
		log().info(title() + ": " + config.sourceClass() + " -> " + config.targetClass() + " in " + config
			.targetData() + " -> " + config.out() + (resume ? " (resume)" : ""));
		final CycleGanModel model = new CycleGanTraining(config, log()).progress(progress(config
			.totalEpochs())).run();
		generator_folder = model.dir().toAbsolutePath().toString();
		showPreview(config.out().resolve("samples").resolve(String.format("epoch-%03d.png", config
			.totalEpochs())));
		log().info(title() + ": generator package " + generator_folder);
	}

	@Override
	protected File outputFolder() {
		return output_folder;
	}

	/** The step within the epoch on the status bar, the epoch on the task, and the epoch's preview. */
	@Override
	protected void showProgress(final long done, final long total, final String message) {
		super.showProgress(done, total, message);
		final long steps = Math.max(1, total / config.totalEpochs());
		final int epoch = (int) ((done - 1) / steps + 1), step = (int) ((done - 1) % steps + 1);
		status(step, steps, null);
		if (step == 1 && epoch > 1) showPreview(config.out().resolve("samples").resolve(String.format(
			"epoch-%03d.png", epoch - 1)));
	}

	// -- Helper methods --

	/** What {@code CycleGanCliCommand.config} builds from the same options. */
	private CycleGanConfig config() {
		if (data_folder == null || !data_folder.isDirectory()) throw new IllegalArgumentException(
			"data folder " + data_folder + " does not exist; choose a folder with one sub-folder per class");
		if (output_folder == null) throw new IllegalArgumentException("choose an output folder");
		if (source_class == null || target_class == null) throw new IllegalArgumentException(
			"name the source and target classes (sub-folder names)");
		final Path data = data_folder.toPath();
		final Path source = source_data_folder == null || source_data_folder.getPath().isEmpty() ? data
			: source_data_folder.toPath();
		final CycleGanConfig d = CycleGanConfig.defaults(data, source_class, target_class,
			output_folder.toPath());
		final CycleGanConfig config = d.withSourceData(source).withProtocol(protocol).withImages(size,
			crop).withNetworks(ngf, d.ndf(), blocks).withSchedule(epochs, decay_epochs,
				(float) learning_rate).withDiffAugment(diff_augment).withSplit(d.valFraction(), seed)
			.withRun(deviceChoice(device), resume);
		config.validate();
		return config;
	}

	/** The previous epoch's sources and translations, in one window that is updated. */
	private void showPreview(final Path file) {
		if (GraphicsEnvironment.isHeadless() || !Files.exists(file)) return;
		final ImagePlus image = IJ.openImage(file.toString());
		if (image == null) return;
		if (preview == null || preview.getWindow() == null) {
			preview = image;
			preview.setTitle(title() + " preview: " + output_folder.getName());
			preview.show();
		}
		else preview.setImage(image);
	}
}
