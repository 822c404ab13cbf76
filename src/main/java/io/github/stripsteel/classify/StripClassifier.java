package io.github.stripsteel.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.model.FeatureDistance;
import io.github.stripsteel.model.LoadedModel;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.TestTimeAugmentation;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Classifies grey strip-steel images with a model package. Thread-confined: use one instance per
 * thread (PyTorch parallelises inside each call).
 */
public final class StripClassifier implements AutoCloseable {

	private final LoadedModel model;

	private StripClassifier(final LoadedModel model) {
		this.model = model;
	}

	/**
	 * Opens a model package.
	 *
	 * @throws ModelPackageException naming the file and what is wrong with it
	 */
	public static StripClassifier open(final Path modelDir, final DeviceChoice device)
		throws ModelPackageException
	{
		return new StripClassifier(LoadedModel.open(modelDir, device));
	}

	public ModelPackage model() {
		return model.spec();
	}

	/** The test-time augmentation applied (the package's unless changed). */
	public TestTimeAugmentation testTimeAugmentation() {
		return model.testTimeAugmentation();
	}

	/** Overrides the package's test-time augmentation; returns this. */
	public StripClassifier testTimeAugmentation(final TestTimeAugmentation value) {
		model.testTimeAugmentation(value);
		return this;
	}

	/** The model's out-of-distribution statistics, or null when its package has none. */
	public FeatureDistance featureDistance() {
		return model.featureDistance();
	}

	/** The embeddings of prepared inputs (see {@link #prepare}), for out-of-distribution statistics. */
	public float[][] embeddings(final float[][] inputs) {
		return model.embeddings(inputs);
	}

	/** Which network classifications run on (oneDNN with prepacked weights, or eager, and why). */
	public String networkPath() {
		return model.networkPath();
	}

	/** Where the network runs, e.g. {@code cpu()}. */
	public String device() {
		return model.device().toString();
	}

	public Prediction classify(final ArrayImg<UnsignedByteType, ByteArray> gray) {
		return classify(List.of(gray)).get(0);
	}

	/** Classifies a batch in one forward pass. */
	public List<Prediction> classify(final List<ArrayImg<UnsignedByteType, ByteArray>> images) {
		final float[][] inputs = new float[images.size()][];
		final int[] widths = new int[inputs.length], heights = new int[inputs.length];
		for (int i = 0; i < inputs.length; i++) {
			inputs[i] = model.toInput(images.get(i));
			widths[i] = (int) images.get(i).dimension(0);
			heights[i] = (int) images.get(i).dimension(1);
		}
		return predict(inputs, widths, heights);
	}

	/** The network input for one image (preprocessing chain and normalisation applied). */
	public float[] prepare(final ArrayImg<UnsignedByteType, ByteArray> gray) {
		return model.toInput(gray);
	}

	/**
	 * Classifies prepared inputs (see {@link #prepare}) whose sizes as read are not known: the size
	 * part of the out-of-distribution statistics is not applied ({@link #predict(float[][], int[],
	 * int[])} applies it).
	 */
	public List<Prediction> predict(final float[][] inputs) {
		return predict(inputs, null, null);
	}

	/**
	 * Classifies prepared inputs of images that were {@code widths[i] x heights[i]} as read, before
	 * preprocessing (null: unknown).
	 */
	public List<Prediction> predict(final float[][] inputs, final int[] widths, final int[] heights) {
		final List<Prediction> result = new ArrayList<>();
		if (inputs.length == 0) return result;
		final LoadedModel.Output out = model.run(inputs, widths, heights);
		// scores are in units of the thresholds: above 1 is uncertain
		final double threshold = model.featureDistance() == null ? Double.NaN : 1;
		for (int i = 0; i < inputs.length; i++)
			result.add(new Prediction(model.spec().classes(), out.probabilities()[i], out
				.distances() == null ? Double.NaN : out.distances()[i], threshold));
		return result;
	}

	/**
	 * The last convolutional stage for prepared inputs, from one pass without test-time augmentation
	 * (for class activation maps).
	 */
	public LoadedModel.LastStage lastStage(final float[][] inputs) {
		return model.lastStage(inputs);
	}

	/**
	 * The stage before the last and the gradient of the logit of {@code classes[i]} with respect to
	 * it, from one pass without test-time augmentation (for Grad-CAM on a finer stage).
	 */
	public LoadedModel.PreviousStage previousStage(final float[][] inputs, final int[] classes) {
		return model.previousStage(inputs, classes);
	}

	@Override
	public void close() {
		model.close();
	}
}
