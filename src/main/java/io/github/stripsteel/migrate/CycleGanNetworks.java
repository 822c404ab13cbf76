package io.github.stripsteel.migrate;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import io.github.stripsteel.engine.NarrowConv2d;

/**
 * The two networks of CycleGAN (Zhu et al., ICCV 2017) as its reference implementation builds
 * them, for 1-channel images in {@code [-1, 1]}:
 * <ul>
 * <li>the ResNet generator {@code c7s1-ngf, d(2ngf), d(4ngf), R(4ngf) x blocks, u(2ngf), u(ngf),
 * c7s1-1}: reflection padding before the 7x7 and the residual 3x3 convolutions, instance
 * normalisation without affine parameters, convolutions with bias, ReLU, a final tanh;</li>
 * <li>the 70x70 PatchGAN discriminator {@code C(ndf)-C(2ndf)-C(4ndf)-C(8ndf)}: 4x4 convolutions,
 * stride 2 for the first three and 1 for the last and the 1-channel output, instance norm on all
 * but the first, LeakyReLU 0.2; its output is a map of real/fake scores, one per 70x70 patch.</li>
 * </ul>
 */
public final class CycleGanNetworks {

	/** Instance-norm epsilon of {@code torch.nn.InstanceNorm2d}. */
	public static final float INSTANCE_NORM_EPSILON = 1e-5f;
	/** Slope of the discriminator's LeakyReLU. */
	public static final float LEAKY_SLOPE = 0.2f;

	private CycleGanNetworks() {}

	/**
	 * The ResNet generator: two stride-2 down-samplings, {@code blocks} residual blocks at a quarter
	 * of the input size, two up-samplings. Input width and height must be multiples of 4.
	 *
	 * @param ngf filters of the first layer (64 in the paper; 32 is the CPU configuration)
	 * @param blocks residual blocks (6 at 128 px, 9 at 256 px in the paper)
	 */
	public static SequentialBlock generator(final int ngf, final int blocks) {
		final SequentialBlock g = new SequentialBlock();
		g.add(reflectionPad(3)).add(conv(ngf, 7, 1, 0)).add(instanceNorm()).add(Activation.reluBlock());
		g.add(conv(2 * ngf, 3, 2, 1)).add(instanceNorm()).add(Activation.reluBlock());
		g.add(conv(4 * ngf, 3, 2, 1)).add(instanceNorm()).add(Activation.reluBlock());
		for (int i = 0; i < blocks; i++)
			g.add(residualBlock(4 * ngf));
		g.add(upConv(2 * ngf)).add(instanceNorm()).add(Activation.reluBlock());
		g.add(upConv(ngf)).add(instanceNorm()).add(Activation.reluBlock());
		g.add(reflectionPad(3)).add(conv(1, 7, 1, 0)).add(Activation.tanhBlock());
		return g;
	}

	/**
	 * The 70x70 PatchGAN discriminator.
	 *
	 * @param ndf filters of the first layer (64 in the paper)
	 */
	public static SequentialBlock discriminator(final int ndf) {
		final SequentialBlock d = new SequentialBlock();
		d.add(conv(ndf, 4, 2, 1)).add(Activation.leakyReluBlock(LEAKY_SLOPE));
		d.add(conv(2 * ndf, 4, 2, 1)).add(instanceNorm()).add(Activation.leakyReluBlock(LEAKY_SLOPE));
		d.add(conv(4 * ndf, 4, 2, 1)).add(instanceNorm()).add(Activation.leakyReluBlock(LEAKY_SLOPE));
		d.add(conv(8 * ndf, 4, 1, 1)).add(instanceNorm()).add(Activation.leakyReluBlock(LEAKY_SLOPE));
		d.add(conv(1, 4, 1, 1));
		return d;
	}

	/**
	 * Trainable values of the generator, worked out layer by layer (weights {@code k*k*in*out} plus
	 * {@code out} biases); the test checks the built network against it.
	 */
	public static long generatorParameters(final int ngf, final int blocks) {
		final int r = 4 * ngf;
		return convParameters(7, 1, ngf) + convParameters(3, ngf, 2 * ngf) + convParameters(3, 2 * ngf,
			r) + 2L * blocks * convParameters(3, r, r) + convParameters(3, r, 2 * ngf) + convParameters(3,
				2 * ngf, ngf) + convParameters(7, ngf, 1);
	}

	/** Trainable values of the PatchGAN discriminator. */
	public static long discriminatorParameters(final int ndf) {
		return convParameters(4, 1, ndf) + convParameters(4, ndf, 2 * ndf) + convParameters(4, 2 * ndf,
			4 * ndf) + convParameters(4, 4 * ndf, 8 * ndf) + convParameters(4, 8 * ndf, 1);
	}

