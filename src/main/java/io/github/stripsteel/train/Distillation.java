package io.github.stripsteel.train;

import java.io.IOException;

import org.scijava.log.Logger;

import com.google.gson.JsonObject;

import io.github.stripsteel.eval.RecordedSplit;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * Distillation of a ResNet34 student from a teacher package: the run both faces start, and the
 * check that the teacher never trained on the images the student is measured on.
 */
public final class Distillation {

	private Distillation() {}

	/**
	 * A run that distils a ResNet34 student from {@code teacher} with the adaptive task loss:
	 * relational knowledge distillation, or logit distillation alone without {@code relational}.
	 *
	 * @throws InvalidSettingException when the teacher was trained on another split
	 *           ({@link #requireTeacherSplit})
	 */
	public static TrainingRun run(final TrainingConfig config, final ModelPackage teacher,
		final boolean relational, final Logger log) throws IOException
	{
		requireTeacherSplit(teacher, config);
		final RkdObjective objective = new RkdObjective(teacher, new AdaptiveObjective(), relational);
		return new TrainingRun(config.withArch(RkdObjective.STUDENT_ARCH), objective, log).lineage(
			RkdObjective.lineage(teacher), objective.method());
	}

	/**
	 * A distilled student validates (or is tested) on images its teacher never trained on only when
	 * both use the same split: under cross-validation the teacher must have been trained on the same
	 * fold with the same seed; with a test part, with the same seed and fractions.
	 *
	 * @throws InvalidSettingException naming the teacher and both splits when they differ
	 */
	public static void requireTeacherSplit(final ModelPackage teacher, final TrainingConfig config) {
		final JsonObject t = teacher.training();
		if (config.testFraction() > 0) {
			final boolean same = !t.has("folds") && t.has("seed") && t.get("seed").getAsLong() == config
				.seed() && t.has("val_fraction") && t.get("val_fraction").getAsDouble() == config
					.valFraction() && RecordedSplit.testFraction(teacher) == config.testFraction();
			if (!same) throw new InvalidSettingException("teacher " + teacher.dir() + " was trained on " +
				"the split " + RecordedSplit.describe(teacher) + ", the student holds out a test part of " +
				"seed " + config.seed() + ", fraction " + config.valFraction() + ", test fraction " + config
					.testFraction() + "; the teacher would have trained on the student's test images: train " +
				"the teacher with the same {val_fraction}, {test_fraction} and {seed}");
			return;
		}
		if (config.folds() == 0) return;
		final boolean same = t.has("folds") && t.get("folds").getAsInt() == config.folds() && t.get(
			"fold").getAsInt() == config.fold() && t.has("seed") && t.get("seed").getAsLong() == config
				.seed();
		if (!same) throw new InvalidSettingException("teacher " + teacher.dir() + " was trained on " +
			(t.has("folds") ? RecordedSplit.describe(teacher) : "the split seed " + t.get("seed") +
				", fraction " + t.get("val_fraction")) + ", the student is to validate on seed " + config
					.seed() + ", fold " +
			config.fold() + " of " + config.folds() + "; the teacher would have trained on the " +
			"student's validation images: train the teacher with the same {folds}, {fold} and {seed}");
	}
}
