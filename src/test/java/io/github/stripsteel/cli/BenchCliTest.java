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
			"peak_rss_mb", "network" })
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
	void benchTrainTimesTheCycleGanStepAndPutsThePeerBeside(@TempDir final Path tmp) throws Exception {
		final Path json = tmp.resolve("train.json"), peer = tmp.resolve("torch.json");
		// the shape of docs/torch_bench_nowait.py's output
		Files.writeString(peer, "{\"training\": [{\"arch\": \"resnet34\", \"batch\": 2, " +
			"\"images_per_second_median\": 4.0}]}");
		final CliRun run = CliRun.of("bench", "train", "--arch", "resnet34,cyclegan", "--batch", "2",
			"--repeat", "1", "--peer", peer.toString(), "--json", json.toString());
		assertEquals(0, run.code(), run.err());
		final JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		assertEquals(2, root.getAsJsonArray("results").size(), root.toString());
		final JsonObject resnet = root.getAsJsonArray("results").get(0).getAsJsonObject();
		assertEquals(4.0, resnet.get("peer_images_per_second_median").getAsDouble());
		assertEquals(resnet.get("images_per_second_median").getAsDouble() / 4.0, resnet.get(
			"ratio_to_peer").getAsDouble(), 1e-9);
		final JsonObject gan = root.getAsJsonArray("results").get(1).getAsJsonObject();
		assertEquals("cyclegan", gan.get("arch").getAsString());
		// one pair of 64x64 crops per step, as the CycleGAN trains, whatever --batch says
		assertEquals(1, gan.get("batch").getAsInt());
		assertEquals(64, gan.get("size").getAsInt());
		assertTrue(gan.get("seconds_per_step_median").getAsDouble() > 0, gan.toString());
		assertTrue(!gan.has("ratio_to_peer"), gan.toString());
		assertTrue(run.out().contains("cyclegan") && run.out().contains("ratio"), run.out());
	}

	@Test
	void aPeerFileWithoutTrainingRowsIsAUsageError(@TempDir final Path tmp) throws Exception {
		final Path peer = tmp.resolve("torch.json");
		Files.writeString(peer, "{\"inference\": []}");
		final CliRun run = CliRun.of("bench", "train", "--peer", peer.toString());
		assertEquals(2, run.code());
		assertTrue(run.err().contains(peer.toString()) && run.err().contains("training"), run.err());
	}

	@Test
	void unknownTargetIsAUsageError() {
		final CliRun run = CliRun.of("bench", "network");
		assertEquals(2, run.code());
		assertTrue(run.err().contains("preprocess, model or train"), run.err());
	}
}
