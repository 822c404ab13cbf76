package io.github.stripsteel.fiji.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.fiji.TestModel;

/**
 * The Macro Recorder round trip in the real Fiji 2.16 GUI (Xvfb): each command is run as a menu
 * click runs it, its SciJava dialog filled with values other than the defaults through its Swing
 * widgets ({@code driver.DialogDriver}) and confirmed with OK; the line the Recorder writes is then
 * replayed as written in a fresh headless Fiji (fresh preferences, so nothing remembered helps),
 * and the replay must give the same result: the same table row, results.csv, new image, metrics,
 * training configuration, written samples. Training runs are tiny (18 images, 1-3 epochs, 32x32).
 * The Train Teacher dialog, its loss plot and a folder run in progress are saved as screenshots
 * under {@code target/gui/}.
 */
class RealFijiRecorderTest {

	private static final Path SHOTS = Path.of(System.getProperty("build.directory", "target"), "gui");

	private static final String TABLE = "io.github.stripsteel.fiji.StripResultsTable";

	@TempDir
	Path tmp;

	/** One command run: macro code before, dialog values, an expression giving the result. */
	private record Step(String id, String before, String label, Map<String, String> values,
		String after, List<Path> outputs, String extra)
	{}

	@Test
	void recordedLinesReplayToTheSameResult() throws Exception {
		RealFijiGuiTest.requireTools();
		final RealFiji fiji = RealFiji.create(tmp);
		fiji.installDialogDriver();
		final Path project = TestModel.projectDir().toAbsolutePath().normalize();
		final Path data = tmp.resolve("data");
		try (DirectoryStream<Path> classes = Files.newDirectoryStream(project.resolve(
			"sample-images/neu-cls")))
		{
			for (final Path c : classes)
				try (Stream<Path> images = Files.list(c)) {
					for (final Path p : (Iterable<Path>) images::iterator)
						Files.copy(p, Files.createDirectories(data.resolve(c.getFileName())).resolve(p
							.getFileName()));
				}
		}
		final Path sample = fiji.app().resolve("samples/strip-steel/neu-cls/crazing/Cr_1.bmp");
		final Path folderOut = tmp.resolve("folder out");
		final Path evalOut = tmp.resolve("evaluation");
		final Path teacher = tmp.resolve("teacher");
		final Path student = tmp.resolve("student");
		final Path gan = tmp.resolve("gan");
		final Path migrated = tmp.resolve("migrated");
		final String open = "close(\"*\"); open(\"" + sample + "\");";
		final Path optionsModel = tmp.resolve("options model");
		copyTree(project.resolve("models/neu-cls"), optionsModel);
		final String row = "call(\"io.github.stripsteel.fiji.StripResultsTable.value\", \"predicted_class\", " +
			"\"-1\") + \" \" + call(\"io.github.stripsteel.fiji.StripResultsTable.value\", \"top_k\", \"-1\")";
		final String tiny = "epochs=1 size=32 batch_size=6 learning_rate=0.01 val_fraction=0.34 seed=7 " +
			"device=cpu";
		final List<Step> steps = List.of( //
			new Step("image", open, "Classify Strip Image", values("top_k=5 device=cpu"), row, List.of(),
				null), //
			new Step("folder", null, "Classify Strip Folder", values("input_folder=" + data +
				"|output_folder=" + folderOut + "|file_filter=*.bmp|batch_size=4|top_k=2|recursive=true"),
				null, List.of(folderOut), "shot-running 1500 classify-folder-running"), //
			new Step("tiles", open, "Classify Strip Tiles", values(
				"tile_size=100 overlap=50 uncertain_below=0.5 top_k=2 device=cpu"), "call(\"" + TABLE +
					".tileCount\") + \" \" + call(\"" + TABLE + ".tileValue\", \"predicted_class\", 8) + " +
					"\" \" + call(\"" + TABLE + ".tileValue\", \"top_k\", 8)", List.of(), null), //
			new Step("options", null, "Strip Steel...", values("model=" + optionsModel +
				"|device=cpu|threads=1"), null, List.of(), null), //
			new Step("preprocess", open, "Preprocess Strip Image", values(
				"operation=gaussian sigma=2 ksize=5"), "getTitle() + \" \" + getValue(\"Mean\") + \" \" + " +
					"Property.get(\"preprocessing\")", List.of(), null), //
			new Step("evaluate", null, "Evaluate Model", values("data_folder=" + data + "|output_folder=" +
				evalOut + "|batch_size=8|device=cpu"), "getTitle() + \" \" + getValue(\"Mean\")", List.of(
					evalOut), null), //
			new Step("info", null, "Strip Steel Engine Info", values("device=cpu"), null, List.of(), null),
			new Step("teacher", null, "Train Teacher (SARSN)", values("data_folder=" + data +
				"|output_folder=" + teacher + "|arch=resnet34|loss=ce|" + tiny.replace("epochs=1", "epochs=3")
					.replace(' ', '|')), null,
				List.of(teacher), "shot train-teacher-dialog"), //
			new Step("plot", null, null, Map.of(), null, List.of(), "shot train-teacher-plot"), //
			new Step("student", null, "Distill Student (RKD)", values("teacher_folder=" + teacher +
				"|data_folder=" + data + "|output_folder=" + student + "|kd_only=true|" + tiny.replace(' ',
					'|')), null, List.of(student), null), //
			new Step("cyclegan", null, "Train CycleGAN (Migration)", values("data_folder=" + data +
				"|source_class=inclusion|target_class=scratches|output_folder=" + gan +
				"|size=32|crop=32|ngf=8|blocks=1|epochs=1|decay_epochs=1|seed=3|device=cpu"), null, List.of(
					gan), null), //
			new Step("migrate", null, "Migrate Samples (CycleGAN)", values("generator_folder=" + gan +
				"|output_folder=" + migrated + "|count=3|device=cpu"), null, List.of(migrated), null));

		// the dialog runs, in the GUI; each dialog's Help button first opens the docs window
		final StringBuilder plan = new StringBuilder();
		for (final Step s : steps) {
			plan.append("step ").append(s.id).append('\n');
			if (s.before != null) plan.append("before ").append(s.before).append('\n');
			if (s.label != null) plan.append("command ").append(s.label).append("\nhelp\n");
			s.values.forEach((k, v) -> plan.append("set ").append(k).append('=').append(v).append('\n'));
			if (s.extra != null) plan.append(s.extra).append('\n');
			if (s.after != null) plan.append("after return ").append(s.after).append(";\n");
		}
		// last, a folder run that Esc in Fiji's main window stops between mini-batches
		final Path many = tmp.resolve("many");
		for (int copy = 0; copy < 40; copy++)
			copyTree(data, many.resolve("copy " + copy));
		final Path escOut = tmp.resolve("esc out");
		plan.append("step escape\ncommand Classify Strip Folder\nset input_folder=").append(many).append(
			"\nset output_folder=").append(escOut).append(
				"\nset batch_size=2\nset recursive=true\nescape-after-rows 2\n");
		final Path planFile = Files.writeString(tmp.resolve("plan.txt"), plan);
		final Path out = tmp.resolve("driver.txt");
		final String[] guiLog = { "" };
		final List<String> driven = RealFijiGuiTest.inGui(fiji, tmp, "started = call(\"" +
			"io.github.stripsteel.fiji.real.driver.DialogDriver.start\", \"" + planFile + "\", \"" + out +
			"\");\n", (display, log) -> {
				final List<String> lines = follow(display, out, log);
				guiLog[0] = Files.readString(log);
				return lines;
			});

		final Map<String, String> recorded = new LinkedHashMap<>();
		final Map<String, String> dialogResults = new LinkedHashMap<>();
		String id = null;
		for (final String line : driven) {
			if (line.startsWith("== ")) id = line.substring(3);
			else if (line.startsWith("recorded ")) recorded.put(id, line.substring(9));
			else if (line.startsWith("result ")) dialogResults.put(id, line.substring(7));
			else if (line.startsWith("error")) fail("dialog driver: " + String.join("\n", driven));
		}

		// Esc stopped the folder run: a warning line, the rows so far kept, not every file done
		assertTrue(driven.contains("escaped"), String.join("\n", driven));
		final long escRows = Files.readAllLines(escOut.resolve("results.csv")).size() - 1;
		assertTrue(escRows < imageCount(many), escRows + " rows of " + imageCount(many));
		assertTrue(guiLog[0].contains("cancelled: ") && guiLog[0].contains("the rows so far are in " +
			escOut.resolve("results.csv")), guiLog[0]);

		// each recorded line names every value the dialog changed; each Help button showed the docs
		for (final Step s : steps) {
			if (s.label == null) continue;
			assertTrue(driven.contains("help-window " + s.label + " - Strip Steel help"), s.id + ": " +
				String.join("\n", driven));
			final String line = recorded.get(s.id);
			assertTrue(line != null && line.startsWith("run(\"" + s.label + "\", \""), s.id + ": " + line);
			for (final Map.Entry<String, String> v : s.values.entrySet())
				assertTrue(line.matches(".*[\" ]" + v.getKey() + "=(\\[" + java.util.regex.Pattern.quote(v
					.getValue()) + "(\\.0)?\\]|" + java.util.regex.Pattern.quote(v.getValue()) +
					"(\\.0)?|" + ")[ \"].*") || v.getValue().equals("true") && line.matches(".*[\" ]" + v
						.getKey() + "[ \"].*"), s.id + ": " + v + " not in " + line);
		}

		// the replay, headless, in a fresh Fiji; the dialog runs' outputs moved aside
		for (final Step s : steps)
			for (final Path o : s.outputs)
				Files.move(o, o.resolveSibling(o.getFileName() + "-dialog"));
		final StringBuilder macro = new StringBuilder();
		for (final Step s : steps) {
			if (s.label == null) continue;
			macro.append("print(\"== ").append(s.id).append("\");\n");
			if (s.before != null) macro.append(s.before).append('\n');
			macro.append(recorded.get(s.id)).append('\n');
			if (s.after != null) macro.append("print(\"result \" + ").append(s.after).append(");\n");
		}
		// Edit > Options > Strip Steel: the replayed line stored the model that Engine Info lists
		macro.append("print(\"== options-check\");\nrun(\"Strip Steel Engine Info\", \"\");\n");
		macro.append("print(\"== end\");\n");
		final RealFiji.Run replay = fiji.runMacro(macro.toString(), "", 15);
		final String output = replay.output();
		for (final Step s : steps)
			if (s.after != null) assertEquals(List.of("result " + dialogResults.get(s.id)), replay
				.section(s.id).stream().filter(l -> l.startsWith("result ")).toList(), s.id + ":\n" +
					output);

		assertEquals(csvWithoutTimes(folderOut.resolveSibling("folder out-dialog")), csvWithoutTimes(
			folderOut), output);
		assertTrue(Files.readAllLines(folderOut.resolve("results.csv")).size() == 19, output);
		assertTrue(java.util.Arrays.equals(Files.readAllBytes(evalOut.resolveSibling("evaluation-dialog")
			.resolve("confusion.png")), Files.readAllBytes(evalOut.resolve("confusion.png"))), output);
		assertTrue(replay.section("info").stream().anyMatch(l -> l.contains("cpu")), output);
		assertTrue(replay.section("options-check").stream().anyMatch(l -> l.contains("options model") &&
			l.contains(optionsModel.toString())), output);
		for (final Path trained : List.of(teacher, student)) {
			assertEquals(Files.readString(trained.resolveSibling(trained.getFileName() + "-dialog")
				.resolve("train-config.json")), Files.readString(trained.resolve("train-config.json")),
				output);
			assertTrue(Files.isRegularFile(trained.resolve("model.json")), trained + ":\n" + output);
		}
		assertEquals(ganSettings(gan.resolveSibling("gan-dialog")), ganSettings(gan), output);
		assertEquals(3, imageCount(migrated), output);
		assertEquals(3, imageCount(migrated.resolveSibling("migrated-dialog")), output);
		assertFalse(output.contains("Exception"), output);
	}

