package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonObject;

import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.train.Distillation;
import io.github.stripsteel.train.RkdObjective;
import io.github.stripsteel.train.TrainingConfig;

/**
 * {@code distill}: trains a ResNet34 student from a frozen teacher package with relational
 * knowledge distillation on top of the adaptive loss ({@code --kd-only}: logit distillation
 * only, the ablation).
 */
public final class DistillCliCommand implements CliCommand {

	@Override
	public String name() {
		return "distill";
	}

	@Override
	public String usage() {
		return "distill --teacher DIR --data DIR --out DIR [--protocol neu|neu-lt|x-sdd] [--epochs N] " +
			"[--size S] [--batch N] [--lr F] [--val-fraction F] [--test-fraction F] [--kd-only] [--seed N] [--init MODEL_DIR] [--migrated DIR] [--sampler uniform|sqrt|balanced] [--min-crop F] " +
			"[--cutout F] [--label-smoothing E] [--ema D] [--keep best|last] [--folds K --fold I] [--device auto|cpu|gpu] [--resume] [--provenance-script NAME] [--provenance-commit ID]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("teacher", "data", "out", "protocol", "epochs",
			"size", "batch", "lr", "val-fraction", "test-fraction", "seed", "device", "init", "migrated",
			"sampler", "min-crop", "cutout", "label-smoothing", "ema", "keep", "folds", "fold",
			"provenance-script", "provenance-commit"), Set.of("resume", "kd-only"));
		if (!a.positionals().isEmpty()) throw new UsageException("unexpected argument '" + a
			.positionals().get(0) + "'");
		// the options first: a mistyped setting is told before the teacher is read
		final TrainingConfig config = TrainCliCommand.config(a).withArch(RkdObjective.STUDENT_ARCH);
		final ModelPackage teacher = ModelPackage.read(Path.of(a.require("teacher")));
		final ModelPackage model = TrainCliCommand.initialisation(a, Distillation.run(config,
			teacher, !a.has("kd-only"), io.log())).provenance(a.get("provenance-script", null), a.get(
				"provenance-commit", null)).run();
		io.out().println("model package: " + model.dir().toAbsolutePath());
		io.out().println(String.format("%s: val accuracy %.4f, macro-F1 %.4f, G-mean %.4f " +
			"(teacher: %.4f, %.4f, %.4f)", model.keptEpochText(), metric(model, "accuracy"),
			metric(model, "macro_f1"), metric(model, "gmean"), metric(teacher, "accuracy"), metric(
				teacher, "macro_f1"), metric(teacher, "gmean")));
		TrainCliCommand.printTestPart(model, io);
		return 0;
	}

	// -- Helper methods --

	private static double metric(final ModelPackage model, final String key) {
		final JsonObject m = model.metrics();
		return m.has(key) ? m.get(key).getAsDouble() : Double.NaN;
	}
}
