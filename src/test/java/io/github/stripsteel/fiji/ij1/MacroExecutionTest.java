package io.github.stripsteel.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.measure.ResultsTable;
import io.github.stripsteel.fiji.ClassifierCache;
import io.github.stripsteel.fiji.ImagePlusGray;
import io.github.stripsteel.fiji.StripResultsTable;
import io.github.stripsteel.fiji.TestModel;
import io.github.stripsteel.migrate.CycleGanModel;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.preprocess.HistogramOps;
import io.github.stripsteel.preprocess.Images;
import io.github.stripsteel.preprocess.PreprocessingChain;
import io.github.stripsteel.testutil.TextureDataset;

/**
 * Real ImageJ 1 macros, headless (ij1-patcher agent): the repository's plugins.config entries are
 * registered as ImageJ parses them, then the shipped macros run through the bridge.
 */
class MacroExecutionTest {

	private static final Pattern ENTRY = Pattern.compile(
		"^\\s*([^,#]+),\\s*\"([^\"]+)\",\\s*([\\w.$]+(?:\\(\"[^\"]*\"\\))?)\\s*$");

	@TempDir
	static Path tmp;

	static Path model;

	@BeforeAll
	static void setUp() throws Exception {
		if (Menus.getCommands() == null) { // what IJ.run does first when there is no ImageJ window
			final var init = IJ.class.getDeclaredMethod("init");
			init.setAccessible(true);
			init.invoke(null);
		}
		model = TestModel.write(tmp.resolve("model dir"));
		final List<String> lines = Files.readAllLines(TestModel.projectDir().resolve("plugins.config"));
		@SuppressWarnings("unchecked")
		final Hashtable<String, String> commands = Menus.getCommands();
		assertNotNull(commands, "ImageJ 1 menus not initialised (ij1-patcher agent missing?)");
		int n = 0;
		for (final String line : lines) {
			final Matcher m = ENTRY.matcher(line);
			if (line.isBlank() || line.trim().startsWith("#")) continue;
			assertTrue(m.matches(), "plugins.config line not in ImageJ syntax: " + line);
			assertTrue(m.group(1).trim().startsWith("Plugins>Strip Steel"), line);
			commands.put(m.group(2), m.group(3));
			n++;
		}
		assertEquals(StripSteelBridge.COMMANDS.size(), n);
	}

	@AfterAll
	static void tearDown() {
		ClassifierCache.get().close();
	}

	@Test
	void classifyOpenImageMacro() {
		final int before = StripResultsTable.get().size();
		final Path image = TestModel.sample("inclusion", "In_1.bmp");
		final String out = captureOut(() -> IJ.runMacroFile(macro("classify_open_image.ijm"),
			"image=[" + image + "] model=[" + model + "]"));
		final ResultsTable rt = StripResultsTable.get();
		assertEquals(before + 1, rt.size(), out);
		final String cls = rt.getStringValue("predicted_class", rt.size() - 1);
		assertTrue(TestModel.NEU_CLASSES.contains(cls), cls);
		assertEquals("In_1.bmp", rt.getStringValue("image", rt.size() - 1));
		assertTrue(out.contains("In_1.bmp: " + cls + " (confidence "), out);
		final var imp = WindowManager.getCurrentImage();
		if (imp != null) imp.close();
	}

	@Test
	void classifyWithCamMacro() {
		final Path image = TestModel.sample("scratches", "Sc_1.bmp");
		final String out = captureOut(() -> IJ.runMacroFile(macro("classify_with_cam.ijm"), "image=[" +
			image + "] model=[" + model + "]"));
		assertTrue(out.contains("Sc_1.bmp: ") && out.contains("(frame, label, heat map, box): 4"), out);
		final var imp = WindowManager.getCurrentImage();
		if (imp != null) imp.close();
	}

	@Test
	void batchClassifyFolderMacro() throws IOException {
		final Path in = Files.createDirectories(tmp.resolve("in folder"));
		Files.copy(TestModel.sample("patches", "Pa_10.bmp"), in.resolve("Pa_10.bmp"));
		Files.copy(TestModel.sample("crazing", "Cr_1.bmp"), in.resolve("Cr_1.bmp"));
		Files.writeString(in.resolve("broken.png"), "not an image");
		final Path out = tmp.resolve("out folder");
		final String log = captureOut(() -> IJ.runMacroFile(macro("batch_classify_folder.ijm"),
			"input=[" + in + "] output=[" + out + "] model=[" + model + "]"));
		final Path csv = out.resolve("results.csv");
		assertTrue(Files.exists(csv), log);
		final List<String> rows;
		try {
			rows = Files.readAllLines(csv);
		}
		catch (final IOException e) {
			throw new AssertionError(e);
		}
		assertEquals(4, rows.size(), rows.toString());
		assertEquals(2, rows.stream().filter(r -> r.contains(",ok,")).count());
		assertTrue(rows.stream().anyMatch(r -> r.contains("broken.png") && r.contains(",error,")));
		assertTrue(log.contains("results: " + csv), log);
		assertTrue(log.contains("broken.png: not an image"), "per-file error in the log: " + log);
	}

	@Test
	void engineInfoFromMacro() {
		final String log = captureOut(() -> IJ.runMacro(
			"run(\"Strip Steel Engine Info\", \"device=cpu\");"));
		assertTrue(log.contains("engine        PyTorch"), log);
		assertTrue(log.contains("default model"), log);
	}

