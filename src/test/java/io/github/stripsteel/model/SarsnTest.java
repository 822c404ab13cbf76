package io.github.stripsteel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.preprocess.PreprocessingChain;

class SarsnTest {

	private static Engine engine;

	@BeforeAll
	static void engine() {
		engine = DeepLearningEngine.get();
	}

	@Test
	void softThresholdValues() {
		try (NDManager m = engine.newBaseManager(Device.cpu())) {
			final NDArray u = m.create(new float[] { -3f, -0.5f, 0.2f, 2f, 1f });
			// sign(u)·max(|u| − 1, 0): -3 → -2, -0.5 → 0, 0.2 → 0, 2 → 1, 1 → 0 (exactly at τ)
			assertArrayEquals(new float[] { -2f, 0f, 0f, 1f, 0f }, ShrinkageBlock.softThreshold(u, m
				.create(1f)).toFloatArray(), 1e-6f);
		}
	}

	@Test
	void softThresholdGradients() {
		try (NDManager m = engine.newBaseManager(Device.cpu())) {
			final NDArray u = m.create(new float[] { -3f, -0.5f, 0.2f, 2f });
			final NDArray tau = m.create(new float[] { 1f, 1f, 0.1f, 0.5f });
			final NDArray beta = m.create(new float[] { 0.5f, 0.25f, 0.8f, 0.1f });
			u.setRequiresGradient(true);
			tau.setRequiresGradient(true);
			try (GradientCollector gc = engine.newGradientCollector()) {
				gc.backward(ShrinkageBlock.softThreshold(u, tau).mul(beta).sum());
			}
			// |u| > τ for elements 0, 2, 3 (not 1: 0.5 < 1)
			// d/du = β·1[|u|>τ] = {0.5, 0, 0.8, 0.1}
			assertArrayEquals(new float[] { 0.5f, 0f, 0.8f, 0.1f }, u.getGradient().toFloatArray(),
				1e-6f);
			// d/dτ = −β·sign(u)·1[|u|>τ] = {+0.5, 0, −0.8, −0.1}
			assertArrayEquals(new float[] { 0.5f, 0f, -0.8f, -0.1f }, tau.getGradient().toFloatArray(),
				1e-6f);
		}
		try (NDManager m = engine.newBaseManager(Device.cpu())) {
			// without the gate: d/dτ = −sign(u)·1[|u|>τ]
			final NDArray u = m.create(new float[] { -3f, 0.5f, 2f });
			final NDArray tau = m.create(new float[] { 1f, 1f, 1f });
			tau.setRequiresGradient(true);
			try (GradientCollector gc = engine.newGradientCollector()) {
				gc.backward(ShrinkageBlock.softThreshold(u, tau).sum());
			}
			assertArrayEquals(new float[] { 1f, 0f, -1f }, tau.getGradient().toFloatArray(), 1e-6f);
		}
	}

	@Test
	void thresholdsLieBetweenZeroAndMeanAbsolute() {
		final int n = 3, c = 16;
		try (NDManager m = engine.newBaseManager(Device.cpu())) {
			final ShrinkageBlock block = new ShrinkageBlock(c);
			block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
			block.initialize(m, DataType.FLOAT32, new Shape(n, c, 5, 5));
			final ParameterStore ps = new ParameterStore(m, false);
			final Random random = new Random(7);
			for (int trial = 0; trial < 5; trial++) {
				final float[] data = new float[n * c * 25];
				for (int i = 0; i < data.length; i++)
					data[i] = (float) (random.nextGaussian() * (1 + trial));
				final NDArray u = m.create(data, new Shape(n, c, 5, 5));
				for (final boolean training : new boolean[] { true, false }) {
					final NDList gates = block.thresholdAndGate(ps, u, training, null);
					final float[] tau = gates.get(0).toFloatArray();
					final float[] beta = gates.get(1).toFloatArray();
					final float[] meanAbs = u.abs().reshape(n, c, -1).mean(new int[] { 2 }).toFloatArray();
					for (int i = 0; i < tau.length; i++) {
						assertTrue(tau[i] > 0 && tau[i] < meanAbs[i], "tau " + tau[i] + " mean|u| " +
							meanAbs[i]);
						// sigmoid saturates to exactly 1.0f in float for large pre-activations
						assertTrue(beta[i] > 0 && beta[i] <= 1, "beta " + beta[i]);
					}
				}
				final NDArray y = block.forward(ps, new NDList(u), false).singletonOrThrow();
				assertEquals(u.getShape(), y.getShape());
				// shrinkage only moves values towards zero
				assertTrue(y.abs().lte(u.abs()).all().getBoolean());
			}
		}
	}

