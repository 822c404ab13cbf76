package io.github.stripsteel.fiji.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.fiji.TestModel;

/**
 * The documented macro lines (README.md, docs/FIJI.md) and the shipped macros, run as written
 * (example paths substituted) in a real headless Fiji 2.16 with the plugin installed from the
 * archive, and the macro rule (absent keys take their defaults, bare keys are true, one log line
 * when a command cannot run). Few launches: each costs a Fiji start (about 10 s). The training
 * macros run as written on a tiny dataset with one epoch each (see
 * {@link #trainingMacrosRunAsWrittenOnATinyDataset}).
 */
class RealFijiMacrosTest {

	@TempDir
	static Path tmp;

	private static RealFiji fiji;
	private static Path project;
	private static Path samples;

	@BeforeAll
	static void install() throws IOException {
		fiji = RealFiji.create(tmp);
		// a second model beside the installed one, as docs/FIJI.md says for model=auto
		copyTree(TestModel.projectDir().resolve("models/x-sdd"), fiji.app().resolve("models/x-sdd"));
		project = TestModel.projectDir().toAbsolutePath().normalize();
		samples = project.resolve("sample-images");
	}

	/** README's example block and docs/FIJI.md's classification and preprocessing blocks. */
	@Test
	void documentedMacroLinesRunAsWritten() throws Exception {
		final Path readmeOut = tmp.resolve("readme-results");
		final Path spaced = tmp.resolve("strip images");
		copyTree(samples.resolve("neu-cls"), spaced.resolve("neu"));
		final Path fijiOut = tmp.resolve("fiji-md-results");
		final Map<String, String> paths = new LinkedHashMap<>();
		paths.put("\"sample-images/", "\"" + samples + "/");
		paths.put("[sample-images]", "[" + samples + "]");
		paths.put("[models/neu-cls]", "[" + project.resolve("models/neu-cls") + "]");
		paths.put("/tmp/strip-results", readmeOut.toString());
		paths.put("/data/strips/Cr_1.bmp", samples.resolve("neu-cls/crazing/Cr_1.bmp").toString());
		paths.put("/opt/Fiji.app", fiji.app().toString());
		paths.put("/data/strip images", spaced.toString());
		paths.put("/data/results", fijiOut.toString());
		paths.put("/data/mixed strips", samples.toString());
		final Path autoOut = tmp.resolve("auto-results");
		paths.put("/data/auto-results", autoOut.toString());
		final Path readme = project.resolve("README.md");
		final Path doc = project.resolve("docs/FIJI.md");
		final String macro = "print(\"== readme\");\n" + DocMacros.substitute(DocMacros.block(readme,
			"Classify Strip Folder"), paths) + rows() + "close(\"*\");\nprint(\"== fiji-classify\");\n" +
			DocMacros.substitute(DocMacros.block(doc, "// one image (the current image)"), paths) +
			rows() + "close(\"*\");\nprint(\"== fiji-preprocess\");\n" + DocMacros
				.substitute(DocMacros.block(doc, "operation=clahe clip=2 tiles=8x8"), paths) +
			"print(\"images \" + nImages + \" current \" + getTitle());\nclose(\"*\");\n" +
			"print(\"== fiji-tiles\");\n" + DocMacros.substitute(DocMacros.block(doc,
				"run(\"Classify Strip Tiles\""), paths) + "print(\"== end\");\n";
		final RealFiji.Run run = fiji.runMacro(macro, "", 10);
		final String out = run.output();

		// README: one image classified, then every sample (sub-folders included: bare "recursive")
		final List<String> r = run.section("readme");
		assertTrue(r.contains("crazing"), "README's print line gives the class:\n" + out);
		assertEquals(1 + imageCount(samples), Files.readAllLines(readmeOut.resolve("results.csv"))
			.size(), out);
		assertTrue(r.contains("rows " + (1 + imageCount(samples))), out);

		// FIJI.md: model from /opt/Fiji.app/models (the installed default), a folder with a space
		final List<String> c = run.section("fiji-classify");
		assertTrue(c.stream().anyMatch(l -> l.matches("Cr_1\\.bmp: crazing 0\\.\\d+")), out);
		assertEquals(1 + imageCount(spaced), Files.readAllLines(fijiOut.resolve("results.csv"))
			.size(), out);
		assertTrue(c.stream().anyMatch(l -> l.contains("default model") && l.contains(fiji.app()
			.resolve("models").resolve("neu-cls").toString())), "Engine Info logs the installed model:\n" +
				out);

		// FIJI.md model=auto: each sample classified by its own dataset's model
		final List<String> auto = Files.readAllLines(autoOut.resolve("results.csv"));
		assertEquals(1 + imageCount(samples), auto.size(), out);
		final String neuModel = modelId("neu-cls"), xsddModel = modelId("x-sdd");
		for (final String row : auto.subList(1, auto.size()))
			assertEquals(row.contains("neu-cls/") ? neuModel : xsddModel, row.split(",", -1)[5], row);

		// FIJI.md preprocessing: each result becomes the current image; Otsu's level is printed
		final List<String> p = run.section("fiji-preprocess");
		assertTrue(p.stream().anyMatch(l -> l.matches("Otsu level \\d+")), out);
		assertTrue(p.contains("Cr_1.bmp-chain made by clahe(clip=2,tiles=8x8) > resize(width=128," +
			"height=128)"), out);
		assertTrue(p.contains("images 8 current Cr_1.bmp-chain"), out);
		// FIJI.md tiles: a 200x200 image in 100-pixel tiles overlapping by 50 is 3 x 3 tiles
		assertTrue(run.section("fiji-tiles").contains("9 tiles"), out);
		assertFalse(out.contains("Exception"), out);
		assertFalse(out.contains("Failed to detect GPU count"), out);
	}

