package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.stripsteel.engine.DeepLearningEngine;

class CrossEntropyObjectiveTest {

	/**
	 * Sample 0: logits {ln 2, 0, 0}, label 0: p = {1/2, 1/4, 1/4}, −log p = {ln 2, ln 4, ln 4}.
	 * Sample 1: logits {0, 0, 0}, label 2: p = 1/3 each, −log p = ln 3 for every class.
	 */
	private static NDList outputs(final NDManager m) {
		return new NDList(m.create(new float[] { (float) Math.log(2), 0, 0, 0, 0, 0 }, new Shape(2,
			3)), m.zeros(new Shape(2, 4)));
	}

	@Test
	void labelSmoothingByHand() {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			final NDArray labels = m.create(new int[] { 0, 2 });
			final CrossEntropyObjective objective = new CrossEntropyObjective();
			objective.begin(setup(m, 0.1f));
			// ε = 0.1, K = 3; sample 0: 0.9·ln 2 + 0.1·(ln 2 + 2 ln 4)/3 = 0.623832 + 0.115525
			// = 0.739357, the same as the target {0.9 + 0.1/3, 0.1/3, 0.1/3} against −log p;
			// sample 1: all −log p_k are ln 3, so smoothing leaves 1.098612
			assertArrayEquals(new float[] { 0.7393570f, 1.0986123f }, CrossEntropyObjective.perSample(
				outputs(m).get(0), labels, 0.1f).toFloatArray(), 1e-6f);
			assertEquals(0.9189846406, objective.loss(outputs(m), labels, null).getFloat(), 1e-6);
		}
	}

	@Test
	void noSmoothingIsPlainCrossEntropyExactly() {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			final NDArray labels = m.create(new int[] { 0, 2 });
			final NDArray logits = outputs(m).get(0);
			final float[] plain = CrossEntropyObjective.perSample(logits, labels).toFloatArray();
			assertArrayEquals(new float[] { (float) Math.log(2), (float) Math.log(3) }, plain, 1e-6f);
			assertArrayEquals(plain, CrossEntropyObjective.perSample(logits, labels, 0f)
				.toFloatArray(), 0f);
			// (ln 2 + ln 3)/2 = 0.895880, whether the run's setup says 0 or no setup was given
			final CrossEntropyObjective objective = new CrossEntropyObjective();
			final float before = objective.loss(outputs(m), labels, null).getFloat();
			objective.begin(setup(m, 0f));
			assertEquals(0.8958797346, before, 1e-6);
			assertEquals(before, objective.loss(outputs(m), labels, null).getFloat(), 0);
		}
	}

	static TrainingSetup setup(final NDManager m, final float labelSmoothing) {
		return new TrainingSetup(m, List.of("a", "b", "c"), 16, null, 0.5f, 0.25f, labelSmoothing);
	}
}
