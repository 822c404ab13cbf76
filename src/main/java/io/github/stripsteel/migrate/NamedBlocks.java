package io.github.stripsteel.migrate;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Networks that are run one by one but saved, loaded and optimised together (the two generators,
 * the two discriminators): a container whose parameters carry the children's names. It has no
 * forward pass of its own.
 */
final class NamedBlocks extends AbstractBlock {

	private static final byte VERSION = 1;

	NamedBlocks() {
		super(VERSION);
	}

	/** Adds an (already initialised) network under {@code name}. */
	NamedBlocks with(final String name, final Block block) {
		addChildBlock(name, block);
		return this;
	}

	@Override
	protected NDList forwardInternal(final ParameterStore parameterStore, final NDList inputs,
		final boolean training, final PairList<String, Object> params)
	{
		throw new UnsupportedOperationException("a container of networks that run separately");
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		throw new UnsupportedOperationException("a container of networks that run separately");
	}
}