	/** Each shipped macro, installed in Fiji.app/macros/strip-steel, run without an argument. */
	@Test
	void shippedMacrosRunFromTheInstall() throws Exception {
		final Path macros = fiji.app().resolve("macros").resolve("strip-steel");
		final RealFiji.Run c = fiji.runMacroFile(macros.resolve("classify_open_image.ijm"), "", 5);
		assertTrue(c.output().lines().anyMatch(l -> l.matches(
			"Cr_1\\.bmp: crazing \\(confidence 0\\.\\d+; top-3 crazing:.*\\)")), c.output());

		final Path out = tmp.resolve("batch-out");
		final RealFiji.Run b = fiji.runMacroFile(macros.resolve("batch_classify_folder.ijm"),
			"output=[" + out + "]", 5);
		assertTrue(b.output().contains("results: " + out.resolve("results.csv")), b.output());
		assertEquals(1 + imageCount(samples.resolve("neu-cls")), Files.readAllLines(out.resolve(
			"results.csv")).size(), b.output());

		final RealFiji.Run cam = fiji.runMacroFile(macros.resolve("classify_with_cam.ijm"), "image=[" +
			samples.resolve("neu-cls/scratches/Sc_1.bmp") + "]", 5);
		assertTrue(cam.output().contains("Sc_1.bmp: scratches; overlay elements (frame, label, heat map, " +
			"box): 4"), cam.output());

		final RealFiji.Run tiles = fiji.runMacroFile(macros.resolve("classify_strip_tiles.ijm"), "", 5);
		assertTrue(tiles.output().lines().anyMatch(l -> l.matches(".* tile at 0,0: crazing \\(0\\.\\d+\\)")),
			tiles.output());
		assertTrue(tiles.output().lines().anyMatch(l -> l.matches(
			".* tile at 200,0: scratches \\(0\\.\\d+\\)")), tiles.output());
		assertTrue(tiles.output().lines().anyMatch(l -> l.startsWith("strip.png: 2 tiles;")), tiles
			.output());

		final RealFiji.Run p = fiji.runMacroFile(macros.resolve("preprocess_image.ijm"), "", 5);
		assertTrue(p.output().contains("Cr_1.bmp-clahe: 200x200"), p.output());
		assertTrue(p.output().lines().anyMatch(l -> l.matches("Cr_1\\.bmp-otsu: threshold=\\d+")), p
			.output());
		assertTrue(p.output().contains("Cr_1.bmp-chain: 128x128 clahe(clip=2,tiles=8x8) > " +
			"resize(width=128,height=128) > gaussian(sigma=1"), p.output());
	}

