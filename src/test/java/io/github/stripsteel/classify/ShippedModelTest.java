package io.github.stripsteel.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.testutil.TestModels;

/**
 * The shipped models on their sample images: each package loads, verifies, is small, names its
 * protocol, and classifies real images into their folders' classes. The floors guard what ships;
 * {@code docs/RESULTS.md} states the measured figures and the gap to the issues' targets.
 */
class ShippedModelTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource({
		// model folder, sample folder, protocol, recorded val accuracy floor, samples allowed wrong
		"neu-cls, neu-cls, neu, 0.985, 1",
		"x-sdd, x-sdd, x-sdd, 0.95, 2" })
	void shippedModel(final String model, final String samples, final String protocol,
		final double accuracyFloor, final int allowedWrong) throws IOException
	{
		final Path dir = TestModels.projectDir().resolve("models").resolve(model);
		final ModelPackage spec = ModelPackage.read(dir);
		spec.verifyWeights();
		assertTrue(Files.size(spec.weightsFile()) <= 45L * 1024 * 1024, "weights exceed 45 MB");
		assertEquals(protocol, spec.training().get("protocol").getAsString());
		// both are the method's product: RKD students that name their SARSN teacher
		assertEquals("rkd", spec.training().get("method").getAsString());
		assertEquals("sarsn34", spec.json().getAsJsonObject("lineage").getAsJsonObject("teacher").get(
			"architecture").getAsString());
		assertTrue(spec.metrics().get("accuracy").getAsDouble() >= accuracyFloor, spec.metrics()
			.toString());

		final LabelledImageFolder folder = LabelledImageFolder.scan(TestModels.projectDir().resolve(
			"sample-images").resolve(samples));
		assertEquals(folder.classNames(), spec.classes(), "the model's classes are the dataset's");
		int correct = 0;
		try (StripClassifier classifier = StripClassifier.open(dir, DeviceChoice.CPU)) {
			for (final LabelledImageFolder.LabelledFile f : folder.files()) {
				final Prediction p = classifier.classify(ImageDecoder.read(f.file()).gray());
				if (p.className().equals(folder.classNames().get(f.label()))) correct++;
			}
		}
		final List<LabelledImageFolder.LabelledFile> files = folder.files();
		assertTrue(correct >= files.size() - allowedWrong, correct + " of " + files.size() +
			" correct");
	}
}
