package io.github.stripsteel.fiji.train;

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

import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.fiji.command.HandledOutputs;
import io.github.stripsteel.fiji.command.StripCommand;
import io.github.stripsteel.migrate.CycleGanModel;
import io.github.stripsteel.migrate.MigrationCheck;
import io.github.stripsteel.migrate.SampleMigration;

/**
 * Writes synthetic samples of a CycleGAN's target class, like {@code migrate} on the command line:
 * translations of the training-split images of its source class, as files whose names carry their
 * provenance, into a class-folder tree that the training commands take as their synthetic samples
 * folder. Optionally reports how many of them a model classifies as the target class.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Train>Migrate Samples (CycleGAN)")
public class MigrateSamples extends StripCommand {

	@Parameter(label = "CycleGAN folder", style = FileWidget.DIRECTORY_STYLE,
		description = "The output folder of Train CycleGAN (cyclegan.json and generator-*.f16)")
	private File generator_folder;

	@Parameter(label = "Samples folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Gets <target class>/cyclegan_*.png; existing files are kept")
	private File output_folder;

	@Parameter(label = "Samples (0 = one per source image)", min = "0")
	private int count = 0;

	/** Optional folders are not remembered: a stale one would silently change a later run. */
	@Parameter(label = "Check with model (optional)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false,
		description = "A model package that classifies the samples (e.g. the teacher)")
	private File check_model;

	@Parameter(label = "Device", choices = { DEFAULT_DEVICE, "auto", "cpu", "gpu" },
		description = "default: the device of Edit > Options > Strip Steel")
	private String device = DEFAULT_DEVICE;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private int samples_written;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private double target_rate = Double.NaN;

	@Override
	protected void execute() throws IOException {
		if (generator_folder == null || output_folder == null) throw new IllegalArgumentException(
			"choose the CycleGAN folder and the samples folder");
		final CycleGanModel model = CycleGanModel.read(generator_folder.toPath());
		final DeviceChoice choice = deviceChoice(device);
		final SampleMigration migration = new SampleMigration(model, log());
		final List<Path> sources = migration.trainingSources();
		final int n = count == 0 ? sources.size() : count;
		final SampleMigration.Result result = migration.progress(progress(n)).run(sources, output_folder
			.toPath(), n, DeepLearningEngine.device(choice));
		samples_written = result.written().size();
		if (check_model != null && !check_model.getPath().isEmpty()) {
			final MigrationCheck.Result check = MigrationCheck.run(check_model.toPath(), model
				.targetClass(), output_folder.toPath().resolve(model.targetClass()), choice, log());
			target_rate = check.targetRate();
			log().info(title() + ": " + check.summary());
		}
		if (!result.failed().isEmpty()) fail(title() + ": " + result.failed().size() +
			" source images could not be read (first: " + result.failed().get(0) +
			"); the other samples were written");
	}

	@Override
	protected String cancelMessage(final CancellationException e) {
		return messageOf(e);
	}
}
