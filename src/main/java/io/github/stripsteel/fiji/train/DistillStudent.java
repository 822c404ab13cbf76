package io.github.stripsteel.fiji.train;

import java.io.File;
import java.io.IOException;

import org.scijava.command.Command;
import org.scijava.log.Logger;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.train.RkdObjective;
import io.github.stripsteel.train.Distillation;
import io.github.stripsteel.train.TrainingConfig;
import io.github.stripsteel.train.TrainingRun;

/**
 * Distils a ResNet34 student from a trained teacher package with relational knowledge
 * distillation on top of the adaptive loss, like {@code distill} on the command line; the
 * student's {@code model.json} names its teacher under {@code lineage}.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Train>Distill Student (RKD)")
public class DistillStudent extends AbstractTrainCommand {

	@Parameter(label = "Teacher model folder", style = FileWidget.DIRECTORY_STYLE,
		description = "A model package trained on the same classes, size, seed, val_fraction and " +
			"test_fraction")
	private File teacher_folder;

	@Parameter(label = "Logit distillation only (ablation)",
		description = "Leave out the RKD distance and angle terms")
	private boolean kd_only = false;

	@Override
	protected String arch() {
		return RkdObjective.STUDENT_ARCH;
	}

	@Override
	protected TrainingRun createRun(final TrainingConfig config, final Logger logger)
		throws IOException
	{
		if (teacher_folder == null) throw new IllegalArgumentException("choose a teacher model folder");
		final ModelPackage teacher = ModelPackage.read(teacher_folder.toPath());
		logger.info("teacher " + teacher.id() + " (" + teacher.architecture() + ")");
		return Distillation.run(config, teacher, !kd_only, logger);
	}
}
