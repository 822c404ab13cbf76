package io.github.stripsteel.model;

import java.util.Collection;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * A backbone that maps an image batch {@code (N, 1, H, W)} to embeddings {@code (N, D)}, followed by
 * a linear classifier. {@link #forward} returns {@code [logits (N, C), embedding (N, D)]}: the
 * embedding is what relational knowledge distillation compares. {@link #forwardWithFeatures} also
 * returns the last convolutional stage before pooling, for class activation maps.
 */
public class ClassifierNet extends AbstractBlock {

	private static final byte VERSION = 1;

	private final Block backbone;
	private final Block fc;
	private final int numClasses;

	public ClassifierNet(final Block backbone, final int numClasses) {
		super(VERSION);
		this.backbone = addChildBlock("backbone", backbone);
		this.fc = addChildBlock("fc", Linear.builder().setUnits(numClasses).build());
		this.numClasses = numClasses;
	}

	public int numClasses() {
		return numClasses;
	}

	/** The linear head: weight {@code (C, D)}, bias {@code (C)}. */
	public Block head() {
		return fc;
	}

	/**
	 * One inference pass that also keeps the last convolutional stage: returns
	 * {@code [logits (N, C), features (N, D, h, w)]}. The logits equal {@link #forward}'s, since the
	 * backbone ends with {@link ResNet34#POOLING_BLOCKS} blocks (global average pooling, flatten) that
	 * are replaced here by a mean over the spatial axes.
	 *
	 * @throws IllegalStateException for a backbone that is not a sequence ending with global pooling
	 */
	public NDList forwardWithFeatures(final ParameterStore parameterStore, final NDArray input) {
		if (!(backbone instanceof SequentialBlock sequence)) throw new IllegalStateException(
			"this network's backbone is not a sequence of blocks; its feature maps are not reachable");
		final var blocks = sequence.getChildren().values();
		NDList x = new NDList(input);
		for (int i = 0; i < blocks.size() - ResNet34.POOLING_BLOCKS; i++)
			x = blocks.get(i).forward(parameterStore, x, false);
		final NDArray features = x.singletonOrThrow();
		if (features.getShape().dimension() != 4) throw new IllegalStateException(
			"the backbone's last stage gives shape " + features.getShape() + ", not (N, D, h, w)");
		final NDArray logits = fc.forward(parameterStore, new NDList(features.mean(new int[] { 3 }).mean(new int[] { 2 })),
			false).singletonOrThrow();
		return new NDList(logits, features);
	}

	/**
	 * Grad-CAM inputs one stage earlier than {@link #forwardWithFeatures}: returns
	 * {@code [logits (N, C), last stage (N, D, h, w), previous stage (N, D', h', w'), gradient]},
	 * where the previous stage is the output of the last block whose maps are larger than the last
	 * stage's (ResNet34: the third stage, 256 maps of 13x13 for a 200x200 input) and the gradient is
	 * that of {@code sum_n sum_c target[n][c] logit[n][c]} with respect to it. Runs its own
	 * gradient collector; the parameters stay frozen, only the previous stage is differentiated.
	 *
	 * @param target {@code (N, C)}, e.g. one-hot rows of the classes whose maps are wanted
	 */
	public NDList forwardWithPreviousStage(final ParameterStore parameterStore, final NDArray input,
		final NDArray target)
	{
		if (!(backbone instanceof SequentialBlock sequence)) throw new IllegalStateException(
			"this network's backbone is not a sequence of blocks; its feature maps are not reachable");
		final var blocks = sequence.getChildren().values();
		final int n = blocks.size() - ResNet34.POOLING_BLOCKS;
		final NDArray[] outs = new NDArray[n];
		NDList x = new NDList(input);
		for (int i = 0; i < n; i++) {
			x = blocks.get(i).forward(parameterStore, x, false);
			outs[i] = x.singletonOrThrow();
		}
		final long lastHeight = outs[n - 1].getShape().get(2);
		int split = n - 1;
		while (split >= 0 && outs[split].getShape().get(2) <= lastHeight)
			split--;
		if (split < 0) throw new IllegalStateException(
			"this network has no stage larger than its last one");
		final NDArray previous = outs[split];
		try (GradientCollector gc = previous.getManager().getEngine().newGradientCollector()) {
			previous.setRequiresGradient(true);
			NDList y = new NDList(previous);
			for (int i = split + 1; i < n; i++)
				y = blocks.get(i).forward(parameterStore, y, false);
			final NDArray features = y.singletonOrThrow();
			final NDArray logits = fc.forward(parameterStore, new NDList(features.mean(new int[] { 3 })
				.mean(new int[] { 2 })), false).singletonOrThrow();
			gc.backward(logits.mul(target).sum());
			return new NDList(logits.stopGradient(), features.stopGradient(), previous.stopGradient(),
				previous.getGradient().duplicate());
		}
	}

	/**
	 * {@link #forward} for inference, freeing each backbone block's arrays as soon as the next block
	 * has its input: returns {@code [logits (N, C), embedding (N, D)]}, attached to the input's
	 * manager; the input itself is closed. Why: DJL keeps every array an operation makes until its
	 * manager closes, so a whole pass would hold all of ResNet34's activations at once (about 0.9 GB
	 * at batch 32 of 200x200), which the C allocator then keeps for reuse; block by block, the peak is
	 * one block's activations.
	 */
	public NDList forwardFreeing(final ParameterStore parameterStore, final NDArray input) {
		final NDManager owner = input.getManager();
		final Collection<Block> blocks = backbone instanceof SequentialBlock sequence ? sequence
			.getChildren().values() : List.of(backbone);
		NDList x = new NDList(input);
		for (final Block block : blocks) {
			try (NDManager step = owner.newSubManager()) {
				// the block's input and every array it makes go with the step, except its output
				x.attach(step);
				final NDList out = block.forward(parameterStore, x, false);
				out.attach(owner);
				x = out;
			}
		}
		final NDArray embedding = x.singletonOrThrow();
		return new NDList(fc.forward(parameterStore, x, false).singletonOrThrow(), embedding);
	}

	@Override
	protected NDList forwardInternal(final ParameterStore parameterStore, final NDList inputs,
		final boolean training, final PairList<String, Object> params)
	{
		final NDList embedding = backbone.forward(parameterStore, inputs, training, params);
		final NDList logits = fc.forward(parameterStore, embedding, training, params);
		return new NDList(logits.singletonOrThrow(), embedding.singletonOrThrow());
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		final Shape[] embedding = backbone.getOutputShapes(inputShapes);
		return new Shape[] { fc.getOutputShapes(embedding)[0], embedding[0] };
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType,
		final Shape... inputShapes)
	{
		backbone.initialize(manager, dataType, inputShapes);
		final Shape[] embedding = backbone.getOutputShapes(inputShapes);
		// torchvision's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)); a He-normal head
		// would start with logits far too large
		fc.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(embedding[0].get(1)))),
			Parameter.Type.WEIGHT);
		fc.initialize(manager, dataType, embedding);
	}
}
