package io.github.stripsteel.localise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.util.Progress;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Classifies an image larger than the model's input tile by tile (see {@link TileGrid}), reading it
 * one band of tile rows at a time ({@link StripReader}) and running the tiles in mini-batches, so
 * memory follows the band and the batch, not the image. Tiles whose confidence is below a threshold
 * are marked uncertain rather than forced into a class: the NEU and X-SDD classes are all defects,
 * so a tile of clean steel still gets the defect class it most resembles.
 */
public final class TileClassifier {

	private final StripClassifier classifier;
	private int size, overlap, batchSize = 16;
	private double uncertainBelow;
	private int thumbnailSide = ClassMapRenderer.DEFAULT_MAX_SIDE;
	private Progress progress = Progress.NONE;

	/** One tile's outcome. */
	public record TileResult(Box tile, Prediction prediction, boolean uncertain) {

		/** The class name, or {@code uncertain}. */
		public String label() {
			return uncertain ? UNCERTAIN : prediction.className();
		}
	}

	/** The label of tiles below the confidence threshold. */
	public static final String UNCERTAIN = "uncertain";

	/** Tiles of one class: how many, and their mean confidence. */
	public record ClassSummary(String label, int tiles, double fraction, double meanConfidence) {}

	/**
	 * An image's tiles, and a reduced copy of the image for the class map.
	 *
	 * @param thumbnail grey, {@code thumbWidth x thumbHeight}, scaled by {@code scale}
	 */
	public record StripResult(Path file, int width, int height, int tileSize, int overlap,
		List<TileResult> tiles, byte[] thumbnail, int thumbWidth, int thumbHeight, double scale,
		boolean banded)
	{

		/** Per label (classes in the model's order, then {@code uncertain}), labels with tiles only. */
		public List<ClassSummary> summary() {
			final Map<String, double[]> acc = new LinkedHashMap<>();
			if (!tiles.isEmpty()) for (final String c : tiles.get(0).prediction().classes())
				acc.put(c, new double[2]);
			acc.put(UNCERTAIN, new double[2]);
			for (final TileResult t : tiles) {
				final double[] a = acc.get(t.label());
				a[0]++;
				a[1] += t.prediction().confidence();
			}
			final List<ClassSummary> out = new ArrayList<>();
			acc.forEach((k, a) -> {
				if (a[0] > 0) out.add(new ClassSummary(k, (int) a[0], a[0] / tiles.size(), a[1] / a[0]));
			});
			return out;
		}
	}

	public TileClassifier(final StripClassifier classifier) {
		this.classifier = classifier;
		this.size = classifier.model().inputWidth();
	}

	/** Tile side in image pixels (default: the model's input width) and overlap; returns this. */
	public TileClassifier tiles(final int tileSize, final int tileOverlap) {
		TileGrid.check(tileSize, tileOverlap);
		this.size = tileSize;
		this.overlap = tileOverlap;
		return this;
	}

	public TileClassifier batchSize(final int value) {
		if (value < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + value);
		this.batchSize = value;
		return this;
	}

	/** Tiles with a confidence below this are {@code uncertain} (0, the default, marks none). */
	public TileClassifier uncertainBelow(final double value) {
		if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException(
			"confidence threshold must be between 0 and 1, got " + value);
		this.uncertainBelow = value;
		return this;
	}

	/** The longest side of the class map's reduced image (default 2048). */
	public TileClassifier thumbnailSide(final int value) {
		this.thumbnailSide = Math.max(16, value);
		return this;
	}

	/**
	 * Told after each mini-batch (tiles done and the image's total); asked before each mini-batch
	 * whether to stop.
	 */
	public TileClassifier progress(final Progress value) {
		this.progress = value;
		return this;
	}

