package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.testutil.TestModels;
import io.github.stripsteel.testutil.TextureDataset;

/**
 * The reproduction scripts of the shipped models, run end to end on a small texture dataset with
 * one epoch a step at 24x24: both steps run with the options the script gives (the teacher's test
 * part matching the student's), the package records the script, the test part and the weight
 * average, and running the script again keeps the finished steps. The method parts' script runs
 * its seven configurations by 2-fold cross-validation the same way, or the configurations and folds
 * it is asked for with the teachers their students need.
 */
class TrainingScriptsTest {

	@TempDir
	Path tmp;

	@ParameterizedTest
	@ValueSource(strings = { "train-neu-cls.sh", "train-x-sdd.sh" })
	void theScriptTrainsTeacherThenStudentAndPackagesIt(final String script) throws Exception {
		final Path data = TextureDataset.write(tmp.resolve("data"), 20);
		final Path runs = tmp.resolve("runs");
		final Path first = run(script, data, runs);
		final String log = Files.readString(first);

		final String name = script.replace("train-", "").replace(".sh", "");
		final ModelPackage student = ModelPackage.read(runs.resolve(name + "-package"));
		final JsonObject training = student.training();
		assertEquals("scripts/" + script, student.json().getAsJsonObject("lineage").get("script")
			.getAsString());
		assertEquals("rkd", training.get("method").getAsString());
		assertEquals("last", training.get("keep").getAsString());
		assertEquals(0.998, training.get("ema").getAsDouble(), 1e-6);
		assertEquals(0.1, training.get("val_fraction").getAsDouble(), 1e-12);
		assertEquals(0.2, training.get("test_fraction").getAsDouble(), 1e-12);
		// 20 a class: 2 validate, 4 are the test part, measured once on the package
		assertEquals(12, student.testMetrics().get("samples").getAsInt());
		assertTrue(student.testMetrics().has(ModelPackage.TRAINED_WEIGHTS));
		final ModelPackage teacher = ModelPackage.read(runs.resolve(name + "-teacher"));
		assertEquals("sarsn34", teacher.architecture());
		assertEquals(0.2, teacher.training().get("test_fraction").getAsDouble(), 1e-12, log);

		final String again = Files.readString(run(script, data, runs));
		assertTrue(again.contains("-teacher: done (1 epochs), kept") && again.contains(
			"-student: done (1 epochs), kept"), again);
	}

	@Test
	void theMethodPartsScriptCrossValidatesEachConfigurationOnItsOwnFolds() throws Exception {
		final Path data = TextureDataset.write(tmp.resolve("data"), 8);
		final Path runs = tmp.resolve("runs");
		final Map<String, String> env = Map.of("K", "2", "GAN_EPOCHS", "1", "GAN_SIZE", "32",
			"GAN_CROP", "32", "GAN_NGF", "4", "GAN_BLOCKS", "1", "COUNT", "4", "PROTOCOL", "custom",
			"SOURCE", "horizontal", "TARGET", "vertical");
		final String log = Files.readString(run("method-parts.sh", data, runs, env));
		final Path parts = runs.resolve("method-parts");
		final List<String> configs = List.of("sarsn34-adaptive", "rkd-of-sarsn34", "resnet34-adaptive",
			"sarsn34-ce", "kd-of-sarsn34", "rkd-of-resnet34", "sarsn34-adaptive-cyclegan");
		final Map<String, String> teachers = Map.of("rkd-of-sarsn34", "sarsn34-adaptive",
			"kd-of-sarsn34", "sarsn34-adaptive", "rkd-of-resnet34", "resnet34-adaptive");
		for (final String config : configs)
			for (int fold = 0; fold < 2; fold++) {
				final ModelPackage model = ModelPackage.read(parts.resolve(config).resolve("fold-" + fold));
				final JsonObject training = model.training();
				assertEquals(2, training.get("folds").getAsInt(), config);
				assertEquals(fold, training.get("fold").getAsInt(), config);
				assertEquals("last", training.get("keep").getAsString(), config);
				final JsonObject lineage = model.json().getAsJsonObject("lineage");
				if (teachers.containsKey(config)) assertEquals(parts.resolve(teachers.get(config)).resolve(
					"fold-" + fold).toString(), lineage.getAsJsonObject("teacher").get("path").getAsString(),
					config);
				if (config.startsWith("kd-")) assertEquals("kd", training.get("method").getAsString());
				if (!config.endsWith("-cyclegan")) continue;
				// the teacher of fold I adds the samples of the generator of fold I
				assertEquals(parts.resolve("samples/fold-" + fold).toString(), training.get("migrated")
					.getAsString());
				final JsonObject samples = lineage.getAsJsonArray("migrated_samples").get(0)
					.getAsJsonObject();
				assertEquals(parts.resolve("gan/fold-" + fold).toString(), samples.get("path").getAsString());
				assertEquals(4, samples.get("samples").getAsInt());
				final JsonObject gan = JsonParser.parseString(Files.readString(parts.resolve("gan/fold-" +
					fold + "/cyclegan.json"))).getAsJsonObject().getAsJsonObject("training");
				assertEquals(2, gan.get("folds").getAsInt());
				assertEquals(fold, gan.get("fold").getAsInt());
			}
		// the closing block: each configuration under its heading with the mean and spread
		final String summary = log.substring(log.indexOf("== Method parts: 2-fold"));
		final String[] sections = summary.split("\n-- ");
		assertEquals(configs.size() + 1, sections.length, summary);
		for (int c = 0; c < configs.size(); c++) {
			assertTrue(sections[c + 1].startsWith(configs.get(c) + " "), sections[c + 1]);
			assertTrue(sections[c + 1].contains("std over 2 of 2 folds: accuracy"), sections[c + 1]);
		}

		final String again = Files.readString(run("method-parts.sh", data, runs, env));
		final List<String> steps = again.lines().filter(l -> l.startsWith("step ")).toList();
		assertEquals(7 * 2 + 2 * 2, steps.size(), again);
		assertTrue(steps.stream().allMatch(l -> l.endsWith(", kept")), again);
	}

