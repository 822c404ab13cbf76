package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonObject;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.train.ClassSampling;
import io.github.stripsteel.train.EpochChoice;
import io.github.stripsteel.train.Protocols;
import io.github.stripsteel.train.TrainingConfig;
import io.github.stripsteel.train.TrainingObjective;
import io.github.stripsteel.train.TrainingRun;
import io.github.stripsteel.util.InvalidSettingException;

/** {@code train}: supervised training with checkpoints, resume and a best-on-validation package. */
public final class TrainCliCommand implements CliCommand {

	@Override
	public String name() {
		return "train";
	}

	@Override
	public String usage() {
		return "train --data DIR --out DIR [--arch resnet34|sarsn34|sarsn50] [--loss ce|adaptive] [--protocol neu|neu-lt|x-sdd] [--epochs N] " +
			"[--size S] [--batch N] [--lr F] [--val-fraction F] [--test-fraction F] [--seed N] [--init MODEL_DIR] [--migrated DIR] [--sampler uniform|sqrt|balanced] [--min-crop F] [--cutout F] [--label-smoothing E] [--ema D] [--keep best|last] [--folds K --fold I] [--device auto|cpu|gpu] [--resume] [--provenance-script NAME] [--provenance-commit ID]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("data", "out", "arch", "loss", "protocol",
			"epochs", "size", "batch", "lr", "val-fraction", "test-fraction", "seed", "device", "init",
			"migrated", "sampler", "min-crop", "cutout", "label-smoothing", "ema", "keep", "folds", "fold",
			"provenance-script", "provenance-commit"), Set.of("resume"));
		if (!a.positionals().isEmpty()) throw new UsageException("unexpected argument '" + a
			.positionals().get(0) + "'");
		final TrainingConfig config = config(a);
		final TrainingObjective objective;
		try {
			objective = TrainingObjective.named(a.get("loss", "ce"));
		}
		catch (final InvalidSettingException e) {
			throw UsageException.of(e);
		}
		final ModelPackage model = initialisation(a, new TrainingRun(config, objective, io.log()))
			.provenance(a.get("provenance-script", null), a.get("provenance-commit", null)).run();
		io.out().println("model package: " + model.dir().toAbsolutePath());
		io.out().println(String.format("%s: val accuracy %.4f, macro-F1 %.4f, G-mean %.4f",
			model.keptEpochText(), model.metrics().get("accuracy").getAsDouble(), model
				.metrics().get("macro_f1").getAsDouble(), model.metrics().get("gmean").getAsDouble()));
		printTestPart(model, io);
		return 0;
	}

	/** The figures of the test part the run held out, when it held out one (shared with distill). */
	static void printTestPart(final ModelPackage model, final CliIO io) {
		final JsonObject t = model.testMetrics();
		if (t == null) return;
		io.out().println(String.format("test part, %d images held out of training: accuracy %.4f, " +
			"macro-F1 %.4f, G-mean %.4f", t.get("samples").getAsInt(), t.get("accuracy").getAsDouble(), t
				.get("macro_f1").getAsDouble(), t.get("gmean").getAsDouble()));
	}

	/** Applies {@code --init MODEL_DIR} (start from that model's weights) when given. */
	public static TrainingRun initialisation(final CliArgs a, final TrainingRun run)
		throws ModelPackageException
	{
		return a.has("init") ? run.initialiseFrom(ModelPackage.read(Path.of(a.get("init", null))))
			: run;
	}

	/**
	 * {@code --folds K} and {@code --fold I} come together and without {@code --val-fraction} (shared
	 * with {@code cyclegan}); {@code meaning} says what fold I is to the command.
	 */
	static void requireFoldOptions(final CliArgs a, final String meaning) throws UsageException {
		if (a.has("folds") != a.has("fold")) throw new UsageException(
			"--folds K and --fold I go together (" + meaning + ")");
		if (a.has("folds") && a.has("val-fraction")) throw new UsageException(
			"--val-fraction and --folds exclude each other (a fold is 1/K of each class)");
	}

	/** The training configuration the common options describe (shared with {@code distill}). */
	public static TrainingConfig config(final CliArgs a) throws UsageException {
		final Path data = Path.of(a.require("data"));
		final Path out = Path.of(a.require("out"));
		requireFoldOptions(a, "fold I of K validates, the others train");
		try {
			TrainingConfig config = Protocols.apply(a.get("protocol", "custom"), TrainingConfig.defaults(
				data, out));
			config = config.withArch(a.get("arch", config.arch()))
				.withSchedule(a.getInt("epochs", config.epochs()), a.getInt("batch", config.batchSize()),
					(float) a.getDouble("lr", config.learningRate()))
				.withInput(a.getInt("size", config.size()), a.getDouble("val-fraction", config
					.valFraction()), a.getInt("seed", (int) config.seed()));
			final DeviceChoice device = ClassifyCliCommand.device(a);
			return config.withRun(device, a.has("resume")).withMigrated(a.path("migrated", null))
				.withSampling(ClassSampling.parse(a.get("sampler", "uniform")), (float) a.getDouble(
					"min-crop", 1)).withFold(a.getInt("folds", 0), a.getInt("fold", 0)).withKeep(
						EpochChoice.parse(a.get("keep", "best"))).withEma((float) a.getDouble("ema", 0))
				.withLabelSmoothing((float) a.getDouble("label-smoothing", 0)).withCutout((float) a
					.getDouble("cutout", 0)).withTestFraction(a.getDouble("test-fraction", 0)).validate();
		}
		catch (final InvalidSettingException e) {
			throw UsageException.of(e);
		}
	}
}