	// -- Helper methods --

	/** {@code key=value} pairs separated by spaces or, when a value has spaces, by {@code |}. */
	private static Map<String, String> values(final String spec) {
		final Map<String, String> m = new LinkedHashMap<>();
		for (final String kv : spec.split(spec.contains("|") ? "\\|" : " "))
			m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		return m;
	}

	/** Follows the driver's output: screenshots on request; returns its lines once done. */
	private static List<String> follow(final String display, final Path out, final Path log)
		throws Exception
	{
		final long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
		int handled = 0;
		while (System.nanoTime() < end) {
			final List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
			for (; handled < lines.size(); handled++)
				if (lines.get(handled).equals("escape")) {
					// a click on the main window's status bar gives it the keyboard, then Esc
					final int[] main = RealFijiGuiTest.geometry(display, RealFijiGuiTest.waitForWindow(display,
						"^ImageJ$", 10));
					RealFijiGuiTest.click(display, main[0] + 60, main[1] + main[3] - 12);
					RealFijiGuiTest.key(display, "Escape");
					RealFijiGuiTest.shot(display, "classify-folder-escape.png");
					Files.writeString(out.resolveSibling("escape.done"), "");
				}
				else if (lines.get(handled).startsWith("shot ")) {
					final String name = lines.get(handled).substring(5);
					RealFijiGuiTest.shot(display, name + ".png");
					Files.writeString(out.resolveSibling(name + ".done"), "");
				}
			if (lines.contains("== done")) return lines;
			Thread.sleep(500);
		}
		RealFijiGuiTest.shot(display, "recorder-timeout.png");
		return fail("the dialog driver did not finish within 15 min; its output:\n" + (Files.exists(out)
			? Files.readString(out) : "(none)") + "\nFiji:\n" + Files.readString(log));
	}