	/**
	 * Absent keys take the documented defaults, also after a run with other values (which Fiji
	 * remembers); a bare key means true; missing required keys and a missing image give one line.
	 */
	@Test
	void absentKeysTakeDefaultsAndProblemsAreLogged() throws Exception {
		final Path out1 = tmp.resolve("rule-1");
		final Path out2 = tmp.resolve("rule-2");
		final Path eval = tmp.resolve("evaluation");
		final String model = project.resolve("models/neu-cls").toString();
		final Path neu = samples.resolve("neu-cls"); // class sub-folders only
		final String macro = "run(\"Classify Strip Folder\", \"input_folder=[" + neu +
			"] output_folder=[" + out1 + "] recursive=true skip_existing top_k=2 model=[" + model + "]\");\n" +
			"print(\"== second\");\n" + //
			"run(\"Classify Strip Folder\", \"input_folder=[" + neu + "] output_folder=[" + out2 +
			"]\");\n" + //
			"print(\"== missing\");\n" + //
			"run(\"Classify Strip Folder\", \"output_folder=[" + out2 + "]\");\n" + //
			"print(\"== no image\");\n" + //
			"run(\"Classify Strip Image\", \"top_k=2\");\n" + //
			"print(\"== evaluate\");\n" + //
			"run(\"Evaluate Model\", \"data_folder=[" + neu + "] output_folder=[" + eval + "]\");\n" +
			"print(\"current \" + getTitle() + \" \" + getWidth());\n" + //
			"print(\"== end\");\n";
		final RealFiji.Run run = fiji.runMacro(macro, "", 5);
		final String out = run.output();
		assertEquals(1 + imageCount(neu), Files.readAllLines(out1.resolve("results.csv")).size(), out);
		assertTrue(Files.readString(out1.resolve("results.csv")).contains(";"), "top_k=2 lists two " +
			"classes:\n" + out);
		// without "recursive" the run does not recurse (sample-images has only sub-folders)
		assertFalse(Files.exists(out2.resolve("results.csv")), out);
		assertTrue(run.section("second").stream().anyMatch(l -> l.contains(
			"its sub-folders were not searched")), out);
		assertTrue(run.section("missing").stream().anyMatch(l -> l.contains(
			"Classify Strip Folder: the macro options lack input_folder=[...]")), out);
		assertTrue(run.section("no image").stream().anyMatch(l -> l.contains(
			"Classify Strip Image: no image is open")), out);
		// Evaluate Model: the figures in the log, the confusion matrix as the current image and a PNG
		final List<String> e = run.section("evaluate");
		assertTrue(e.stream().anyMatch(l -> l.matches(".*18 images: accuracy [01]\\.\\d+, macro-F1 .*")),
			out);
		assertTrue(e.stream().anyMatch(l -> l.startsWith("current Confusion matrix neu-cls ")), out);
		assertTrue(Files.size(eval.resolve("confusion.png")) > 1000, out);
	}

