package io.github.stripsteel.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.module.Module;

import com.google.gson.JsonParser;

import ij.IJ;
import ij.ImagePlus;

/**
 * {@code model=auto} in the Fiji commands, as the CLI's {@code classify --model auto}
 * ({@code ModelChoiceTest}): each image gets the nearest of the packages beside the default model
 * (here the project's {@code models/neu-cls} and {@code models/x-sdd}); the commands that need one
 * model refuse it with one line.
 */
class ModelAutoCommandsTest {

	private static final File AUTO = new File("auto");

	@AfterAll
	static void closeCache() {
		ClassifierCache.get().close();
	}

	@Test
	void eachImageGetsItsOwnDatasetsModel() throws Exception {
		final Path samples = TestModel.projectDir().resolve("sample-images");
		final String neu = modelId("neu-cls"), xsdd = modelId("x-sdd");
		try (Context context = CommandsTest.context()) {
			for (final Path image : List.of(samples.resolve("neu-cls/crazing/Cr_1.bmp"), samples.resolve(
				"x-sdd/red iron/2001.jpg")))
			{
				final ImagePlus imp = IJ.openImage(image.toString());
				final Module m = CommandsTest.run(context, ClassifyStripImage.class, Map.of("imp", imp,
					"model", AUTO, "device", "cpu"));
				assertFalse(((Cancelable) m).isCanceled(), () -> ((Cancelable) m).getCancelReason());
				assertEquals(image.toString().contains("neu-cls/") ? neu : xsdd, StripResultsTable.value(
					"model", "-1"), image.toString());
			}
		}
	}

	@Test
	void aFolderRunChoosesPerImage(@TempDir final Path out) throws Exception {
		final Path samples = TestModel.projectDir().resolve("sample-images");
		final String neu = modelId("neu-cls"), xsdd = modelId("x-sdd");
		try (Context context = CommandsTest.context()) {
			final Module m = CommandsTest.run(context, ClassifyStripFolder.class, Map.of("input_folder",
				samples.toFile(), "output_folder", out.toFile(), "recursive", true, "file_filter", "",
				"skip_existing", false, "model", AUTO, "device", "cpu"));
			assertFalse(((Cancelable) m).isCanceled(), () -> ((Cancelable) m).getCancelReason());
		}
		final List<String> rows = Files.readAllLines(out.resolve("results.csv"));
		assertEquals(40, rows.size(), rows.toString());
		for (final String row : rows.subList(1, rows.size())) {
			final String model = row.split(",", -1)[5];
			assertEquals(row.contains("neu-cls/") ? neu : xsdd, model, row);
		}
	}

	@Test
	void commandsThatNeedOneModelRefuseAuto() throws Exception {
		final ImagePlus imp = IJ.openImage(TestModel.sample("crazing", "Cr_1.bmp").toString());
		try (Context context = CommandsTest.context()) {
			final Module tiles = CommandsTest.run(context, ClassifyStripTiles.class, Map.of("imp", imp,
				"model", AUTO, "device", "cpu"));
			assertEquals("Cr_1.bmp: model=auto chooses a model per image; Classify Strip Tiles needs one " +
				"model: give model=[/path/to/model-folder]", ((Cancelable) tiles).getCancelReason());
			final Module cam = CommandsTest.run(context, ClassifyStripImage.class, Map.of("imp", imp,
				"model", AUTO, "device", "cpu", "cam", true));
			assertEquals("Cr_1.bmp: model=auto chooses a model per image; cam needs one model: give " +
				"model=[/path/to/model-folder]", ((Cancelable) cam).getCancelReason());
		}
	}

	private static String modelId(final String name) throws Exception {
		return JsonParser.parseString(Files.readString(TestModel.projectDir().resolve("models").resolve(
			name).resolve("model.json"))).getAsJsonObject().get("id").getAsString();
	}
}
