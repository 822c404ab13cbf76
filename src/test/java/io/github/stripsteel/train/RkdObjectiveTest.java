package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import ai.djl.util.Pair;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.eval.ClassificationMetrics;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ResNet34;
import io.github.stripsteel.model.Sarsn;
import io.github.stripsteel.preprocess.PreprocessingChain;

class RkdObjectiveTest {

	private static final double SQRT3_2 = Math.sqrt(3) / 2;

	@Test
	void distanceLossEquilateralVersusRightTriangle() {
		try (NDManager m = manager()) {
			// student: equilateral triangle of side 1: all distances 1, μ = 1, ψ = 1
			// teacher: (0,0), (1,0), (0,1): distances 1, 1, √2, μ = (2 + √2)/3 = 1.138071
			// ψ_t = {0.878680, 0.878680, 1.242641}
			// differences {0.121320, 0.121320, −0.242641} (all |x| < 1: Huber = x²/2)
			// = {0.0073593, 0.0073593, 0.0294373}, mean over the pairs = 0.0147186
			final NDArray s = equilateral(m), t = rightTriangle(m);
			assertEquals(0.0147186258, RkdObjective.rkdDistanceLoss(s, t).getFloat(), 1e-6);
			assertEquals(0.0147186258, RkdObjective.rkdDistanceLoss(t, s).getFloat(), 1e-6);
			assertEquals(0, RkdObjective.rkdDistanceLoss(s, s).getFloat(), 1e-7);
			// invariant to scale (μ divides it out) and translation
			assertEquals(0, RkdObjective.rkdDistanceLoss(s, s.mul(3).add(5)).getFloat(), 1e-6);
		}
	}

	@Test
	void angleLossEquilateralVersusRightTriangle() {
		try (NDManager m = manager()) {
			// triplets (i, j, k), vertex j, i ≠ j, k ≠ j: 3·2·2 = 12
			// i = k (6 triplets): cos = 1 in both: Huber 0
			// student: every vertex angle 60°: cos 0.5
			// teacher: vertex (0,0) 90°: cos 0; vertices (1,0), (0,1) 45°: cos 0.707107
			// vertex 0: 2 triplets, diff 0.5: Huber 0.125 each
			// vertices 1, 2: 4 triplets, diff −0.207107: Huber 0.0214466 each
			// mean = (0.25 + 0.0857864)/12 = 0.0279822
			final NDArray s = equilateral(m), t = rightTriangle(m);
			assertEquals(0.0279822031, RkdObjective.rkdAngleLoss(s, t).getFloat(), 1e-6);
			assertEquals(0, RkdObjective.rkdAngleLoss(s, s.mul(2).add(1)).getFloat(), 1e-6);
		}
	}

	@Test
	void relationalLossesHaveFiniteGradients() {
		try (NDManager m = manager()) {
			final Engine engine = DeepLearningEngine.get();
			final NDArray s = m.randomNormal(new Shape(5, 8));
			final NDArray t = m.randomNormal(new Shape(5, 16));
			s.setRequiresGradient(true);
			try (GradientCollector gc = engine.newGradientCollector()) {
				final NDArray sn = RkdObjective.l2Normalize(s), tn = RkdObjective.l2Normalize(t);
				gc.backward(RkdObjective.rkdDistanceLoss(sn, tn).mul(25).add(RkdObjective.rkdAngleLoss(
					sn, tn).mul(50)));
			}
			final float[] g = s.getGradient().toFloatArray();
			boolean nonZero = false;
			for (final float v : g) {
				assertTrue(Float.isFinite(v));
				nonZero |= v != 0;
			}
			assertTrue(nonZero);
		}
	}

	@Test
	void huberIsSmoothL1() {
		try (NDManager m = manager()) {
			// |x| < 1: x²/2; |x| ≥ 1: |x| − 1/2
			assertArrayEquals(new float[] { 2.5f, 0.5f, 0.125f, 0f, 0.02f, 1.5f }, RkdObjective.huber(m
				.create(new float[] { -3f, -1f, -0.5f, 0f, 0.2f, 2f })).toFloatArray(), 1e-6f);
		}
	}

	@Test
	void kdAtTemperatureFour() {
		try (NDManager m = manager()) {
			// row 0: z_s = {1, 2, 3}, z_t = {3, 2, 1}; at T = 4:
			// p_t = softmax{0.75, 0.5, 0.25} = {0.419229, 0.326496, 0.254275}
			// p_s = softmax{0.25, 0.5, 0.75} = {0.254275, 0.326496, 0.419229}
			// KL(p_t‖p_s) = 0.419229·ln(0.419229/0.254275) + 0 + 0.254275·ln(0.254275/0.419229)
			//             = 0.419229·0.5 − 0.254275·0.5 = 0.0824769
			// row 1: equal logits, KL 0; batchmean = 0.0824769/2 = 0.0412384
			final NDArray zs = m.create(new float[] { 1, 2, 3, 5, -1, 0 }, new Shape(2, 3));
			final NDArray zt = m.create(new float[] { 3, 2, 1, 5, -1, 0 }, new Shape(2, 3));
			assertEquals(0.0412384348, RkdObjective.kdLoss(zs, zt, 4).getFloat(), 1e-6);
			assertEquals(0, RkdObjective.kdLoss(zt, zt, 4).getFloat(), 1e-7);
			// the loss weight 16 = T²
			assertEquals(16f, RkdObjective.KD_WEIGHT, 0);
		}
	}