	/**
	 * The training and migration macros (macros/migrate_rare_class.ijm and the two training blocks
	 * of docs/FIJI.md), run as written in one Fiji on a tiny labelled dataset (the quadrants of the
	 * sample images: 12 per class, 4 inclusion images so that the CycleGAN has few steps). Besides
	 * the paths, only the amount of work is substituted (docs/FIJI.md says so): every
	 * {@code epochs=N} becomes {@code epochs=1}, {@code decay_epochs=N} {@code decay_epochs=0} and
	 * {@code count=100} {@code count=8}; sizes, networks, batch sizes and all other keys stay as
	 * documented. As written, a block trains for hours on NEU-CLS; so it takes minutes on 2 cores.
	 */
	@Test
	void trainingMacrosRunAsWrittenOnATinyDataset() throws Exception {
		final Path data = tmp.resolve("tiny-neu");
		tinyDataset(samples.resolve("neu-cls"), data);
		final Path doc = project.resolve("docs/FIJI.md");
		final Path migrateMacro = fiji.app().resolve("macros/strip-steel/migrate_rare_class.ijm");
		final Path kd = tmp.resolve("kd"), ijm = tmp.resolve("ijm"), lt = tmp.resolve("lt");
		final Path strips = Files.createDirectories(kd.resolve("data/new strips"));
		for (final String f : List.of("crazing/Cr_1.bmp", "scratches/Sc_1.bmp", "patches/Pa_10.bmp"))
			Files.copy(samples.resolve("neu-cls").resolve(f), strips.resolve(f.substring(f.indexOf('/') +
				1)));
		copyTree(project.resolve("models/neu-cls"), lt.resolve("models/neu-cls")); // check_model
		final String macro = "print(\"== kd\");\n" + tinyWork(DocMacros.block(doc,
			"// a teacher, then a student"), data, kd) + "print(\"== ijm\");\n" + tinyWork(Files
				.readString(migrateMacro), data, ijm) + "\nprint(\"== lt\");\n" + tinyWork(DocMacros.block(
					doc, "// NEU-LT: 6 scratches images"), data, lt) + "print(\"== end\");\n";
		final RealFiji.Run run = fiji.runMacro(macro, "", 25);
		final String out = run.output();

		// a teacher, then a student; the resumed run finds the finished checkpoint; then classify
		for (final String m : List.of("neu-sarsn34", "neu-student")) {
			assertTrue(Files.isRegularFile(kd.resolve("models").resolve(m).resolve("model.json")), m +
				":\n" + out);
			assertEquals(2, Files.readAllLines(kd.resolve("models").resolve(m).resolve("log.csv")).size(),
				m + " trained one epoch:\n" + out);
		}
		assertTrue(Files.readString(kd.resolve("models/neu-sarsn34/train-config.json")).contains(
			"\"arch\": \"sarsn34\""), out);
		assertTrue(run.section("kd").stream().anyMatch(l -> l.contains("resum")), out);
		final List<String> csv = Files.readAllLines(kd.resolve("data/results/results.csv"));
		assertEquals(4, csv.size(), out);
		assertTrue(csv.stream().skip(1).allMatch(l -> l.split(",", -1)[6].matches("ok|uncertain") &&
			l.split(",", -1)[5].startsWith("neu-student-")), "classified by the student:\n" + out);

		// the CycleGAN, the migrated samples (checked by the shipped model in docs/FIJI.md's block)
		// and a teacher trained with them, once from the shipped macro and once from the docs
		for (final Path root : List.of(ijm, lt)) {
			assertTrue(Files.isRegularFile(root.resolve("models/gan-scratches/cyclegan.json")), root +
				":\n" + out);
			assertEquals(8, imageCount(root.resolve("data/neu-lt-samples")), root + ":\n" + out);
			final Path teacher = root.resolve("models/neult-sarsn34");
			assertTrue(Files.isRegularFile(teacher.resolve("model.json")), root + ":\n" + out);
			assertTrue(Files.readString(teacher.resolve("train-config.json")).contains(root.resolve(
				"data/neu-lt-samples").toString()), "the teacher used the migrated samples:\n" + out);
		}
		assertTrue(run.section("lt").stream().anyMatch(l -> l.contains("check with ") && l.contains(
			"of 8 samples classified as 'scratches'")), out);
		assertFalse(out.contains("Exception"), out);
		assertEquals("", String.join("\n", run.output().lines().filter(l -> l.contains("[ERROR]"))
			.toList()), out);
	}

	/** The macros of macros/ that the tests here run, as installed. */
	static final List<String> MACROS_RUN = List.of("classify_open_image.ijm",
		"batch_classify_folder.ijm", "classify_with_cam.ijm", "classify_strip_tiles.ijm",
		"preprocess_image.ijm", "migrate_rare_class.ijm");

	/** Macros and documented blocks that do not run here as written, and why (none today). */
	static final Map<String, String> NOT_RUN = Map.of();

	/** The documented blocks that the tests here run (a line of each). */
	static final List<String> BLOCKS_RUN = List.of("README.md: Classify Strip Folder",
		"docs/FIJI.md: // one image (the current image)", "docs/FIJI.md: operation=clahe clip=2 tiles=8x8",
		"docs/FIJI.md: run(\"Classify Strip Tiles\"", "docs/FIJI.md: // a teacher, then a student",
		"docs/FIJI.md: // NEU-LT: 6 scratches images");

