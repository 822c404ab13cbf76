package io.github.stripsteel.migrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.model.Networks;

/**
 * The CycleGAN networks against the reference implementation's figures: parameter counts,
 * shapes, the 70x70 receptive field of the PatchGAN, reflection padding and instance norm on
 * values worked by hand.
 */
class CycleGanNetworksTest {

	@Test
	void generatorHasTheReferenceParameterCount() {
		// resnet_9blocks, ngf 64, with 3 input and output channels: 11,378,179 trainable values;
		// one channel in and out removes 2*7*7*64 input weights and 2*(7*7*64 + 1) output values
		assertEquals(11_378_179L - 2 * 49 * 64 - 2 * (49 * 64 + 1), CycleGanNetworks
			.generatorParameters(64, 9));
		try (NDManager m = manager()) {
			final Block g = built(CycleGanNetworks.generator(64, 9), m, 32);
			assertEquals(11_365_633L, Networks.countTrainable(g));
			final Block small = built(CycleGanNetworks.generator(32, 6), m, 32);
			assertEquals(CycleGanNetworks.generatorParameters(32, 6), Networks.countTrainable(small));
		}
	}

	@Test
	void discriminatorHasTheReferenceParameterCount() {
		// the basic (n_layers 3) PatchGAN with ndf 64 and 3 input channels: 2,764,737 values
		assertEquals(2_764_737L - 2 * 16 * 64, CycleGanNetworks.discriminatorParameters(64));
		try (NDManager m = manager()) {
			assertEquals(2_762_689L, Networks.countTrainable(built(CycleGanNetworks.discriminator(64), m,
				70)));
		}
	}

	@Test
	void generatorKeepsTheSizeAndStaysInMinusOneToOne() {
		try (NDManager m = manager()) {
			final Block g = built(CycleGanNetworks.generator(4, 2), m, 32);
			final NDArray x = m.randomUniform(-1, 1, new Shape(1, 1, 48, 40));
			final NDArray y = g.forward(new ParameterStore(m, false), new NDList(x), false)
				.singletonOrThrow();
			assertEquals(new Shape(1, 1, 48, 40), y.getShape());
			assertTrue(y.abs().max().getFloat() < 1);
		}
	}

	@Test
	void patchGanScoresOverlappingPatches() {
		try (NDManager m = manager()) {
			final Block d = built(CycleGanNetworks.discriminator(4), m, 70);
			final ParameterStore store = new ParameterStore(m, false);
			// three stride-2 and two stride-1 4x4 convolutions with padding 1:
			// 70 -> 35 -> 17 -> 8 -> 7 -> 6 and 128 -> 64 -> 32 -> 16 -> 15 -> 14
			assertEquals(new Shape(1, 1, 6, 6), d.forward(store, new NDList(m.zeros(new Shape(1, 1, 70,
				70))), false).singletonOrThrow().getShape());
			assertEquals(new Shape(2, 1, 14, 14), d.forward(store, new NDList(m.zeros(new Shape(2, 1, 128,
				128))), false).singletonOrThrow().getShape());
		}
	}

	@Test
	void upConvInsertsZerosAsAStrideHalfConvolution() {
		try (NDManager m = manager()) {
			final NDArray x = m.create(new float[] { 1, 2, 3, 4 }, new Shape(1, 1, 2, 2));
			assertArrayEquals(new float[] { //
				1, 0, 2, 0, //
				0, 0, 0, 0, //
				3, 0, 4, 0, //
				0, 0, 0, 0 }, CycleGanNetworks.insertZeros(x).toFloatArray());
		}
	}

	@Test
	void reflectionPadMirrorsWithoutRepeatingTheEdge() {
		try (NDManager m = manager()) {
			final NDArray x = m.create(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, new Shape(1, 1, 3, 3));
			final NDArray p = CycleGanNetworks.reflectionPad(x, 1);
			assertEquals(new Shape(1, 1, 5, 5), p.getShape());
			assertArrayEquals(new float[] { //
				5, 4, 5, 6, 5, //
				2, 1, 2, 3, 2, //
				5, 4, 5, 6, 5, //
				8, 7, 8, 9, 8, //
				5, 4, 5, 6, 5 }, p.toFloatArray());
			assertThrows(IllegalArgumentException.class, () -> CycleGanNetworks.reflectionPad(x, 3));
		}
	}

	@Test
	void instanceNormPerImageAndChannel() {
		try (NDManager m = manager()) {
			// image 0: channel 0 = 1, 3 (mean 2, variance 1), channel 1 = 10, 10 (variance 0)
			// image 1: channel 0 = 0, 4 (mean 2, variance 4), channel 1 = -1, 1
			final NDArray x = m.create(new float[] { 1, 3, 10, 10, 0, 4, -1, 1 }, new Shape(2, 2, 1, 2));
			final float[] y = CycleGanNetworks.instanceNorm(x).toFloatArray();
			final float e = CycleGanNetworks.INSTANCE_NORM_EPSILON;
			final float[] expected = { (float) (-1 / Math.sqrt(1 + e)), (float) (1 / Math.sqrt(1 + e)), 0,
				0, (float) (-2 / Math.sqrt(4 + e)), (float) (2 / Math.sqrt(4 + e)), (float) (-1 / Math.sqrt(
					1 + e)), (float) (1 / Math.sqrt(1 + e)) };
			assertArrayEquals(expected, y, 1e-6f);
		}
	}

	// -- Helper methods --

	private static NDManager manager() {
		return DeepLearningEngine.get().newBaseManager(Device.cpu());
	}

	private static Block built(final Block block, final NDManager m, final int size) {
		block.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
		block.initialize(m, DataType.FLOAT32, new Shape(1, 1, size, size));
		return block;
	}
}
