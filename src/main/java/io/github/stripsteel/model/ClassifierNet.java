package io.github.stripsteel.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * A backbone that maps an image batch {@code (N, 1, H, W)} to embeddings {@code (N, D)}, followed by
 * a linear classifier. {@link #forward} returns {@code [logits (N, C), embedding (N, D)]}: the
 * embedding is what relational knowledge distillation compares.
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
