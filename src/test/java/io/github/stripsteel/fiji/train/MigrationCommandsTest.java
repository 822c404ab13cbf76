package io.github.stripsteel.fiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.module.Module;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.migrate.CycleGanModel;
import io.github.stripsteel.testutil.TestModels;
import io.github.stripsteel.testutil.TextureDataset;

/**
 * Train CycleGAN, Migrate Samples and a teacher trained with the samples, through CommandService
 * with the keys a macro uses, on the 24x24 textures (32x32 for the CycleGAN, ngf 4).
 */
class MigrationCommandsTest {

	@TempDir
	static Path tmp;
	static Path data;

	@BeforeAll
	static void dataset() throws IOException {
		data = TextureDataset.write(tmp.resolve("data set"), 8);
	}

	@Test
	void trainMigrateAndUseTheSamples() throws Exception {
		try (Context context = context()) {
			final Path gan = tmp.resolve("gan");
			final Module trained = run(context, TrainCycleGan.class, cycleGanInputs(gan));
			assertFalse(((Cancelable) trained).isCanceled(), () -> ((Cancelable) trained)
				.getCancelReason());
			assertEquals(gan.toAbsolutePath().toString(), trained.getOutput("generator_folder"));
			final CycleGanModel model = CycleGanModel.read(gan);
			assertEquals("vertical", model.targetClass());
			assertEquals(3, Files.readAllLines(gan.resolve("log.csv")).size()); // header + 2 epochs

			final Path check = tmp.resolve("check model");
			TestModels.writeRandomPackage(check, TextureDataset.CLASSES, 24);
			final Path samples = tmp.resolve("samples");
			final Map<String, Object> migrate = new HashMap<>();
			migrate.put("generator_folder", gan.toFile());
			migrate.put("output_folder", samples.toFile());
			migrate.put("count", 0);
			migrate.put("check_model", check.toFile());
			migrate.put("device", "cpu");
			final Module migrated = run(context, MigrateSamples.class, migrate);
			assertFalse(((Cancelable) migrated).isCanceled(), () -> ((Cancelable) migrated)
				.getCancelReason());
			assertEquals(6, migrated.getOutput("samples_written")); // one per training source
			final double rate = (Double) migrated.getOutput("target_rate");
			assertTrue(rate >= 0 && rate <= 1, "target_rate " + rate);
			try (var files = Files.list(samples.resolve("vertical"))) {
				assertEquals(6, files.count());
			}

			final Path teacher = tmp.resolve("teacher with samples");
			final Map<String, Object> train = new HashMap<>(Map.of("data_folder", data.toFile(),
				"output_folder", teacher.toFile(), "arch", "resnet34", "loss", "ce", "protocol", "custom",
				"epochs", 1, "size", 24, "batch_size", 8, "learning_rate", 0.01, "val_fraction", 0.25));
			train.putAll(Map.of("seed", 42, "device", "cpu", "resume", false, "migrated_folder", samples
				.toFile()));
			final Module t = run(context, TrainTeacher.class, train);
			assertFalse(((Cancelable) t).isCanceled(), () -> ((Cancelable) t).getCancelReason());
			final JsonObject json = JsonParser.parseString(Files.readString(teacher.resolve(
				"model.json"))).getAsJsonObject();
			assertEquals(6, json.getAsJsonObject("lineage").getAsJsonArray("migrated_samples").get(0)
				.getAsJsonObject().get("samples").getAsInt());
		}
	}

	@Test
	void unknownClassCancelsWithOneLine() throws Exception {
		try (Context context = context()) {
			final Map<String, Object> inputs = cycleGanInputs(tmp.resolve("bad"));
			inputs.put("target_class", "diagonal");
			final Module m = run(context, TrainCycleGan.class, inputs);
			assertTrue(((Cancelable) m).isCanceled());
			final String why = ((Cancelable) m).getCancelReason();
			assertTrue(why.startsWith("Train CycleGAN (Migration): ") && why.contains(
				"no class folder 'diagonal'"), why);
		}
	}

	/** A remembered optional folder would silently add samples to (or change) a later run. */
	@Test
	void optionalFoldersAreNotRemembered() {
		try (Context context = context()) {
			final CommandService commands = context.service(CommandService.class);
			for (final Class<? extends Command> c : List.of(TrainTeacher.class, DistillStudent.class)) {
				assertFalse(commands.getCommand(c).getInput("migrated_folder").isPersisted(), c
					.getSimpleName());
			}
			assertFalse(commands.getCommand(TrainCycleGan.class).getInput("source_data_folder")
				.isPersisted());
			assertFalse(commands.getCommand(MigrateSamples.class).getInput("check_model")
				.isPersisted());
			// the mandatory ones are remembered, as in every Fiji dialog
			assertTrue(commands.getCommand(TrainTeacher.class).getInput("data_folder").isPersisted());
		}
	}

	// -- Helper methods --

	private static Map<String, Object> cycleGanInputs(final Path out) {
		final Map<String, Object> inputs = new HashMap<>(Map.of("data_folder", data.toFile(),
			"source_class", "horizontal", "target_class", "vertical", "output_folder", out.toFile(),
			"protocol", "custom", "size", 32, "crop", 32, "ngf", 4, "blocks", 1, "epochs", 1));
		inputs.putAll(Map.of("decay_epochs", 1, "learning_rate", 2e-4, "seed", 42, "device", "cpu",
			"resume", false, "source_data_folder", new File("")));
		return inputs;
	}

	private static Context context() {
		return TrainCommandsTest.context();
	}

	private static Module run(final Context context,
		final Class<? extends Command> c, final Map<String, Object> inputs)
		throws Exception
	{
		return TrainCommandsTest.run(context, c, inputs);
	}
}