	/**
	 * Every macro in macros/ and every macro block of README.md and docs/FIJI.md is run by a test
	 * here or listed, with its reason, as not run: a new macro or block cannot be forgotten.
	 */
	@Test
	void everyMacroAndDocumentedBlockIsCovered() throws IOException {
		try (Stream<Path> s = Files.list(project.resolve("macros"))) {
			for (final Path m : (Iterable<Path>) s::iterator) {
				final String name = m.getFileName().toString();
				if (name.endsWith(".ijm")) assertTrue(MACROS_RUN.contains(name) || NOT_RUN.containsKey(
					name), "macros/" + name + " is run by no real-Fiji test: add it to " +
						"RealFijiMacrosTest.shippedMacrosRunFromTheInstall and MACROS_RUN");
			}
		}
		for (final String doc : List.of("README.md", "docs/FIJI.md"))
			for (final String block : DocMacros.blocks(project.resolve(doc))) {
				final List<String> keys = new java.util.ArrayList<>();
				for (final String k : BLOCKS_RUN)
					if (k.startsWith(doc + ": ") && block.contains(k.substring(doc.length() + 2))) keys.add(k);
				for (final String k : NOT_RUN.keySet())
					if (k.startsWith(doc + ": ") && block.contains(k.substring(doc.length() + 2))) keys.add(k);
				assertEquals(1, keys.size(), doc + " has a macro block that no real-Fiji test runs " +
					"(add it to documentedMacroLinesRunAsWritten and BLOCKS_RUN):\n" + block);
			}
	}

	// -- Helper methods --

	/**
	 * A training macro with its example paths under {@code root} (the dataset: {@code data}) and
	 * the tiny amount of work of {@link #trainingMacrosRunAsWrittenOnATinyDataset}.
	 */
	private static String tinyWork(final String macro, final Path data, final Path root) {
		return macro.replace("/data/NEU-CLS", data.toString()).replace("[/models/", "[" + root.resolve(
			"models") + "/").replace("[/data/", "[" + root.resolve("data") + "/").replaceAll(
				"(?<![a-z_])epochs=\\d+", "epochs=1").replaceAll("decay_epochs=\\d+", "decay_epochs=0")
			.replace("count=100", "count=8");
	}

	/**
	 * A labelled dataset of class folders: the four quadrants of each sample image as PNGs (12 per
	 * class), inclusion only from its first image (4).
	 */
	private static void tinyDataset(final Path from, final Path to) throws IOException {
		try (Stream<Path> classes = Files.list(from)) {
			for (final Path c : (Iterable<Path>) classes::iterator) {
				final Path out = Files.createDirectories(to.resolve(c.getFileName().toString()));
				final List<Path> images;
				try (Stream<Path> s = Files.list(c)) {
					images = s.sorted().limit(c.getFileName().toString().equals("inclusion") ? 1 : 3)
						.toList();
				}
				for (final Path image : images) {
					final java.awt.image.BufferedImage b = javax.imageio.ImageIO.read(image.toFile());
					final int w = b.getWidth() / 2, h = b.getHeight() / 2;
					for (int q = 0; q < 4; q++)
						javax.imageio.ImageIO.write(b.getSubimage(q % 2 * w, q / 2 * h, w, h), "png", out
							.resolve(image.getFileName().toString().replaceFirst("\\.\\w+$", "") + "_q" + q +
								".png").toFile());
				}
			}
		}
	}

	/** The id in a shipped model package's model.json. */
	private static String modelId(final String name) throws IOException {
		return com.google.gson.JsonParser.parseString(Files.readString(project.resolve("models").resolve(
			name).resolve("model.json"))).getAsJsonObject().get("id").getAsString();
	}

	/** A macro line printing the size of the results table. */
	private static String rows() {
		return "print(\"rows \" + call(\"io.github.stripsteel.fiji.StripResultsTable.size\"));\n";
	}

	static long imageCount(final Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(
				"(?i).*\\.(png|jpe?g|bmp|tiff?|gif)")).count();
		}
	}

	private static void copyTree(final Path from, final Path to) throws IOException {
		try (Stream<Path> s = Files.walk(from)) {
			for (final Path p : (Iterable<Path>) s::iterator) {
				final Path t = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(t);
				else Files.copy(p, t);
			}
		}
	}
}
