package io.github.stripsteel.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.google.gson.JsonObject;

import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.localise.LocalisationEvaluation;
import io.github.stripsteel.localise.LocalisationEvaluation.ImageScore;
import io.github.stripsteel.localise.LocalisationEvaluation.Summary;
import io.github.stripsteel.localise.Localiser;
import io.github.stripsteel.util.AtomicFiles;
import io.github.stripsteel.model.ModelPackage;

/**
 * {@code localisation}: class activation maps scored against PASCAL-VOC boxes (pointing game, IoU of
 * the derived box) beside image-blind baselines.
 */
public final class LocalisationCliCommand implements CliCommand {

	@Override
	public String name() {
		return "localisation";
	}

	@Override
	public String usage() {
		return "localisation [--model DIR] --data DIR --boxes DIR [--out DIR] [--split all|val|train] [--box-threshold F] [--batch N] [--device auto|cpu|gpu] [--tta none|dihedral8]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("model", "data", "boxes", "out", "split",
			"box-threshold", "batch", "device", "tta"), Set.of());
		if (!a.positionals().isEmpty()) throw new UsageException("unexpected argument '" + a
			.positionals().get(0) + "'");
		final Path data = Path.of(a.require("data")), boxes = Path.of(a.require("boxes"));
		final String split = a.get("split", "all");
		if (!Set.of("all", "val", "train").contains(split)) throw new UsageException(
			"--split must be all, val or train");
		final double fraction = a.getDouble("box-threshold", Localiser.DEFAULT_BOX_FRACTION);
		if (!(fraction > 0 && fraction <= 1)) throw new UsageException(
			"--box-threshold must be in (0, 1]");
		final Path modelDir = a.path("model", ModelLocations.defaultModel());
		try (StripClassifier classifier = ClassifyCliCommand.open(modelDir, a)) {
			final Localiser localiser = new Localiser(classifier).boxFraction(fraction);
			final LocalisationEvaluation.Result result = new LocalisationEvaluation(classifier,
				localiser, io.log()).batchSize(a.getInt("batch", 16)).run(data, boxes, split);
			io.out().println("model    " + classifier.model().id() + " (" + modelDir + ")");
			io.out().println("data     " + data + " [split " + split + "], boxes " + boxes);
			io.out().println(String.format(Locale.ROOT,
				"map: %s; box threshold %.2f of the map's range; classification test-time augmentation %s",
				Localiser.MAP, fraction, classifier.testTimeAugmentation().key()));
			if (!result.failed().isEmpty()) io.out().println("skipped  " + result.failed().size() +
				" files (see the warnings above)");
			io.out().println(String.format("%-18s %6s %8s %8s %8s %8s %8s %8s", "class", "images",
				"pointing", "random", "centre", "mean_iou", "whole", "accuracy"));
			result.perClass().forEach((k, s) -> io.out().println(row(k, s)));
			io.out().println(row("overall", result.overall()));
			final StringBuilder sweep = new StringBuilder("mean IoU by box threshold:");
			for (int t = 0; t < LocalisationEvaluation.THRESHOLD_SWEEP.length; t++)
				sweep.append(String.format(Locale.ROOT, " %.1f=%.4f", LocalisationEvaluation.THRESHOLD_SWEEP[
					t], result.overall().sweepIou()[t]));
			io.out().println(sweep);
			if (a.has("out")) {
				final Path out = a.path("out", null);
				Files.createDirectories(out);
				final JsonObject json = result.toJson();
				json.addProperty("model", classifier.model().id());
				json.addProperty("data", data.toAbsolutePath().normalize().toString());
				json.addProperty("boxes", boxes.toAbsolutePath().normalize().toString());
				json.addProperty("box_threshold", fraction);
				json.addProperty("tta", classifier.testTimeAugmentation().key());
				json.addProperty("map", Localiser.MAP);
				AtomicFiles.writeString(out.resolve("localisation.json"), ModelPackage.toJsonText(json));
				final StringBuilder csv = new StringBuilder(
					"file,true_class,predicted_class,cam_x,cam_y,box_x,box_y,box_w,box_h,hit,iou\n");
				for (final ImageScore s : result.scores())
					csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%d,%d,%d,%b,%.4f%n", csvCell(s.file()
						.toString()), s
						.trueClass(), s.predictedClass(), s.camX(), s.camY(), s.box().x(), s.box().y(), s.box()
							.width(), s.box().height(), s.hit(), s.iou()));
				AtomicFiles.writeString(out.resolve("localisation.csv"), csv.toString());
				io.out().println("wrote " + out.resolve("localisation.json") + " and localisation.csv");
			}
			return 0;
		}
	}

	// -- Helper methods --

	private static String csvCell(final String v) {
		return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
	}

	private static String row(final String name, final Summary s) {
		return String.format(Locale.ROOT, "%-18s %6d %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f", name, s
			.images(), s.pointingGame(), s.randomPoint(), s.centre(), s.meanIou(), s.wholeImageIou(), s
				.accuracy());
	}
}
