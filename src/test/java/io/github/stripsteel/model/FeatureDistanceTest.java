package io.github.stripsteel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import io.github.stripsteel.testutil.TestModels;

/**
 * The distance to the training data: its algebra, its threshold, what it flags and its storage in
 * a model package.
 */
class FeatureDistanceTest {

	private static final int DIM = 16;

	@TempDir
	Path dir;

	@Test
	void inverseCholeskyWhitens() {
		final Random random = new Random(3);
		final double[][] x = new double[200][6];
		for (final double[] row : x)
			for (int j = 0; j < row.length; j++)
				row[j] = random.nextGaussian() * (j + 1) + (j > 0 ? row[j - 1] : 0);
		final double[][] cov = Whitening.shrunkCovariance(x);
		final double[][] w = Whitening.inverseCholesky(cov);
		for (int a = 0; a < 6; a++)
			for (int b = 0; b < 6; b++) {
				double s = 0; // (W cov W^T)[a][b]
				for (int i = 0; i < 6; i++)
					for (int j = 0; j < 6; j++)
						s += w[a][i] * cov[i][j] * w[b][j];
				assertEquals(a == b ? 1 : 0, s, 1e-9, a + "," + b);
			}
	}

	@Test
	void thresholdIsTheQuantileOfTheTrainingDistancesAndFlagsFarEmbeddings() {
		final Random random = new Random(5);
		final int perClass = 300;
		final float[][] train = new float[3 * perClass][];
		final int[] labels = new int[train.length];
		for (int i = 0; i < train.length; i++) {
			labels[i] = i / perClass;
			train[i] = sample(random, labels[i], 0);
		}
		final FeatureDistance d = FeatureDistance.fit(train, labels, 3, 0.99);
		int above = 0;
		for (final float[] e : train)
			if (d.distance(e) > d.threshold()) above++;
		assertTrue(above <= 9 && above >= 1, above + " of 900 training embeddings above the 0.99 quantile");
		int flaggedNew = 0, flaggedFar = 0;
		for (int i = 0; i < 300; i++) {
			if (d.distance(sample(random, i % 3, 0)) > d.threshold()) flaggedNew++;
			if (d.distance(sample(random, i % 3, 15)) > d.threshold()) flaggedFar++;
		}
		assertTrue(flaggedNew < 15, flaggedNew + " of 300 new in-distribution embeddings flagged");
		assertEquals(300, flaggedFar, "embeddings shifted by 15 standard deviations");
		assertEquals(900, d.trainingImages());
		assertThrows(IllegalArgumentException.class, () -> FeatureDistance.fit(train, labels, 4, 0.99),
			"a class without embeddings");
		assertThrows(IllegalArgumentException.class, () -> FeatureDistance.fit(train, labels, 3, 1));
	}

