package io.github.stripsteel.fiji.train;

import java.io.File;
import java.util.concurrent.CancellationException;

import io.github.stripsteel.fiji.command.StripCommand;
import io.github.stripsteel.train.Checkpoints;

/**
 * The commands that train with checkpoints (teacher, student, CycleGAN): a refused setting is named
 * by its parameter ({@code learning_rate} for the library's {@code lr}), and a cancel says which
 * checkpoint stays and how to resume.
 */
abstract class TrainingCommand extends StripCommand {

	/** The output folder that holds the checkpoints (null before it is chosen). */
	protected abstract File outputFolder();

	@Override
	protected String cancelMessage(final CancellationException e) {
		final File out = outputFolder();
		final int done = out == null ? 0 : Checkpoints.lastEpoch(out.toPath());
		return String.format("%s cancelled; resume with resume=true (%s)", title(), done == 0
			? "no epoch was complete: it starts again from epoch 1"
			: "continues after the checkpoint of epoch " + done + " in " + out);
	}

	@Override
	protected String parameterName(final String key) {
		switch (key) {
			case "lr":
				return "learning_rate";
			case "batch":
				return "batch_size";
			case "source":
				return "source_class";
			case "target":
				return "target_class";
			default:
				return key;
		}
	}
}
