package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.stripsteel.eval.FoldSummary;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * {@code cv-summary}: each fold's validation figures and their mean ± std (see scripts/cv.sh), read
 * from the folds' model folders or from run records that keep only their {@code model.json}.
 */
public final class CvSummaryCliCommand implements CliCommand {

	@Override
	public String name() {
		return "cv-summary";
	}

	@Override
	public String usage() {
		return "cv-summary FOLD_MODEL_DIR... (a fold's model folder, or its run record: " +
			"model.json alone)";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of(), Set.of());
		if (a.positionals().isEmpty()) throw new UsageException(
			"give the model folders of the folds (train/distill --folds K --fold I --out DIR)");
		final List<ModelPackage> packages = new ArrayList<>();
		for (final String p : a.positionals())
			packages.add(ModelPackage.readRecord(Path.of(p)));
		final FoldSummary summary;
		try {
			summary = FoldSummary.of(packages);
		}
		catch (final InvalidSettingException e) {
			throw UsageException.of(e);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		io.out().print(summary.report());
		return summary.complete() ? 0 : 1;
	}
}
