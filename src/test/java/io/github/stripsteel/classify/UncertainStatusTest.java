package io.github.stripsteel.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.log.StderrLogService;

import com.google.gson.JsonObject;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.model.FeatureDistance;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TestModels;
import io.github.stripsteel.testutil.TextureDataset;

/**
 * A package with out-of-distribution statistics marks the images further from its training data
 * than its threshold as {@code uncertain}: in the predictions, in results.csv's status column and in
 * the printed table. Statistics at the 0.5 quantile of the very images classified make about half
 * of them uncertain.
 */
class UncertainStatusTest {

	@TempDir
	Path tmp;

	@Test
	void imagesBeyondTheThresholdAreUncertain() throws IOException {
		final Path data = TextureDataset.write(tmp.resolve("data"), 6);
		final ModelPackage spec = TestModels.writeRandomPackage(tmp.resolve("model"),
			TextureDataset.CLASSES, TextureDataset.SIZE);
		final LabelledImageFolder folder = LabelledImageFolder.scan(data);
		final List<Path> files = new ArrayList<>();
		try (StripClassifier classifier = StripClassifier.open(spec.dir(), DeviceChoice.CPU)) {
			final float[][] inputs = new float[folder.files().size()][];
			final int[] labels = new int[inputs.length];
			for (int i = 0; i < inputs.length; i++) {
				inputs[i] = classifier.prepare(ImageDecoder.read(folder.files().get(i).file()).gray());
				labels[i] = folder.files().get(i).label();
				files.add(folder.files().get(i).file());
			}
			FeatureDistance.fit(classifier.embeddings(inputs), labels, 3, 0.5).write(spec.dir(), spec
				.provenance().get("weights_sha256").getAsString(), new JsonObject());
		}
		final Path out = tmp.resolve("out");
		int uncertain = 0;
		try (StripClassifier classifier = StripClassifier.open(spec.dir(), DeviceChoice.CPU)) {
			final List<BatchClassifier.FileResult> results = new BatchClassifier(classifier,
				new StderrLogService()).outputFolder(out).batchSize(5).run(files);
			for (final BatchClassifier.FileResult r : results) {
				assertTrue(r.ok(), "classified: " + r);
				assertTrue(Double.isFinite(r.prediction().distance()));
				assertEquals(r.prediction().distance() > r.prediction().threshold() ? "uncertain" : "ok", r
					.status());
				if (r.prediction().uncertain()) uncertain++;
			}
		}
		assertTrue(uncertain >= 6 && uncertain <= 12, uncertain + " of 18 uncertain at the median");
		final List<String> lines = Files.readAllLines(out.resolve(BatchClassifier.RESULTS_CSV));
		assertEquals(uncertain, lines.stream().filter(l -> BatchClassifier.parseCsvLine(l).get(6)
			.equals("uncertain")).count());

		final CliRun run = CliRun.of("classify", "--model", spec.dir().toString(), "--device", "cpu", "--batch", "5",
			data.toString());
		assertEquals(0, run.code(), run.err());
		assertTrue(run.out().contains("(uncertain)"), run.out());
		assertTrue(run.out().contains("18 classified (" + uncertain + " uncertain"), run.out());
	}
}
