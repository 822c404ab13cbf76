package io.github.stripsteel.fiji.train;

import java.io.IOException;

import org.scijava.command.Command;
import org.scijava.log.Logger;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import io.github.stripsteel.train.TrainingConfig;
import io.github.stripsteel.train.TrainingObjective;
import io.github.stripsteel.train.TrainingRun;

/**
 * Trains a teacher (SARSN by default) on a class-folder dataset, like {@code train} on the command
 * line: a best-on-validation model package, {@code log.csv}, {@code curves.png} and checkpoints.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Train>Train Teacher (SARSN)")
public class TrainTeacher extends AbstractTrainCommand {

	@Parameter(label = "Architecture", choices = { "sarsn34", "sarsn50", "resnet34" })
	private String arch = "sarsn34";

	@Parameter(label = "Loss", choices = { "ce", "adaptive" },
		description = "adaptive: cross-entropy re-weighted by the validation recall of each class")
	private String loss = "adaptive";

	@Override
	protected String arch() {
		return arch;
	}

	@Override
	protected TrainingRun createRun(final TrainingConfig config, final Logger logger)
		throws IOException
	{
		return new TrainingRun(config, TrainingObjective.named(loss), logger);
	}
}
