package io.github.stripsteel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TestModels;

/**
 * Fault 3 of issue 21: a package whose class list, input size, preprocessing or normalisation
 * was edited by hand is refused, naming the field; renaming goes through {@code relabel}. Uses
 * copies of the shipped packages' {@code model.json} (reading a package does not load weights).
 */
class PackageMeaningTest {

	@TempDir
	Path tmp;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "neu-cls", "x-sdd" })
	void shippedPackagesAreSealed(final String model) throws IOException {
		final Path dir = copy(model, null);
		assertEquals(ModelPackage.read(TestModels.projectDir().resolve("models").resolve(model))
			.classes(), ModelPackage.read(dir).classes());
	}

	@Test
	void renamedClassIsRefusedNamingTheFieldAndTheTrainingRecord() throws IOException {
		final Path dir = copy("neu-cls", j -> rename(j, "patches", "patchez"));
		final ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage
			.read(dir));
		final String m = e.getMessage();
		assertTrue(m.contains(dir.resolve("model.json").toString()) && m.contains("'classes'") && m
			.contains("patchez") && m.contains("metrics.classes") && m.contains(
				"rename classes on purpose by relabelling the package") && !m.contains("strip-steel"), m);
		assertEquals(new ModelPackageException.Remedy(ModelPackageException.Action.RELABEL, dir, List
			.of()), e.remedy());
		// the command line names its own command for the mend
		final CliRun run = CliRun.of("info", "--model", dir.toString());
		assertTrue(run.out().contains("run: strip-steel relabel --model " + dir +
			" --classes NAME,NAME,..."), run.out());
	}

	@Test
	void swappedClassesAreRefused() throws IOException {
		final Path dir = copy("neu-cls", j -> {
			final JsonArray c = j.getAsJsonArray("classes");
			final var first = c.get(0);
			c.set(0, c.get(1));
			c.set(1, first);
			return j;
		});
		final Exception e = assertThrows(ModelPackageException.class, () -> ModelPackage.read(dir));
		assertTrue(e.getMessage().contains("'classes'"), e.getMessage());
	}

	@Test
	void editedInputPreprocessingOrNormalisationIsRefused() throws IOException {
		final Path input = copy("neu-cls", j -> {
			j.getAsJsonObject("input").addProperty("width", 224);
			j.getAsJsonObject("input").addProperty("height", 224);
			return j;
		});
		assertTrue(assertThrows(ModelPackageException.class, () -> ModelPackage.read(input))
			.getMessage().contains("'input'"));
		final Path chain = copy("x-sdd", j -> {
			j.getAsJsonArray("preprocessing").remove(0);
			return j;
		});
		assertTrue(assertThrows(ModelPackageException.class, () -> ModelPackage.read(chain))
			.getMessage().contains("'preprocessing'"));
		final Path norm = copy("neu-cls", j -> {
			j.getAsJsonObject("normalization").addProperty("mean", 0.5);
			return j;
		});
		final String m = assertThrows(ModelPackageException.class, () -> ModelPackage.read(norm))
			.getMessage();
		assertTrue(m.contains("'normalization'") && !m.contains("relabel"), m);
	}

	@Test
	void reformattingKeepsThePackageValid() throws IOException {
		// compact JSON, keys in another order, 200 written as 200.0: the same meaning
		final Path dir = copy("neu-cls", j -> {
			final JsonObject input = new JsonObject();
			input.addProperty("height", 200.0);
			input.addProperty("width", 200);
			input.addProperty("channels", 1);
			j.add("input", input);
			return j;
		});
		assertEquals(200, ModelPackage.read(dir).inputWidth());
	}

	@Test
	void relabelRenamesOnPurposeAndRecordsIt() throws IOException {
		final Path dir = copy("neu-cls", null);
		final List<String> names = new ArrayList<>(ModelPackage.read(dir).classes());
		names.set(2, "patchez");
		assertEquals("patches", PackageMeaning.relabel(dir, names).get(2));
		final ModelPackage relabelled = ModelPackage.read(dir);
		assertEquals(names, relabelled.classes());
		assertEquals("patchez", relabelled.metrics().getAsJsonArray("classes").get(2).getAsString());
		assertTrue(relabelled.metrics().getAsJsonObject("per_class").has("patchez"));
		assertFalse(relabelled.metrics().getAsJsonObject("per_class").has("patches"));
		final JsonObject record = relabelled.json().getAsJsonArray("relabelled").get(0)
			.getAsJsonObject();
		assertEquals("patches", record.getAsJsonArray("from").get(2).getAsString());
		// a different count is not a renaming
		final Exception e = assertThrows(ModelPackageException.class, () -> PackageMeaning.relabel(
			dir, names.subList(0, 5)));
		assertTrue(e.getMessage().contains("cannot add or remove"), e.getMessage());
	}

	@Test
	void relabelCommandLine() throws IOException {
		final Path dir = copy("x-sdd", null);
		final List<String> names = new ArrayList<>(ModelPackage.read(dir).classes());
		names.set(4, "red_iron");
		final CliRun run = CliRun.of("relabel", "--model", dir.toString(), "--classes", String.join(
			",", names));
		assertEquals(0, run.code(), run.err());
		assertTrue(run.out().contains("output 4: red iron -> red_iron"), run.out());
		assertEquals(names, ModelPackage.read(dir).classes());
		final CliRun shorter = CliRun.of("relabel", "--model", dir.toString(), "--classes", "a,b");
		assertEquals(1, shorter.code());
		assertTrue(shorter.err().contains("cannot add or remove"), shorter.err());
	}

	@Test
	void relabelDoesNotVouchForOtherEdits() throws IOException {
		final Path dir = copy("neu-cls", j -> {
			j.getAsJsonObject("input").addProperty("width", 100);
			return j;
		});
		final List<String> names = List.of("a", "b", "c", "d", "e", "f");
		final Exception e = assertThrows(ModelPackageException.class, () -> PackageMeaning.relabel(
			dir, names));
		assertTrue(e.getMessage().contains("'input'"), e.getMessage());
	}

	@Test
	void unsealedPackageIsRefusedWithTheCommandThatSealsIt() throws IOException {
		final Path dir = copy("neu-cls", j -> {
			j.remove(PackageMeaning.FIELD);
			return j;
		});
		final ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage
			.read(dir));
		assertTrue(e.getMessage().contains("meaning_sha256") && e.getMessage().contains(
			"relabelling the package with its classes as they are (crazing,inclusion,patches"), e
				.getMessage());
		assertEquals(ModelPackageException.Action.RELABEL, e.remedy().action());
		assertEquals(ModelPackage.read(TestModels.projectDir().resolve("models").resolve("neu-cls"))
			.classes(), e.remedy().classes());
		final CliRun run = CliRun.of("classify", "--model", dir.toString(), TestModels.projectDir()
			.resolve("sample-images/neu-cls/scratches/Sc_1.bmp").toString());
		assertEquals(1, run.code(), run.err());
		assertTrue(run.err().contains("run: strip-steel relabel --model " + dir +
			" --classes crazing,inclusion,patches"), run.err());
		PackageMeaning.relabel(dir, ModelPackage.read(TestModels.projectDir().resolve("models")
			.resolve("neu-cls")).classes());
		assertFalse(ModelPackage.read(dir).json().has("relabelled"), "sealing is not a renaming");
	}

	// -- Helper methods --

	/** A copy of a shipped package's model.json beside a link to its weights, edited. */
	private Path copy(final String model, final UnaryOperator<JsonObject> edit) throws IOException {
		final Path source = TestModels.projectDir().resolve("models").resolve(model);
		final Path dir = Files.createDirectories(tmp.resolve(model + "-" + System.nanoTime()));
		final ModelPackage spec = ModelPackage.read(source);
		Files.createSymbolicLink(dir.resolve(spec.weightsFile().getFileName()), spec.weightsFile()
			.toAbsolutePath());
		JsonObject json = JsonParser.parseString(Files.readString(source.resolve("model.json")))
			.getAsJsonObject();
		if (edit != null) json = edit.apply(json);
		Files.writeString(dir.resolve("model.json"), edit == null ? ModelPackage.toJsonText(json)
			: json.toString());
		return dir;
	}

	private static JsonObject rename(final JsonObject j, final String from, final String to) {
		final JsonArray c = j.getAsJsonArray("classes");
		for (int i = 0; i < c.size(); i++)
			if (c.get(i).getAsString().equals(from)) c.set(i, new com.google.gson.JsonPrimitive(to));
		return j;
	}
}
