package io.github.stripsteel.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.engine.DeviceChoice;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * A model package loaded onto a device, ready for inference: the network in evaluation mode (no
 * gradients) with batch norm folded into the convolutions ({@link BatchNormFolding}), plus the package's preprocessing chain and normalisation, applied identically to
 * every input.
 */
public final class LoadedModel implements AutoCloseable {

	private final ModelPackage spec;
	private final NDManager manager;
	private final ClassifierNet inference;
	/** The same network on oneDNN with prepacked weights, or null: the eager one runs. */
	private final OneDnnResNet34 onednn;
	private final String networkPath;
	private ClassifierNet trained;
	private final ParameterStore store;
	private final FeatureDistance distance;
	private TestTimeAugmentation tta;
	/**
	 * The values of the last batch handed to the network, reused from call to call (the calls that
	 * use it are serialised). Off the Java heap: a batch of 32 at 200x200 is 5 MB, which as a new
	 * array per call is a "humongous" object for G1 (larger than half a heap region: 4 MB regions at
	 * -Xmx8g) whose allocations start collections and make the heap grow in steps; PyTorch reads
	 * the direct buffer in place.
	 */
	private ByteBuffer batchValues;

	private LoadedModel(final ModelPackage spec, final NDManager manager,
		final ClassifierNet inference, final OneDnnResNet34.Choice choice, final FeatureDistance distance)
	{
		this.spec = spec;
		this.manager = manager;
		this.inference = inference;
		this.onednn = choice.network();
		this.networkPath = choice.description();
		this.store = new ParameterStore(manager, false);
		this.distance = distance;
		this.tta = spec.testTimeAugmentation();
	}

	/**
	 * What the network makes of a batch.
	 *
	 * @param probabilities {@code [n][classes]}
	 * @param distances each image's {@link FeatureDistance#score} (above 1: uncertain), or null when
	 *          the package has no out-of-distribution statistics
	 */
	public record Output(float[][] probabilities, double[] distances) {}

	/**
	 * Reads, verifies (checksum) and loads a model package.
	 *
	 * @throws ModelPackageException naming the file and what is wrong
	 */
	public static LoadedModel open(final Path dir, final DeviceChoice choice)
		throws ModelPackageException
	{
		final ModelPackage spec = ModelPackage.read(dir);
		spec.verifyWeights();
		final FeatureDistance distance = FeatureDistance.readIfPresent(spec);
		final Device device = DeepLearningEngine.device(choice);
		final NDManager manager = DeepLearningEngine.get().newBaseManager(device);
		final ClassifierNet inference;
		try {
			// classifications run with batch norm folded into the convolutions; the network as
			// trained is loaded again only when asked for (network(), forward())
			inference = load(spec, manager);
			BatchNormFolding.fold(inference, manager);
			final long embedding = inference.getOutputShapes(new Shape[] { new Shape(1, 1, spec
				.inputHeight(), spec.inputWidth()) })[1].get(1);
			if (distance != null && distance.hasFeaturePart() && distance.dimension() != embedding) throw new ModelPackageException(
				spec.dir().resolve(FeatureDistance.JSON) + ": statistics of " + distance.dimension() +
					" features, the network gives " + embedding + "; calibrate the model on its dataset again",
				new ModelPackageException.Remedy(ModelPackageException.Action.CALIBRATE, spec.dir(), List
					.of()));
		}
		catch (final IOException | RuntimeException e) {
			manager.close();
			if (e instanceof ModelPackageException) throw (ModelPackageException) e;
			throw new ModelPackageException(spec.weightsFile() + ": " + e.getMessage() +
				"; copy the model folder again");
		}
		final OneDnnResNet34.Choice network;
		try {
			network = OneDnnResNet34.open(spec.architecture(), inference, device);
		}
		catch (final RuntimeException e) {
			// a -Dstrip.steel.network setting that cannot be met: not the package's fault
			manager.close();
			throw e;
		}
		return new LoadedModel(spec, manager, inference, network, distance);
	}

