package io.github.stripsteel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.testutil.TestModels;

/**
 * A loaded model hands every batch to the network through one reused buffer: each batch gets its
 * own answers whatever ran before it, a larger batch after a smaller one included.
 */
class LoadedModelBatchTest {

	private static final Path MODEL = TestModels.projectDir().resolve("models").resolve("neu-cls");

	@Test
	void eachBatchGetsItsOwnAnswersWhateverRanBefore() throws Exception {
		try (LoadedModel model = LoadedModel.open(MODEL, DeviceChoice.CPU)) {
			final float[][] inputs = inputs(model, 6);
			final float[][] first = model.probabilities(new float[][] { inputs[0] });
			final float[][] all = model.probabilities(inputs); // the buffer grows
			final float[][] last = model.probabilities(new float[][] { inputs[5] }); // overwrites its start
			final float[][] again = model.probabilities(inputs);
			assertClose(all, again, 1e-6, "the same batch twice");
			assertClose(new float[][] { all[0] }, first, 1e-4, "image 0 alone and in the batch");
			assertClose(new float[][] { all[5] }, last, 1e-4, "image 5 alone and in the batch");
			// the six sample images are of six classes: their answers differ
			assertTrue(maxDifference(new float[][] { all[0] }, new float[][] { all[5] }) > 0.1);
		}
	}

	@Test
	void anInputOfAnotherSizeIsNamed() throws Exception {
		try (LoadedModel model = LoadedModel.open(MODEL, DeviceChoice.CPU)) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> model.probabilities(new float[][] { new float[100] }));
			assertTrue(e.getMessage().contains("100 values") && e.getMessage().contains("200x200"), e
				.getMessage());
		}
	}

	// -- Helper methods --

	private static float[][] inputs(final LoadedModel model, final int n) throws Exception {
		final var files = ImageFiles.collect(List.of(TestModels.projectDir().resolve("sample-images")
			.resolve("neu-cls")), true);
		final float[][] inputs = new float[n][];
		for (int i = 0; i < n; i++)
			inputs[i] = model.toInput(ImageDecoder.read(files.get(i * files.size() / n)).gray());
		return inputs;
	}

	private static void assertClose(final float[][] expected, final float[][] actual,
		final double tolerance, final String what)
	{
		assertEquals(expected.length, actual.length, what);
		final double worst = maxDifference(expected, actual);
		assertTrue(worst <= tolerance, what + ": largest difference " + worst + " > " + tolerance);
	}

	private static double maxDifference(final float[][] a, final float[][] b) {
		double worst = 0;
		for (int i = 0; i < a.length; i++)
			for (int j = 0; j < a[i].length; j++)
				worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
		return worst;
	}
}