	/**
	 * Instance normalisation: each image and channel of {@code (N, C, H, W)} to zero mean and unit
	 * variance over its pixels (biased variance, as PyTorch).
	 */
	public static NDArray instanceNorm(final NDArray x) {
		final NDArray mean = spatialMean(x);
		final NDArray centred = x.sub(mean);
		final NDArray variance = spatialMean(centred.square());
		return centred.div(variance.add(INSTANCE_NORM_EPSILON).sqrt());
	}

	/**
	 * Reflection padding of the last two axes by {@code p} pixels (the edge pixel is not repeated,
	 * as {@code torch.nn.ReflectionPad2d} and OpenCV's BORDER_REFLECT_101).
	 */
	public static NDArray reflectionPad(final NDArray x, final int p) {
		return padAxis(padAxis(x, 3, p), 2, p);
	}

	// -- Helper methods --

	/** Mean over the last two axes, kept as size-1 axes (PyTorch's engine reduces one axis a call). */
	private static NDArray spatialMean(final NDArray x) {
		return x.mean(new int[] { 3 }, true).mean(new int[] { 2 }, true);
	}

	private static NDArray padAxis(final NDArray x, final int axis, final int p) {
		final long n = x.getShape().get(axis);
		if (p >= n) throw new IllegalArgumentException("reflection padding " + p +
			" needs more than " + p + " pixels along axis " + axis + ", the image has " + n);
		final NDArray before = x.get(slice(axis, "1:" + (p + 1))).flip(axis);
		final NDArray after = x.get(slice(axis, (n - 1 - p) + ":" + (n - 1))).flip(axis);
		return NDArrays.concat(new NDList(before, x, after), axis);
	}

	private static NDIndex slice(final int axis, final String range) {
		final String[] parts = new String[axis + 1];
		Arrays.fill(parts, ":");
		parts[axis] = range;
		return new NDIndex(String.join(",", parts));
	}

	private static Block residualBlock(final int channels) {
		final SequentialBlock branch = new SequentialBlock()
			.add(reflectionPad(1)).add(conv(channels, 3, 1, 0)).add(instanceNorm()).add(Activation
				.reluBlock())
			.add(reflectionPad(1)).add(conv(channels, 3, 1, 0)).add(instanceNorm());
		return new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1)
			.singletonOrThrow())), Arrays.asList(branch, Blocks.identityBlock()));
	}

	private static Block reflectionPad(final int p) {
		return LambdaBlock.singleton(x -> reflectionPad(x, p), "reflectionPad" + p);
	}

	private static Block instanceNorm() {
		return LambdaBlock.singleton(CycleGanNetworks::instanceNorm, "instanceNorm");
	}

	/** A convolution with bias; the one-channel output layers go through {@link NarrowConv2d}. */
	private static Conv2d conv(final int filters, final int kernel, final int stride,
		final int padding)
	{
		final Shape k = new Shape(kernel, kernel), s = new Shape(stride, stride), p = new Shape(padding,
			padding);
		if (filters < NarrowConv2d.MIN_COMPUTED_FILTERS) return NarrowConv2d.of(filters, k, s, p);
		return Conv2d.builder().setFilters(filters).setKernelShape(k).optStride(s).optPadding(p).build();
	}

	/**
	 * Fractionally strided 3x3 convolution (the paper's {@code u_k}: stride 1/2, padding 1, output
	 * padding 1) that doubles width and height. DJL's PyTorch engine has no transposed
	 * convolution, so it is computed as its exact equivalent: zeros inserted after every pixel,
	 * then a 3x3 convolution with padding 1 (the learned kernel is the transposed one, mirrored).
	 */
	private static Block upConv(final int filters) {
		return new SequentialBlock().add(LambdaBlock.singleton(CycleGanNetworks::insertZeros,
			"insertZeros")).add(conv(filters, 3, 1, 1));
	}

	/** {@code (N, C, H, W) -> (N, C, 2H, 2W)} with {@code x} at even positions, 0 elsewhere. */
	static NDArray insertZeros(final NDArray x) {
		final Shape s = x.getShape();
		final long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
		final NDArray columns = NDArrays.stack(new NDList(x, x.zerosLike()), 4).reshape(n, c, h, 2 *
			w);
		return NDArrays.stack(new NDList(columns, columns.zerosLike()), 3).reshape(n, c, 2 * h, 2 * w);
	}

	private static long convParameters(final int kernel, final int in, final int out) {
		return (long) kernel * kernel * in * out + out;
	}
}
