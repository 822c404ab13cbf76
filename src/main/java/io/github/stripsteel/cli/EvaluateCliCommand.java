package io.github.stripsteel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonObject;

import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.eval.ConfusionChart;
import io.github.stripsteel.eval.Evaluation;
import io.github.stripsteel.eval.RecordedSplit;
import io.github.stripsteel.util.AtomicFiles;
import io.github.stripsteel.util.InvalidSettingException;
import io.github.stripsteel.model.ModelPackage;

/** {@code evaluate}: accuracy, macro-F1, G-mean and confusion matrix on a class-folder dataset. */
public final class EvaluateCliCommand implements CliCommand {

	@Override
	public String name() {
		return "evaluate";
	}

	@Override
	public String usage() {
		return "evaluate [--model DIR] --data DIR [--out DIR] [--split all|val|test] [--batch N] [--device auto|cpu|gpu] [--tta none|dihedral8]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("model", "data", "out", "split", "batch",
			"device", "tta"), Set.of());
		if (!a.positionals().isEmpty()) throw new UsageException("unexpected argument '" + a
			.positionals().get(0) + "' (the dataset goes after --data)");
		final Path data = Path.of(a.require("data"));
		final String split = a.get("split", "all");
		final RecordedSplit.Part part;
		try {
			part = RecordedSplit.Part.parse(split);
		}
		catch (final InvalidSettingException e) {
			throw UsageException.of(e);
		}
		final Path modelDir = a.path("model", ModelLocations.defaultModel());
		try (StripClassifier classifier = ClassifyCliCommand.open(modelDir, a)) {
			final Evaluation.Result result = new Evaluation(classifier, io.log()).batchSize(a.getInt(
				"batch", 32)).run(data, part);
			io.out().println("model    " + classifier.model().id() + " (" + modelDir + ")");
			io.out().println("data     " + data + switch (part) {
				case ALL -> "  [all images]";
				case VAL -> "  [validation split: " + result.splitDescription() + "]";
				case TEST -> "  [test part: " + result.splitDescription() + "]";
			});
			if (!result.failed().isEmpty()) {
				io.out().println("skipped  " + result.failed().size() + " unreadable files:");
				result.failed().forEach(f -> io.out().println("  " + f));
			}
			io.out().print(result.metrics().report());
			io.out().println(String.format("ms/image %.2f (decode + preprocess + network, batch %d, " +
				"test-time augmentation %s)", result.millisPerImage(), a.getInt("batch", 32), classifier
					.testTimeAugmentation().key()));
			if (a.has("out")) {
				final Path out = a.path("out", null);
				Files.createDirectories(out);
				final JsonObject json = result.metrics().toJson();
				json.addProperty("model", classifier.model().id());
				json.addProperty("model_dir", modelDir.toAbsolutePath().normalize().toString());
				json.addProperty("data", data.toAbsolutePath().normalize().toString());
				json.addProperty("split", split);
				json.addProperty("ms_per_image", result.millisPerImage());
				json.addProperty("batch", a.getInt("batch", 32));
				json.addProperty("tta", classifier.testTimeAugmentation().key());
				json.addProperty("unreadable_files", result.failed().size());
				AtomicFiles.writeString(out.resolve("metrics.json"), ModelPackage.toJsonText(json));
				ConfusionChart.write(result.metrics(), out.resolve("confusion.png"), classifier.model()
					.id() + " on " + data.getFileName());
				io.out().println("wrote " + out.resolve("metrics.json") + " and " + out.resolve(
					"confusion.png"));
			}
			return 0;
		}
	}

}
