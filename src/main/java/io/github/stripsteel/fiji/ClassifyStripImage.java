package io.github.stripsteel.fiji;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.model.ModelPackageException;

/** Classifies the current image: overlay on the image, a row in "Strip Defect Results". */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Classify Strip Image")
public class ClassifyStripImage extends AbstractStripCommand {

	@Parameter
	private ImagePlus imp;

	@Parameter(label = "Top-k classes", min = "1", max = "100")
	private int top_k = 3;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private String predicted_class;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private double confidence;

	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private String top_classes;

	@Override
	public void run() {
		final long t0 = System.nanoTime();
		try {
			final var gray = ImagePlusGray.of(imp);
			final String[] modelId = new String[1];
			final Prediction p = withClassifier(c -> {
				modelId[0] = c.model().id();
				return c.classify(gray);
			});
			final double ms = millisSince(t0);
			StripOverlay.show(imp, p, top_k);
			StripResultsTable.add(imp.getTitle(), p, top_k, ms, modelId[0]);
			StripResultsTable.show();
			predicted_class = p.className();
			confidence = p.confidence();
			top_classes = StripResultsTable.topKText(p, top_k);
			log().info(String.format("%s: %s (%.4f) in %.0f ms", imp.getTitle(), predicted_class,
				confidence, ms));
		}
		catch (final ModelPackageException | IllegalArgumentException | IllegalStateException e) {
			fail(imp.getTitle() + ": " + messageOf(e));
		}
	}
}
