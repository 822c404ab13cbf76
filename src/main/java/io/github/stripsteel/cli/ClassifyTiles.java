package io.github.stripsteel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.util.PngFiles;
import io.github.stripsteel.localise.ClassMapRenderer;
import io.github.stripsteel.localise.TileClassifier;
import io.github.stripsteel.localise.TileGrid;
import io.github.stripsteel.localise.TileClassifier.ClassSummary;
import io.github.stripsteel.localise.TileClassifier.StripResult;
import io.github.stripsteel.localise.TileClassifier.TileResult;
import io.github.stripsteel.util.AtomicFiles;

/**
 * {@code classify --tiles SIZE[:OVERLAP]}: each image as a grid of tiles; a summary per class on
 * standard output and, with {@code --out}, {@code tiles.csv} (rewritten after every image) and
 * {@code overlays/<name>.classmap.png}.
 */
final class ClassifyTiles {

	static final String TILES_CSV = "tiles.csv";
	static final String HEADER = "file,x,y,width,height,predicted_class,confidence,top_k";

	private ClassifyTiles() {}

	static int run(final Path modelDir, final List<Path> files, final CliArgs a, final int batch,
		final int topK, final CliIO io) throws Exception
	{
		if (a.has("cam")) throw new UsageException("--cam maps whole images; with --tiles each tile " +
			"has its class in tiles.csv");
		if (a.has("skip-existing")) throw new UsageException(
			"--skip-existing continues results.csv, not --tiles; --overwrite replaces tiles.csv");
		final Path out = a.path("out", null);
		if (out != null && Files.exists(out.resolve(TILES_CSV)) && !a.has("overwrite"))
			throw new UsageException(out.resolve(TILES_CSV) + " exists; --overwrite replaces it, or " +
				"choose another --out");
		try (StripClassifier classifier = ClassifyCliCommand.open(modelDir, a)) {
			io.log().info("model " + classifier.model().id() + " on " + classifier.device() + ", " + files
				.size() + " files in tiles");
			return run(classifier, files, a, batch, topK, out, io);
		}
	}

	private static int run(final StripClassifier classifier, final List<Path> files,
		final CliArgs a, final int batch, final int topK, final Path out, final CliIO io)
		throws Exception
	{
		final int[] tiles;
		try {
			tiles = TileGrid.parse(a.get("tiles", null), classifier.model()
				.inputWidth());
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--tiles: " + e.getMessage());
		}
		final double uncertain = a.getDouble("uncertain-below", 0);
		if (!(uncertain >= 0 && uncertain <= 1)) throw new UsageException(
			"--uncertain-below must be between 0 and 1");
		final TileClassifier tiler = new TileClassifier(classifier).tiles(tiles[0], tiles[1])
			.batchSize(batch).uncertainBelow(uncertain);
		final StringBuilder csv = new StringBuilder(HEADER).append('\n');
		if (out != null) Files.createDirectories(out.resolve("overlays"));
		int failed = 0;
		for (final Path file : files) {
			final StripResult r;
			try {
				r = tiler.run(file);
			}
			catch (final IOException | RuntimeException e) {
				io.log().warn(e.getMessage() != null && e.getMessage().contains(file.getFileName()
					.toString()) ? e.getMessage() : file + ": " + e.getMessage());
				failed++;
				continue;
			}
			io.out().println(String.format(Locale.ROOT, "%s  %dx%d, %d tiles of %d px (overlap %d)%s",
				file, r.width(), r.height(), r.tiles().size(), r.tileSize(), r.overlap(), r.banded() ? ""
					: " [decoded whole: more than 8 bits a sample]"));
			for (final ClassSummary s : r.summary())
				io.out().println(String.format(Locale.ROOT, "  %-34s %6d tiles %6.1f%%  mean confidence %.4f",
					s.label(), s.tiles(), 100 * s.fraction(), s.meanConfidence()));
			if (out == null) continue;
			for (final TileResult t : r.tiles())
				csv.append(row(file, t, topK)).append('\n');
			AtomicFiles.writeString(out.resolve(TILES_CSV), csv.toString());
			PngFiles.write(ClassMapRenderer.classMap(r), out.resolve("overlays").resolve(flat(file) +
				".classmap.png"));
		}
		if (out != null) io.out().println("wrote " + out.resolve(TILES_CSV) + " and overlays/");
		return failed == 0 ? 0 : 1;
	}

	// -- Helper methods --

	private static String row(final Path file, final TileResult t, final int topK) {
		final String top = t.prediction().topK(topK).stream().map(Prediction.Ranked::toString).collect(
			Collectors.joining(";"));
		return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%s,%.4f,%s", cell(file.toString()), t.tile()
			.x(), t.tile().y(), t.tile().width(), t.tile().height(), cell(t.label()), t.prediction()
				.confidence(), cell(top));
	}

	private static String cell(final String v) {
		return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
	}

	private static String flat(final Path file) {
		return file.getFileName().toString().replace(' ', '_');
	}
}
