package io.github.stripsteel.fiji;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.stripsteel.fiji.command.HandledOutputs;
import io.github.stripsteel.localise.TileClassifier;
import io.github.stripsteel.localise.TileClassifier.ClassSummary;
import io.github.stripsteel.localise.TileClassifier.StripResult;
import io.github.stripsteel.localise.TileClassifier.TileResult;
import io.github.stripsteel.model.ModelPackageException;

/**
 * Classifies the current image tile by tile, like the CLI's {@code classify --tiles}: one row per
 * tile in "Strip Tile Results" ({@code file, x, y, width, height, predicted_class, confidence,
 * top_k}), the class map as an overlay ({@link ClassMapOverlay}) and a summary per class in the log.
 * For long strip images, larger than the model's input.
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Classify Strip Tiles")
public class ClassifyStripTiles extends AbstractStripCommand {

	@Parameter
	private ImagePlus imp;

	@Parameter(label = "Tile size (pixels; 0 = the model's input)", min = "0", max = "65535",
		description = "Side of the square tiles in image pixels; each is scaled to the model's input")
	private int tile_size = 0;

	@Parameter(label = "Overlap (pixels)", min = "0", max = "65535",
		description = "Pixels shared by neighbouring tiles; less than the tile size")
	private int overlap = 0;

	@Parameter(label = "Uncertain below confidence (0 = never)", min = "0", max = "1",
		stepSize = "0.05", description = "Tiles whose confidence is lower are marked 'uncertain' " +
			"instead of forced into a defect class (the classes are all defects: clean steel still " +
			"gets the class it most resembles)")
	private double uncertain_below = 0;

	@Parameter(label = "Top-k classes", min = "1", max = "100")
	private int top_k = 3;

	@Parameter(label = "Batch size (tiles per network pass)", min = "1", max = "1024")
	private int batch_size = 16;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private int tiles;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private String summary;

	@Override
	protected String subject() {
		return imp == null ? null : imp.getTitle();
	}

	@Override
	protected void execute() throws ModelPackageException {
		final var gray = ImagePlusGray.of(imp);
		final StripResult r = withClassifier(c -> {
			final TileClassifier tiler = new TileClassifier(c).tiles(tile_size == 0 ? c.model()
				.inputWidth() : tile_size, overlap).batchSize(batch_size).uncertainBelow(uncertain_below)
				.progress(progress(0));
			status(0, 0, title() + ": " + imp.getTitle() + " on " + c.device());
			return tiler.run(name(imp), gray);
		});
		for (final TileResult t : r.tiles())
			StripResultsTable.addTile(imp.getTitle(), t, top_k);
		StripResultsTable.show(StripResultsTable.TILES_TITLE);
		ClassMapOverlay.show(imp, r);
		tiles = r.tiles().size();
		final StringBuilder sb = new StringBuilder();
		for (final ClassSummary s : r.summary())
			sb.append(sb.length() == 0 ? "" : ";").append(String.format(Locale.ROOT, "%s:%d", s.label(), s
				.tiles()));
		summary = sb.toString();
		log().info(String.format(Locale.ROOT, "%s: %dx%d, %d tiles of %d px (overlap %d): %s in %.0f ms",
			imp.getTitle(), r.width(), r.height(), tiles, r.tileSize(), r.overlap(), summary, millis()));
	}

	private static Path name(final ImagePlus imp) {
		try {
			return Path.of(imp.getTitle());
		}
		catch (final InvalidPathException e) {
			return Path.of("image");
		}
	}
}
