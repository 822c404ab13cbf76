package io.github.stripsteel.model;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * A torchvision-faithful ResNet34 backbone (He et al. 2016): 7x7/2 stem with 64 filters, 3x3/2
 * max-pool, four stages of basic blocks [3, 4, 6, 3] with 64/128/256/512 channels, global average
 * pooling. About 21.3 M trainable parameters with a 1-channel input and a 6-class head.
 *
 * <p>DJL's own {@code ResNetV1} with 34 layers builds bottleneck units (1.5 M parameters), which is
 * not the network the method names.</p>
 */
public final class ResNet34 {

	/** Channels of the four stages. */
	public static final int[] STAGE_CHANNELS = { 64, 128, 256, 512 };
	/** Blocks per stage. */
	public static final int[] STAGE_BLOCKS = { 3, 4, 6, 3 };
	/** Width of the pooled embedding. */
	public static final int EMBEDDING = 512;
	/** The backbone's trailing blocks that turn feature maps into the embedding (pool, flatten). */
	public static final int POOLING_BLOCKS = 2;

	private ResNet34() {}

	/** A ResNet34 classifier with a 1-channel input. */
	public static ClassifierNet classifier(final int numClasses) {
		return new ClassifierNet(backbone(ResNet34::basicUnit), numClasses);
	}

	/**
	 * The ResNet34 skeleton with a given residual unit; the SARSN teacher replaces every basic unit
	 * by a shrinkage unit.
	 *
	 * @param unit builds the residual unit for (outChannels, stride, downsample) — see
	 *          {@link UnitFactory}
	 */
	public static SequentialBlock backbone(final UnitFactory unit) {
		final SequentialBlock net = new SequentialBlock();
		net.add(conv(64, 7, 2, 3)).add(bn()).add(Activation.reluBlock())
			.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
		int inChannels = 64;
		for (int stage = 0; stage < STAGE_CHANNELS.length; stage++) {
			final int channels = STAGE_CHANNELS[stage];
			for (int b = 0; b < STAGE_BLOCKS[stage]; b++) {
				final int stride = stage > 0 && b == 0 ? 2 : 1;
				final boolean project = stride != 1 || inChannels != channels;
				net.add(unit.create(channels, stride, project));
				inChannels = channels;
			}
		}
		// POOLING_BLOCKS: ClassifierNet.forwardWithFeatures stops before these two
		net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
		return net;
	}

	/** Builds one residual unit. */
	@FunctionalInterface
	public interface UnitFactory {

		/**
		 * @param channels output channels
		 * @param stride 1, or 2 for the first unit of a down-sampling stage
		 * @param project whether the shortcut needs a 1x1 projection (stride or width change)
		 */
		Block create(int channels, int stride, boolean project);
	}

	/** The torchvision basic block: conv3x3-BN-ReLU-conv3x3-BN, plus shortcut, then ReLU. */
	public static Block basicUnit(final int channels, final int stride, final boolean project) {
		final SequentialBlock residual = new SequentialBlock()
			.add(conv(channels, 3, stride, 1)).add(bn()).add(Activation.reluBlock())
			.add(conv(channels, 3, 1, 1)).add(bn());
		return residualUnit(residual, channels, stride, project);
	}

	/** {@code ReLU(residual(x) + shortcut(x))} with an identity or 1x1-conv+BN shortcut. */
	public static Block residualUnit(final Block residual, final int channels, final int stride,
		final boolean project)
	{
		final Block shortcut = project ? new SequentialBlock().add(conv(channels, 1, stride, 0)).add(
			bn()) : Blocks.identityBlock();
		return new SequentialBlock()
			.add(new ParallelBlock(ResNet34::sum, Arrays.asList(residual, shortcut)))
			.add(Activation.reluBlock());
	}

	/** A bias-free 2-D convolution (the BN that follows carries the bias). */
	public static Conv2d conv(final int filters, final int kernel, final int stride,
		final int padding)
	{
		return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
			.optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(false)
			.build();
	}

	/** Batch normalisation with torchvision's epsilon 1e-5 and momentum 0.1 (DJL's 0.9). */
	public static BatchNorm bn() {
		return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
	}

	// -- Helper methods --

	private static NDList sum(final java.util.List<NDList> branches) {
		NDArray total = branches.get(0).singletonOrThrow();
		for (int i = 1; i < branches.size(); i++)
			total = total.add(branches.get(i).singletonOrThrow());
		return new NDList(total);
	}

}
