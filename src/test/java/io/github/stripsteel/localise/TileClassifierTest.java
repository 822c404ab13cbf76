package io.github.stripsteel.localise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.SharedData;
import io.github.stripsteel.testutil.TestModels;
import io.github.stripsteel.util.Progress;

/** Tiled classification of images larger than the model input. */
class TileClassifierTest {

	private static final Path MODEL = TestModels.projectDir().resolve("models/neu-cls");

	@Test
	void compositeOfValidationImagesIsClassifiedTileByTile(@TempDir final Path dir)
		throws IOException
	{
		// 20 x 5 cells of 200x200 NEU images the shipped model did not train on (its validation
		// split), on a 4096x1024 canvas; the right and bottom margins continue the cell next to them
		// with another image of the same class, so every tile has one true class
		final LabelledImageFolder neu = LabelledImageFolder.scan(SharedData.dataset("neu-cls"));
		final List<LabelledImageFolder.LabelledFile> val = neu.stratifiedSplit(0.2, 42).val();
		final int cols = 20, rows = 5, w = 4096, h = 1024;
		final int[] cellClass = new int[cols * rows];
		final byte[] canvas = new byte[w * h];
		final List<List<LabelledImageFolder.LabelledFile>> byClass = new ArrayList<>();
		for (int k = 0; k < neu.classNames().size(); k++)
			byClass.add(new ArrayList<>());
		val.forEach(f -> byClass.get(f.label()).add(f));
		final int[] used = new int[byClass.size()];
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < cols; c++) {
				final int k = (r * 7 + c * 3 + c / 4) % byClass.size();
				cellClass[r * cols + c] = k;
				final byte[] px = pixels(byClass.get(k).get(used[k]++ % byClass.get(k).size()).file());
				// the cell, then its continuation into the margin (right column, bottom row)
				paste(canvas, w, px, c * 200, r * 200, 0, 0, 200, 200);
				final byte[] more = pixels(byClass.get(k).get(used[k]++ % byClass.get(k).size()).file());
				if (c == cols - 1) paste(canvas, w, more, cols * 200, r * 200, 0, 0, w - cols * 200, 200);
				if (r == rows - 1) paste(canvas, w, more, c * 200, rows * 200, 0, 0, 200, h - rows * 200);
				if (c == cols - 1 && r == rows - 1) paste(canvas, w, more, cols * 200, rows * 200, 0, 0, w -
					cols * 200, h - rows * 200);
			}
		final Path strip = dir.resolve("composite.png");
		writeGreyPng(strip, w, h, (y, row) -> System.arraycopy(canvas, y * w, row, 0, w));
		try (StripClassifier c = StripClassifier.open(MODEL, DeviceChoice.CPU)) {
			final TileClassifier.StripResult r = new TileClassifier(c).tiles(200, 0).run(strip);
			assertEquals(21 * 6, r.tiles().size());
			int right = 0;
			for (final TileClassifier.TileResult t : r.tiles()) {
				final int cx = Math.min(cols - 1, (t.tile().x() + 100) / 200), cy = Math.min(rows - 1, (t
					.tile().y() + 100) / 200);
				if (t.prediction().className().equals(neu.classNames().get(cellClass[cy * cols + cx])))
					right++;
			}
			System.out.printf("composite 4096x1024, tiles of 200: %d of %d tiles right (%.1f %%)%n", right,
				r.tiles().size(), 100.0 * right / r.tiles().size());
			assertTrue(right >= 0.95 * r.tiles().size(), right + " of " + r.tiles().size() + " right");
		}
	}

	@Test
	void longStripIsReadInBandsWithBoundedHeap(@TempDir final Path dir) throws Exception {
		final int w = 4096, h = 20000;
		final Path strip = dir.resolve("strip.png");
		// a textured strip written row by row (never whole in memory)
		writeGreyPng(strip, w, h, (y, row) -> {
			for (int x = 0; x < w; x++)
				row[x] = (byte) (128 + 60 * Math.sin(x / 7.0) * Math.cos(y / 11.0) + ((x * 31 + y * 17) % 23));
		});
		assertTrue(Files.size(strip) > 0);
		final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		try (StripClassifier c = StripClassifier.open(MODEL, DeviceChoice.CPU)) {
			System.gc();
			final long before = memory.getHeapMemoryUsage().getUsed();
			final long[] peak = { 0 };
			// asked before every mini-batch: where the heap is measured
			final TileClassifier tiler = new TileClassifier(c).tiles(1024, 0).batchSize(8).progress(
				new Progress() {

					@Override
					public boolean cancelled() {
						System.gc();
						peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
						return false;
					}
				});
			final TileClassifier.StripResult r = tiler.run(strip);
			assertTrue(r.banded());
			assertEquals(4 * 20, r.tiles().size(), "4096 / 1024 across, 20000 / 1024 down (last flush)");
			assertEquals(new Box(3072, 18976, 1024, 1024), r.tiles().get(r.tiles().size() - 1).tile());
			assertEquals(w, r.width());
			assertEquals(h, r.height());
			final long grown = peak[0] - before;
			System.out.printf("4096x20000 PNG, tiles of 1024: heap grew by at most %.1f MB " +
				"(the image alone is %.1f MB of grey bytes); %s%n", grown / 1e6, w * (double) h / 1e6,
				rss());
			// the whole image would be 82 MB of grey bytes plus its decoded raster
			assertTrue(grown < 40_000_000L, "heap grew by " + grown + " bytes");
		}
	}

	@Test
	void classifyTilesWritesTilesCsvAndClassMap(@TempDir final Path dir) throws IOException {
		final int w = 520, h = 300;
		final byte[] px = pixels(TestModels.projectDir().resolve(
			"sample-images/neu-cls/scratches/Sc_1.bmp"));
		final Path strip = dir.resolve("small strip.png");
		writeGreyPng(strip, w, h, (y, row) -> {
			for (int x = 0; x < w; x++)
				row[x] = px[(y % 200) * 200 + x % 200];
		});
		final Path out = dir.resolve("out");
		final CliRun run = CliRun.of("classify", "--model", MODEL.toString(), "--tiles", "200:40",
			"--uncertain-below", "0.5", "--out", out.toString(), strip.toString());
		assertEquals(0, run.code(), run.err());
		final List<String> lines = Files.readAllLines(out.resolve("tiles.csv"));
		assertEquals("file,x,y,width,height,predicted_class,confidence,top_k", lines.get(0));
		// x: 0, 160, 320; y: 0, 100
		assertEquals(1 + 3 * 2, lines.size(), String.join("\n", lines));
		assertTrue(lines.get(6).startsWith(strip + ",320,100,200,200,"), lines.get(6));
		assertTrue(Files.size(out.resolve("overlays/small_strip.png.classmap.png")) > 0);
		assertTrue(ImageIO.read(out.resolve("overlays/small_strip.png.classmap.png").toFile())
			.getWidth() > w);
		assertTrue(run.out().contains("tiles"), run.out());
	}

	@Test
	void progressCountsTilesAndCancelStopsBetweenMiniBatches(@TempDir final Path dir)
		throws IOException
	{
		final byte[] px = pixels(TestModels.projectDir().resolve(
			"sample-images/neu-cls/scratches/Sc_1.bmp"));
		final Path strip = dir.resolve("strip.png");
		writeGreyPng(strip, 800, 400, (y, row) -> {
			for (int x = 0; x < 800; x++)
				row[x] = px[(y % 200) * 200 + x % 200];
		});
		try (StripClassifier c = StripClassifier.open(MODEL, DeviceChoice.CPU)) {
			// 4 x 2 tiles of 200 in mini-batches of 3: told after 3, 6 and 8 tiles
			final List<String> told = new ArrayList<>();
			final TileClassifier tiler = new TileClassifier(c).tiles(200, 0).batchSize(3);
			assertEquals(8, tiler.progress(Progress.of((done, total, message) -> told.add(done + "/" +
				total + " " + message), () -> false)).run(strip).tiles().size());
			assertEquals(List.of("3/8 3/8 tiles", "6/8 6/8 tiles", "8/8 8/8 tiles"), told);
			// cancelled once the first mini-batch is done: the second does not run
			told.clear();
			final CancellationException e = assertThrows(CancellationException.class, () -> tiler
				.progress(Progress.of((done, total, message) -> told.add(message), () -> !told.isEmpty()))
				.run(strip));
			assertEquals("cancelled after 3 of 8 tiles", e.getMessage());
			assertEquals(List.of("3/8 tiles"), told);
		}
	}

	// -- Helper methods --

	private static byte[] pixels(final Path file) throws IOException {
		return ImageDecoder.read(file).gray().update(null).getCurrentStorageArray();
	}

	private static void paste(final byte[] canvas, final int cw, final byte[] src, final int x,
		final int y, final int sx, final int sy, final int width, final int height)
	{
		for (int r = 0; r < height; r++)
			System.arraycopy(src, (sy + r) * 200 + sx, canvas, (y + r) * cw + x, width);
	}

	/** Fills one row (y, row bytes). */
	@FunctionalInterface
	interface RowSource {

		void fill(int y, byte[] row);
	}

	/** An 8-bit grey PNG written row by row: signature, IHDR, one zlib stream of IDAT chunks, IEND. */
	static void writeGreyPng(final Path file, final int w, final int h, final RowSource rows)
		throws IOException
	{
		try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(
			new java.io.BufferedOutputStream(raw, 1 << 16)))
		{
			out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
			final java.io.ByteArrayOutputStream ihdr = new java.io.ByteArrayOutputStream();
			final DataOutputStream d = new DataOutputStream(ihdr);
			d.writeInt(w);
			d.writeInt(h);
			d.write(new byte[] { 8, 0, 0, 0, 0 });
			chunk(out, "IHDR", ihdr.toByteArray(), ihdr.size());
			final byte[] row = new byte[w + 1];
			final java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
			final Deflater deflater = new Deflater(1);
			try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
				for (int y = 0; y < h; y++) {
					final byte[] pixels = new byte[w];
					rows.fill(y, pixels);
					row[0] = 0;
					System.arraycopy(pixels, 0, row, 1, w);
					z.write(row);
					if (idat.size() > 1 << 20) {
						chunk(out, "IDAT", idat.toByteArray(), idat.size());
						idat.reset();
					}
				}
			}
			finally {
				deflater.end();
			}
			chunk(out, "IDAT", idat.toByteArray(), idat.size());
			chunk(out, "IEND", new byte[0], 0);
		}
	}

	private static void chunk(final DataOutputStream out, final String type, final byte[] data,
		final int n) throws IOException
	{
		final byte[] t = type.getBytes(StandardCharsets.US_ASCII);
		out.writeInt(n);
		out.write(t);
		out.write(data, 0, n);
		final CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data, 0, n);
		out.writeInt((int) crc.getValue());
	}

	private static String rss() {
		try {
			for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
				if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) return line.replaceAll("\\s+",
					" ");
		}
		catch (final IOException e) {
			// not Linux: no resident-set figure
		}
		return "resident set size unknown";
	}
}