	@Test
	void theMethodPartsScriptRunsTheNamedPartsAndFoldsWithTheTeachersTheirStudentsNeed()
		throws Exception
	{
		final Path data = TextureDataset.write(tmp.resolve("data"), 8);
		final Path runs = tmp.resolve("runs");
		final Path parts = runs.resolve("method-parts");
		// given out of order, the student without its teacher, and one fold of two
		final Map<String, String> env = Map.of("K", "2", "PROTOCOL", "custom", "PARTS",
			"rkd-of-resnet34 sarsn34-ce");
		final Map<String, String> fold1 = new HashMap<>(env);
		fold1.put("FOLDS", "1");
		final String log = Files.readString(run("method-parts.sh", data, runs, fold1));
		final List<String> ran = List.of("resnet34-adaptive", "sarsn34-ce", "rkd-of-resnet34");
		try (Stream<Path> dirs = Files.list(parts)) {
			assertEquals(Set.copyOf(ran), dirs.map(d -> d.getFileName().toString()).collect(Collectors
				.toSet()), log);
		}
		for (final String config : ran)
			try (Stream<Path> dirs = Files.list(parts.resolve(config))) {
				assertEquals(List.of("fold-1"), dirs.map(d -> d.getFileName().toString()).toList(), log);
			}
		final String summary = log.substring(log.indexOf("== Method parts: 2-fold"));
		assertEquals(ran, summary.lines().filter(l -> l.startsWith("-- ")).map(l -> l.substring(3, l
			.indexOf(' ', 3))).toList(), summary);
		assertEquals(3, summary.split("over 1 of 2 folds", -1).length - 1, summary);

		// the other fold later: the finished one is kept
		final String rest = Files.readString(run("method-parts.sh", data, runs, env));
		final List<String> steps = rest.lines().filter(l -> l.startsWith("step ")).toList();
		assertEquals(6, steps.size(), rest);
		assertEquals(3, steps.stream().filter(l -> l.contains("/fold-1: done")).count(), rest);
		final String closing = rest.substring(rest.indexOf("== Method parts: 2-fold"));
		assertEquals(3, closing.split("over 2 of 2 folds", -1).length - 1, closing);

		final Path wrong = tmp.resolve("wrong.log");
		assertEquals(2, start("method-parts.sh", data, runs, Map.of("PARTS", "sarsn34-adaptive rkd"),
			wrong).waitFor());
		assertTrue(read(wrong).contains("PARTS names 'rkd', which is none of: sarsn34-adaptive " +
			"rkd-of-sarsn34"), read(wrong));
		assertEquals(2, start("method-parts.sh", data, runs, Map.of("K", "2", "FOLDS", "2"), wrong)
			.waitFor());
		assertTrue(read(wrong).contains("FOLDS names a fold outside 0..1: '2'"), read(wrong));
	}

	/** Runs the script with one epoch a step; returns its log (stdout and stderr). */
	private Path run(final String script, final Path data, final Path runs) throws Exception {
		return run(script, data, runs, Map.of());
	}

	/** The same with more environment variables. */
	private Path run(final String script, final Path data, final Path runs,
		final Map<String, String> more) throws Exception
	{
		final Path log = Files.createTempFile(tmp, "script", ".log");
		final int code = start(script, data, runs, more, log).waitFor();
		assertEquals(0, code, () -> script + " failed:\n" + read(log));
		return log;
	}

	/** Starts the script with one epoch a step, its stdout and stderr into {@code log}. */
	private Process start(final String script, final Path data, final Path runs,
		final Map<String, String> more, final Path log) throws IOException
	{
		final ProcessBuilder pb = new ProcessBuilder("bash", "scripts/" + script).directory(TestModels
			.projectDir().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
		final Map<String, String> env = pb.environment();
		env.put("DATA", data.toString());
		env.put("RUNS", runs.toString());
		env.put("EPOCHS", "1");
		env.put("SIZE", "24");
		env.put("BATCH", "8");
		env.put("STRIP_STEEL", cliWrapper().toString());
		env.putAll(more);
		return pb.start();
	}

	/** A command that runs this build's command line in a new JVM (the script's STRIP_STEEL). */
	private Path cliWrapper() throws IOException {
		final Path wrapper = tmp.resolve("strip-steel");
		if (Files.exists(wrapper)) return wrapper;
		final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Files.writeString(wrapper, "#!/bin/sh\nexec '" + java + "' -Xmx2g -Djava.awt.headless=true " +
			"--add-modules jdk.incubator.vector -cp '" + System.getProperty("java.class.path") +
			"' io.github.stripsteel.cli.StripSteelCli \"$@\"\n");
		Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
		return wrapper;
	}

	private static String read(final Path file) {
		try {
			return Files.readString(file);
		}
		catch (final IOException e) {
			return "(log unreadable: " + e.getMessage() + ")";
		}
	}
}
