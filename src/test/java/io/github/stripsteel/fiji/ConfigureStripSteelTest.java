package io.github.stripsteel.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.prefs.PrefService;
import org.scijava.task.TaskService;

import ij.IJ;
import ij.ImagePlus;
import io.github.stripsteel.fiji.command.StripSteelOptions;

/**
 * Edit > Options > Strip Steel... through CommandService with its macro keys: the stored model and
 * device become the defaults of the other commands; a run that names one key keeps the others.
 * Runs only with an isolated preferences root (the test JVM's {@code java.util.prefs.userRoot}
 * under {@code target/}), and forgets what it stored.
 */
class ConfigureStripSteelTest {

	private static final String THREADS = "ai.djl.pytorch.num_threads";

	@TempDir
	static Path tmp;

	static Path model;

	@BeforeAll
	static void isolatedPreferences() throws Exception {
		final String root = System.getProperty("java.util.prefs.userRoot");
		assertTrue(root != null && Path.of(root).toAbsolutePath().startsWith(TestModel.projectDir()
			.resolve("target").toAbsolutePath()), "preferences must be isolated under target/, got " +
				root + " (pom.xml argLine)");
		model = TestModel.write(tmp.resolve("options model"));
	}

	@AfterAll
	static void closeCache() {
		ClassifierCache.get().close();
	}

	@Test
	void storedModelAndDeviceAreTheCommandsDefaults() throws Exception {
		try (Context context = new Context(CommandService.class, LogService.class, StatusService.class,
			TaskService.class, PrefService.class))
		{
			final PrefService prefs = context.service(PrefService.class);
			final String threads = System.getProperty(THREADS);
			try {
				prefs.clear(StripSteelOptions.class);
				final Module stored = CommandsTest.run(context, ConfigureStripSteel.class, Map.of("model",
					model.toFile(), "device", "cpu", "threads", 0));
				assertFalse(((Cancelable) stored).isCanceled(), () -> ((Cancelable) stored)
					.getCancelReason());
				final StripSteelOptions options = new StripSteelOptions(prefs);
				assertEquals(model.toString(), options.storedModel());
				assertEquals("cpu", options.device());

				// Classify Strip Image with model and device left empty (as a macro without those
				// keys leaves them, MacroDefaults): the stored ones
				final ImagePlus imp = IJ.openImage(TestModel.sample("crazing", "Cr_1.bmp").toString());
				final Map<String, Object> unset = new HashMap<>();
				unset.put("model", null);
				unset.put("device", "default");
				final Map<String, Object> inputs = new HashMap<>(unset);
				inputs.putAll(Map.of("imp", imp, "top_k", 2));
				final Module c = CommandsTest.run(context, ClassifyStripImage.class, inputs);
				assertFalse(((Cancelable) c).isCanceled(), () -> ((Cancelable) c).getCancelReason());
				assertEquals("test-resnet34-6-32", StripResultsTable.value("model", "-1"));
				final Module info = CommandsTest.run(context, StripSteelEngineInfo.class, unset);
				final String report = (String) info.getOutput("report");
				assertTrue(report.contains("chosen model  " + model.toAbsolutePath()), report);
				assertTrue(report.contains("options model " + model), report);

				// a run naming one key keeps the stored others
				CommandsTest.run(context, ConfigureStripSteel.class, Map.of("threads", 2));
				assertEquals(model.toString(), options.storedModel());
				assertEquals("cpu", options.device());
				assertEquals(2, options.threads());

				// a model folder that does not exist: refused with one line, nothing stored
				final Module m = CommandsTest.run(context, ConfigureStripSteel.class, Map.of("model",
					new File(tmp.toFile(), "no such folder")));
				final String why = ((Cancelable) m).getCancelReason();
				assertTrue(why.contains("no such folder") && !why.contains("\n"), why);
				assertEquals(model.toString(), options.storedModel());
				assertEquals("2", System.getProperty(THREADS), "the stored threads go to the engine's " +
					"setting when a command runs");
			}
			finally {
				prefs.clear(StripSteelOptions.class);
				if (threads == null) System.clearProperty(THREADS);
				else System.setProperty(THREADS, threads);
			}
		}
	}
}
