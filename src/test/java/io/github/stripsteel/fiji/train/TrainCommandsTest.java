package io.github.stripsteel.fiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.task.TaskService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.gui.Plot;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.testutil.TextureDataset;
import io.github.stripsteel.train.TrainingListener;

/**
 * The training commands through CommandService with exactly the keys a macro uses, on 24 tiny
 * textures (18 train, 6 val: 2 steps of 8 an epoch).
 */
class TrainCommandsTest {

	@TempDir
	static Path tmp;

	static Path data;
	private static Module teacherModule;

	@BeforeAll
	static void dataset() throws IOException {
		data = TextureDataset.write(tmp.resolve("data set"), 8);
	}

	@Test
	void trainTeacherWritesAPackageAndPlotsEachEpoch() throws Exception {
		final Module m = teacher();
		assertFalse(((Cancelable) m).isCanceled(), () -> ((Cancelable) m).getCancelReason());
		final Path out = tmp.resolve("teacher");
		assertEquals(out.toAbsolutePath().toString(), m.getOutput("model_folder"));
		final ModelPackage model = ModelPackage.read(out);
		assertEquals("sarsn34", model.architecture());
		assertEquals(TextureDataset.CLASSES, model.classes());
		assertEquals("adaptive", model.training().get("method").getAsString());
		final double acc = (Double) m.getOutput("val_accuracy");
		assertTrue(acc >= 0 && acc <= 1, "val_accuracy " + acc);
		assertEquals(model.metrics().get("gmean").getAsDouble(), (Double) m.getOutput("val_gmean"),
			1e-12);
		assertEquals(2, Files.readAllLines(out.resolve("log.csv")).size()); // header + 1 epoch
		assertTrue(Files.exists(out.resolve("curves.png")));
		assertTrue(Files.exists(out.resolve("checkpoints/latest.json")));
		assertTrue(Files.exists(out.resolve("checkpoints/epoch-001.weights")));

		final Plot plot = ((TrainTeacher) ((CommandModule) m).getCommand()).plot();
		assertNotNull(plot);
		assertEquals(4, plot.getNumPlotObjects());
		assertEquals(1, plot.getXValues().length);
	}

	@Test
	void aTestPartIsMeasuredOnceAndAStudentNeedsItsTeachersTestPart() throws Exception {
		teacher();
		final Path out = tmp.resolve("with test part");
		final Map<String, Object> inputs = teacherInputs(out, "resnet34", 1);
		inputs.put("test_fraction", 0.25); // 8 a class: 2 validate, 2 are held out, 4 train
		try (Context context = context()) {
			final Module m = run(context, TrainTeacher.class, inputs);
			assertFalse(((Cancelable) m).isCanceled(), () -> ((Cancelable) m).getCancelReason());
			final JsonObject test = ModelPackage.read(out).testMetrics();
			assertEquals(6, test.get("samples").getAsInt());
			assertEquals(test.get("accuracy").getAsDouble(), (Double) m.getOutput("test_accuracy"), 1e-12);
			assertEquals(test.get("gmean").getAsDouble(), (Double) m.getOutput("test_gmean"), 1e-12);

			// the teacher of the other tests held out no test part: a student that holds one out
			// would learn from a teacher that trained on its test images
			final Map<String, Object> student = new HashMap<>(Map.of("teacher_folder", tmp.resolve(
				"teacher").toFile(), "data_folder", data.toFile(), "output_folder", tmp.resolve(
					"refused student").toFile(), "epochs", 1, "size", 24, "batch_size", 8, "learning_rate",
				0.01, "protocol", "custom", "seed", 42, "device", "cpu"));
			student.putAll(Map.of("val_fraction", 0.25, "test_fraction", 0.25, "resume", false));
			final Module refused = run(context, DistillStudent.class, student);
			assertTrue(((Cancelable) refused).isCanceled());
			final String why = ((Cancelable) refused).getCancelReason();
			assertTrue(why.contains("train the teacher with the same val_fraction, test_fraction and " +
				"seed"), why);
		}
	}

