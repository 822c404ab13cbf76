package io.github.stripsteel.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution with fewer than {@link #MIN_COMPUTED_FILTERS} filters, computed as one with
 * that many, whose extra filters are zeros; its parameters, output and gradients are those of the
 * plain {@link Conv2d}.
 *
 * <p>Why: on some processors the CPU build of PyTorch 2.7.1 that DJL ships computes the input
 * gradient of a convolution with 1 to 8 output channels wrongly (measured on an AMD EPYC with
 * AVX-512: a relative error of 0.05 to 14 against the adjoint of the forward pass, often NaN, for
 * the CycleGAN's 7x7 and 4x4 one-channel output layers), while the same convolution with 16 or more
 * output channels, and the forward pass, are right. {@code NarrowConv2dTest} checks the gradient by
 * the adjoint identity {@code <dL/dx, v> = <conv(v), dL/dy>}.</p>
 */
public final class NarrowConv2d extends Conv2d {

	/** Output channels the engine's convolution is asked for at the least. */
	public static final int MIN_COMPUTED_FILTERS = 16;

	private NarrowConv2d(final Conv2d.Builder builder) {
		super(builder);
	}

	/**
	 * A convolution with bias, dilation 1, one group.
	 *
	 * @param filters output channels (fewer than {@link #MIN_COMPUTED_FILTERS} is the point)
	 */
	public static NarrowConv2d of(final int filters, final Shape kernel, final Shape stride,
		final Shape padding)
	{
		return new NarrowConv2d(Conv2d.builder().setFilters(filters).setKernelShape(kernel).optStride(
			stride).optPadding(padding));
	}

	@Override
	protected NDList forwardInternal(final ParameterStore parameterStore, final NDList inputs,
		final boolean training, final PairList<String, Object> params)
	{
		final NDArray input = inputs.singletonOrThrow();
		final Device device = input.getDevice();
		final NDArray w = parameterStore.getValue(weight, device, training);
		final NDArray b = parameterStore.getValue(bias, device, training);
		return new NDList(convolve(input, w, b, stride, padding, dilation));
	}

	/** {@code conv2d(x, w, b)} with {@code w} padded by zero filters to at least 16 outputs. */
	static NDArray convolve(final NDArray x, final NDArray w, final NDArray b, final Shape stride,
		final Shape padding, final Shape dilation)
	{
		final Shape ws = w.getShape();
		final long filters = ws.get(0);
		if (filters >= MIN_COMPUTED_FILTERS) return Conv2d.conv2d(x, w, b, stride, padding, dilation)
			.singletonOrThrow();
		final NDArray zeros = w.getManager().zeros(new Shape(MIN_COMPUTED_FILTERS - filters, ws.get(1),
			ws.get(2), ws.get(3)), w.getDataType());
		final NDArray wide = NDArrays.concat(new NDList(w, zeros), 0);
		final NDArray y = Conv2d.conv2d(x, wide, null, stride, padding, dilation).singletonOrThrow()
			.get(new NDIndex(":, 0:" + filters));
		return b == null ? y : y.add(b.reshape(1, filters, 1, 1));
	}
}
