package io.github.stripsteel.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.task.TaskService;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.TextRoi;
import ij.measure.ResultsTable;
import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.image.ImageDecoder;

/** The commands through CommandService, with exactly the keys a macro uses. */
class CommandsTest {

	@TempDir
	static Path modelRoot;

	static Path model;

	@BeforeAll
	static void writeModel() throws Exception {
		model = TestModel.write(modelRoot.resolve("neu test model"));
	}

	@AfterAll
	static void closeCache() {
		ClassifierCache.get().close();
	}

	@Test
	void classifyImageAddsOverlayRowAndOutputs() throws Exception {
		final ImagePlus imp = IJ.openImage(TestModel.sample("crazing", "Cr_1.bmp").toString());
		try (Context context = context()) {
			final int before = StripResultsTable.get().size();
			final Module m = run(context, ClassifyStripImage.class, Map.of("imp", imp, "model", model
				.toFile(), "device", "cpu", "top_k", 3));
			assertFalse(((Cancelable) m).isCanceled(), () -> ((Cancelable) m).getCancelReason());
			final String cls = (String) m.getOutput("predicted_class");
			final double conf = (Double) m.getOutput("confidence");
			assertTrue(TestModel.NEU_CLASSES.contains(cls), cls);
			assertTrue(conf > 0 && conf <= 1, "confidence " + conf);
			assertEquals(3, ((String) m.getOutput("top_classes")).split(";").length);
			assertTrue(m.isOutputResolved("predicted_class"), "no display window for table values");

			final Overlay overlay = imp.getOverlay();
			assertNotNull(overlay);
			assertEquals(2, overlay.size());
			final TextRoi label = (TextRoi) overlay.get(1);
			assertTrue(label.getText().startsWith(cls + " "), label.getText());
			assertEquals(3, label.getText().split("\n").length);

			final ResultsTable rt = StripResultsTable.get();
			assertEquals(before + 1, rt.size());
			final int row = rt.size() - 1;
			assertEquals("Cr_1.bmp", rt.getStringValue("image", row));
			assertEquals(cls, rt.getStringValue("predicted_class", row));
			assertEquals(conf, rt.getValue("confidence", row), 1e-6);
			assertEquals("test-resnet34-6-32", rt.getStringValue("model", row));
			assertTrue(rt.getValue("ms", row) > 0);
			assertEquals(cls, StripResultsTable.value("predicted_class", "-1"));

			// a second run replaces our overlay elements and reuses the cached model
			final int loads = ClassifierCache.get().loads();
			run(context, ClassifyStripImage.class, Map.of("imp", imp, "model", model.toFile(),
				"device", "cpu", "top_k", 2));
			assertEquals(loads, ClassifierCache.get().loads());
			assertEquals(2, imp.getOverlay().size());
		}
	}

	@Test
	void rgbAnd16BitImagesConvertLikeTheDecoder(@TempDir final Path dir) throws Exception {
		final ImagePlus grey = IJ.openImage(TestModel.sample("patches", "Pa_10.bmp").toString());
		final ImagePlus rgb = grey.duplicate();
		rgb.setProcessor(grey.getProcessor().convertToColorProcessor());
		final int[] px = (int[]) rgb.getProcessor().getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = (px[i] & 0xffffff) ^ ((i * 37) & 0xff) << 16; // make R differ from G and B
		final Path png = dir.resolve("rgb.png");
		IJ.saveAs(rgb, "png", png.toString());
		final byte[] expected = ImageDecoder.read(png).gray().update(null).getCurrentStorageArray();
		final byte[] actual = ImagePlusGray.of(IJ.openImage(png.toString())).update(null)
			.getCurrentStorageArray();
		assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(actual));

