package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;

import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.testutil.TestModels;
import io.github.stripsteel.testutil.TextureDataset;

/**
 * The reproduction scripts of the shipped models, run end to end on a small texture dataset with
 * one epoch a step at 24x24: both steps run with the options the script gives (the teacher's test
 * part matching the student's), the package records the script, the test part and the weight
 * average, and running the script again keeps the finished steps.
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

	/** Runs the script with one epoch a step; returns its log (stdout and stderr). */
	private Path run(final String script, final Path data, final Path runs) throws Exception {
		final Path log = Files.createTempFile(tmp, "script", ".log");
		final ProcessBuilder pb = new ProcessBuilder("bash", "scripts/" + script).directory(TestModels
			.projectDir().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
		final Map<String, String> env = pb.environment();
		env.put("DATA", data.toString());
		env.put("RUNS", runs.toString());
		env.put("EPOCHS", "1");
		env.put("SIZE", "24");
		env.put("BATCH", "8");
		env.put("STRIP_STEEL", cliWrapper().toString());
		final int code = pb.start().waitFor();
		assertEquals(0, code, () -> script + " failed:\n" + read(log));
		return log;
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
