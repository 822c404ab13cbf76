package io.github.stripsteel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The size part of the out-of-distribution statistics (the training images' scales), and
 * statistics without the feature part: their score, their storage in {@code ood.json} and the
 * refusal of a newer format.
 */
class SourceSizeTest {

	@TempDir
	Path dir;

	@Test
	void distanceIsZeroInsideTheTrainingScalesAndOneAtTheTolerance() {
		// X-SDD-like: 122..130 x 128 images resized to 192x192
		final SourceSize s = SourceSize.fit(new int[] { 128, 122, 130 }, new int[] { 128, 128, 128 },
			192, 192, 0.10);
		assertArrayEquals(new double[] { 192.0 / 130, 192.0 / 122 }, s.scaleX(), 1e-12);
		assertArrayEquals(new double[] { 1.5, 1.5 }, s.scaleY(), 1e-12);
		assertEquals(0, s.distance(128, 128, 192, 192), 1e-12);
		assertEquals(0, s.distance(126, 128, 192, 192), 1e-12, "a width inside 122..130");
		// a 200x200 image reaches the network at scale 0.96 instead of 1.5: far outside
		assertTrue(s.distance(200, 200, 192, 192) > 4, "" + s.distance(200, 200, 192, 192));
		// a scale exactly 10 % off the training scale: distance 1
		assertEquals(1, SourceSize.fit(new int[] { 100 }, new int[] { 100 }, 110, 110, 0.10).distance(
			110, 110, 110, 110), 1e-9);
		assertTrue(s.distance(128, 136, 192, 192) < 1, "6 % taller stays within the tolerance");
		// the same scale, other input size: what counts is the ratio
		assertEquals(0, s.distance(64, 64, 96, 96), 1e-12);
	}

	@Test
	void badSizesAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> SourceSize.fit(new int[0], new int[0], 8,
			8, 0.1));
		assertThrows(IllegalArgumentException.class, () -> SourceSize.fit(new int[] { 8 },
			new int[] { 0 }, 8, 8, 0.1));
		assertThrows(IllegalArgumentException.class, () -> SourceSize.fit(new int[] { 8 },
			new int[] { 8 }, 8, 8, 0));
	}

	@Test
	void statisticsWithoutFeaturesScoreInputAndSizeAndRoundTrip() throws IOException {
		final Random random = new Random(4);
		final float[][] stats = new float[80][];
		final int[] labels = new int[80];
		for (int i = 0; i < stats.length; i++) {
			labels[i] = i % 2;
			final float[] img = new float[16];
			for (int j = 0; j < 16; j++)
				img[j] = (float) random.nextGaussian();
			stats[i] = ImageStatistics.of(img, 4, 4);
		}
		final FeatureDistance image = FeatureDistance.fit(stats, labels, 2, 0.95);
		final SourceSize size = SourceSize.fit(new int[] { 4, 4 }, new int[] { 4, 4 }, 4, 4, 0.1);
		final FeatureDistance d = FeatureDistance.withoutFeatures(image, size);
		assertFalse(d.hasFeaturePart());
		final float[] typical = new float[16];
		for (int j = 0; j < 16; j++)
			typical[j] = (float) random.nextGaussian();
		final double inputOnly = image.distance(ImageStatistics.of(typical, 4, 4)) / image.threshold();
		// no embedding needed; the size part applies only when the size as read is known
		assertEquals(inputOnly, d.score(null, typical, 4, 4, 0, 0), 1e-9);
		assertEquals(inputOnly, d.score(null, typical, 4, 4, 4, 4), 1e-9);
		assertTrue(d.score(null, typical, 4, 4, 8, 8) > 1, "an image twice the training size");
		assertEquals(Math.log(2) / Math.log1p(0.1), d.score(null, typical, 4, 4, 8, 8), 1e-9);
		assertThrows(IllegalStateException.class, () -> d.distance(new float[4]));
		assertThrows(IllegalArgumentException.class, () -> FeatureDistance.withoutFeatures(null,
			size));

		final ModelPackage spec = TestModels.writeRandomPackage(dir.resolve("m"), List.of("a", "b"),
			32);
		d.write(spec.dir(), spec.provenance().get("weights_sha256").getAsString(), new JsonObject());
		try (var files = Files.list(spec.dir())) {
			assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith("ood-")).count(),
				"no feature data file");
		}
		final FeatureDistance back = FeatureDistance.readIfPresent(spec);
		assertFalse(back.hasFeaturePart());
		assertEquals(d.score(null, typical, 4, 4, 8, 8), back.score(null, typical, 4, 4, 8, 8), 1e-5);
		assertArrayEquals(size.scaleX(), back.sizePart().scaleX(), 1e-12);

		final Path json = spec.dir().resolve(FeatureDistance.JSON);
		Files.writeString(json, Files.readString(json).replace("\"format_version\": 2",
			"\"format_version\": 3"));
		final String m = assertThrows(ModelPackageException.class, () -> FeatureDistance
			.readIfPresent(spec)).getMessage();
		assertTrue(m.startsWith(json + ": format version 3, this software reads up to 2"), m);
	}
}
