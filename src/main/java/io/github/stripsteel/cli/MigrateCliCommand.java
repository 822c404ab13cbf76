package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.migrate.CycleGanModel;
import io.github.stripsteel.migrate.MigrationCheck;
import io.github.stripsteel.migrate.SampleMigration;

/**
 * {@code migrate}: writes synthetic samples of a CycleGAN's target class from the training split
 * of its source class, into a class-folder tree for {@code train/distill --migrated}; with
 * {@code --check MODEL_DIR}, reports how many of them that model classifies as the target class.
 */
public final class MigrateCliCommand implements CliCommand {

	@Override
	public String name() {
		return "migrate";
	}

	@Override
	public String usage() {
		return "migrate --generator DIR --out DIR [--count N] [--check MODEL_DIR] [--device auto|cpu|gpu]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("generator", "out", "count", "check", "device"), Set
			.of());
		if (!a.positionals().isEmpty()) throw new UsageException("unexpected argument '" + a
			.positionals().get(0) + "'");
		final DeviceChoice device = ClassifyCliCommand.device(a);
		final CycleGanModel model = CycleGanModel.read(Path.of(a.require("generator")));
		final Path out = Path.of(a.require("out"));
		final SampleMigration migration = new SampleMigration(model, io.log());
		final List<Path> sources = migration.trainingSources();
		final int count = a.getInt("count", sources.size());
		if (count < 1 || count > 8 * sources.size()) throw new UsageException("--count must be between 1 and " +
			8 * sources.size() + " (8 views of each of the " + sources.size() + " source images)");
		final SampleMigration.Result result = migration.run(sources, out, count, DeepLearningEngine
			.device(device));
		io.out().println(String.format("%d samples of '%s' from '%s' written to %s (%d existed, %d failed)",
			result.written().size(), model.targetClass(), model.sourceClass(), out.resolve(model
				.targetClass()).toAbsolutePath(), result.skipped().size(), result.failed().size()));
		if (a.has("check")) {
			final MigrationCheck.Result check = MigrationCheck.run(Path.of(a.get("check", null)), model
				.targetClass(), out.resolve(model.targetClass()), device, io.log());
			io.out().println(check.summary());
		}
		return result.failed().isEmpty() ? 0 : 1;
	}
}
