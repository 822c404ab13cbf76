package io.github.stripsteel.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.github.stripsteel.preprocess.PreprocessBenchmark;

/** {@code strip-steel bench preprocess [--repeat N] [--ops a,b] [--json FILE]}: timing of the project's parts. */
public final class BenchCliCommand implements CliCommand {

	@Override
	public String name() {
		return "bench";
	}

	@Override
	public String usage() {
		return "bench preprocess [--repeat N] [--ops a,b,...] [--json FILE]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("repeat", "json", "ops"), Set.of());
		if (a.positionals().size() != 1 || !a.positionals().get(0).equals("preprocess")) throw new UsageException(
			"expected the target 'preprocess'");
		final int repeat = a.getInt("repeat", 9);
		if (repeat < 1) throw new UsageException("--repeat must be >= 1, got " + repeat);
		final List<String> only = a.has("ops") ? Arrays.asList(a.get("ops", "").split(",")) : List.of();
		io.out().println(String.format(Locale.ROOT, "%-22s %-10s %7s %10s %10s %10s %6s", "op", "image", "threads",
			"median_ms", "min_ms", "max_ms", "inner"));
		final List<PreprocessBenchmark.Result> results = PreprocessBenchmark.run(repeat, only, r -> io.out().println(
			String.format(Locale.ROOT, "%-22s %-10s %7d %10.4f %10.4f %10.4f %6d", r.op(), r.image(), r.threads(), r
				.msMedian(), r.msMin(), r.msMax(), r.inner())));
		if (a.has("json")) {
			final JsonObject root = new JsonObject();
			root.addProperty("java", System.getProperty("java.version"));
			root.addProperty("processors", Runtime.getRuntime().availableProcessors());
			final JsonArray arr = new JsonArray();
			for (final PreprocessBenchmark.Result r : results) {
				final JsonObject o = new JsonObject();
				o.addProperty("op", r.op());
				o.addProperty("image", r.image());
				o.addProperty("threads", r.threads());
				o.addProperty("us_median", r.msMedian() * 1000);
				o.addProperty("us_min", r.msMin() * 1000);
				o.addProperty("us_max", r.msMax() * 1000);
				o.addProperty("reps", r.reps());
				o.addProperty("inner", r.inner());
				arr.add(o);
			}
			root.add("results", arr);
			Files.writeString(Path.of(a.get("json", null)), new GsonBuilder().setPrettyPrinting().create().toJson(root),
				StandardCharsets.UTF_8);
		}
		return 0;
	}
}
