package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.engine.EngineReport;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;

/** {@code info}: engine, versions, device, threads and the default model. */
public final class InfoCliCommand implements CliCommand {

	@Override
	public String name() {
		return "info";
	}

	@Override
	public String usage() {
		return "info [--model DIR] [--device auto|cpu|gpu]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("model", "device"), Set.of());
		for (final String line : EngineReport.lines(ClassifyCliCommand.device(a)))
			io.out().println(line);
		final Path modelDir = a.path("model", ModelLocations.defaultModel());
		io.out().println("model         " + modelDir.toAbsolutePath().normalize());
		try {
			final ModelPackage model = ModelPackage.read(modelDir);
			io.out().println("  id          " + model.id());
			io.out().println("  arch        " + model.architecture() + ", input " + model.inputWidth() +
				"x" + model.inputHeight() + ", preprocessing " + model.chain().toSpec());
			io.out().println("  classes     " + String.join(", ", model.classes()));
			if (model.metrics().has("accuracy")) io.out().println(String.format(
				"  validation  accuracy %.4f, macro-F1 %.4f, G-mean %.4f (%s)", model.metrics().get(
					"accuracy").getAsDouble(), model.metrics().get("macro_f1").getAsDouble(), model.metrics()
						.get("gmean").getAsDouble(), model.training().has("protocol") ? "protocol " + model
							.training().get("protocol").getAsString() : "protocol unknown"));
		}
		catch (final ModelPackageException e) {
			io.out().println("  unusable    " + CliMessages.of(e));
		}
		return 0;
	}
}
