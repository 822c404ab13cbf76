package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.stripsteel.engine.DeepLearningEngine;

/**
 * Adam against values worked by hand: one weight w = 1, loss w * x, so the gradient is x.
 * With lr 0.1, beta1 0.5, beta2 0.999: step 1 (g = 2) m = 1, v = 0.004, update 0.1 * 2 / 2 -> 0.9;
 * step 2 (g = 4) m = 2.5, v = 0.019996, m^ = 3.3333, v^ = 10.003 -> 0.794606561.
 */
class AdamTest {

	@TempDir
	Path tmp;

	@Test
	void twoStepsAsWorkedByHand() {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu()); var off =
			DeepLearningEngine.gradientsOff())
		{
			final Block w = weight(m);
			final Adam adam = new Adam(w, 0.5f, 0.999f, 1e-8f);
			adam.attachGradients();
			step(w, adam, m, 2);
			assertEquals(0.9f, value(w), 1e-6f);
			step(w, adam, m, 4);
			assertEquals(0.794606561f, value(w), 1e-6f);
			assertEquals(2, adam.steps());
		}
	}

	@Test
	void savedStateContinuesExactly() throws IOException {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu()); var off =
			DeepLearningEngine.gradientsOff())
		{
			final Block a = weight(m);
			final Adam adamA = new Adam(a, 0.5f, 0.999f, 1e-8f);
			adamA.attachGradients();
			step(a, adamA, m, 2);
			adamA.save(tmp.resolve("adam"));
			step(a, adamA, m, 4);

			final Block b = weight(m);
			b.getParameters().get(0).getValue().getArray().set(new float[] { 0.9f });
			final Adam adamB = new Adam(b, 0.5f, 0.999f, 1e-8f);
			adamB.attachGradients();
			adamB.load(tmp.resolve("adam"));
			step(b, adamB, m, 4);
			assertEquals(value(a), value(b), 1e-7f);
			assertEquals(2, adamB.steps());
		}
	}

	@Test
	void stepsLeaveNoArraysBehind() {
		// every temporary of an update must be closed: a CycleGAN epoch is 100 steps over
		// 9.4 M parameters, so one array left per parameter and step ran a machine out of memory
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu()); var off =
			DeepLearningEngine.gradientsOff())
		{
			final Block w = weight(m);
			final Adam adam = new Adam(w, 0.5f, 0.999f, 1e-8f);
			adam.attachGradients();
			step(w, adam, m, 2); // creates the two moment buffers
			final int arrays = m.getManagedArrays().size();
			for (int i = 0; i < 5; i++)
				step(w, adam, m, 3);
			assertEquals(arrays, m.getManagedArrays().size());
			adam.discardGradients();
			assertEquals(arrays, m.getManagedArrays().size());
		}
	}

	// -- Helper methods --

	private static Block weight(final NDManager m) {
		final Block w = Linear.builder().setUnits(1).optBias(false).build();
		w.initialize(m, DataType.FLOAT32, new Shape(1, 1));
		w.getParameters().get(0).getValue().getArray().set(new float[] { 1 });
		return w;
	}

	private static void step(final Block w, final Adam adam, final NDManager m, final float x) {
		try (NDManager sub = m.newSubManager()) {
			try (GradientCollector gc = DeepLearningEngine.get().newGradientCollector()) {
				final NDArray y = w.forward(new ParameterStore(sub, false), new NDList(sub.create(new float[] {
					x }, new Shape(1, 1))), true).singletonOrThrow();
				gc.backward(y.sum());
			}
			adam.step(0.1f);
		}
	}

	private static float value(final Block w) {
		return w.getParameters().get(0).getValue().getArray().getFloat(0, 0);
	}
}
