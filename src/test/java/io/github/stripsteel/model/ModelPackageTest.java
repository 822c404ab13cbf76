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
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.testutil.TestModels;
import net.imglib2.img.array.ArrayImgs;

/** Model package round trip and every load error. */
class ModelPackageTest {

	@TempDir
	static Path shared;
	static Path good;

	@BeforeAll
	static void writePackage() throws IOException {
		good = shared.resolve("good");
		TestModels.writeRandomPackage(good, TestModels.NEU_CLASSES, 32);
	}

	@Test
	void roundTripGivesTheSameProbabilities() throws IOException {
		final ModelPackage spec = ModelPackage.read(good);
		assertEquals("resnet34", spec.architecture());
		assertEquals(TestModels.NEU_CLASSES, spec.classes());
		assertEquals("float16", spec.json().getAsJsonObject("weights").get("dtype").getAsString());
		assertEquals(21_281_478L, spec.json().getAsJsonObject("weights").get("parameters").getAsLong(),
			"torchvision ResNet34 with a 1-channel stem and 6 classes");
		final byte[] px = new byte[40 * 40];
		for (int i = 0; i < px.length; i++)
			px[i] = (byte) (i * 37 % 251);
		final float[] first, second;
		try (LoadedModel a = LoadedModel.open(good, DeviceChoice.CPU)) {
			first = a.probabilities(new float[][] { a.toInput(ArrayImgs.unsignedBytes(px, 40, 40)) })[0];
		}
		// writing the loaded network again must reproduce the same weights bit for bit
		final Path copy = shared.resolve("copy");
		try (LoadedModel a = LoadedModel.open(good, DeviceChoice.CPU)) {
			ModelPackage.write(copy, a.spec().json(), a.network(), ai.djl.ndarray.types.DataType.FLOAT16);
		}
		assertEquals(ModelPackage.sha256(ModelPackage.read(good).weightsFile()), ModelPackage.sha256(
			ModelPackage.read(copy).weightsFile()));
		try (LoadedModel b = LoadedModel.open(copy, DeviceChoice.CPU)) {
			second = b.probabilities(new float[][] { b.toInput(ArrayImgs.unsignedBytes(px, 40, 40)) })[0];
		}
		assertArrayEquals(first, second, 0f);
		float sum = 0;
		for (final float p : first)
			sum += p;
		assertEquals(1f, sum, 1e-5f);
	}

