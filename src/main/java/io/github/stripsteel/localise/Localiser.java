package io.github.stripsteel.localise;

import java.util.ArrayList;
import java.util.List;

import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.image.ImageDecoder.DecodedImage;
import io.github.stripsteel.model.Dihedral;
import io.github.stripsteel.model.LoadedModel.LastStage;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Where the predicted class sits in an image: the class activation map of the class the classifier
 * reports (with its test-time augmentation), the mean of its maps over the dihedral views of the
 * input (each turned back), weighted by where the input departs from its background and faded at
 * the edge ({@link ImageGuidedMap}; chosen on training images, docs/LOCALISATION.md), resampled
 * to the image's own pixels; its maximum; and the box around the largest region above a fraction
 * of the map's range. The preprocessing chains only filter and resize, so the model input
 * and the image cover the same field of view and the map resamples directly onto the image.
 * As a {@link BatchClassifier.Locator} it fills a batch's {@code cam_x ... box_h} columns and
 * draws {@link ClassMapRenderer#cam} pictures.
 */
public final class Localiser implements BatchClassifier.Locator {

	/**
	 * The box threshold, a fraction of the map's min-max range: the best mean IoU of the thresholds
	 * 0.1 ... 0.6 for this map on training images of the shipped NEU model (docs/LOCALISATION.md), so
	 * the IoU reported on its validation images is not tuned on them.
	 */
	public static final double DEFAULT_BOX_FRACTION = 0.3;

	/** What the map is, for reports ({@code localisation.json}'s {@code map}). */
	public static final String MAP = "class activation map of the predicted class (last stage, mean "
		+ "of the dihedral views) times the input's anomaly map (ImageGuidedMap); the CAM alone for "
		+ String.join(", ", ImageGuidedMap.CAM_ONLY) + "; faded to zero over the outermost "
		+ ImageGuidedMap.EDGE_MARGIN + " of the input's shorter side";

	private final StripClassifier classifier;
	private double boxFraction = DEFAULT_BOX_FRACTION;

	/**
	 * One image's localisation.
	 *
	 * @param map the image-guided class activation map at image resolution, row-major, in [0, 1]
	 * @param camX column of the map's maximum, image pixels
	 * @param camY row of the map's maximum
	 */
	public record Localisation(Prediction prediction, int width, int height, float[] map, int camX,
		int camY, Box box)
	{}

	public Localiser(final StripClassifier classifier) {
		this.classifier = classifier;
	}

	public Localiser boxFraction(final double value) {
		if (!(value > 0 && value <= 1)) throw new IllegalArgumentException(
			"box threshold must be in (0, 1], got " + value);
		this.boxFraction = value;
		return this;
	}

	public double boxFraction() {
		return boxFraction;
	}

	/** Classifies and localises a batch of grey images. */
	public List<Localisation> localise(final List<ArrayImg<UnsignedByteType, ByteArray>> images) {
		final float[][] inputs = new float[images.size()][];
		final int[] widths = new int[inputs.length], heights = new int[inputs.length];
		for (int i = 0; i < inputs.length; i++) {
			inputs[i] = classifier.prepare(images.get(i));
			widths[i] = (int) images.get(i).dimension(0);
			heights[i] = (int) images.get(i).dimension(1);
		}
		return localise(inputs, classifier.predict(inputs, widths, heights), widths, heights);
	}

	/**
	 * Localises prepared inputs whose predictions are known (e.g. from a batch classification).
	 *
	 * @param widths the original images' widths, where the maps are resampled to
	 */
	public List<Localisation> localise(final float[][] inputs, final List<Prediction> predictions,
		final int[] widths, final int[] heights)
	{
		final List<Localisation> out = new ArrayList<>();
		if (inputs.length == 0) return out;
		final FeatureMaps small = maps(inputs, predictions);
		final int iw = classifier.model().inputWidth(), ih = classifier.model().inputHeight();
		for (int i = 0; i < inputs.length; i++) {
			final int w = widths[i], h = heights[i];
			final float[] guided = ImageGuidedMap.of(small.maps()[i], small.width(), small.height(),
				inputs[i], iw, ih, predictions.get(i).className());
			final float[] map = w == iw && h == ih ? guided : ClassActivationMap.upsample(guided, iw, ih,
				w, h);
			final int peak = ClassActivationMap.argmax(map);
			out.add(new Localisation(predictions.get(i), w, h, map, peak % w, peak / w, ClassActivationMap
				.box(map, w, h, boxFraction)));
		}
		return out;
	}

	/**
	 * The class activation map of each input's predicted class at feature resolution, the mean over
	 * the views of {@link Dihedral#views} (each map put back in the input's orientation).
	 */
	private FeatureMaps maps(final float[][] inputs, final List<Prediction> predictions) {
		final int iw = classifier.model().inputWidth(), ih = classifier.model().inputHeight();
		final int[] views = Dihedral.views(iw, ih);
		final float[][] sum = new float[inputs.length][];
		int mapWidth = 0, mapHeight = 0;
		for (final int v : views) {
			final float[][] view = new float[inputs.length][];
			for (int i = 0; i < inputs.length; i++)
				view[i] = Dihedral.apply(inputs[i], iw, ih, v);
			final LastStage stage = classifier.lastStage(view);
			mapWidth = stage.width();
			mapHeight = stage.height();
			for (int i = 0; i < inputs.length; i++) {
				final float[] back = Dihedral.invert(ClassActivationMap.compute(stage, i, predictions.get(i)
					.classIndex()), mapWidth, mapHeight, v);
				if (sum[i] == null) sum[i] = new float[back.length];
				for (int j = 0; j < back.length; j++)
					sum[i][j] += back[j] / views.length;
			}
		}
		return new FeatureMaps(sum, mapWidth, mapHeight);
	}

	private record FeatureMaps(float[][] maps, int width, int height) {}

	@Override
	public List<BatchClassifier.Place> locate(final float[][] inputs,
		final List<Prediction> predictions, final List<DecodedImage> images)
	{
		final int[] widths = new int[images.size()], heights = new int[images.size()];
		for (int i = 0; i < widths.length; i++) {
			widths[i] = images.get(i).width();
			heights[i] = images.get(i).height();
		}
		final List<Localisation> located = localise(inputs, predictions, widths, heights);
		final List<BatchClassifier.Place> out = new ArrayList<>();
		for (int i = 0; i < located.size(); i++) {
			final Localisation l = located.get(i);
			final DecodedImage image = images.get(i);
			out.add(new BatchClassifier.Place(l.camX(), l.camY(), l.box().x(), l.box().y(), l.box()
				.width(), l.box().height(), () -> ClassMapRenderer.cam(image.gray(), l)));
		}
		return out;
	}
}