	@Test
	void cancelKeepsTheLastCheckpointAndResumeCompletes() throws Exception {
		final Path out = tmp.resolve("cancelled");
		final Map<String, Object> inputs = teacherInputs(out, "resnet34", 2);
		inputs.put("loss", "ce");
		try (Context context = context()) {
			final List<String> warnings = new CopyOnWriteArrayList<>();
			context.service(LogService.class).addLogListener(msg -> {
				if (msg.level() == LogLevel.WARN) warnings.add(msg.text());
			});
			final Module module = context.service(ModuleService.class).createModule(context.service(
				CommandService.class).getCommand(TrainTeacher.class));
			final TrainTeacher command = (TrainTeacher) ((CommandModule) module).getCommand();
			final int[] steps = { 0 };
			command.addListener(new TrainingListener() {

				@Override
				public void stepDone(final int epoch, final int step, final int stepsPerEpoch,
					final double loss)
				{
					steps[0]++;
					// after the first step of epoch 2: epoch 1 is checkpointed, epoch 2 is not
					if (epoch == 2 && step == 1) ((Cancelable) module).cancel("test cancel");
				}
			});
			context.service(ModuleService.class).run(module, true, inputs).get();
			assertTrue(((Cancelable) module).isCanceled());
			final String why = ((Cancelable) module).getCancelReason();
			assertTrue(why.contains("cancelled; resume with resume=true") && why.contains("epoch 1"),
				why);
			assertTrue(warnings.stream().anyMatch(w -> w.contains("cancelled; resume with resume=true")),
				warnings.toString());
			assertEquals(3, steps[0], "stopped before the second step of epoch 2");
			assertEquals(null, module.getOutput("model_folder"));

			final Path checkpoints = out.resolve("checkpoints");
			final JsonObject latest = JsonParser.parseString(Files.readString(checkpoints.resolve(
				"latest.json"))).getAsJsonObject();
			assertEquals(1, latest.get("epoch").getAsInt());
			try (var files = Files.list(checkpoints)) {
				final List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
				assertEquals(List.of("best.weights", "epoch-001.momentum", "epoch-001.weights",
					"latest.json"), names, "no partial files");
			}
			assertEquals(2, Files.readAllLines(out.resolve("log.csv")).size());

			inputs.put("resume", true);
			final Module resumed = run(context, TrainTeacher.class, inputs);
			assertFalse(((Cancelable) resumed).isCanceled(), () -> ((Cancelable) resumed)
				.getCancelReason());
			assertEquals(3, Files.readAllLines(out.resolve("log.csv")).size());
			assertTrue(Files.exists(checkpoints.resolve("epoch-002.weights")));
			assertFalse(Files.exists(checkpoints.resolve("epoch-001.weights")));
			final Plot plot = ((TrainTeacher) ((CommandModule) resumed).getCommand()).plot();
			assertEquals(2, plot.getXValues().length, "the resumed plot includes epoch 1");
		}
	}

	@Test
	void distillStudentRecordsItsTeacher() throws Exception {
		teacher();
		final Path teacherDir = tmp.resolve("teacher");
		final Path out = tmp.resolve("student");
		final Map<String, Object> inputs = new HashMap<>(Map.of("teacher_folder", teacherDir.toFile(),
			"data_folder", data.toFile(), "output_folder", out.toFile(), "epochs", 1, "size", 24,
			"batch_size", 8, "learning_rate", 0.01, "protocol", "custom", "seed", 42, "device", "cpu"));
		inputs.putAll(Map.of("kd_only", false, "resume", false, "val_fraction", 0.25, "sampler",
			"balanced", "min_crop", 0.7, "keep", "last", "ema", 0.99, "label_smoothing", 0.1, "cutout",
			0.3));
		try (Context context = context()) {
			final Module m = run(context, DistillStudent.class, inputs);
			assertFalse(((Cancelable) m).isCanceled(), () -> ((Cancelable) m).getCancelReason());
			final ModelPackage student = ModelPackage.read(out);
			assertEquals("resnet34", student.architecture());
			assertEquals("rkd", student.training().get("method").getAsString());
			assertEquals("balanced", student.training().get("sampler").getAsString());
			assertEquals(0.7, student.training().get("min_crop").getAsDouble(), 1e-6);
			assertEquals("last", student.training().get("keep").getAsString());
			assertEquals(0.99, student.training().get("ema").getAsDouble(), 1e-6);
			assertEquals(0.1, student.training().get("label_smoothing").getAsDouble(), 1e-6);
			assertEquals(0.3, student.training().get("cutout").getAsDouble(), 1e-6);
			assertEquals(1, student.keptEpoch());
			final JsonObject lineage = student.json().getAsJsonObject("lineage").getAsJsonObject(
				"teacher");
			assertEquals(ModelPackage.read(teacherDir).id(), lineage.get("id").getAsString());
			assertEquals("sarsn34", lineage.get("architecture").getAsString());
			assertEquals(out.toAbsolutePath().toString(), m.getOutput("model_folder"));
		}
	}

	@Test
	void missingDataFolderFailsWithOneLine() throws Exception {
		final Map<String, Object> inputs = teacherInputs(tmp.resolve("nowhere-out"), "resnet34", 1);
		inputs.put("data_folder", tmp.resolve("no such data").toFile());
		try (Context context = context()) {
			final Module m = run(context, TrainTeacher.class, inputs);
			final String why = ((Cancelable) m).getCancelReason();
			assertTrue(why.contains("no such data") && why.contains("does not exist"), why);
			assertFalse(why.contains("\n"), why);
		}
	}

	// -- Helper methods --

	/** The SARSN-34 teacher (1 epoch, adaptive loss), trained once for the tests that need it. */
	private static synchronized Module teacher() throws Exception {
		if (teacherModule == null) try (Context context = context()) {
			teacherModule = run(context, TrainTeacher.class, teacherInputs(tmp.resolve("teacher"),
				"sarsn34", 1));
		}
		return teacherModule;
	}

	private static Map<String, Object> teacherInputs(final Path out, final String arch,
		final int epochs)
	{
		final Map<String, Object> inputs = new HashMap<>(Map.of("data_folder", data.toFile(),
			"output_folder", out.toFile(), "arch", arch, "loss", "adaptive", "protocol", "custom",
			"epochs", epochs, "size", 24, "batch_size", 8, "learning_rate", 0.01, "val_fraction",
			0.25));
		inputs.putAll(Map.of("seed", 42, "device", "cpu", "resume", false));
		return inputs;
	}

	static Context context() {
		return new Context(CommandService.class, LogService.class, StatusService.class,
			TaskService.class);
	}

	static Module run(final Context context,
		final Class<? extends org.scijava.command.Command> c, final Map<String, Object> inputs)
		throws Exception
	{
		return (Module) context.service(CommandService.class).run(c, true, inputs).get();
	}
}
