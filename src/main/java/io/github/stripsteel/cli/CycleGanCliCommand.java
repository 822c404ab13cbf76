package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.migrate.CycleGanConfig;
import io.github.stripsteel.migrate.CycleGanModel;
import io.github.stripsteel.migrate.CycleGanTraining;
import io.github.stripsteel.util.InvalidSettingException;
import io.github.stripsteel.util.Progress;

/**
 * {@code cyclegan}: trains a CycleGAN from a plentiful source class to a class short of samples
 * (docs/METHOD-IMPLEMENTATION.md, "CycleGAN defect-sample migration"); {@code migrate} then writes
 * the synthetic samples. With {@code --folds K --fold I} the generators read only the training
 * part of fold I, the images {@code train --folds K --fold I} with the same seed trains on.
 */
public final class CycleGanCliCommand implements CliCommand {

	@Override
	public String name() {
		return "cyclegan";
	}

	@Override
	public String usage() {
		return "cyclegan --data DIR --source CLASS --target CLASS --out DIR [--source-data DIR] " +
			"[--protocol neu|neu-lt|x-sdd] [--size S] [--crop C] [--ngf N] [--ndf N] [--blocks N] " +
			"[--epochs N] [--decay-epochs N] [--lr F] [--pool N] [--lambda-cycle F] [--lambda-identity F] " +
			"[--diff-augment] [--folds K --fold I] [--seed N] [--device auto|cpu|gpu] [--resume]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("data", "source", "target", "out", "source-data",
			"protocol", "size", "crop", "ngf", "ndf", "blocks", "epochs", "decay-epochs", "lr", "pool",
			"lambda-cycle", "lambda-identity", "val-fraction", "folds", "fold", "seed", "device"), Set.of(
				"resume", "diff-augment"));
		if (!a.positionals().isEmpty()) throw new UsageException("unexpected argument '" + a
			.positionals().get(0) + "'");
		final CycleGanConfig config = config(a);
		final long[] started = { System.nanoTime() };
		final CycleGanModel model = new CycleGanTraining(config, io.log()).progress(Progress.of((
			done, total, message) -> {
			final long steps = Math.max(1, total / config.totalEpochs());
			final long epoch = (done - 1) / steps + 1, step = (done - 1) % steps + 1;
			if (step == 1) started[0] = System.nanoTime();
			if (step % Math.max(1, steps / 4) == 0 && step < steps) io.log().info(String.format(
				"epoch %d: step %d/%d, %.0f ms/step", epoch, step, steps, (System.nanoTime() - started[0]) /
					1e6 / step));
		}, () -> false)).run();
		io.out().println("CycleGAN package: " + model.dir().toAbsolutePath());
		io.out().println("next: strip-steel migrate --generator " + model.dir() + " --out DIR");
		return 0;
	}

	/** The configuration the options describe. */
	static CycleGanConfig config(final CliArgs a) throws UsageException {
		final Path data = Path.of(a.require("data"));
		TrainCliCommand.requireFoldOptions(a, "the generators read the training part of fold I of K");
		final CycleGanConfig d = CycleGanConfig.defaults(data, a.require("source"), a.require("target"),
			Path.of(a.require("out")));
		final DeviceChoice device = ClassifyCliCommand.device(a);
		final String protocol = a.get("protocol", d.protocol());
		final CycleGanConfig config = d.withSourceData(a.path("source-data", data)).withProtocol(
			protocol).withImages(a.getInt("size", d.size()), a.getInt("crop", d.crop())).withNetworks(a
				.getInt("ngf", d.ngf()), a.getInt("ndf", d.ndf()), a.getInt("blocks", d.blocks()))
			.withSchedule(a.getInt("epochs", d.epochs()), a.getInt("decay-epochs", d.decayEpochs()),
				(float) a.getDouble("lr", d.learningRate())).withLosses(a.getInt("pool", d.poolSize()),
					(float) a.getDouble("lambda-cycle", d.lambdaCycle()), (float) a.getDouble(
						"lambda-identity", d.lambdaIdentity())).withDiffAugment(a.has("diff-augment"))
			.withSplit(a.getDouble("val-fraction", d.valFraction()), a.getInt("seed", (int) d.seed()))
			.withFold(a.getInt("folds", 0), a.getInt("fold", 0)).withRun(device, a.has("resume"));
		try {
			config.validate();
		}
		catch (final InvalidSettingException e) {
			throw UsageException.of(e);
		}
		return config;
	}
}
