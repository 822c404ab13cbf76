package io.github.stripsteel.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.model.TestTimeAugmentation;
import io.github.stripsteel.testutil.TestModels;

/**
 * A model on its own thread answers as the classifier does when called directly, from whichever
 * thread asks, and hands the network's errors back to the caller.
 */
class ModelThreadTest {

	private static final Path MODEL = TestModels.projectDir().resolve("models/neu-cls");

	@Test
	void answersAsTheClassifierFromAnyThread() throws Exception {
		final ImageDecoder.DecodedImage image = ImageDecoder.read(TestModels.projectDir().resolve(
			"sample-images/neu-cls/crazing/Cr_1.bmp"));
		final int[] w = { image.width() }, h = { image.height() };
		final float[] expected;
		try (StripClassifier direct = StripClassifier.open(MODEL, DeviceChoice.AUTO)) {
			direct.testTimeAugmentation(TestTimeAugmentation.parse("none"));
			expected = direct.predict(new float[][] { direct.prepare(image.gray()) }, w, h).get(0)
				.probabilities();
		}
		final ExecutorService other = Executors.newSingleThreadExecutor();
		try (ModelThread model = ModelThread.open(MODEL, TestTimeAugmentation.parse("none"))) {
			final String runsOn = model.threadName();
			assertTrue(runsOn.startsWith("strip-steel-model-"), runsOn);
			final float[][] input = { model.prepare(image.gray()) };
			final List<Prediction> here = model.predict(input, w, h);
			final List<Prediction> there = other.submit(() -> model.predict(input, w, h)).get();
			assertArrayEquals(expected, here.get(0).probabilities(), 1e-6f);
			assertArrayEquals(expected, there.get(0).probabilities(), 1e-6f);
			assertEquals(runsOn, other.submit(model::threadName).get(), "one thread whoever calls");

			final RuntimeException e = assertThrows(RuntimeException.class, () -> model.predict(
				new float[][] { new float[7] }, null, null));
			assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), e.toString());
			// the thread survives a failed pass
			assertArrayEquals(expected, model.predict(input, w, h).get(0).probabilities(), 1e-6f);
		}
		finally {
			other.shutdown();
		}
	}
}