	private static ClassifierNet load(final ModelPackage spec, final NDManager manager)
		throws IOException
	{
		final ClassifierNet net = Architectures.create(spec.architecture(), spec.classes().size());
		net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, spec.inputHeight(), spec.inputWidth()));
		WeightsFile.load(net, spec.weightsFile());
		// inference only: no autograd graph, whatever the calling thread's grad mode
		net.freezeParameters(true);
		return net;
	}

	public ModelPackage spec() {
		return spec;
	}

	/**
	 * The network as trained (batch norm not folded), e.g. to save it again; loaded from the
	 * package on first call.
	 *
	 * @throws IllegalStateException when the weights file can no longer be read
	 */
	public synchronized ClassifierNet network() {
		if (trained == null) {
			try {
				trained = load(spec, manager);
			}
			catch (final IOException e) {
				throw new IllegalStateException(spec.weightsFile() + ": " + e.getMessage(), e);
			}
		}
		return trained;
	}

	/** The package's out-of-distribution statistics, or null when it has none. */
	public FeatureDistance featureDistance() {
		return distance;
	}

	/** The test-time augmentation in use: the package's, unless changed. */
	public TestTimeAugmentation testTimeAugmentation() {
		return tta;
	}

	/** Overrides the package's test-time augmentation (e.g. {@code NONE} for speed). */
	public void testTimeAugmentation(final TestTimeAugmentation value) {
		if (value == TestTimeAugmentation.DIHEDRAL8 && spec.inputWidth() != spec.inputHeight())
			throw new IllegalArgumentException("dihedral8 test-time augmentation needs a square input; " +
				spec.dir() + " takes " + spec.inputWidth() + "x" + spec.inputHeight());
		this.tta = value;
	}

	public Device device() {
		return manager.getDevice();
	}

	/**
	 * Applies the package's preprocessing chain and normalisation to a grey image.
	 *
	 * @return the network input, {@code height * width} floats
	 */
	public float[] toInput(final ArrayImg<UnsignedByteType, ByteArray> gray) {
		final ArrayImg<UnsignedByteType, ByteArray> img = spec.chain().apply(gray);
		final int w = spec.inputWidth(), h = spec.inputHeight();
		if (img.dimension(0) != w || img.dimension(1) != h) throw new IllegalStateException(
			"the model's preprocessing gives " + img.dimension(0) + "x" + img.dimension(1) +
				" images but the network takes " + w + "x" + h + "; the chain in " + spec.dir().resolve(
					ModelPackage.MODEL_JSON) + " must end with resize(width=" + w + ",height=" + h + ")");
		final byte[] px = img.update(null).getCurrentStorageArray();
		final float mean = spec.normalizationMean(), std = spec.normalizationStd();
		final float[] out = new float[px.length];
		for (int i = 0; i < px.length; i++)
			out[i] = ((px[i] & 0xff) / 255f - mean) / std;
		return out;
	}

	/**
	 * Class probabilities for a batch of prepared inputs (see {@link #toInput}): the softmax, or its
	 * mean over the views of the test-time augmentation.
	 *
	 * @return {@code [n][classes]}
	 */
	public float[][] probabilities(final float[][] inputs) {
		return run(inputs).probabilities();
	}

	/**
	 * Class probabilities (see {@link #probabilities}) and, when the package has out-of-distribution
	 * statistics, each image's distance to the training data, measured on the image as it is (the
	 * first view).
	 */
	public Output run(final float[][] inputs) {
		return run(inputs, null, null);
	}

	/**
	 * As {@link #run(float[][])}, with each image's size as read (before preprocessing) for the
	 * size part of the out-of-distribution statistics ({@link SourceSize}); null: sizes unknown, that
	 * part not applied.
	 */
	public synchronized Output run(final float[][] inputs, final int[] sourceWidths,
		final int[] sourceHeights)
	{
		try (NDManager sub = manager.newSubManager(); var off = DeepLearningEngine.gradientsOff()) {
			final NDArray x = batch(inputs, sub);
			NDArray sum = null;
			double[] distances = null;
			final List<NDArray> views = tta.views(x);
			for (final NDArray view : views) {
				// one sub-manager per view: the forward pass's intermediate arrays are freed before
				// the next view runs (8 views of a batch of 32 at 200x200 would otherwise hold
				// every activation until the batch ends)
				try (NDManager perView = sub.newSubManager()) {
					view.attach(perView);
					final NDList out = infer(view, perView);
					if (distance != null && distances == null) distances = scores(rows(out.get(1)), inputs,
						sourceWidths, sourceHeights);
					final NDArray p = out.get(0).softmax(1);
					p.attach(sub);
					sum = sum == null ? p : sum.add(p);
				}
			}
			return new Output(rows(sum.div(views.size())), distances);
		}
	}

	/**
	 * The embeddings (penultimate features) of a batch of prepared inputs, each image as it is.
	 *
	 * @return {@code [n][dimension]}
	 */
	public synchronized float[][] embeddings(final float[][] inputs) {
		try (NDManager sub = manager.newSubManager(); var off = DeepLearningEngine.gradientsOff()) {
			return rows(infer(batch(inputs, sub), sub).get(1));
		}
	}

	/**
	 * The last convolutional stage of a batch and what the network makes of it, from one pass of the
	 * inputs as given (no test-time augmentation).
	 *
	 * @param logits {@code [n][classes]}
	 * @param features {@code [n][channels * height * width]}, channel-major, row-major maps
	 * @param weight the linear head, {@code [classes][channels]}
	 * @param bias the head's bias, {@code [classes]}
	 */
	public record LastStage(float[][] logits, float[][] features, int channels, int height,
		int width, float[][] weight, float[] bias)
	{}

	/** Runs prepared inputs (see {@link #toInput}) and keeps the feature maps before pooling. */
	public synchronized LastStage lastStage(final float[][] inputs) {
		try (NDManager sub = manager.newSubManager(); var off = DeepLearningEngine.gradientsOff()) {
			final NDList out = inference.forwardWithFeatures(store, batch(inputs, sub));
			return lastStage(inputs.length, out.get(0), out.get(1));
		}
	}

	private LastStage lastStage(final int n, final NDArray logitArray, final NDArray featureArray) {
		final Shape fs = featureArray.getShape();
		final int c = spec.classes().size(), d = (int) fs.get(1), fh = (int) fs.get(2), fw = (int) fs
			.get(3);
		final float[][] wt = split(inference.head().getParameters().get("weight").getArray()
			.toFloatArray(), c);
		final float[] bias = inference.head().getParameters().get("bias").getArray().toFloatArray();
		return new LastStage(split(logitArray.toFloatArray(), n), split(featureArray.toFloatArray(), n),
			d, fh, fw, wt, bias);
	}

	/**
	 * The stage before the last (see {@link ClassifierNet#forwardWithPreviousStage}) and the
	 * gradient of the logit of {@code classes[i]} with respect to it, for Grad-CAM.
	 *
	 * @param maps {@code [n][channels * height * width]}, channel-major, row-major maps
	 * @param gradients the same layout
	 */
	public record PreviousStage(LastStage last, float[][] maps, float[][] gradients, int channels,
		int height, int width)
	{}

	/** Runs prepared inputs and differentiates the logits of {@code classes} (one per input). */
	public synchronized PreviousStage previousStage(final float[][] inputs, final int[] classes) {
		final int n = inputs.length, c = spec.classes().size();
		final float[] target = new float[n * c];
		for (int i = 0; i < n; i++)
			target[i * c + classes[i]] = 1;
		try (NDManager sub = manager.newSubManager()) {
			final NDList out = inference.forwardWithPreviousStage(store, batch(inputs, sub), sub.create(
				target, new Shape(n, c)));
			final Shape ps = out.get(2).getShape();
			final int pc = (int) ps.get(1), ph = (int) ps.get(2), pw = (int) ps.get(3);
			final LastStage last = lastStage(n, out.get(0), out.get(1));
			return new PreviousStage(last, split(out.get(2).toFloatArray(), n), split(out.get(3)
				.toFloatArray(), n), pc, ph, pw);
		}
	}

	/**
	 * Prepared inputs as one {@code [n, 1, height, width]} array of {@code into}, whose values are
	 * {@link #batchValues}: valid until the next call.
	 */
	private NDArray batch(final float[][] inputs, final NDManager into) {
		final int n = inputs.length, w = spec.inputWidth(), h = spec.inputHeight();
		final int bytes = Math.multiplyExact(Math.multiplyExact(n, w * h), Float.BYTES);
		if (batchValues == null || batchValues.capacity() < bytes) batchValues = ByteBuffer
			.allocateDirect(bytes);
		final ByteBuffer values = batchValues.slice(0, bytes).order(ByteOrder.nativeOrder());
		final FloatBuffer floats = values.asFloatBuffer();
		for (final float[] input : inputs) {
			if (input.length != w * h) throw new IllegalArgumentException("a prepared input has " +
				input.length + " values; " + spec.dir() + " takes " + w + "x" + h + " = " + w * h);
			floats.put(input);
		}
		return into.create(values, new Shape(n, 1, h, w), DataType.FLOAT32);
	}

	private static float[][] split(final float[] flat, final int n) {
		final int k = flat.length / n;
		final float[][] r = new float[n][k];
		for (int i = 0; i < n; i++)
			System.arraycopy(flat, i * k, r[i], 0, k);
		return r;
	}

	/**
	 * Logits and embeddings of a batch, in {@code sub} (for distillation and analysis), from the
	 * network as trained (batch norm not folded).
	 */
	public NDList forward(final NDArray batch) {
		return network().forward(store, new NDList(batch), false);
	}

	/**
	 * Which network classifications run on: {@code oneDNN...} (see {@link OneDnnResNet34}) or
	 * {@code eager (why)}.
	 */
	public String networkPath() {
		return networkPath;
	}

	/** {@code [logits, embedding]} of the folded network, on oneDNN when it is loaded. */
	private NDList infer(final NDArray batch, final NDManager into) {
		return onednn != null ? onednn.forward(batch, into) : inference.forwardFreeing(store, batch);
	}

	private double[] scores(final float[][] embeddings, final float[][] inputs, final int[] widths,
		final int[] heights)
	{
		final double[] d = new double[embeddings.length];
		for (int i = 0; i < d.length; i++)
			d[i] = distance.score(embeddings[i], inputs[i], spec.inputWidth(), spec.inputHeight(),
				widths == null ? 0 : widths[i], heights == null ? 0 : heights[i]);
		return d;
	}

	/** A {@code (n, k)} array as {@code n} rows. */
	private static float[][] rows(final NDArray a) {
		return split(a.toFloatArray(), (int) a.getShape().get(0));
	}

	@Override
	public void close() {
		if (onednn != null) onednn.close();
		manager.close();
	}
}