		final ImagePlus sixteen = new ImagePlus("s", grey.getProcessor().convertToShortProcessor());
		((short[]) sixteen.getProcessor().getPixels())[0] = (short) 60000;
		final byte[] s = ImagePlusGray.of(sixteen).update(null).getCurrentStorageArray();
		assertEquals((byte) Math.rint(60000 / 257.0), s[0], "a full-range 16-bit image: v / 257");
	}

	@Test
	void missingModelFailsWithOneLine() throws Exception {
		final ImagePlus imp = IJ.openImage(TestModel.sample("crazing", "Cr_1.bmp").toString());
		try (Context context = context()) {
			final Module m = run(context, ClassifyStripImage.class, Map.of("imp", imp, "model",
				new File("/no/such/model"), "device", "cpu", "top_k", 3));
			final String why = ((Cancelable) m).getCancelReason();
			assertTrue(why.contains("/no/such/model") && why.contains("model.json"), why);
			assertFalse(why.contains("\n"), why);
		}
	}

	@Test
	void engineInfoReports() throws Exception {
		try (Context context = context()) {
			final Module m = run(context, StripSteelEngineInfo.class, Map.of("device", "cpu"));
			final String report = (String) m.getOutput("report");
			assertTrue(report.contains("PyTorch"), report);
			assertTrue(report.contains("default model"), report);
			assertFalse(m.isOutputResolved("report"), "the report is shown");
		}
	}

	@Test
	void folderWithBrokenFilesSkipExistingAndCancel(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in put"));
		final Path out = dir.resolve("out");
		Files.copy(TestModel.sample("crazing", "Cr_1.bmp"), in.resolve("Cr_1.bmp"));
		Files.copy(TestModel.sample("inclusion", "In_1.bmp"), in.resolve("In_1.bmp"));
		Files.copy(TestModel.sample("scratches", "Sc_1.bmp"), in.resolve("Sc_1.bmp"));
		Files.write(in.resolve("0_empty.png"), new byte[0]); // sorts first
		Files.writeString(in.resolve("text.png"), "hello, not an image", StandardCharsets.UTF_8);
		final Path jpg = in.resolve("truncated.jpg");
		IJ.saveAs(IJ.openImage(TestModel.sample("crazing", "Cr_1.bmp").toString()), "jpeg", jpg
			.toString());
		final byte[] full = Files.readAllBytes(jpg);
		Files.write(jpg, java.util.Arrays.copyOf(full, full.length / 2));

		try (Context context = context()) {
			final Map<String, Object> inputs = new HashMap<>(Map.of("input_folder", in.toFile(),
				"file_filter", "*.png;*.bmp;*.jpg", "output_folder", out.toFile(), "skip_existing", false,
				"model", model.toFile(), "device", "cpu", "batch_size", 2, "top_k", 3, "recursive",
				false));
			final int before = StripResultsTable.get().size();
			final Module m = run(context, ClassifyStripFolder.class, inputs);
			assertFalse(((Cancelable) m).isCanceled(), () -> ((Cancelable) m).getCancelReason());
			assertEquals(3, m.getOutput("classified"));
			assertEquals(3, m.getOutput("failed"));
			final Path csv = Path.of((String) m.getOutput("results_csv"));
			final List<String> lines = Files.readAllLines(csv);
			assertEquals(BatchClassifier.CSV_HEADER, lines.get(0));
			assertEquals(7, lines.size());
			for (final String name : List.of("empty.png", "text.png", "truncated.jpg"))
				assertTrue(lines.stream().anyMatch(l -> l.contains(name) && l.contains(",error,") && l
					.contains(name + ":")), name + " in " + lines);
			assertEquals(3, lines.stream().filter(l -> l.contains(",ok,")).count());
			assertTrue(Files.exists(out.resolve("overlays")));
			assertEquals(before + 6, StripResultsTable.get().size());

			// skip_existing: the three good rows are reused, not recomputed
			inputs.put("skip_existing", true);
			run(context, ClassifyStripFolder.class, inputs);
			final List<String> again = Files.readAllLines(csv);
			assertEquals(3, again.stream().filter(l -> l.contains(",ok,")).count());
			final ResultsTable rt = StripResultsTable.get();
			long skipped = 0;
			for (int r = rt.size() - 6; r < rt.size(); r++)
				if ("skipped".equals(rt.getStringValue("status", r))) skipped++;
			assertEquals(3, skipped);

			// cancel when the first mini-batch is reported (batch_size 1; the first file fails and logs)
			final Path out2 = dir.resolve("out2");
			inputs.putAll(Map.of("output_folder", out2.toFile(), "skip_existing", false, "batch_size",
				1, "file_filter", "*.png;*.bmp"));
			final Module module = context.service(ModuleService.class).createModule(context.service(
				CommandService.class).getCommand(ClassifyStripFolder.class));
			context.service(LogService.class).addLogListener(msg -> {
				if (msg.level() == LogLevel.WARN && msg.text().contains("empty.png")) ((Cancelable) module)
					.cancel("test cancel");
			});
			context.service(ModuleService.class).run(module, true, inputs).get();
			assertTrue(((Cancelable) module).isCanceled());
			// the first file's result is reported once the network has classified the second, which
			// is still written; no further mini-batch is classified
			final List<String> partial = Files.readAllLines(out2.resolve("results.csv"));
			assertEquals(3, partial.size(), partial.toString()); // header + the first two files
			assertTrue(partial.get(1).contains("0_empty.png"), partial.get(1));
		}
	}

	// -- Helper methods --

	static Context context() {
		return new Context(CommandService.class, LogService.class, StatusService.class,
			TaskService.class);
	}

	static Module run(final Context context, final Class<? extends org.scijava.command.Command> c,
		final Map<String, Object> inputs) throws Exception
	{
		final Object m = context.service(CommandService.class).run(c, true, inputs).get();
		return (Module) m;
	}
}
