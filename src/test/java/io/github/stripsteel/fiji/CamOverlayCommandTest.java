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
import ij.gui.ImageRoi;
import ij.gui.Roi;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.localise.Localiser;
import io.github.stripsteel.testutil.TestModels;

/** Classify Strip Image with the macro key {@code cam}: the heat map and its box on the overlay. */
class CamOverlayCommandTest {

	@AfterAll
	static void closeCache() {
		ClassifierCache.get().close();
	}

	@Test
	void camKeyAddsHeatMapAndTheLocalisersBox() throws Exception {
		final Path model = TestModels.projectDir().resolve("models/neu-cls");
		final Path sample = TestModel.sample("scratches", "Sc_1.bmp");
		final ImagePlus imp = IJ.openImage(sample.toString());
		try (Context context = CommandsTest.context()) {
			final Module m = CommandsTest.run(context, ClassifyStripImage.class, Map.of("imp", imp,
				"model", model.toFile(), "device", "cpu", "top_k", 2, "cam", true));
			assertFalse(((Cancelable) m).isCanceled(), () -> ((Cancelable) m).getCancelReason());
			final List<Roi> rois = Arrays.asList(imp.getOverlay().toArray());
			final ImageRoi heat = (ImageRoi) rois.stream().filter(r -> "strip-steel-cam".equals(r
				.getName())).findFirst().orElseThrow();
			assertEquals(200, heat.getBounds().width);
			assertTrue(heat.getOpacity() > 0 && heat.getOpacity() < 1, "translucent");
			final Roi box = rois.stream().filter(r -> "strip-steel-cam-box".equals(r.getName()))
				.findFirst().orElseThrow();
			try (StripClassifier c = StripClassifier.open(model, DeviceChoice.CPU)) {
				final Localiser.Localisation l = new Localiser(c).localise(List.of(
					io.github.stripsteel.image.ImageDecoder.read(sample).gray())).get(0);
				assertEquals(new java.awt.Rectangle(l.box().x(), l.box().y(), l.box().width(), l.box()
					.height()), box.getBounds());
			}
			// without the key: no map; the earlier one is replaced with the rest of the overlay
			CommandsTest.run(context, ClassifyStripImage.class, Map.of("imp", imp, "model", model
				.toFile(), "device", "cpu", "top_k", 2));
			assertTrue(Arrays.stream(imp.getOverlay().toArray()).noneMatch(r -> r.getName() != null && r
				.getName().startsWith("strip-steel-cam")));
		}
	}
}