	@Test
	void storedInThePackageAndCheckedAgainstItsWeights() throws IOException {
		final ModelPackage spec = TestModels.writeRandomPackage(dir.resolve("m"), List.of("a", "b"),
			32);
		assertNull(FeatureDistance.readIfPresent(spec), "no statistics yet");
		final Random random = new Random(9);
		final float[][] train = new float[40][];
		final int[] labels = new int[40];
		for (int i = 0; i < 40; i++) {
			labels[i] = i % 2;
			train[i] = sample(random, labels[i], 0);
		}
		final FeatureDistance d = FeatureDistance.fit(train, labels, 2, 0.9);
		final String weights = spec.provenance().get("weights_sha256").getAsString();
		d.write(spec.dir(), weights, new JsonObject());
		final FeatureDistance back = FeatureDistance.readIfPresent(spec);
		assertEquals(d.threshold(), back.threshold());
		final float[] probe = sample(random, 1, 2);
		assertEquals(d.distance(probe), back.distance(probe), 1e-9);

		// written again: one data file, the new one
		d.write(spec.dir(), weights, new JsonObject());
		try (var files = Files.list(spec.dir())) {
			assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("ood-")).count());
		}

		final Path json = spec.dir().resolve(FeatureDistance.JSON);
		final String text = Files.readString(json);
		Files.writeString(json, text.replace(weights, "0".repeat(64)));
		final ModelPackageException e = assertThrows(ModelPackageException.class, () -> FeatureDistance
			.readIfPresent(spec));
		final String m = e.getMessage();
		assertTrue(m.startsWith(json + ": computed for other weights") && m.contains(
			"calibrate the model on its dataset again"), m);
		assertEquals(new ModelPackageException.Remedy(ModelPackageException.Action.CALIBRATE, spec
			.dir(), List.of()), e.remedy());

		Files.writeString(json, text);
		final String file = com.google.gson.JsonParser.parseString(text).getAsJsonObject().get("file")
			.getAsString();
		final byte[] bytes = Files.readAllBytes(spec.dir().resolve(file));
		bytes[7] ^= 1;
		Files.write(spec.dir().resolve(file), bytes);
		final String m2 = assertThrows(ModelPackageException.class, () -> FeatureDistance
			.readIfPresent(spec)).getMessage();
		assertTrue(m2.startsWith(spec.dir().resolve(file) + ": checksum does not match"), m2);
	}

	@Test
	void imageStatisticsAndTheCombinedScore() throws IOException {
		final float[] flat = new float[12];
		java.util.Arrays.fill(flat, 0.5f);
		org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] { 0.5f, 0, 0, 0 }, ImageStatistics
			.of(flat, 4, 3));
		// vertical stripes 0,1,0,1 in rows of 4: mean 0.5, std 0.5, every horizontal step 1, no vertical
		final float[] stripes = new float[12];
		for (int i = 0; i < 12; i++)
			stripes[i] = i % 2;
		org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] { 0.5f, 0.5f, 1, 0 },
			ImageStatistics.of(stripes, 4, 3), 1e-6f);

		final Random random = new Random(2);
		final float[][] train = new float[60][], stats = new float[60][];
		final int[] labels = new int[60];
		for (int i = 0; i < 60; i++) {
			labels[i] = i % 2;
			train[i] = sample(random, labels[i], 0);
			final float[] img = new float[16];
			for (int j = 0; j < 16; j++)
				img[j] = (float) random.nextGaussian();
			stats[i] = ImageStatistics.of(img, 4, 4);
		}
		final FeatureDistance d = FeatureDistance.fit(train, labels, 2, 0.9).withImagePart(
			FeatureDistance.fit(stats, labels, 2, 0.9));
		final float[] typical = new float[16], bright = new float[16];
		for (int j = 0; j < 16; j++) {
			typical[j] = (float) random.nextGaussian();
			bright[j] = 40 + typical[j];
		}
		final float[] e = sample(random, 0, 0);
		assertEquals(Math.max(d.distance(e) / d.threshold(), d.imagePart().distance(ImageStatistics.of(
			typical, 4, 4)) / d.imagePart().threshold()), d.score(e, typical, 4, 4, 0, 0), 1e-9);
		assertTrue(d.score(e, bright, 4, 4, 0, 0) > 1, "a far brighter input is uncertain");

		final ModelPackage spec = TestModels.writeRandomPackage(dir.resolve("m2"), List.of("a", "b"),
			32);
		d.write(spec.dir(), spec.provenance().get("weights_sha256").getAsString(), new JsonObject());
		final FeatureDistance back = FeatureDistance.readIfPresent(spec);
		assertEquals(d.score(e, bright, 4, 4, 0, 0), back.score(e, bright, 4, 4, 0, 0), 1e-5);
		assertEquals(d.imagePart().threshold(), back.imagePart().threshold());
	}

	// -- Helper methods --

	/** Class {@code k}: mean 3 in dimension k, correlated unit noise, shifted by {@code shift}. */
	private static float[] sample(final Random random, final int k, final double shift) {
		final float[] e = new float[DIM];
		double previous = 0;
		for (int j = 0; j < DIM; j++) {
			final double g = random.nextGaussian();
			e[j] = (float) ((j == k ? 3 : 0) + g + 0.5 * previous + (j == DIM - 1 ? shift : 0));
			previous = g;
		}
		return e;
	}
}