	@Test
	void missingFolder() {
		final Exception e = assertThrows(ModelPackageException.class, () -> LoadedModel.open(shared
			.resolve("nope"), DeviceChoice.CPU));
		assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e
			.getMessage());
	}

	@Test
	void missingModelJson() throws IOException {
		final Path dir = Files.createDirectories(shared.resolve("empty"));
		final Exception e = assertThrows(ModelPackageException.class, () -> ModelPackage.read(dir));
		assertTrue(e.getMessage().contains("model.json is missing"), e.getMessage());
	}

	@Test
	void invalidJson() throws IOException {
		final Path dir = variant("badjson", null);
		Files.writeString(dir.resolve("model.json"), "{ \"architecture\": ");
		final Exception e = assertThrows(ModelPackageException.class, () -> ModelPackage.read(dir));
		assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
	}

	@Test
	void dihedralTestTimeAugmentationIsTheMeanOverTheEightViews() throws IOException {
		final int s = 32;
		final float[] image = new float[s * s];
		for (int i = 0; i < image.length; i++)
			image[i] = (float) Math.sin(i * 0.37) + (i % 7) * 0.1f;
		// the eight symmetries of the square, made here in Java: four rotations, each also transposed
		final float[][] views = new float[8][];
		float[] r = image;
		for (int k = 0; k < 4; k++) {
			views[2 * k] = r;
			views[2 * k + 1] = transpose(r, s);
			r = rotate90(r, s);
		}
		try (LoadedModel m = LoadedModel.open(good, DeviceChoice.CPU)) {
			assertEquals(TestTimeAugmentation.NONE, m.testTimeAugmentation(), "the package says none");
			final float[][] each = m.probabilities(views);
			m.testTimeAugmentation(TestTimeAugmentation.DIHEDRAL8);
			final float[] tta = m.probabilities(new float[][] { image })[0];
			boolean viewsDiffer = false;
			for (int c = 0; c < tta.length; c++) {
				float mean = 0;
				for (final float[] p : each)
					mean += p[c] / 8;
				assertEquals(mean, tta[c], 1e-5f, "class " + c);
				viewsDiffer |= Math.abs(each[0][c] - each[1][c]) > 1e-4f;
			}
			assertTrue(viewsDiffer, "a random network must not be orientation-invariant already");
		}
		final Path dir = variant("tta", j -> {
			final JsonObject inference = new JsonObject();
			inference.addProperty("tta", "dihedral8");
			j.add("inference", inference);
			return j;
		});
		assertEquals(TestTimeAugmentation.DIHEDRAL8, ModelPackage.read(dir).testTimeAugmentation());
		final Path bad = variant("tta-bad", j -> {
			final JsonObject inference = new JsonObject();
			inference.addProperty("tta", "flips");
			j.add("inference", inference);
			return j;
		});
		final Exception e = assertThrows(ModelPackageException.class, () -> ModelPackage.read(bad));
		assertTrue(e.getMessage().contains("inference.tta") && e.getMessage().contains(
			"known: none, dihedral8"), e.getMessage());
	}

	private static float[] transpose(final float[] a, final int s) {
		final float[] t = new float[a.length];
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++)
				t[x * s + y] = a[y * s + x];
		return t;
	}

	private static float[] rotate90(final float[] a, final int s) {
		final float[] t = new float[a.length];
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++)
				t[x * s + (s - 1 - y)] = a[y * s + x];
		return t;
	}

	@Test
	void unsupportedFormatVersion() throws IOException {
		final Path dir = variant("version", j -> {
			j.addProperty("format_version", 99);
			return j;
		});
		final Exception e = assertThrows(ModelPackageException.class, () -> ModelPackage.read(dir));
		assertTrue(e.getMessage().contains("format_version 99"), e.getMessage());
	}

	@Test
	void unknownArchitecture() throws IOException {
		final Path dir = variant("arch", j -> {
			j.addProperty("architecture", "resnet999");
			return j;
		});
		final Exception e = assertThrows(ModelPackageException.class, () -> ModelPackage.read(dir));
		assertTrue(e.getMessage().contains("unknown architecture 'resnet999'") && e.getMessage()
			.contains("resnet34"), e.getMessage());
	}

	@Test
	void classCountMismatch() throws IOException {
		final Path dir = variant("classes", j -> {
			j.getAsJsonArray("classes").add("extra");
			// sealed again: a package whose checksummed class list does not fit its weights
			return PackageMeaning.seal(j);
		});
		final Exception e = assertThrows(ModelPackageException.class, () -> LoadedModel.open(dir,
			DeviceChoice.CPU));
		assertTrue(e.getMessage().contains("class count mismatch") && e.getMessage().contains(
			"7 classes") && e.getMessage().contains("6 outputs"), e.getMessage());
	}

	@Test
	void missingWeightsFile() throws IOException {
		final Path dir = variant("noweights", null);
		Files.delete(ModelPackage.read(dir).weightsFile());
		final Exception e = assertThrows(ModelPackageException.class, () -> ModelPackage.read(dir));
		assertTrue(e.getMessage().contains("weights-") && e.getMessage().contains("is missing"), e
			.getMessage());
	}

	@Test
	void checksumMismatch() throws IOException {
		final Path dir = variant("damaged", null);
		final Path weights = ModelPackage.read(dir).weightsFile();
		final byte[] bytes = Files.readAllBytes(weights);
		bytes[bytes.length / 2] ^= 0x40;
		Files.write(weights, bytes);
		final Exception e = assertThrows(ModelPackageException.class, () -> LoadedModel.open(dir,
			DeviceChoice.CPU));
		assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(weights
			.getFileName().toString()), e.getMessage());
	}

	@Test
	void truncatedWeightsWithMatchingChecksum() throws IOException {
		// someone "fixed" the checksum of a truncated file: the reader still names the problem
		final Path dir = variant("truncated", null);
		final Path weights = ModelPackage.read(dir).weightsFile();
		final byte[] bytes = Files.readAllBytes(weights);
		Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 3));
		final JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("model.json")))
			.getAsJsonObject();
		json.getAsJsonObject("weights").addProperty("sha256", ModelPackage.sha256(weights));
		Files.writeString(dir.resolve("model.json"), json.toString());
		final Exception e = assertThrows(ModelPackageException.class, () -> LoadedModel.open(dir,
			DeviceChoice.CPU));
		assertTrue(e.getMessage().contains("truncated"), e.getMessage());
	}

	@Test
	void missingField() throws IOException {
		final Path dir = variant("nonorm", j -> {
			j.remove("normalization");
			return j;
		});
		final Exception e = assertThrows(ModelPackageException.class, () -> ModelPackage.read(dir));
		assertTrue(e.getMessage().contains("'normalization' is missing"), e.getMessage());
	}

	@Test
	void rewritingKeepsOnlyTheNewWeights() throws IOException {
		final Path dir = variant("rewrite", null);
		try (LoadedModel m = LoadedModel.open(dir, DeviceChoice.CPU)) {
			final JsonObject json = m.spec().json();
			json.addProperty("id", "rewritten");
			ModelPackage.write(dir, json, m.network(), ai.djl.ndarray.types.DataType.FLOAT32);
		}
		final List<String> names;
		try (var s = Files.list(dir)) {
			names = s.map(p -> p.getFileName().toString()).sorted().toList();
		}
		assertEquals(2, names.size(), names.toString());
		// a killed write's temporary weights are removed by the next write
		final Path leftover = Files.writeString(dir.resolve(".weights4711.tmp"), "x");
		try (LoadedModel m = LoadedModel.open(dir, DeviceChoice.CPU)) {
			ModelPackage.write(dir, m.spec().json(), m.network(), ai.djl.ndarray.types.DataType.FLOAT32);
		}
		assertFalse(Files.exists(leftover));
		assertTrue(names.get(1).endsWith(".f32"), names.toString());
		assertEquals("rewritten", ModelPackage.read(dir).id());
	}

	// -- Helper methods --

	private static Path variant(final String name, final UnaryOperator<JsonObject> edit)
		throws IOException
	{
		final Path dir = Files.createDirectories(shared.resolve(name));
		try (var s = Files.list(good)) {
			for (final Path f : s.toList())
				Files.copy(f, dir.resolve(f.getFileName()));
		}
		if (edit != null) {
			final JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("model.json")))
				.getAsJsonObject();
			Files.writeString(dir.resolve("model.json"), edit.apply(json).toString());
		}
		return dir;
	}
}
