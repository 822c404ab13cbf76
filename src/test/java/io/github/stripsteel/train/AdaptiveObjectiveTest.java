package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.eval.ClassificationMetrics;

class AdaptiveObjectiveTest {

	private static final double EPS = AdaptiveObjective.EPSILON;

	@Test
	void weightsByHand() {
		// recalls {1.0, 0.5}: raw (1 − r + 0.05) = {0.05, 0.55}, mean 0.3
		// w = {0.05/0.3, 0.55/0.3} = {0.166667, 1.833333}
		assertArrayEquals(new double[] { 0.05 / 0.3, 0.55 / 0.3 }, AdaptiveObjective.weights(
			new double[] { 1.0, 0.5 }, EPS, 1), 1e-12);
		assertArrayEquals(new double[] { 0.1666666667, 1.8333333333 }, AdaptiveObjective.weights(
			new double[] { 1.0, 0.5 }, EPS, 1), 1e-9);
		// equal recalls give equal weights of 1, whatever their value
		assertArrayEquals(new double[] { 1, 1, 1 }, AdaptiveObjective.weights(new double[] { 0.3,
			0.3, 0.3 }, EPS, 1), 1e-12);
		// recalls {0, 1, 1}: raw {1.05, 0.05, 0.05}, mean 0.383333: w = {2.739130, 0.130435, 0.130435}
		assertArrayEquals(new double[] { 1.05 / (1.15 / 3), 0.05 / (1.15 / 3), 0.05 / (1.15 / 3) },
			AdaptiveObjective.weights(new double[] { 0, 1, 1 }, EPS, 1), 1e-12);
		// γ = 2 (not the method's value; shows the exponent is applied before normalising):
		// raw {0.0025, 0.3025}, mean 0.1525: w = {0.016393, 1.983607}
		assertArrayEquals(new double[] { 0.0025 / 0.1525, 0.3025 / 0.1525 }, AdaptiveObjective
			.weights(new double[] { 1.0, 0.5 }, EPS, 2), 1e-12);
	}

	@Test
	void lambdaByHand() {
		// A = 0.75, G = sqrt(1·0.5) = 0.707107: λ = (0.75 − 0.707107)/0.75 = 0.057191
		assertEquals(0.0571909584, AdaptiveObjective.lambda(0.75, Math.sqrt(0.5), EPS), 1e-9);
		// G = 0 (a class never recalled), A = 0.9: λ = 0.9/0.9 = 1
		assertEquals(1, AdaptiveObjective.lambda(0.9, 0, EPS), 0);
		// G = A: plain cross-entropy
		assertEquals(0, AdaptiveObjective.lambda(0.8, 0.8, EPS), 0);
		// G > A cannot happen for real metrics, but is clipped to 0
		assertEquals(0, AdaptiveObjective.lambda(0.5, 0.6, EPS), 0);
		// A below ε divides by ε: A = 0.04, G = 0.01: 0.03/0.05 = 0.6
		assertEquals(0.6, AdaptiveObjective.lambda(0.04, 0.01, EPS), 1e-12);
	}

	@Test
	void gmeanWithAZeroRecallClassIsZero() {
		// truth {0,0,1,1,2,2}, predicted {0,0,1,1,0,1}: recalls {1, 1, 0}
		final ClassificationMetrics m = ClassificationMetrics.of(List.of("a", "b", "c"), new int[] {
			0, 0, 1, 1, 2, 2 }, new int[] { 0, 0, 1, 1, 0, 1 });
		assertArrayEquals(new double[] { 1, 1, 0 }, m.recalls(), 0);
		assertEquals(0, m.gmean(), 0);
		assertEquals(4.0 / 6, m.accuracy(), 1e-12);
		assertEquals(0, ClassificationMetrics.gmean(new double[] { 0.9, 0.0 }), 0);
		assertEquals(Math.sqrt(0.5), ClassificationMetrics.gmean(new double[] { 1.0, 0.5 }), 1e-12);
	}

