package io.github.stripsteel.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.classify.BatchClassifier.FileResult;
import io.github.stripsteel.classify.ModelChoice;
import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.ResultsFolder;
import io.github.stripsteel.classify.ResultsFolder.Existing;
import io.github.stripsteel.classify.ResultsFolder.ExistingResultsException;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.localise.Localiser;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.TestTimeAugmentation;

/**
 * {@code classify}: files or folders → a table printed row by row as images are classified, a
 * progress line on stderr, and optionally results.csv plus overlays in a folder that a killed run
 * can continue ({@code --skip-existing}) or a new run replace ({@code --overwrite}).
 */
public final class ClassifyCliCommand implements CliCommand {

	@Override
	public String name() {
		return "classify";
	}

	@Override
	public String usage() {
		return "classify [--model DIR|auto] [--out DIR [--skip-existing|--overwrite]] [--batch N] [--device auto|cpu|gpu] [--top-k K] [--tta none|dihedral8] [--quiet] [--cam] [--tiles SIZE[:OVERLAP] [--uncertain-below P]] INPUT...";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("model", "out", "batch", "device", "top-k",
			"tta", "tiles", "uncertain-below"), Set.of("skip-existing", "overwrite", "quiet", "cam"));
		if (a.positionals().isEmpty()) throw new UsageException(
			"give at least one image file or folder to classify");
		final int batch = a.getInt("batch", 16), topK = a.getInt("top-k", 3);
		if (batch < 1) throw new UsageException("--batch must be at least 1");
		if (topK < 1) throw new UsageException("--top-k must be at least 1");
		final Existing existing = existing(a);
		final List<Path> inputs = new ArrayList<>();
		for (final String p : a.positionals())
			inputs.add(Path.of(p));
		final List<Path> files = ImageFiles.collect(inputs, true);
		final boolean auto = AUTO.equals(a.get("model", null));
		final Path modelDir = auto ? null : a.path("model", ModelLocations.defaultModel());
		final Path out = a.path("out", null);
		if (auto && (a.has("tiles") || a.has("cam"))) throw new UsageException("--model " + AUTO +
			" chooses a model per image; --" + (a.has("tiles") ? "tiles" : "cam") +
			" needs one model: give --model DIR");
		if (a.has("tiles")) return ClassifyTiles.run(modelDir, files, a, batch, topK, io);
		if (a.has("uncertain-below")) throw new UsageException("--uncertain-below needs --tiles");
		if (a.has("cam") && !a.has("out")) throw new UsageException(
			"--cam writes cam/<name>.cam.png and the cam_x ... box_h columns of results.csv: give --out");
		final long t0 = System.nanoTime();
		// the output folder first: a busy or unusable folder is refused before the model loads
		try (ResultsFolder folder = out == null ? null : openFolder(out, existing);
			ModelChoice models = auto ? openAll(a) : ModelChoice.of(open(modelDir, a));
			StripClassifier classifier = auto ? null : models.candidates().get(0))
		{
			for (final StripClassifier c : models.candidates())
				io.log().info("model " + c.model().id() + " (" + c.model().architecture() + ", " + c
					.model().classes().size() + " classes) on " + c.device() + ", " + files.size() +
					" files" + (auto ? ": a candidate of --model " + AUTO : ""));
			final ResultsTable table = new ResultsTable(files, io, auto ? models : null);
			final ProgressLine progress = new ProgressLine(io, a.has("quiet"));
			final int[] done = { 0 };
			final BatchClassifier batchClassifier = new BatchClassifier(models, io.log()).locator(a.has(
				"cam") ? new Localiser(classifier) : null).batchSize(batch).topK(topK).onResult(r -> {
					table.row(r, topK);
					progress.fileDone(++done[0], files.size(), r);
				});
			table.header();
			final List<FileResult> results = batchClassifier.run(files, folder);
			// an image classified but whose overlay could not be written counts as failed too
			final long failed = results.stream().filter(r -> r.error() != null).count();
			final long kept = results.stream().filter(r -> "skipped".equals(r.status())).count();
			final double seconds = (System.nanoTime() - t0) / 1e9;
			final long uncertain = results.stream().filter(r -> Prediction.UNCERTAIN.equals(r.status()))
				.count();
			final String flagged = models.candidates().stream().allMatch(c -> c
				.featureDistance() == null) ? "" : String.format(
				" (%d uncertain: far from the model's training data)", uncertain);
			io.out().println(String.format("%d files, %d classified%s, %s%d failed, %.1f s", results
				.size(), results.size() - failed - kept, flagged, kept > 0 ? kept +
					" kept from the earlier run, " : "", failed, seconds));
			if (out != null) io.out().println("wrote " + out.resolve(BatchClassifier.RESULTS_CSV) +
				" and overlays/");
			return failed == 0 ? 0 : 1;
		}
	}

	private static ResultsFolder openFolder(final Path out, final Existing existing)
		throws IOException
	{
		try {
			return ResultsFolder.open(out, existing);
		}
		catch (final ExistingResultsException e) {
			throw new IOException(e.dir() + " already holds the results of an earlier run (" + e
				.found() + "); continue it with --skip-existing, replace them with --overwrite, or " +
				"choose another --out folder", e);
		}
	}

	/** {@code --skip-existing} / {@code --overwrite} (they need {@code --out}, and exclude each other). */
	private static Existing existing(final CliArgs a) throws UsageException {
		final boolean skip = a.has("skip-existing"), overwrite = a.has("overwrite");
		if (skip && overwrite) throw new UsageException(
			"--skip-existing continues earlier results, --overwrite replaces them: give one");
		if ((skip || overwrite) && !a.has("out")) throw new UsageException("--" + (skip
			? "skip-existing" : "overwrite") + " is about the results in --out DIR; give --out");
		return skip ? Existing.SKIP : overwrite ? Existing.OVERWRITE : Existing.REFUSE;
	}

	/** The {@code --model} value that chooses among the packages in the models folder per image. */
	static final String AUTO = "auto";

	/** Every package in the models folder, each with {@code --tta} when given. */
	private static ModelChoice openAll(final CliArgs a) throws IOException, UsageException {
		final ModelChoice models = ModelChoice.open(ModelChoice.packagesIn(ModelLocations
			.modelsFolder()), device(a));
		try {
			if (a.has("tta")) for (final StripClassifier c : models.candidates())
				c.testTimeAugmentation(TestTimeAugmentation.parse(a.get("tta", null)));
			return models;
		}
		catch (final IllegalArgumentException e) {
			models.close();
			throw new UsageException("--tta: " + e.getMessage());
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
}
