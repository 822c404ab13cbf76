package io.github.stripsteel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TestModels;

/** The CLI contract: classify, evaluate, info, usage errors and exit codes. */
class CliTest {

	@TempDir
	static Path tmp;
	static Path model;

	@BeforeAll
	static void writeModel() throws IOException {
		model = tmp.resolve("model");
		TestModels.writeRandomPackage(model, TestModels.NEU_CLASSES, 32);
	}

	record Run(int code, String out, String err) {}

	static Run cli(final String... args) {
		final CliRun run = CliRun.of(args);
		return new Run(run.code(), run.out(), run.err());
	}

	@Test
	void classifyTheSampleImagesWritesCsvAndOverlays() throws IOException {
		final Path samples = TestModels.projectDir().resolve("sample-images");
		final Path out = tmp.resolve("classified");
		final Run run = cli("classify", "--model", model.toString(), "--out", out.toString(), "--top-k",
			"2", "--batch", "5", samples.toString());
		assertEquals(0, run.code(), run.err());
		final List<String> lines = Files.readAllLines(out.resolve("results.csv"));
		assertEquals(BatchClassifier.CSV_HEADER, lines.get(0));
		final long images;
		try (var s = Files.walk(samples)) {
			images = s.filter(p -> p.toString().matches(".*\\.(bmp|jpg|png)$")).count();
		}
		assertEquals(images, lines.size() - 1);
		for (final String line : lines.subList(1, lines.size())) {
			final List<String> cells = BatchClassifier.parseCsvLine(line);
			assertTrue(TestModels.NEU_CLASSES.contains(cells.get(1)), line);
			assertEquals(2, cells.get(3).split(";").length, line);
			assertEquals("ok", cells.get(6), line);
		}
		try (var s = Files.list(out.resolve("overlays"))) {
			assertEquals(images, s.filter(p -> p.toString().endsWith(".overlay.png")).count());
		}
		assertTrue(run.out().contains("predicted_class"), run.out());
	}

	@Test
	void brokenFilesAreRecordedAndTheBatchGoesOn() throws IOException {
		final Path in = Files.createDirectories(tmp.resolve("mixed"));
		Files.copy(TestModels.projectDir().resolve("sample-images/neu-cls/crazing/Cr_1.bmp"), in
			.resolve("good.bmp"));
		Files.write(in.resolve("empty.png"), new byte[0]);
		Files.writeString(in.resolve("text.png"), "hello, not an image");
		final Path out = tmp.resolve("mixed-out");
		final Run run = cli("classify", "--model", model.toString(), "--out", out.toString(), in
			.toString());
		assertEquals(1, run.code(), "a failed file makes the exit code non-zero");
		final String csv = Files.readString(out.resolve("results.csv"));
		assertTrue(csv.contains("good.bmp") && csv.contains(",ok,"), csv);
		assertTrue(csv.contains("empty.png") && csv.contains("text.png"), csv);
		assertEquals(2, csv.lines().skip(1).filter(l -> BatchClassifier.parseCsvLine(l).get(6).equals(
			"error")).count(), csv);
	}

	@Test
	void evaluateWritesMetricsJson() throws IOException {
		final Path out = tmp.resolve("eval");
		final Path data = TestModels.projectDir().resolve("sample-images/neu-cls");
		final Run run = cli("evaluate", "--model", model.toString(), "--data", data.toString(), "--out",
			out.toString());
		assertEquals(0, run.code(), run.err());
		final JsonObject json = JsonParser.parseString(Files.readString(out.resolve("metrics.json")))
			.getAsJsonObject();
		for (final String key : List.of("accuracy", "macro_f1", "gmean", "per_class", "confusion"))
			assertTrue(json.has(key), key);
		assertEquals(18, json.get("samples").getAsInt());
		assertTrue(Files.size(out.resolve("confusion.png")) > 1000);
		assertTrue(run.out().contains("accuracy") && run.out().contains("G-mean") || run.out()
			.contains("gmean"), run.out());
	}

	@Test
	void evaluateRefusesAClassTheModelDoesNotKnow() {
		final Path data = TestModels.projectDir().resolve("sample-images/x-sdd");
		final Run run = cli("evaluate", "--model", model.toString(), "--data", data.toString());
		assertEquals(1, run.code());
		assertTrue(run.err().contains("is not a class of model"), run.err());
	}

	@Test
	void infoNamesEngineAndDevice() {
		final Run run = cli("info", "--model", model.toString());
		assertEquals(0, run.code(), run.err());
		assertTrue(run.out().contains("PyTorch") && run.out().contains("device") && run.out().contains(
			"cpu"), run.out());
	}

	@Test
	void usageErrorsExitWithTwoAndOneLine() {
		final Run unknown = cli("classify", "--modle", "x", "a.png");
		assertEquals(2, unknown.code());
		assertTrue(unknown.err().contains("unknown option --modle"), unknown.err());
		assertEquals(2, cli("frobnicate").code());
		final Run missingModel = cli("classify", "--model", tmp.resolve("absent").toString(), TestModels
			.projectDir().resolve("sample-images").toString());
		assertEquals(1, missingModel.code());
		assertTrue(missingModel.err().contains("absent") && missingModel.err().lines().count() == 1,
			missingModel.err());
	}

	@Test
	void gpuWithoutGpuIsAClearError() {
		org.junit.jupiter.api.Assumptions.assumeTrue(io.github.stripsteel.engine.DeepLearningEngine.get()
			.getGpuCount() == 0, "a GPU is present");
		final Run run = cli("classify", "--model", model.toString(), "--device", "gpu", TestModels
			.projectDir().resolve("sample-images/neu-cls/crazing").toString());
		assertEquals(1, run.code());
		assertTrue(run.err().contains("no CUDA GPU"), run.err());
	}

	static List<String> args(final String... a) {
		return new ArrayList<>(List.of(a));
	}
}
