package io.github.stripsteel.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The training rows of a PyTorch peer benchmark's JSON ({@code ../shared/bench/torch_bench.py} or
 * {@code docs/torch_bench_nowait.py}), so that {@code bench train --peer FILE} prints its figures
 * and the ratio beside each of ours.
 */
final class TrainingPeer {

	/** One training row: architecture, batch, input side, images per second (median). */
	record Row(String arch, int batch, int size, double imagesPerSecond) {}

	private TrainingPeer() {}

	/**
	 * @throws UsageException naming the file when it is not such a JSON file
	 */
	static List<Row> read(final Path file) throws UsageException {
		final JsonObject root;
		try {
			root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
				.getAsJsonObject();
		}
		catch (final IOException | JsonParseException | IllegalStateException e) {
			throw new UsageException("--peer " + file + ": not a readable JSON file (" + e.getMessage() +
				"); give the output of torch_bench.py or docs/torch_bench_nowait.py");
		}
		if (!root.has("training") || !root.get("training").isJsonArray()) throw new UsageException(
			"--peer " + file + ": no \"training\" rows; run the PyTorch bench with its training step");
		final List<Row> rows = new ArrayList<>();
		for (final JsonElement e : root.getAsJsonArray("training")) {
			final JsonObject o = e.getAsJsonObject();
			// torch_bench.py says img_per_s_median and hw, torch_bench_nowait.py the names of ours
			final String speed = o.has("images_per_second_median") ? "images_per_second_median"
				: "img_per_s_median";
			if (!o.has("arch") || !o.has("batch") || !o.has(speed)) throw new UsageException("--peer " +
				file + ": a training row without arch, batch or images per second: " + o);
			rows.add(new Row(o.get("arch").getAsString(), o.get("batch").getAsInt(), o.has("hw") ? o.get(
				"hw").getAsInt() : 200, o.get(speed).getAsDouble()));
		}
		return rows;
	}

	/** The row for this architecture, batch and input side, or null. */
	static Row find(final List<Row> rows, final String arch, final int batch, final int size) {
		for (final Row r : rows)
			if (r.arch().equals(arch) && r.batch() == batch && r.size() == size) return r;
		return null;
	}
}