	@Test
	void parameterCountsAndShapes() {
		final long resnet34 = 21_281_478L; // torchvision 21,797,672 with 1 input channel, 6 classes
		final long resnet50 = 23_514_054L; // torchvision 25,557,032 with 1 input channel, 6 classes
		long extra34 = 0, extra50 = 0;
		final int[] blocks = ResNet34.STAGE_BLOCKS;
		for (int stage = 0; stage < 4; stage++) {
			extra34 += blocks[stage] * shrinkageParameters(ResNet34.STAGE_CHANNELS[stage]);
			extra50 += blocks[stage] * shrinkageParameters(ResNet34.STAGE_CHANNELS[stage] * 4);
		}
		try (NDManager m = engine.newBaseManager(Device.cpu())) {
			final long[] counts = new long[3];
			final String[] names = { "resnet34", "sarsn34", "sarsn50" };
			for (int i = 0; i < names.length; i++) {
				final ClassifierNet net = Architectures.create(names[i], 6);
				net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
				final Shape input = new Shape(2, 1, 32, 32);
				net.initialize(m, DataType.FLOAT32, input);
				counts[i] = Networks.countTrainable(net);
				final Shape[] out = net.getOutputShapes(new Shape[] { input });
				final long embedding = names[i].equals("sarsn50") ? Sarsn.EMBEDDING_50
					: ResNet34.EMBEDDING;
				assertEquals(new Shape(2, 6), out[0]);
				assertEquals(new Shape(2, embedding), out[1]);
				final NDList y = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(
					input)), false);
				assertEquals(out[0], y.get(0).getShape());
				assertEquals(out[1], y.get(1).getShape());
				System.out.printf("%s: %,d trainable parameters%n", names[i], counts[i]);
			}
			assertEquals(resnet34, counts[0]);
			// SARSN-34 = ResNet34 + 0.95 M shrinkage parameters = 22.23 M
			assertEquals(resnet34 + extra34, counts[1]);
			assertEquals(22_234_966L, counts[1]);
			// SARSN-50 = ResNet50 + 15.1 M shrinkage parameters (on 4x wider units)
			assertEquals(resnet50 + extra50, counts[2]);
			assertTrue(counts[2] > 38_000_000L && counts[2] < 39_000_000L);
		}
	}

	@Test
	void modelPackageRoundTrip(@TempDir final Path dir) throws Exception {
		final List<String> classes = List.of("a", "b", "c");
		try (NDManager m = engine.newBaseManager(Device.cpu())) {
			engine.setRandomSeed(3);
			final ClassifierNet net = Sarsn.sarsn34(classes.size());
			net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
			net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 24, 24));
			final ParameterStore ps = new ParameterStore(m, false);
			// a training-mode pass moves the batch-norm running statistics off their defaults
			final NDArray x = m.randomNormal(new Shape(4, 1, 24, 24));
			net.forward(ps, new NDList(x), true);
			final float[] expected = net.forward(ps, new NDList(x), false).get(0).toFloatArray();

			final ModelPackage written = ModelPackage.write(dir, io.github.stripsteel.testutil.TestModels.packageJson("sarsn34", classes, 24), net,
				DataType.FLOAT32);
			final ModelPackage read = ModelPackage.read(dir);
			read.verifyWeights();
			assertEquals("sarsn34", read.architecture());
			assertEquals(classes, read.classes());
			assertEquals(written.weightsFile(), read.weightsFile());

			final ClassifierNet loaded = Architectures.create(read.architecture(), read.classes()
				.size());
			loaded.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
			loaded.initialize(m, DataType.FLOAT32, new Shape(1, 1, 24, 24));
			WeightsFile.load(loaded, read.weightsFile());
			final float[] actual = loaded.forward(ps, new NDList(x), false).get(0).toFloatArray();
			assertArrayEquals(expected, actual, 1e-6f);
		}
	}


	// -- Helper methods --

	/** FC C→C/4 (+bias), BN on C/4 (γ, β), two FC C/4→C (+bias). */
	private static long shrinkageParameters(final int c) {
		final long h = c / 4;
		return c * h + h + 2 * h + 2 * (h * c + c);
	}

}
