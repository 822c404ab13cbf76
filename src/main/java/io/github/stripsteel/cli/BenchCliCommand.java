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

import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.eval.ModelBenchmark;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.migrate.CycleGanBenchmark;
import io.github.stripsteel.model.TestTimeAugmentation;
import io.github.stripsteel.preprocess.PreprocessBenchmark;
import io.github.stripsteel.train.TrainingBenchmark;

/**
 * {@code strip-steel bench preprocess|model|train}: timing of the project's parts (docs/PERFORMANCE.md
 * compares them with PyTorch's on the same machine).
 */
public final class BenchCliCommand implements CliCommand {

	@Override
	public String name() {
		return "bench";
	}

	@Override
	public String usage() {
		return "bench preprocess [--repeat N] [--ops a,b,...] [--json FILE]\n" +
			"  bench model [--model DIR] [--images DIR] [--batch 1,32] [--tta none|dihedral8] [--repeat N] [--json FILE]\n" +
			"  bench train [--arch resnet34,sarsn34,cyclegan] [--batch 32] [--repeat N] [--peer TORCH_JSON] [--json FILE]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("repeat", "json", "ops", "model", "images", "batch",
			"tta", "arch", "peer"), Set.of());
		final String target = a.positionals().size() == 1 ? a.positionals().get(0) : "";
		final JsonObject root;
		switch (target) {
			case "preprocess":
				root = preprocess(a, io);
				break;
			case "model":
				root = model(a, io);
				break;
			case "train":
				root = train(a, io);
				break;
			default:
				throw new UsageException("expected one target: preprocess, model or train");
		}
		if (a.has("json")) Files.writeString(Path.of(a.get("json", null)), new GsonBuilder()
			.setPrettyPrinting().create().toJson(root), StandardCharsets.UTF_8);
		return 0;
	}

	/** Comma-separated positive whole numbers. */
	static int[] ints(final CliArgs a, final String key, final String defaultValue) throws UsageException {
		try {
			return Arrays.stream(a.get(key, defaultValue).split(",")).mapToInt(s -> Integer.parseInt(s
				.trim())).toArray();
		}
		catch (final NumberFormatException e) {
			throw new UsageException("--" + key + " needs whole numbers separated by commas, got '" + a.get(
				key, defaultValue) + "'");
		}
	}

	static int repeat(final CliArgs a, final int defaultValue) throws UsageException {
		final int repeat = a.getInt("repeat", defaultValue);
		if (repeat < 1) throw new UsageException("--repeat must be >= 1, got " + repeat);
		return repeat;
	}

	// -- Helper methods --

	private static JsonObject model(final CliArgs a, final CliIO io) throws Exception {
		final Path modelDir = a.path("model", ModelLocations.defaultModel());
		final Path images = a.path("images", defaultImages());
		final TestTimeAugmentation tta;
		try {
			tta = a.has("tta") ? TestTimeAugmentation.parse(a.get("tta", null)) : null;
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--tta: " + e.getMessage());
		}
		final List<Path> files = ImageFiles.collect(List.of(images), true);
		io.out().println(String.format(Locale.ROOT, "%5s %-9s %12s %10s %10s %10s %14s %12s %12s", "batch",
			"tta", "net_ms/img", "min", "max", "img/s", "e2e_ms/img", "faults/img", "cpu_ms/img"));
		final ModelBenchmark.Report report = ModelBenchmark.run(modelDir, files, ints(a, "batch", "1,32"),
			tta, repeat(a, 15), r -> io.out().println(String.format(Locale.ROOT,
				"%5d %-9s %12.2f %10.2f %10.2f %10.1f %14.2f %12.0f %12.2f", r.batch(), r.tta(), r.msMedian(),
				r.msMin(), r.msMax(), r.imagesPerSecondMedian(), r.endToEndMsMedian(), r
					.minorFaultsPerImage(), r.callerCpuMsMedian())));
		io.out().println(String.format(Locale.ROOT,
			"first image %.0f ms (engine + model load + 1 file; JVM up %.0f ms by then), peak RSS %.0f MB",
			report.firstImageMs(), report.jvmUptimeAtFirstImageMs(), report.peakRssMb()));
		io.out().println("threads " + report.threads() + " intra-op, " + report.interopThreads() +
			" inter-op; allocator " + report.allocator() + "; network " + report.network());
		final JsonObject root = new JsonObject();
		root.addProperty("model", report.model());
		root.addProperty("model_dir", modelDir.toAbsolutePath().normalize().toString());
		root.addProperty("images", images.toAbsolutePath().normalize().toString());
		root.addProperty("device", report.device());
		root.addProperty("network", report.network());
		root.addProperty("threads", report.threads());
		root.addProperty("interop_threads", report.interopThreads());
		root.addProperty("allocator", report.allocator());
		final JsonArray arr = new JsonArray();
		for (final ModelBenchmark.Result r : report.results()) {
			final JsonObject o = new JsonObject();
			o.addProperty("batch", r.batch());
			o.addProperty("tta", r.tta());
			o.addProperty("ms_per_image_median", r.msMedian());
			o.addProperty("ms_per_image_min", r.msMin());
			o.addProperty("ms_per_image_max", r.msMax());
			o.addProperty("images_per_second_median", r.imagesPerSecondMedian());
			o.addProperty("end_to_end_ms_per_image_median", r.endToEndMsMedian());
			o.addProperty("end_to_end_ms_per_image_min", r.endToEndMsMin());
			o.addProperty("end_to_end_ms_per_image_max", r.endToEndMsMax());
			o.addProperty("samples", r.samples());
			o.addProperty("network_minor_page_faults_per_image", r.minorFaultsPerImage());
			o.addProperty("caller_cpu_ms_per_image_median", r.callerCpuMsMedian());
			arr.add(o);
		}
		root.add("results", arr);
		root.addProperty("first_image_ms", report.firstImageMs());
		root.addProperty("first_image_note", "engine start + model load + one file, timed inside a " +
			"fresh JVM from the start of the benchmark");
		root.addProperty("jvm_uptime_at_first_image_ms", report.jvmUptimeAtFirstImageMs());
		root.addProperty("peak_rss_mb", report.peakRssMb());
		root.addProperty("java", System.getProperty("java.version"));
		root.addProperty("processors", Runtime.getRuntime().availableProcessors());
		return root;
	}

	private static JsonObject train(final CliArgs a, final CliIO io) throws Exception {
		final int repeat = repeat(a, 5);
		final int[] batches = ints(a, "batch", "32");
		final List<TrainingPeer.Row> peer = a.has("peer") ? TrainingPeer.read(a.path("peer", null)) : List
			.of();
		io.out().println(String.format(Locale.ROOT, "%-10s %5s %5s %10s %10s %10s %8s%s", "arch", "batch",
			"size", "s/step", "min", "max", "img/s", peer.isEmpty() ? "" : String.format(Locale.ROOT,
				" %12s %7s", "peer_img/s", "ratio")));
		final JsonArray arr = new JsonArray();
		String allocator = null;
		double peak = 0;
		for (final String name : a.get("arch", "resnet34").split(",")) {
			final String arch = name.trim();
			final boolean cycleGan = CycleGanBenchmark.ARCH.equals(arch);
			// the CycleGAN trains on one pair of crops per step, whatever --batch says
			final int[] sizes = cycleGan ? new int[] { 1 } : batches;
			for (final int batch : sizes) {
				final TrainingBenchmark.Result r;
				try {
					r = cycleGan ? CycleGanBenchmark.run(repeat)
						: TrainingBenchmark.run(arch, batch, 200, repeat);
				}
				catch (final IllegalArgumentException e) {
					throw new UsageException(e.getMessage());
				}
				final TrainingPeer.Row match = TrainingPeer.find(peer, r.arch(), r.batch(), r.size());
				io.out().println(String.format(Locale.ROOT, "%-10s %5d %5d %10.3f %10.3f %10.3f %8.2f%s", r
					.arch(), r.batch(), r.size(), r.secondsMedian(), r.secondsMin(), r.secondsMax(), r
						.imagesPerSecondMedian(), peer.isEmpty() ? "" : match == null ? String.format(
							Locale.ROOT, " %12s %7s", "-", "-") : String.format(Locale.ROOT, " %12.2f %6.2fx",
								match.imagesPerSecond(), r.imagesPerSecondMedian() / match.imagesPerSecond())));
				final JsonObject o = new JsonObject();
				o.addProperty("arch", r.arch());
				o.addProperty("batch", r.batch());
				o.addProperty("size", r.size());
				o.addProperty("seconds_per_step_median", r.secondsMedian());
				o.addProperty("seconds_per_step_min", r.secondsMin());
				o.addProperty("seconds_per_step_max", r.secondsMax());
				o.addProperty("images_per_second_median", r.imagesPerSecondMedian());
				o.addProperty("samples", r.samples());
				o.addProperty("step", cycleGan
					? "two generators and two discriminators, Adam (beta1 0.5), one 1x" + r.size() + "x" + r
						.size() + " crop of each domain"
					: "forward, softmax cross entropy, backward, momentum SGD (0.9, weight decay 5e-4)");
				if (match != null) {
					o.addProperty("peer_images_per_second_median", match.imagesPerSecond());
					o.addProperty("ratio_to_peer", r.imagesPerSecondMedian() / match.imagesPerSecond());
				}
				arr.add(o);
				allocator = r.allocator();
				peak = Math.max(peak, r.peakRssMb());
			}
		}
		io.out().println("threads " + DeepLearningEngine.threads() + " intra-op, " + DeepLearningEngine
			.interopThreads() + " inter-op; allocator " + allocator + "; peak RSS " + Math.round(peak) +
			" MB");
		final JsonObject root = new JsonObject();
		root.addProperty("threads", DeepLearningEngine.threads());
		root.addProperty("interop_threads", DeepLearningEngine.interopThreads());
		root.addProperty("allocator", allocator);
		root.addProperty("optimizer", "momentum SGD (0.9, weight decay 5e-4), softmax cross entropy");
		if (a.has("peer")) root.addProperty("peer", a.path("peer", null).toAbsolutePath().toString());
		root.add("results", arr);
		root.addProperty("peak_rss_mb", peak);
		root.addProperty("java", System.getProperty("java.version"));
		return root;
	}

	/** The sample images next to the installation (set by bin/strip-steel), else ./sample-images. */
	private static Path defaultImages() {
		final String home = System.getProperty("strip.steel.home");
		return home != null ? Path.of(home, "sample-images", "neu-cls") : Path.of("sample-images",
			"neu-cls");
	}

	private static JsonObject preprocess(final CliArgs a, final CliIO io) throws Exception {
		final int repeat = repeat(a, 9);
		final List<String> only = a.has("ops") ? Arrays.asList(a.get("ops", "").split(",")) : List.of();
		io.out().println(String.format(Locale.ROOT, "%-22s %-10s %7s %10s %10s %10s %6s", "op", "image",
			"threads", "median_ms", "min_ms", "max_ms", "inner"));
		final List<PreprocessBenchmark.Result> results = PreprocessBenchmark.run(repeat, only, r -> io.out()
			.println(String.format(Locale.ROOT, "%-22s %-10s %7d %10.4f %10.4f %10.4f %6d", r.op(), r
				.image(), r.threads(), r.msMedian(), r.msMin(), r.msMax(), r.inner())));
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
		return root;
	}
}
