package io.github.stripsteel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.testutil.TestModels;

/** Batch norm folded into the convolutions gives the unfolded network's outputs. */
class BatchNormFoldingTest {

	@Test
	void foldedResNet34MatchesUnfoldedWithNonTrivialStatistics() {
		try (NDManager m = DeepLearningEngine.get().newBaseManager(); var off = DeepLearningEngine
			.gradientsOff())
		{
			final Shape in = new Shape(2, 1, 64, 64);
			final ClassifierNet net = ResNet34.classifier(6);
			net.initialize(m, DataType.FLOAT32, in);
			// batch-norm statistics far from the identity, so a wrong fold cannot pass
			final Random random = new Random(7);
			for (final Pair<String, Parameter> p : net.getParameters()) {
				final NDArray a = p.getValue().getArray();
				if (a.getShape().dimension() != 1) continue;
				final float[] v = new float[(int) a.size()];
				final boolean positive = p.getKey().endsWith("runningVar") || p.getKey().endsWith("gamma");
				for (int i = 0; i < v.length; i++)
					v[i] = positive ? 0.5f + random.nextFloat() : (float) random.nextGaussian() * 0.3f;
				a.set(FloatBuffer.wrap(v));
			}
			final ClassifierNet copy = ResNet34.classifier(6);
			copy.initialize(m, DataType.FLOAT32, in);
			for (int i = 0; i < net.getParameters().size(); i++)
				copy.getParameters().valueAt(i).getArray().set(FloatBuffer.wrap(net.getParameters().valueAt(i)
					.getArray().toFloatArray()));
			assertEquals(36, BatchNormFolding.fold(copy, m), "stem + 32 unit convolutions + 3 projections");

			final NDArray x = m.randomNormal(in);
			final ParameterStore ps = new ParameterStore(m, false);
			final NDList expected = net.forward(ps, new NDList(x), false);
			final NDList actual = copy.forward(ps, new NDList(x), false);
			for (int k = 0; k < 2; k++) {
				final float[] e = expected.get(k).toFloatArray(), a = actual.get(k).toFloatArray();
				double scale = 1e-6;
				for (final float v : e)
					scale = Math.max(scale, Math.abs(v));
				for (int i = 0; i < e.length; i++)
					assertEquals(e[i], a[i], 1e-4 * scale, "output " + k + " element " + i);
			}
		}
	}

	@Test
	void shippedModelProbabilitiesMatchTheUnfoldedNetwork() throws Exception {
		final Path dir = TestModels.projectDir().resolve("models").resolve("neu-cls");
		try (LoadedModel model = LoadedModel.open(dir, DeviceChoice.CPU); NDManager m = DeepLearningEngine
			.get().newBaseManager(); var off = DeepLearningEngine.gradientsOff())
		{
			model.testTimeAugmentation(TestTimeAugmentation.NONE);
			final var files = ImageFiles.collect(java.util.List.of(TestModels.projectDir().resolve(
				"sample-images").resolve("neu-cls")), true);
			final float[][] inputs = new float[files.size()][];
			for (int i = 0; i < inputs.length; i++)
				inputs[i] = model.toInput(ImageDecoder.read(files.get(i)).gray());
			final float[][] folded = model.probabilities(inputs);
			final int hw = inputs[0].length;
			final float[] batch = new float[inputs.length * hw];
			for (int i = 0; i < inputs.length; i++)
				System.arraycopy(inputs[i], 0, batch, i * hw, hw);
			final float[] unfolded = model.forward(m.create(batch, new Shape(inputs.length, 1, model.spec()
				.inputHeight(), model.spec().inputWidth()))).get(0).softmax(1).toFloatArray();
			final int c = model.spec().classes().size();
			double worst = 0;
			for (int i = 0; i < inputs.length; i++)
				for (int j = 0; j < c; j++)
					worst = Math.max(worst, Math.abs(folded[i][j] - unfolded[i * c + j]));
			assertTrue(worst <= 1e-4, "largest probability difference " + worst);
		}
	}
}
