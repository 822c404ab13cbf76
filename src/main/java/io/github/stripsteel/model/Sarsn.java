package io.github.stripsteel.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/**
 * The SARSN teacher (self-adaptive residual shrinkage network, {@code docs/METHOD.md} §2): the
 * ResNet skeleton with every residual unit's branch followed by a {@link ShrinkageBlock}.
 *
 * <ul>
 * <li>{@code sarsn34}: the torchvision ResNet34 layout, basic units (two 3x3 convolutions),
 * embedding 512.</li>
 * <li>{@code sarsn50}: the torchvision ResNet50 layout (v1.5: stride on the 3x3 convolution),
 * bottleneck units 1x1-3x3-1x1 with expansion 4, stages [3, 4, 6, 3], embedding 2048; the
 * shrinkage acts on the expanded output.</li>
 * </ul>
 */
public final class Sarsn {

	/** Output channels of a bottleneck unit per unit of stage width. */
	public static final int EXPANSION = 4;
	/** Width of the SARSN-50 embedding. */
	public static final int EMBEDDING_50 = 512 * EXPANSION;

	private Sarsn() {}

	/** SARSN-34 classifier with a 1-channel input. */
	public static ClassifierNet sarsn34(final int numClasses) {
		return new ClassifierNet(ResNet34.backbone(Sarsn::basicShrinkageUnit), numClasses);
	}

	/** SARSN-50 classifier with a 1-channel input. */
	public static ClassifierNet sarsn50(final int numClasses) {
		return new ClassifierNet(bottleneckBackbone(), numClasses);
	}

	/** Basic residual shrinkage unit: conv3x3-BN-ReLU-conv3x3-BN, shrinkage, + shortcut, ReLU. */
	public static Block basicShrinkageUnit(final int channels, final int stride,
		final boolean project)
	{
		final SequentialBlock residual = new SequentialBlock()
			.add(ResNet34.conv(channels, 3, stride, 1)).add(ResNet34.bn()).add(Activation.reluBlock())
			.add(ResNet34.conv(channels, 3, 1, 1)).add(ResNet34.bn())
			.add(new ShrinkageBlock(channels));
		return ResNet34.residualUnit(residual, channels, stride, project);
	}

	/**
	 * Bottleneck residual shrinkage unit: conv1x1-BN-ReLU-conv3x3(stride)-BN-ReLU-conv1x1-BN,
	 * shrinkage on the {@code width * 4} channels, + shortcut, ReLU.
	 */
	public static Block bottleneckShrinkageUnit(final int width, final int stride,
		final boolean project)
	{
		final int out = width * EXPANSION;
		final SequentialBlock residual = new SequentialBlock()
			.add(ResNet34.conv(width, 1, 1, 0)).add(ResNet34.bn()).add(Activation.reluBlock())
			.add(ResNet34.conv(width, 3, stride, 1)).add(ResNet34.bn()).add(Activation.reluBlock())
			.add(ResNet34.conv(out, 1, 1, 0)).add(ResNet34.bn())
			.add(new ShrinkageBlock(out));
		return ResNet34.residualUnit(residual, out, stride, project);
	}

	// -- Helper methods --

	/** ResNet50 skeleton; the ResNet34 loop cannot be reused because the unit widens 4x. */
	private static SequentialBlock bottleneckBackbone() {
		final SequentialBlock net = new SequentialBlock();
		net.add(ResNet34.conv(64, 7, 2, 3)).add(ResNet34.bn()).add(Activation.reluBlock())
			.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
		int inChannels = 64;
		for (int stage = 0; stage < ResNet34.STAGE_CHANNELS.length; stage++) {
			final int width = ResNet34.STAGE_CHANNELS[stage];
			for (int b = 0; b < ResNet34.STAGE_BLOCKS[stage]; b++) {
				final int stride = stage > 0 && b == 0 ? 2 : 1;
				final boolean project = stride != 1 || inChannels != width * EXPANSION;
				net.add(bottleneckShrinkageUnit(width, stride, project));
				inChannels = width * EXPANSION;
			}
		}
		net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
		return net;
	}
}
