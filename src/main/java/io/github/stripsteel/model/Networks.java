package io.github.stripsteel.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Small facts about networks. */
public final class Networks {

	private Networks() {}

	/** Number of trainable values (batch-norm running statistics excluded, as torchvision counts). */
	public static long countTrainable(final Block block) {
		long n = 0;
		for (final Pair<String, Parameter> p : block.getParameters())
			if (p.getValue().getType() != Parameter.Type.RUNNING_MEAN && p.getValue()
				.getType() != Parameter.Type.RUNNING_VAR) n += p.getValue().getArray().size();
		return n;
	}
}
