package io.github.stripsteel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * Gradients of {@link NarrowConv2d} checked without trusting any convolution's backward pass: the
 * loss {@code L = <conv(x; w), r>} is linear in {@code x} and in {@code w}, so
 * {@code <dL/dx, v> = <conv(v; w), r>} and {@code <dL/dw, u> = <conv(x; u), r>} for any {@code v},
 * {@code u}, where the right-hand sides take only forward passes. Each case runs five times, with
 * fresh tensors, because the engine's wrong gradients came and went with its memory.
 */
class NarrowConv2dTest {

	private static final Shape ONE = new Shape(1, 1);

	@Test
	void inputAndWeightGradientsPassTheAdjointTest() {
		// in, out, size, kernel, stride, padding: the CycleGAN's output layers (generator 7x7 at
		// crop 64, discriminator 4x4 at crop 64 and 32), a 3x3 one, and one wide enough to go straight
		final int[][] cases = { { 32, 1, 70, 7, 1, 0 }, { 512, 1, 7, 4, 1, 1 }, { 32, 1, 3, 4, 1, 1 },
			{ 8, 3, 33, 3, 1, 1 }, { 4, 2, 20, 4, 2, 1 }, { 8, 16, 20, 4, 1, 1 } };
		final Engine engine = DeepLearningEngine.get();
		engine.setRandomSeed(11);
		try (NDManager m = engine.newBaseManager(Device.cpu())) {
			for (final int[] c : cases)
				for (int repeat = 0; repeat < 5; repeat++)
					assertAdjoint(engine, m, c);
		}
	}

	@Test
	void forwardEqualsThePlainConvolutionAndParametersKeepTheirShapes() {
		final Engine engine = DeepLearningEngine.get();
		try (NDManager m = engine.newBaseManager(Device.cpu()); var off = DeepLearningEngine
			.gradientsOff())
		{
			final NarrowConv2d block = NarrowConv2d.of(1, new Shape(4, 4), ONE, ONE);
			block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 9, 9));
			final NDArray x = m.randomNormal(new Shape(2, 3, 9, 9));
			final NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false)
				.singletonOrThrow();
			final NDArray w = parameter(block, "weight");
			final NDArray b = parameter(block, "bias");
			assertEquals(new Shape(1, 3, 4, 4), w.getShape());
			assertEquals(new Shape(1), b.getShape());
			final NDArray expected = Conv2d.conv2d(x, w, b, ONE, ONE, ONE).singletonOrThrow();
			assertEquals(expected.getShape(), y.getShape());
			assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-5f);
			assertArrayEquals(block.getOutputShapes(new Shape[] { x.getShape() }), new Shape[] { y
				.getShape() });
		}
	}

	// -- Helper methods --

	private static void assertAdjoint(final Engine engine, final NDManager m, final int[] c) {
		final Shape stride = new Shape(c[4], c[4]), padding = new Shape(c[5], c[5]);
		try (NDManager sub = m.newSubManager()) {
			final NDArray x = sub.randomNormal(new Shape(1, c[0], c[2], c[2]));
			final NDArray w = sub.randomNormal(0, 0.05f, new Shape(c[1], c[0], c[3], c[3]),
				DataType.FLOAT32);
			final NDArray b = sub.randomNormal(new Shape(c[1]));
			final NDArray v = sub.randomNormal(x.getShape());
			final NDArray u = sub.randomNormal(w.getShape());
			final NDArray r;
			x.setRequiresGradient(true);
			w.setRequiresGradient(true);
			try (GradientCollector gc = engine.newGradientCollector()) {
				final NDArray y = NarrowConv2d.convolve(x, w, b, stride, padding, ONE);
				r = sub.randomNormal(y.getShape());
				gc.backward(y.mul(r).sum());
			}
			try (var off = DeepLearningEngine.gradientsOff()) {
				final String what = java.util.Arrays.toString(c);
				assertClose(x.getGradient().mul(v).sum().getFloat(), Conv2d.conv2d(v, w, null, stride,
					padding, ONE).singletonOrThrow().mul(r).sum().getFloat(), "input gradient " + what);
				assertClose(w.getGradient().mul(u).sum().getFloat(), Conv2d.conv2d(x, u, null, stride,
					padding, ONE).singletonOrThrow().mul(r).sum().getFloat(), "weight gradient " + what);
			}
		}
	}

	private static void assertClose(final double actual, final double expected, final String what) {
		assertTrue(Double.isFinite(actual), what + " is not finite");
		assertEquals(expected, actual, 1e-3 * Math.max(1, Math.abs(expected)), what);
	}

	private static NDArray parameter(final NarrowConv2d block, final String name) {
		for (final Pair<String, Parameter> p : block.getParameters())
			if (p.getKey().equals(name)) return p.getValue().getArray();
		throw new AssertionError("no parameter " + name);
	}
}