	/** results.csv without its per-image milliseconds (the only column that differs run to run). */
	private static List<String> csvWithoutTimes(final Path dir) throws IOException {
		final List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
		final List<String> header = List.of(lines.get(0).split(",", -1));
		final int ms = header.indexOf("ms");
		final List<String> kept = new ArrayList<>();
		for (final String l : lines) {
			final List<String> cells = new ArrayList<>(List.of(l.split(",", -1)));
			if (ms >= 0 && cells.size() == header.size()) cells.remove(ms);
			kept.add(String.join(",", cells));
		}
		return kept;
	}

	private static long imageCount(final Path dir) throws IOException {
		return RealFijiMacrosTest.imageCount(dir);
	}

	private static void copyTree(final Path from, final Path to) throws IOException {
		try (Stream<Path> s = Files.walk(from)) {
			for (final Path p : (Iterable<Path>) s::iterator)
				if (Files.isDirectory(p)) Files.createDirectories(to.resolve(from.relativize(p).toString()));
				else Files.copy(p, to.resolve(from.relativize(p).toString()));
		}
	}

	/** cyclegan.json without what differs run to run (id with its time, wall time, losses). */
	private static com.google.gson.JsonObject ganSettings(final Path dir) throws IOException {
		final com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files
			.readString(dir.resolve("cyclegan.json"))).getAsJsonObject();
		final com.google.gson.JsonObject kept = new com.google.gson.JsonObject();
		for (final String key : List.of("kind", "source_class", "target_class", "generator"))
			kept.add(key, json.get(key));
		final com.google.gson.JsonObject training = json.getAsJsonObject("training").deepCopy();
		training.remove("wall_seconds");
		kept.add("training", training);
		return kept;
	}
}