	@Test
	void errorIsOneLogLineNotAStackTrace() {
		final String log = captureOut(() -> IJ.runMacro("newImage(\"strip\", \"8-bit ramp\", 64, 64, 1);" +
			"run(\"Classify Strip Image\", \"model=[/no/such model] device=cpu top_k=3\");"));
		assertTrue(log.contains("Classify Strip Image: strip: model folder /no/such model does not exist"),
			log);
		assertFalse(log.contains("Exception"), log);
		final var imp = WindowManager.getCurrentImage();
		if (imp != null) imp.close();
	}

	@Test
	void trainTeacherFromMacro() throws IOException {
		final Path data = TextureDataset.write(tmp.resolve("train data"), 8);
		final Path out = tmp.resolve("trained model");
		final String log = captureOut(() -> IJ.runMacro("run(\"Train Teacher (SARSN)\", \"data_folder=[" +
			data + "] output_folder=[" + out + "] arch=resnet34 loss=ce protocol=custom epochs=1 " +
			"size=24 batch_size=8 learning_rate=0.01 val_fraction=0.25 seed=42 device=cpu\");"));
		assertTrue(Files.exists(out.resolve("model.json")), log);
		assertTrue(Files.exists(out.resolve("checkpoints/latest.json")), log);
		assertEquals("resnet34", ModelPackage.read(out).architecture());
		assertTrue(log.contains("epoch 1/1"), log);
		assertTrue(log.contains("model package " + out), log);
	}

	@Test
	void cycleGanAndMigrationFromMacros() throws IOException {
		final Path data = TextureDataset.write(tmp.resolve("gan data"), 8);
		final Path gan = tmp.resolve("gan out");
		final Path samples = tmp.resolve("gan samples");
		final String log = captureOut(() -> IJ.runMacro("run(\"Train CycleGAN (Migration)\", " +
			"\"data_folder=[" + data + "] source_class=horizontal target_class=vertical output_folder=[" +
			gan + "] protocol=custom size=32 crop=32 ngf=4 blocks=1 epochs=1 decay_epochs=0 " +
			"learning_rate=0.0002 diff_augment seed=42 device=cpu\");" +
			"run(\"Migrate Samples (CycleGAN)\", " +
			"\"generator_folder=[" + gan + "] output_folder=[" + samples + "] count=3 device=cpu\");"));
		assertTrue(Files.exists(gan.resolve("cyclegan.json")), log);
		assertTrue(CycleGanModel.read(gan).training().get("diff_augment").getAsBoolean(),
			"the macro's diff_augment key reached the run");
		try (var files = Files.list(samples.resolve("vertical"))) {
			assertEquals(3, files.count(), log);
		}
		assertTrue(log.contains("generator package " + gan), log);
	}

	@Test
	void preprocessFromMacroMakesTheCurrentImage() {
		final Path image = TestModel.sample("crazing", "Cr_1.bmp");
		final String log = captureOut(() -> IJ.runMacro("open(\"" + image + "\");" +
			"run(\"Preprocess Strip Image\", \"operation=clahe clip=2 tiles=8x8\");" +
			"print(\"current: \" + getTitle() + \" \" + bitDepth() + \" \" + nImages);"));
		assertTrue(log.contains("current: Cr_1.bmp-clahe 8 2"), log);
		final ImagePlus out = WindowManager.getCurrentImage();
		assertNotNull(out, log);
		assertEquals("Cr_1.bmp-clahe", out.getTitle());
		final byte[] expected = Images.bytes(PreprocessingChain.parse("clahe(clip=2,tiles=8x8)")
			.apply(ImagePlusGray.of(IJ.openImage(image.toString()))));
		assertArrayEquals(expected, (byte[]) out.getProcessor().getPixels());
		closeAll();
	}

	@Test
	void preprocessImageMacro() {
		final Path image = TestModel.sample("scratches", "Sc_1.bmp");
		final String log = captureOut(() -> IJ.runMacroFile(macro("preprocess_image.ijm"), "image=[" +
			image + "]"));
		final int level = HistogramOps.otsu(ImagePlusGray.of(IJ.openImage(image.toString())), 1)
			.threshold();
		assertTrue(log.contains("Sc_1.bmp-clahe: 200x200"), log);
		assertTrue(log.contains("Sc_1.bmp-otsu: threshold=" + level), log);
		assertTrue(log.contains("Sc_1.bmp-chain: 128x128 clahe(clip=2,tiles=8x8) > " +
			"resize(width=128,height=128) > gaussian(sigma=1,ksize=0)"), log);
		closeAll();
	}

	@Test
	void preprocessBadParameterIsOneLogLine() {
		final String log = captureOut(() -> IJ.runMacro("newImage(\"strip\", \"8-bit ramp\", 64, 64, 1);" +
			"run(\"Preprocess Strip Image\", \"operation=median ksize=4\");"));
		assertTrue(log.contains("Preprocess Strip Image: strip: preprocessing step 'median(ksize=4)': " +
			"ksize must be an odd whole number 1..255, got '4'"), log);
		assertFalse(log.contains("Exception"), log);
		closeAll();
	}

	// -- Helper methods --

	private static void closeAll() {
		for (ImagePlus imp = WindowManager.getCurrentImage(); imp != null; imp = WindowManager
			.getCurrentImage())
		{
			imp.changes = false;
			imp.close();
			if (imp == WindowManager.getCurrentImage()) break;
		}
	}

	private static String macro(final String name) {
		return TestModel.projectDir().resolve("macros").resolve(name).toString();
	}

	/** Runs {@code r}, returning what ImageJ logged (headless, IJ.log prints to stdout). */
	private static String captureOut(final Runnable r) {
		final PrintStream previous = System.out;
		final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
		try {
			r.run();
		}
		finally {
			System.setOut(previous);
		}
		final String text = buffer.toString(StandardCharsets.UTF_8);
		previous.print(text);
		return text;
	}
}
