package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.classify.BatchClassifier.FileResult;
import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.TestTimeAugmentation;

/** {@code classify}: files or folders → a table, and optionally results.csv plus overlays. */
public final class ClassifyCliCommand implements CliCommand {

	@Override
	public String name() {
		return "classify";
	}

	@Override
	public String usage() {
		return "classify [--model DIR] [--out DIR] [--batch N] [--device auto|cpu|gpu] [--top-k K] [--tta none|dihedral8] INPUT...";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("model", "out", "batch", "device", "top-k",
			"tta"), Set.of());
		if (a.positionals().isEmpty()) throw new UsageException(
			"give at least one image file or folder to classify");
		final int batch = a.getInt("batch", 16), topK = a.getInt("top-k", 3);
		if (batch < 1) throw new UsageException("--batch must be at least 1");
		if (topK < 1) throw new UsageException("--top-k must be at least 1");
		final List<Path> inputs = new ArrayList<>();
		for (final String p : a.positionals())
			inputs.add(Path.of(p));
		final List<Path> files = ImageFiles.collect(inputs, true);
		final Path modelDir = a.path("model", ModelLocations.defaultModel());
		final long t0 = System.nanoTime();
		try (StripClassifier classifier = open(modelDir, a)) {
			io.log().info("model " + classifier.model().id() + " (" + classifier.model().architecture() +
				", " + classifier.model().classes().size() + " classes) on " + classifier.device() + ", " +
				files.size() + " files");
			final BatchClassifier batchClassifier = new BatchClassifier(classifier, io.log()).batchSize(
				batch).topK(topK).outputFolder(a.path("out", null));
			final List<FileResult> results = batchClassifier.run(files);
			printTable(results, batchClassifier.topK(), io);
			final long failed = results.stream().filter(r -> !r.ok()).count();
			final double seconds = (System.nanoTime() - t0) / 1e9;
			io.out().println(String.format("%d files, %d classified, %d failed, %.1f s", results.size(),
				results.size() - failed, failed, seconds));
			if (a.has("out")) io.out().println("wrote " + a.path("out", null).resolve(
				BatchClassifier.RESULTS_CSV) + " and overlays/");
			return failed == 0 ? 0 : 1;
		}
	}

	/** Opens the model on {@code --device}, with {@code --tta} when given (else the model's own). */
	static StripClassifier open(final Path modelDir, final CliArgs a) throws UsageException,
		ModelPackageException
	{
		final TestTimeAugmentation tta;
		try {
			tta = a.has("tta") ? TestTimeAugmentation.parse(a.get("tta", null)) : null;
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--tta: " + e.getMessage());
		}
		final StripClassifier classifier = StripClassifier.open(modelDir, device(a));
		try {
			return tta == null ? classifier : classifier.testTimeAugmentation(tta);
		}
		catch (final IllegalArgumentException e) {
			classifier.close();
			throw new UsageException("--tta: " + e.getMessage());
		}
	}

	static DeviceChoice device(final CliArgs a) throws UsageException {
		try {
			return DeviceChoice.parse(a.get("device", "auto"));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	// -- Helper methods --

	private static void printTable(final List<FileResult> results, final int topK, final CliIO io) {
		int width = 4;
		for (final FileResult r : results)
			width = Math.max(width, r.file().toString().length());
		width = Math.min(width, 70);
		io.out().println(String.format("%-" + width + "s  %-34s %10s %8s  %s", "file",
			"predicted_class", "confidence", "ms", "top_k"));
		for (final FileResult r : results) {
			final String name = shorten(r.file().toString(), width);
			if (r.prediction() == null) {
				io.out().println(String.format("%-" + width + "s  %-34s %10s %8.1f  %s", name, "ERROR", "",
					r.millis(), r.error()));
				continue;
			}
			final Prediction p = r.prediction();
			io.out().println(String.format("%-" + width + "s  %-34s %10.4f %8.1f  %s", name, p
				.className(), p.confidence(), r.millis(), p.topK(topK).stream().map(
					Prediction.Ranked::toString).collect(Collectors.joining(" "))));
		}
	}

	private static String shorten(final String s, final int width) {
		return s.length() <= width ? s : "..." + s.substring(s.length() - width + 3);
	}
}
