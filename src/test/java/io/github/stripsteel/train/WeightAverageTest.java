package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.model.Architectures;
import io.github.stripsteel.model.ClassifierNet;

/** The moving average's update and ramp, worked by hand on two small ResNet34s. */
class WeightAverageTest {

	@Test
	void theDecayRampsUpToItsCap() {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			final WeightAverage average = new WeightAverage(net(m), net(m), 0.9f);
			assertEquals(2f / 11, average.decayAt(1), 1e-7);
			assertEquals(11f / 20, average.decayAt(10), 1e-7);
			assertEquals(0.9f, average.decayAt(100), 1e-7); // 101/110 is above the cap
		}
	}

	@Test
	void theAverageStartsAtTheTrainedWeightsAndMovesTowardsThem() {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			final ClassifierNet trained = net(m);
			final ClassifierNet copy = net(m);
			final WeightAverage average = new WeightAverage(trained, copy, 0.9f);
			final float[] start = values(trained);
			assertArrayEquals(start, values(copy));

			// every trained value up by 1: step 1 moves the average by 1 - 2/11 = 9/11 of it
			trained.getParameters().forEach(p -> p.getValue().getArray().addi(1));
			average.update(1);
			assertShifted(start, values(copy), 9f / 11);
			// up by 1 more (2 above the start): step 100 decays by 0.9, from 9/11 towards 2
			trained.getParameters().forEach(p -> p.getValue().getArray().addi(1));
			average.update(100);
			assertShifted(start, values(copy), 0.9f * 9 / 11 + 0.1f * 2);

			average.restart();
			assertArrayEquals(values(trained), values(copy));
		}
	}

	@Test
	void aDecayOutsideZeroToOneIsRefused() {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			assertThrows(IllegalArgumentException.class, () -> new WeightAverage(net(m), net(m), 1f));
			assertThrows(IllegalArgumentException.class, () -> new WeightAverage(net(m), net(m), 0f));
		}
	}

	private static ClassifierNet net(final NDManager m) {
		final ClassifierNet net = Architectures.create("resnet34", 3);
		net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 16, 16));
		return net;
	}

	/** The first value of every parameter (running statistics included). */
	private static float[] values(final ClassifierNet net) {
		final var parameters = net.getParameters();
		final float[] v = new float[parameters.size()];
		int i = 0;
		for (final Pair<String, Parameter> p : parameters) {
			final NDArray array = p.getValue().getArray();
			v[i++] = array.reshape(-1).get(new NDIndex("0")).getFloat();
		}
		return v;
	}

	private static void assertShifted(final float[] start, final float[] now, final float by) {
		for (int i = 0; i < start.length; i++)
			assertEquals(start[i] + by, now[i], 1e-5 * (1 + Math.abs(start[i])), "parameter " + i);
	}
}