	/**
	 * Classifies every tile of one image.
	 *
	 * @throws IOException naming the file when it cannot be read
	 * @throws CancellationException when cancelled between batches
	 */
	public StripResult run(final Path file) throws IOException {
		try (StripReader reader = StripReader.open(file)) {
			return run(file, reader.width(), reader.height(), reader::band, reader.banded());
		}
	}

	/**
	 * Classifies every tile of an 8-bit grey image already in memory (an image open in Fiji);
	 * {@code name} becomes the result's file name.
	 *
	 * @throws CancellationException when cancelled between batches
	 */
	public StripResult run(final Path name, final ArrayImg<UnsignedByteType, ByteArray> gray) {
		final int w = (int) gray.dimension(0), h = (int) gray.dimension(1);
		final byte[] px = gray.update(null).getCurrentStorageArray();
		try {
			return run(name, w, h, (y, rows) -> Arrays.copyOfRange(px, y * w, (y + rows) * w), true);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e); // copying rows of an array reads no file
		}
	}

	// -- Helper methods --

	/** Rows {@code y .. y + rows - 1} of an image, each as wide as the image. */
	private interface Bands {

		byte[] band(int y, int rows) throws IOException;
	}

	private StripResult run(final Path file, final int w, final int h, final Bands reader,
		final boolean banded) throws IOException
	{
		final double scale = Math.min(1, (double) thumbnailSide / Math.max(w, h));
		final int tw = Math.max(1, (int) Math.round(w * scale)), th = Math.max(1, (int) Math.round(h *
			scale));
		final byte[] thumb = new byte[tw * th];
		int thumbRowsDone = 0;
		final List<TileResult> results = new ArrayList<>();
		final List<Box> pendingTiles = new ArrayList<>();
		final List<float[]> pendingInputs = new ArrayList<>();
		final int[] xs = TileGrid.starts(w, size, overlap), ys = TileGrid.starts(h, size, overlap);
		final int tileW = Math.min(size, w), tileH = Math.min(size, h);
		final int total = xs.length * ys.length;
		for (final int y : ys) {
			final byte[] band = reader.band(y, tileH);
			// reduced image: the thumbnail rows whose source row lies in this band
			while (thumbRowsDone < th) {
				final int sy = Math.min(h - 1, (int) ((thumbRowsDone + 0.5) / scale));
				if (sy >= y + tileH) break;
				if (sy >= y) for (int x = 0; x < tw; x++)
					thumb[thumbRowsDone * tw + x] = band[(sy - y) * w + Math.min(w - 1, (int) ((x + 0.5) /
						scale))];
				thumbRowsDone++;
			}
			for (final int x : xs) {
				final byte[] px = new byte[tileW * tileH];
				for (int r = 0; r < tileH; r++)
					System.arraycopy(band, r * w + x, px, r * tileW, tileW);
				final ArrayImg<UnsignedByteType, ByteArray> tile = ArrayImgs.unsignedBytes(px, tileW,
					tileH);
				pendingTiles.add(new Box(x, y, tileW, tileH));
				pendingInputs.add(classifier.prepare(tile));
				if (pendingInputs.size() == batchSize) flush(pendingTiles, pendingInputs, results, total);
			}
		}
		flush(pendingTiles, pendingInputs, results, total);
		return new StripResult(file, w, h, size, overlap, List.copyOf(results), thumb, tw, th, scale,
			banded);
	}

	private void flush(final List<Box> tiles, final List<float[]> inputs,
		final List<TileResult> results, final int total)
	{
		if (inputs.isEmpty()) return;
		progress.stopIfCancelled(() -> "cancelled after " + results.size() + " of " + total + " tiles");
		final List<Prediction> predictions = classifier.predict(inputs.toArray(new float[0][]));
		for (int i = 0; i < predictions.size(); i++)
			results.add(new TileResult(tiles.get(i), predictions.get(i), predictions.get(i)
				.confidence() < uncertainBelow));
		tiles.clear();
		inputs.clear();
		progress.update(results.size(), total, results.size() + "/" + total + " tiles");
	}
}
