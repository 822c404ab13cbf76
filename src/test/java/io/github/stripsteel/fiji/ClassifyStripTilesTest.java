package io.github.stripsteel.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.module.Module;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.fiji.command.StripCommand;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.testutil.TestModels;

/**
 * Classify Strip Tiles through CommandService with the macro keys: a strip made of two NEU images
 * side by side gets one row per tile, each tile the class and confidence of its image classified
 * whole, and the class map on the overlay.
 */
class ClassifyStripTilesTest {

	@AfterAll
	static void closeCache() {
		ClassifierCache.get().close();
	}

	@Test
	void tilesOfAStripAreItsImages() throws Exception {
		final Path model = TestModels.projectDir().resolve("models/neu-cls");
		final Path left = TestModel.sample("crazing", "Cr_1.bmp"), right = TestModel.sample(
			"scratches", "Sc_1.bmp");
		final ByteProcessor strip = new ByteProcessor(400, 200);
		strip.insert(IJ.openImage(left.toString()).getProcessor(), 0, 0);
		strip.insert(IJ.openImage(right.toString()).getProcessor(), 200, 0);
		final ImagePlus imp = new ImagePlus("strip two.png", strip);
		try (Context context = CommandsTest.context()) {
			final int before = StripResultsTable.get(StripResultsTable.TILES_TITLE).size();
			// every key given: CommandService fills absent ones with values remembered from earlier runs
			final Module m = CommandsTest.run(context, ClassifyStripTiles.class, Map.of("imp", imp,
				"model", model.toFile(), "device", "cpu", "tile_size", 200, "overlap", 0, "top_k", 2,
				"uncertain_below", 0.0, "batch_size", 16));
			assertFalse(((Cancelable) m).isCanceled(), () -> ((Cancelable) m).getCancelReason());
			assertEquals(2, m.getOutput("tiles"));
			final ResultsTable rt = StripResultsTable.get(StripResultsTable.TILES_TITLE);
			assertEquals(before + 2, rt.size());
			try (StripClassifier c = StripClassifier.open(model, DeviceChoice.CPU)) {
				final List<Path> images = List.of(left, right);
				for (int i = 0; i < 2; i++) {
					final int row = before + i;
					final Prediction whole = c.classify(ImageDecoder.read(images.get(i)).gray());
					assertEquals("strip two.png", rt.getStringValue("file", row));
					assertEquals(200 * i, (int) rt.getValue("x", row));
					assertEquals(0, (int) rt.getValue("y", row));
					assertEquals(200, (int) rt.getValue("width", row));
					assertEquals(200, (int) rt.getValue("height", row));
					assertEquals(whole.className(), rt.getStringValue("predicted_class", row));
					assertEquals(whole.confidence(), rt.getValue("confidence", row), 1e-4);
					assertEquals(2, rt.getStringValue("top_k", row).split(";").length);
				}
			}
			assertEquals(rt.getStringValue("predicted_class", before + 1), StripResultsTable.tileValue(
				"predicted_class", "-1"));
			final List<Roi> tiles = Arrays.stream(imp.getOverlay().toArray()).filter(r ->
				ClassMapOverlay.NAME.equals(r.getName())).toList();
			assertEquals(2, tiles.size());
			assertEquals(new java.awt.Rectangle(200, 0, 200, 200), tiles.get(1).getBounds());
			assertTrue(tiles.get(0).getFillColor().getAlpha() > 0, "opacity from the confidence");
			assertTrue(Arrays.stream(imp.getOverlay().toArray()).anyMatch(r -> (ClassMapOverlay.NAME +
				"-legend").equals(r.getName())), "a legend");

			// the model's input as tile size (0), an overlap, and every tile marked uncertain
			final Module again = CommandsTest.run(context, ClassifyStripTiles.class, Map.of("imp", imp,
				"model", model.toFile(), "device", "cpu", "tile_size", 0, "overlap", 100,
				"uncertain_below", 1.0, "top_k", 2, "batch_size", 2));
			assertFalse(((Cancelable) again).isCanceled(), () -> ((Cancelable) again).getCancelReason());
			assertEquals(3, again.getOutput("tiles"), "tiles at x = 0, 100, 200");
			assertEquals("uncertain:3", again.getOutput("summary"));
			assertEquals(3, Arrays.stream(imp.getOverlay().toArray()).filter(r -> ClassMapOverlay.NAME
				.equals(r.getName())).count(), "the earlier class map is replaced");

			// an overlap as large as the tile: one line naming the image
			final Module bad = CommandsTest.run(context, ClassifyStripTiles.class, Map.of("imp", imp,
				"model", model.toFile(), "device", "cpu", "tile_size", 100, "overlap", 100,
				"uncertain_below", 0.0, "top_k", 2, "batch_size", 16));
			final String why = ((Cancelable) bad).getCancelReason();
			assertTrue(why != null && why.startsWith("strip two.png: ") && !why.contains("\n"), why);
			assertEquals(why, StripCommand.lastError());
		}
	}
}
