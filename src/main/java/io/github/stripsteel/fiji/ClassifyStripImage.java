package io.github.stripsteel.fiji;

import java.io.IOException;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.stripsteel.classify.ModelChoice;
import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.fiji.command.HandledOutputs;
import io.github.stripsteel.localise.Localiser.Localisation;
import io.github.stripsteel.localise.Localiser;
import io.github.stripsteel.model.ModelPackageException;

/**
 * Classifies the current image: overlay on the image, a row in "Strip Defect Results"; with
 * {@code cam}, also the class activation map of the predicted class as a translucent heat map with
 * its box ({@link CamOverlay}). {@code model=auto} classifies with the nearest of the packages
 * beside the default model (the CLI's {@code classify --model auto}).
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Classify Strip Image")
public class ClassifyStripImage extends AbstractStripCommand {

	@Parameter
	private ImagePlus imp;

	@Parameter(label = "Top-k classes", min = "1", max = "100")
	private int top_k = 3;

	@Parameter(label = "Show class activation map", persist = false,
		description = "Where the predicted class's evidence lies: a heat map and a box (docs/LOCALISATION.md)")
	private boolean cam = false;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private String predicted_class;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private double confidence;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private String top_classes;

	@Override
	protected String subject() {
		return imp == null ? null : imp.getTitle();
	}

	@Override
	protected void execute() throws ModelPackageException, IOException {
		if (cam) requireOneModel("cam");
		final var gray = ImagePlusGray.of(imp);
		final String[] modelId = new String[1];
		final Localisation[] located = new Localisation[1];
		final Prediction p = cam ? withClassifier(c -> {
			modelId[0] = c.model().id();
			located[0] = new Localiser(c).localise(List.of(gray)).get(0);
			return located[0].prediction();
		}) : withModels(m -> {
			final ModelChoice.Choice c = m.predict(List.<float[][]> of(m.prepare(gray)), new int[] { (int) gray
				.dimension(0) }, new int[] { (int) gray.dimension(1) }).get(0);
			modelId[0] = c.classifier().model().id();
			return c.prediction();
		});
		final double ms = millis();
		StripOverlay.show(imp, p, top_k);
		if (located[0] != null) CamOverlay.show(imp, located[0]);
		StripResultsTable.add(imp.getTitle(), p, top_k, ms, modelId[0]);
		StripResultsTable.show();
		predicted_class = p.className();
		confidence = p.confidence();
		top_classes = StripResultsTable.topKText(p, top_k);
		log().info(String.format("%s: %s (%.4f) in %.0f ms", imp.getTitle(), predicted_class,
			confidence, ms));
	}
}
