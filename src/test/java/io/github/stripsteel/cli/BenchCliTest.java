package io.github.stripsteel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TestModels;

/**
 * {@code bench model} and {@code bench train} run and write the documented JSON keys (figures only,
 * no timing assertions: docs/PERFORMANCE.md holds the measurements).
 */
class BenchCliTest {

	@Test
	void benchModelWritesTheDocumentedKeys(@TempDir final Path tmp) throws Exception {
		final Path json = tmp.resolve("bench.json");
		final Path root = TestModels.projectDir();
		final CliRun run = CliRun.of("bench", "model", "--model", root.resolve("models/neu-cls").toString(),
			"--images", root.resolve("sample-images/neu-cls").toString(), "--tta", "none", "--batch", "1,2",
			"--repeat", "1", "--json", json.toString());
		assertEquals(0, run.code(), run.err());
		final JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		for (final String key : new String[] { "model", "threads", "allocator", "results", "first_image_ms",
			"peak_rss_mb" })
			assertTrue(o.has(key), key + " missing in " + o);
		assertEquals(2, o.getAsJsonArray("results").size());
		final JsonObject r = o.getAsJsonArray("results").get(1).getAsJsonObject();
		assertEquals(2, r.get("batch").getAsInt());
		assertEquals("none", r.get("tta").getAsString());
		for (final String key : new String[] { "ms_per_image_median", "ms_per_image_min",
			"ms_per_image_max", "images_per_second_median", "end_to_end_ms_per_image_median" })
			assertTrue(r.get(key).getAsDouble() > 0, key + " in " + r);
		assertTrue(run.out().contains("allocator"), run.out());
	}

	@Test
	void benchTrainTimesATrainingStep(@TempDir final Path tmp) throws Exception {
		final Path json = tmp.resolve("train.json");
		final CliRun run = CliRun.of("bench", "train", "--arch", "resnet34", "--batch", "2", "--repeat",
			"1", "--json", json.toString());
		assertEquals(0, run.code(), run.err());
		final JsonObject r = JsonParser.parseString(Files.readString(json)).getAsJsonObject()
			.getAsJsonArray("results").get(0).getAsJsonObject();
		assertEquals("resnet34", r.get("arch").getAsString());
		assertTrue(r.get("images_per_second_median").getAsDouble() > 0, r.toString());
	}

	@Test
	void unknownTargetIsAUsageError() {
		final CliRun run = CliRun.of("bench", "network");
		assertEquals(2, run.code());
		assertTrue(run.err().contains("preprocess, model or train"), run.err());
	}
}