	@Test
	void lossByHandAndExactResumeState() {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			final NDList outputs = twoSamples(m);
			final NDArray labels = twoLabels(m);
			final AdaptiveObjective objective = new AdaptiveObjective();

			// epoch 1: r = 1/C, A = G, λ = 0: plain mean CE = (0.287682 + 0.693147)/2 = 0.490415
			assertEquals(0.4904146265, objective.loss(outputs, labels, null).getFloat(), 1e-6);
			assertEquals(0.0, objective.logValues().get("lambda"), 0);
			assertEquals(1.0, objective.logValues().get("w_0"), 1e-12);

			// λ = 0.057191, w = {1/6, 11/6}
			objective.endEpoch(recallsOneAndAHalf());
			assertEquals(0.0571909584, objective.currentLambda(), 1e-9);
			// weighted CE = (1/6·0.287682 + 11/6·0.693147)/(12/6) = 0.659358
			// L = (1 − 0.057191)·0.490415 + 0.057191·0.659358 = 0.500077
			assertEquals(0.5000766841, objective.loss(outputs, labels, null).getFloat(), 1e-6);
			final Map<String, Double> log = objective.logValues();
			assertEquals(List.of("lambda", "w_0", "w_1"), List.copyOf(log.keySet()));
			assertEquals(0.0571909584, log.get("lambda"), 1e-9);
			assertEquals(1.0 / 6, log.get("w_0"), 1e-12);
			assertEquals(11.0 / 6, log.get("w_1"), 1e-12);

			// state survives a JSON round trip exactly
			final JsonObject state = JsonParser.parseString(objective.state().toString())
				.getAsJsonObject();
			final AdaptiveObjective resumed = new AdaptiveObjective();
			resumed.restore(state);
			assertEquals(objective.currentLambda(), resumed.currentLambda(), 0);
			assertArrayEquals(objective.currentWeights(2), resumed.currentWeights(2), 0);
			assertEquals(objective.loss(outputs, labels, null).getFloat(), resumed.loss(outputs, labels,
				null).getFloat(), 0);
		}
	}

	@Test
	void labelSmoothingActsOnEachSamplesCrossEntropyByHand() {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			// ε = 0.1, K = 2
			// sample 0: −log p = {ln(4/3), ln 4}: 0.9·0.287682 + 0.1·(0.287682 + 1.386294)/2 = 0.342613
			// sample 1: −log p = {ln 2, ln 2}: smoothing leaves 0.693147
			final NDList outputs = twoSamples(m);
			final NDArray labels = twoLabels(m);
			final AdaptiveObjective objective = new AdaptiveObjective();
			objective.begin(CrossEntropyObjectiveTest.setup(m, 0.1f));

			// epoch 1, λ = 0: (0.342613 + 0.693147)/2 = 0.517880
			assertEquals(0.5178799337, objective.loss(outputs, labels, null).getFloat(), 1e-6);
			// λ = 0.057191, w = {1/6, 11/6}: weighted (1/6·0.342613 + 11/6·0.693147)/2 = 0.663936
			// L = (1 − 0.057191)·0.517880 + 0.057191·0.663936 = 0.526233
			objective.endEpoch(recallsOneAndAHalf());
			assertEquals(0.5262330186, objective.loss(outputs, labels, null).getFloat(), 1e-6);
			// ε = 0 is the unsmoothed loss of lossByHandAndExactResumeState, to the last bit
			objective.begin(CrossEntropyObjectiveTest.setup(m, 0f));
			final AdaptiveObjective unsmoothed = new AdaptiveObjective();
			unsmoothed.restore(objective.state());
			assertEquals(0.5000766841, objective.loss(outputs, labels, null).getFloat(), 1e-6);
			assertEquals(unsmoothed.loss(outputs, labels, null).getFloat(), objective.loss(outputs,
				labels, null).getFloat(), 0);
		}
	}

	// -- Helper methods --

	/**
	 * Sample 0: logits {ln 3, 0}, label 0: p = 3/4, CE = ln(4/3) = 0.287682. Sample 1: logits
	 * {0, 0}, label 1: p = 1/2, CE = ln 2 = 0.693147.
	 */
	private static NDList twoSamples(final NDManager m) {
		return new NDList(m.create(new float[] { (float) Math.log(3), 0, 0, 0 }, new Shape(2, 2)), m
			.zeros(new Shape(2, 4)));
	}

	private static NDArray twoLabels(final NDManager m) {
		return m.create(new int[] { 0, 1 });
	}

	/**
	 * Validation: truth {0,0,1,1}, predicted {0,0,1,0}: recalls {1, 0.5}, A = 0.75,
	 * G = 0.707107, hence λ = 0.057191 and w = {1/6, 11/6}.
	 */
	private static ClassificationMetrics recallsOneAndAHalf() {
		return ClassificationMetrics.of(List.of("a", "b"), new int[] { 0, 0, 1, 1 }, new int[] { 0, 0,
			1, 0 });
	}
}