	@Test
	void l2Normalize() {
		try (NDManager m = manager()) {
			assertArrayEquals(new float[] { 0.6f, 0.8f, 0f, 0f }, RkdObjective.l2Normalize(m.create(
				new float[] { 3, 4, 0, 0 }, new Shape(2, 2))).toFloatArray(), 1e-6f);
		}
	}

	@Test
	void teacherStaysFrozenAndTheLossWithLabelSmoothingAddsUp(@TempDir final Path dir) throws Exception {
		final Engine engine = DeepLearningEngine.get();
		final List<String> classes = List.of("a", "b", "c");
		final int size = 16;
		try (NDManager m = manager()) {
			engine.setRandomSeed(5);
			final ClassifierNet teacherNet = Sarsn.sarsn34(classes.size());
			teacherNet.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
			teacherNet.initialize(m, DataType.FLOAT32, new Shape(1, 1, size, size));
			final ModelPackage pkg = ModelPackage.write(dir.resolve("teacher"), io.github.stripsteel.testutil.TestModels.packageJson("sarsn34", classes,
				size), teacherNet, DataType.FLOAT16);

			final RkdObjective rkd = new RkdObjective(pkg, new AdaptiveObjective(), true);
			rkd.begin(new TrainingSetup(m, classes, size, PreprocessingChain.parse("resize(width=" +
				size + ",height=" + size + ")"), 0.5f, 0.25f, 0.1f));
			final ClassifierNet loaded = rkd.teacherNet();
			final Map<String, float[]> before = new HashMap<>();
			for (final Pair<String, Parameter> p : loaded.getParameters())
				before.put(p.getKey(), p.getValue().getArray().toFloatArray());

			final ClassifierNet student = ResNet34.classifier(classes.size());
			student.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
			student.initialize(m, DataType.FLOAT32, new Shape(1, 1, size, size));
			for (final Pair<String, Parameter> p : student.getParameters())
				if (p.getValue().requiresGradient()) p.getValue().getArray().setRequiresGradient(true);
			final ParameterStore ps = new ParameterStore(m, false);
			final float total, smoothedTask, plainTask;
			try (NDManager sub = m.newSubManager()) {
				final NDArray x = sub.randomNormal(new Shape(4, 1, size, size));
				final NDArray y = sub.create(new int[] { 0, 1, 2, 0 });
				try (GradientCollector gc = engine.newGradientCollector()) {
					final NDList out = student.forward(ps, new NDList(x), true);
					final NDArray loss = rkd.loss(out, y, x);
					total = loss.getFloat();
					gc.backward(loss);
					smoothedTask = CrossEntropyObjective.perSample(out.get(0), y, 0.1f).mean().getFloat();
					plainTask = CrossEntropyObjective.perSample(out.get(0), y).mean().getFloat();
				}
				// the student learns
				final NDArray g = student.getParameters().get(0).getValue().getArray().getGradient();
				assertTrue(g.abs().sum().getFloat() > 0);
			}
			// the teacher has no gradient and ran in inference mode (running statistics unchanged)
			for (final Pair<String, Parameter> p : loaded.getParameters()) {
				assertFalse(p.getValue().getArray().hasGradient(), p.getKey());
				assertArrayEquals(before.get(p.getKey()), p.getValue().getArray().toFloatArray(), 0f, p
					.getKey());
			}
			rkd.endEpoch(ClassificationMetrics.of(classes, new int[] { 0, 1, 2 }, new int[] { 0, 1,
				2 }));
			final Map<String, Double> log = rkd.logValues();
			assertEquals(List.of("lambda", "w_0", "w_1", "w_2", "l_task", "l_dist", "l_angle", "l_kd"),
				List.copyOf(log.keySet()));
			// one step: the epoch means are that step's terms, and L = L_task + 25·L_dist +
			// 50·L_angle + 16·L_KD
			final double expected = log.get("l_task") + 25 * log.get("l_dist") + 50 * log.get(
				"l_angle") + 16 * log.get("l_kd");
			assertEquals(expected, total, 1e-4 * Math.max(1, expected));
			// the task loss is the adaptive loss (λ = 0 in epoch 1) with the run's label smoothing
			assertEquals(smoothedTask, log.get("l_task"), 1e-5);
			assertTrue(Math.abs(plainTask - smoothedTask) > 1e-4, plainTask + " vs " + smoothedTask);
		}
	}

	// -- Helper methods --


	private static NDManager manager() {
		return DeepLearningEngine.get().newBaseManager(Device.cpu());
	}

	private static NDArray equilateral(final NDManager m) {
		return m.create(new float[] { 0, 0, 1, 0, 0.5f, (float) SQRT3_2 }, new Shape(3, 2));
	}

	private static NDArray rightTriangle(final NDManager m) {
		return m.create(new float[] { 0, 0, 1, 0, 0, 1 }, new Shape(3, 2));
	}
}
