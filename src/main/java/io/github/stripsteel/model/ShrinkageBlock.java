package io.github.stripsteel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The self-adaptive shrinkage of {@code docs/METHOD.md} §2, applied to the output {@code u} of a
 * residual branch ({@code (N, C, H, W)}):
 *
 * <pre>
 * a = GAP(|u|)                          per-channel mean absolute value, (N, C)
 * h = ReLU(BN(FC_{C→C/4}(a)))           shared squeeze
 * α = sigmoid(FC(h)), β = sigmoid(FC'(h))
 * τ = α ⊙ a                             channel-wise threshold, 0 &lt; τ_c &lt; mean|u_c|
 * y = β ⊙ sign(u) ⊙ max(|u| − τ, 0)     soft threshold, then the attention gate
 * </pre>
 *
 * The output has the shape of the input; the residual unit adds the shortcut and applies ReLU.
 */
public final class ShrinkageBlock extends AbstractBlock {

	/** Squeeze ratio r of the shared FC layer. */
	public static final int REDUCTION = 4;

	private static final byte VERSION = 1;

	private final int channels;
	private final Block squeeze;
	private final Block squeezeNorm;
	private final Block alphaFc;
	private final Block betaFc;

	/** @param channels C, the channels of the residual branch's output */
	public ShrinkageBlock(final int channels) {
		super(VERSION);
		if (channels < REDUCTION) throw new IllegalArgumentException("shrinkage needs at least " +
			REDUCTION + " channels, got " + channels);
		this.channels = channels;
		final int hidden = channels / REDUCTION;
		squeeze = addChildBlock("squeeze", Linear.builder().setUnits(hidden).build());
		squeezeNorm = addChildBlock("squeeze_bn", ResNet34.bn());
		alphaFc = addChildBlock("alpha", Linear.builder().setUnits(channels).build());
		betaFc = addChildBlock("beta", Linear.builder().setUnits(channels).build());
	}

	public int channels() {
		return channels;
	}

	/**
	 * Soft threshold {@code sign(u) ⊙ max(|u| − τ, 0)}; {@code tau} broadcasts against {@code u}
	 * (e.g. shape (N, C, 1, 1)). Gradients: d/du = 1[|u| &gt; τ], d/dτ = −sign(u)·1[|u| &gt; τ].
	 */
	public static NDArray softThreshold(final NDArray u, final NDArray tau) {
		return u.sign().mul(Activation.relu(u.abs().sub(tau)));
	}

	/**
	 * The threshold τ and the gate β for a residual-branch output {@code u}, both (N, C).
	 *
	 * @return {@code [tau, beta]}
	 */
	public NDList thresholdAndGate(final ParameterStore parameterStore, final NDArray u,
		final boolean training, final PairList<String, Object> params)
	{
		final Shape shape = u.getShape();
		// GAP over H and W (PyTorch's mean here takes one axis at a time)
		final NDArray a = u.abs().reshape(shape.get(0), shape.get(1), -1).mean(new int[] { 2 });
		NDArray h = squeeze.forward(parameterStore, new NDList(a), training, params).head();
		h = squeezeNorm.forward(parameterStore, new NDList(h), training, params).head();
		h = Activation.relu(h);
		final NDList hidden = new NDList(h);
		final NDArray alpha = Activation.sigmoid(alphaFc.forward(parameterStore, hidden, training,
			params).head());
		final NDArray beta = Activation.sigmoid(betaFc.forward(parameterStore, hidden, training,
			params).head());
		return new NDList(alpha.mul(a), beta);
	}

	@Override
	protected NDList forwardInternal(final ParameterStore parameterStore, final NDList inputs,
		final boolean training, final PairList<String, Object> params)
	{
		final NDArray u = inputs.singletonOrThrow();
		final NDList gates = thresholdAndGate(parameterStore, u, training, params);
		final Shape perChannel = new Shape(u.getShape().get(0), channels, 1, 1);
		final NDArray tau = gates.get(0).reshape(perChannel);
		final NDArray beta = gates.get(1).reshape(perChannel);
		return new NDList(softThreshold(u, tau).mul(beta));
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		return new Shape[] { inputShapes[0] };
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType,
		final Shape... inputShapes)
	{
		final long batch = inputShapes[0].get(0);
		if (inputShapes[0].get(1) != channels) throw new IllegalArgumentException(
			"shrinkage block built for " + channels + " channels gets input " + inputShapes[0]);
		final Shape pooled = new Shape(batch, channels);
		squeeze.initialize(manager, dataType, pooled);
		final Shape hidden = squeeze.getOutputShapes(new Shape[] { pooled })[0];
		squeezeNorm.initialize(manager, dataType, hidden);
		alphaFc.initialize(manager, dataType, hidden);
		betaFc.initialize(manager, dataType, hidden);
	}
}
