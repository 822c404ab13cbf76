package io.github.stripsteel.model;

import java.util.ArrayList;
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
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Folds every batch normalisation that directly follows a 2-D convolution into that convolution,
 * for inference: {@code BN(conv(x, W)) = conv(x, W·s) + (β − μ·s)} with {@code s = γ / √(σ² + ε)}
 * per output channel. One pass over each activation tensor fewer per layer, and one allocation
 * fewer; the outputs equal the unfolded network's up to float rounding.
 *
 * <p>It rewrites the network in place and frees the replaced weights, so fold a copy that is used
 * for inference only (its parameters are no longer those of the architecture and cannot be saved or
 * trained). Batch norms
 * not preceded by a convolution in the same {@link SequentialBlock} stay as they are.</p>
 */
public final class BatchNormFolding {

	/** The epsilon of every batch norm the project builds ({@link ResNet34#bn()}). */
	public static final float EPSILON = 1e-5f;

	private BatchNormFolding() {}

	/**
	 * Folds in place.
	 *
	 * @param manager owns the folded weights (the caller closes it with the network)
	 * @return the number of convolution + batch-norm pairs folded
	 */
	public static int fold(final Block network, final NDManager manager) {
		int folded = 0;
		if (network instanceof SequentialBlock) folded += foldSequence((SequentialBlock) network, manager);
		for (final Block child : network.getChildren().values())
			folded += fold(child, manager);
		return folded;
	}

	/**
	 * The weight and bias of every folded convolution of {@code network}, in the order its blocks
	 * run (depth first, children in order: for a ResNet34 torchvision's order, stem, then per unit
	 * the two 3x3 convolutions and the shortcut's 1x1).
	 */
	static List<NDArray> foldedWeights(final Block network) {
		final List<NDArray> out = new ArrayList<>();
		if (network instanceof FoldedConv2d folded) {
			out.add(folded.weight);
			out.add(folded.bias);
		}
		for (final Block child : network.getChildren().values())
			out.addAll(foldedWeights(child));
		return out;
	}

	// -- Helper methods --

	private static int foldSequence(final SequentialBlock seq, final NDManager manager) {
		final List<Block> blocks = new ArrayList<>(seq.getChildren().values());
		final List<Block> rebuilt = new ArrayList<>();
		int folded = 0;
		for (int i = 0; i < blocks.size(); i++) {
			final Block b = blocks.get(i);
			if (b instanceof Conv2d && i + 1 < blocks.size() && blocks.get(i + 1) instanceof BatchNorm) {
				final BatchNorm bn = (BatchNorm) blocks.get(i + 1);
				rebuilt.add(FoldedConv2d.of((Conv2d) b, bn, manager));
				// the replaced blocks' weights are no longer used
				b.getParameters().values().forEach(p -> p.getArray().close());
				bn.getParameters().values().forEach(p -> p.getArray().close());
				i++;
				folded++;
			}
			else rebuilt.add(b);
		}
		if (folded == 0) return 0;
		while (!seq.getChildren().isEmpty())
			seq.removeLastBlock();
		seq.addAll(rebuilt);
		return folded;
	}

	/** A convolution with the folded weights and a bias; no trainable parameters. */
	static final class FoldedConv2d extends AbstractBlock {

		private final NDArray weight;
		private final NDArray bias;
		private final Shape stride, padding, dilation;
		private final int groups;
		private final int filters;

		private FoldedConv2d(final Conv2d conv, final NDArray weight, final NDArray bias) {
			this.weight = weight;
			this.bias = bias;
			this.stride = conv.getStride();
			this.padding = conv.getPadding();
			this.dilation = conv.getDilation();
			this.groups = conv.getGroups();
			this.filters = conv.getFilters();
		}

		static FoldedConv2d of(final Conv2d conv, final BatchNorm bn, final NDManager manager) {
			final PairList<String, Parameter> cp = conv.getParameters();
			final PairList<String, Parameter> bp = bn.getParameters();
			final float[] gamma = floats(bp.get("gamma")), beta = floats(bp.get("beta"));
			final float[] mean = floats(bp.get("runningMean")), var = floats(bp.get("runningVar"));
			final float[] convBias = conv.isIncludeBias() ? floats(cp.get("bias")) : new float[gamma.length];
			final float[] scale = new float[gamma.length], shift = new float[gamma.length];
			for (int c = 0; c < gamma.length; c++) {
				final double s = gamma[c] / Math.sqrt(var[c] + (double) EPSILON);
				scale[c] = (float) s;
				shift[c] = (float) (beta[c] + (convBias[c] - mean[c]) * s);
			}
			final NDArray w = cp.get("weight").getArray();
			try (NDArray s = manager.create(scale, new Shape(scale.length, 1, 1, 1))) {
				final NDArray folded = w.toType(DataType.FLOAT32, false).mul(s);
				folded.attach(manager);
				return new FoldedConv2d(conv, folded, manager.create(shift));
			}
		}

		private static float[] floats(final Parameter p) {
			return p.getArray().toType(DataType.FLOAT32, false).toFloatArray();
		}

		@Override
		protected NDList forwardInternal(final ParameterStore store, final NDList inputs,
			final boolean training, final PairList<String, Object> params)
		{
			return Conv2d.conv2d(inputs.singletonOrThrow(), weight, bias, stride, padding, dilation,
				groups);
		}

		@Override
		public Shape[] getOutputShapes(final Shape[] inputs) {
			final Shape in = inputs[0];
			final long[] out = { in.get(0), filters, 0, 0 };
			final Shape k = weight.getShape();
			for (int d = 0; d < 2; d++)
				out[2 + d] = (in.get(2 + d) + 2 * padding.get(d) - dilation.get(d) * (k.get(2 + d) - 1) - 1) /
					stride.get(d) + 1;
			return new Shape[] { new Shape(out) };
		}
	}
}
