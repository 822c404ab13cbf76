package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.model.Architectures;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.train.AdaptiveObjective;
import io.github.stripsteel.train.ClassSampling;
import io.github.stripsteel.train.CrossEntropyObjective;
import io.github.stripsteel.train.Protocols;
import io.github.stripsteel.train.TrainingConfig;
import io.github.stripsteel.train.TrainingObjective;
import io.github.stripsteel.train.TrainingRun;

/** {@code train}: supervised training with checkpoints, resume and a best-on-validation package. */
public final class TrainCliCommand implements CliCommand {

	@Override
	public String name() {
		return "train";
	}

	@Override
	public String usage() {
		return "train --data DIR --out DIR [--arch resnet34|sarsn34|sarsn50] [--loss ce|adaptive] [--protocol neu|neu-lt|x-sdd] [--epochs N] " +
			"[--size S] [--batch N] [--lr F] [--val-fraction F] [--seed N] [--init MODEL_DIR] [--migrated DIR] [--sampler uniform|sqrt|balanced] [--min-crop F] [--device auto|cpu|gpu] [--resume]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("data", "out", "arch", "loss", "protocol",
			"epochs", "size", "batch", "lr", "val-fraction", "seed", "device", "init", "migrated",
			"sampler", "min-crop"), Set.of("resume"));
		if (!a.positionals().isEmpty()) throw new UsageException("unexpected argument '" + a
			.positionals().get(0) + "'");
		final TrainingConfig config = config(a);
		final ModelPackage model = initialisation(a, new TrainingRun(config, objective(a.get("loss",
			"ce")), io.log())).run();
		io.out().println("model package: " + model.dir().toAbsolutePath());
		io.out().println(String.format("best epoch %s: val accuracy %.4f, macro-F1 %.4f, G-mean %.4f",
			model.training().get("best_epoch"), model.metrics().get("accuracy").getAsDouble(), model
				.metrics().get("macro_f1").getAsDouble(), model.metrics().get("gmean").getAsDouble()));
		return 0;
	}

	/** The task loss {@code --loss} names: {@code ce} (default) or {@code adaptive}. */
	public static TrainingObjective objective(final String name) throws UsageException {
		switch (name) {
			case "ce":
				return new CrossEntropyObjective();
			case "adaptive":
				return new AdaptiveObjective();
			default:
				throw new UsageException("unknown --loss '" + name + "'; known: ce, adaptive");
		}
	}

	/** Applies {@code --init MODEL_DIR} (start from that model's weights) when given. */
	public static TrainingRun initialisation(final CliArgs a, final TrainingRun run)
		throws ModelPackageException
	{
		return a.has("init") ? run.initialiseFrom(ModelPackage.read(Path.of(a.get("init", null))))
			: run;
	}

	/** The training configuration the common options describe (shared with {@code distill}). */
	public static TrainingConfig config(final CliArgs a) throws UsageException {
		final Path data = Path.of(a.require("data"));
		final Path out = Path.of(a.require("out"));
		TrainingConfig config = Protocols.apply(a.get("protocol", "custom"), TrainingConfig.defaults(
			data, out));
		config = config.withArch(a.get("arch", config.arch()))
			.withSchedule(a.getInt("epochs", config.epochs()), a.getInt("batch", config.batchSize()),
				(float) a.getDouble("lr", config.learningRate()))
			.withInput(a.getInt("size", config.size()), a.getDouble("val-fraction", config
				.valFraction()), a.getInt("seed", (int) config.seed()));
		final DeviceChoice device = ClassifyCliCommand.device(a);
		config = config.withRun(device, a.has("resume")).withMigrated(a.path("migrated", null));
		try {
			config = config.withSampling(ClassSampling.parse(a.get("sampler", "uniform")), (float) a
				.getDouble("min-crop", 1));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--sampler or --min-crop: " + e.getMessage());
		}
		if (!(config.minCrop() > 0 && config.minCrop() <= 1)) throw new UsageException(
			"--min-crop must be a fraction in (0, 1] (1 = no random crops), not " + config.minCrop());
		if (!Architectures.names().contains(config.arch())) throw new UsageException("unknown --arch '" +
			config.arch() + "'; known: " + String.join(", ", Architectures.names()));
		if (config.epochs() < 1) throw new UsageException("--epochs must be at least 1");
		if (config.size() < 16 || config.size() > 1024) throw new UsageException(
			"--size must be between 16 and 1024");
		if (config.batchSize() < 2) throw new UsageException("--batch must be at least 2 (batch norm)");
		if (!(config.valFraction() > 0 && config.valFraction() < 1)) throw new UsageException(
			"--val-fraction must be between 0 and 1");
		return config;
	}
}
