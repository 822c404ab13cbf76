package io.github.stripsteel.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scijava.log.Logger;
import org.scijava.log.StderrLogService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.train.MigratedSamples;
import io.github.stripsteel.model.WeightsFile;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TextureDataset;
import io.github.stripsteel.util.Progress;

/**
 * CycleGAN migration end to end on the 24x24 texture dataset (resized to 32x32; horizontal
 * stripes to vertical stripes, generator ngf 4 with one residual block): losses are logged and
 * the cycle loss goes down, an interrupted run resumes to the uninterrupted one's weights,
 * {@code migrate} writes provenance-named samples of training-split sources only, and
 * {@code train --migrated} adds them to the training split.
 */
class CycleGanTrainingTest {

	@TempDir
	static Path tmp;
	private static Path data;

	@BeforeAll
	static void dataset() throws IOException {
		DeepLearningEngine.get();
		data = TextureDataset.write(tmp.resolve("data"), 8);
	}

	@Test
	void cycleLossGoesDownAndEveryEpochIsRecorded() throws IOException {
		final CycleGanConfig config = config(tmp.resolve("gan"), 3, 1e-3f);
		final CycleGanModel model = new CycleGanTraining(config, log()).run();
		final List<String> rows = Files.readAllLines(model.dir().resolve("log.csv"));
		assertEquals("epoch,generator_gan,cycle,identity,discriminator_a,discriminator_b,lr,seconds", rows
			.get(0));
		assertEquals(4, rows.size());
		final double first = Double.parseDouble(rows.get(1).split(",")[2]);
		final double last = Double.parseDouble(rows.get(3).split(",")[2]);
		assertTrue(last < first, "cycle loss " + first + " -> " + last);
		for (int e = 1; e <= 3; e++)
			assertTrue(Files.exists(model.dir().resolve(String.format("samples/epoch-%03d.png", e))));
		// 2 constant epochs, then lr * (1 - 1/2)
		assertEquals(5e-4, Double.parseDouble(rows.get(3).split(",")[6]), 1e-9);
		assertEquals("horizontal", model.sourceClass());
		assertEquals("vertical", model.targetClass());
		assertEquals(6, model.training().get("target_train_images").getAsInt());
		final JsonObject json = JsonParser.parseString(Files.readString(model.dir().resolve(
			CycleGanModel.JSON))).getAsJsonObject();
		assertEquals("float16", json.getAsJsonObject("weights").get("dtype").getAsString());
	}

	@Test
	void resumeRefusesAChangedShapeButAcceptsALongerSchedule() throws IOException {
		final CycleGanConfig interrupted = config(tmp.resolve("changed"), 2, 2e-4f);
		final int[] steps = { 0 };
		assertThrows(CancellationException.class, new CycleGanTraining(interrupted, log()).progress(Progress.of(
			(done, total, message) -> steps[0]++, () -> steps[0] == 7))::run);

		final IOException size = assertThrows(IOException.class, () -> new CycleGanTraining(resumed(
			interrupted).withImages(36, 36), log()).run());
		assertTrue(size.getMessage().contains("size = 32, this run has 36"), size.getMessage());
		final IOException augment = assertThrows(IOException.class, () -> new CycleGanTraining(resumed(
			interrupted).withDiffAugment(true), log()).run());
		assertTrue(augment.getMessage().contains("diff_augment = false"), augment.getMessage());

		final CycleGanModel longer = new CycleGanTraining(resumed(interrupted).withSchedule(2, 1,
			1e-4f), log()).run();
		assertEquals(3, Files.readAllLines(longer.dir().resolve("log.csv")).size() - 1);
	}

	@ParameterizedTest(name = "diff-augment {0}")
	@ValueSource(booleans = { false, true })
	void resumeReproducesTheUninterruptedRun(final boolean diffAugment) throws IOException {
		final CycleGanConfig full = config(tmp.resolve("full-" + diffAugment), 2, 2e-4f, diffAugment);
		new CycleGanTraining(full, log()).run();
		assertEquals(diffAugment, CycleGanModel.read(full.out()).training().get("diff_augment")
			.getAsBoolean());

		final CycleGanConfig interrupted = config(tmp.resolve("interrupted-" + diffAugment), 2, 2e-4f,
			diffAugment);
		final int[] steps = { 0 };
		final CycleGanTraining first = new CycleGanTraining(interrupted, log()).progress(Progress.of((done,
			total, message) -> steps[0]++, () -> steps[0] == 9)); // in epoch 2 (6 steps an epoch)
		assertThrows(CancellationException.class, first::run);
		assertTrue(Files.exists(interrupted.out().resolve("checkpoints/epoch-001.weights")));
		new CycleGanTraining(resumed(interrupted), log()).run();

		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			final Map<String, NDArray> a = WeightsFile.read(full.out().resolve(
				"checkpoints/epoch-002.weights"), m);
			final Map<String, NDArray> b = WeightsFile.read(interrupted.out().resolve(
				"checkpoints/epoch-002.weights"), m);
			assertEquals(a.keySet(), b.keySet());
			double maxDiff = 0;
			for (final String key : a.keySet())
				maxDiff = Math.max(maxDiff, a.get(key).sub(b.get(key)).abs().max().getFloat());
			assertTrue(maxDiff <= 1e-5, "max weight difference " + maxDiff);
		}
		assertEquals(withoutSeconds(full.out().resolve("log.csv")), withoutSeconds(interrupted.out()
			.resolve("log.csv")));
	}

	@Test
	void migrateWritesTrainingOnlySamplesThatTrainAddsToItsSplit() throws IOException {
		final Path gan = tmp.resolve("cli-gan");
		final CliRun trained = tinyGan(gan);
		assertEquals(0, trained.code(), trained.err());

		final Path samples = tmp.resolve("samples");
		final CliRun migrated = CliRun.of("migrate", "--generator", gan.toString(), "--out", samples
			.toString(), "--count", "9");
		assertEquals(0, migrated.code(), migrated.err());
		assertTrue(migrated.out().contains("9 samples of 'vertical' from 'horizontal'"), migrated.out());
		final List<Path> files;
		try (var list = Files.list(samples.resolve("vertical"))) {
			files = list.sorted().toList();
		}
		assertEquals(9, files.size());
		// 6 training sources: 6 as they are, then 3 in their first other view
		assertEquals(6, files.stream().filter(f -> f.toString().endsWith("_v0.png")).count());
		assertEquals(3, files.stream().filter(f -> f.toString().endsWith("_v1.png")).count());
		assertTrue(files.get(0).getFileName().toString().startsWith(
			"cyclegan_cli-gan_horizontal_horizontal-"),
			files.get(0).toString());
		assertEquals(32, ImageDecoder.read(files.get(0)).width());
		// never a validation image as a source
		final LabelledImageFolder folder = LabelledImageFolder.scan(data);
		for (final var val : folder.stratifiedSplit(0.2, 42).val()) {
			// file names carry the source's stem with '_' made '-' (the fields' separator)
			final String stem = val.file().getFileName().toString().replace(".png", "").replace('_', '-');
			assertFalse(files.stream().anyMatch(f -> f.getFileName().toString().contains("_" + stem +
				"_")), "validation image " + stem + " was migrated");
		}
		// a second run keeps what exists
		final CliRun again = CliRun.of("migrate", "--generator", gan.toString(), "--out", samples
			.toString(), "--count", "9");
		assertTrue(again.out().contains("0 samples") && again.out().contains("9 existed"), again.out());

		final Path model = tmp.resolve("with-samples");
		final CliRun train = CliRun.of("train", "--data", data.toString(), "--out", model.toString(),
			"--size", "24", "--epochs", "1", "--batch", "8", "--lr", "0.01", "--migrated", samples
				.toString(), "--device", "cpu");
		assertEquals(0, train.code(), train.err());
		final JsonObject json = JsonParser.parseString(Files.readString(model.resolve("model.json")))
			.getAsJsonObject();
		assertEquals(samples.toAbsolutePath().normalize().toString(), json.getAsJsonObject("training")
			.get("migrated").getAsString());
		final JsonObject record = json.getAsJsonObject("lineage").getAsJsonArray("migrated_samples")
			.get(0).getAsJsonObject();
		assertEquals(9, record.get("samples").getAsInt());
		assertEquals("vertical", record.get("target_class").getAsString());
	}

	@Test
	void aFoldsGeneratorAndItsSamplesReadOnlyTheFoldsTrainingPart() throws IOException {
		final Path gan = tmp.resolve("fold-gan");
		final CliRun trained = tinyGan(gan, "--folds", "2", "--fold", "1", "--seed", "7");
		assertEquals(0, trained.code(), trained.err());
		final CycleGanModel model = CycleGanModel.read(gan);
		assertEquals(2, model.training().get("folds").getAsInt());
		assertEquals(1, model.training().get("fold").getAsInt());

		// the files of each domain are exactly its class's part of the fold's training part
		final LabelledImageFolder.Split split = LabelledImageFolder.scan(data).stratifiedFold(2, 1, 7);
		final Set<String> train = names(split.train()), val = names(split.val());
		final Set<String> source = names(CycleGanTraining.sourceFiles(model.training()));
		final Set<String> target = names(CycleGanTraining.targetFiles(model.training()));
		assertEquals(4, source.size());
		assertEquals(4, target.size());
		assertEquals(4, model.training().get("target_train_images").getAsInt());
		for (final Set<String> domain : List.of(source, target)) {
			assertTrue(train.containsAll(domain), domain + " outside the training part " + train);
			assertTrue(Collections.disjoint(domain, val), domain + " meets fold 1 " + val);
		}
		assertTrue(source.stream().allMatch(f -> f.startsWith("horizontal_")), source.toString());
		assertTrue(target.stream().allMatch(f -> f.startsWith("vertical_")), target.toString());

		// migrate translates those sources only
		final Path samples = tmp.resolve("fold-samples");
		final CliRun migrated = CliRun.of("migrate", "--generator", gan.toString(), "--out", samples
			.toString(), "--count", "4");
		assertEquals(0, migrated.code(), migrated.err());
		assertEquals(source, fileNames(new SampleMigration(model, log()).trainingSources()));
		try (var list = Files.list(samples.resolve("vertical"))) {
			final List<String> files = list.map(f -> f.getFileName().toString()).toList();
			assertEquals(4, files.size());
			for (final String v : val) {
				final String stem = v.replace(".png", "").replace('_', '-');
				assertFalse(files.stream().anyMatch(f -> f.contains("_" + stem + "_")), v + " was migrated");
			}
		}

		// the record lists what the samples derive from: the generator's images of both classes
		final JsonObject record = JsonParser.parseString(Files.readString(samples.resolve(
			"migration-fold-gan.json"))).getAsJsonObject();
		final Set<String> derived = new TreeSet<>();
		record.getAsJsonArray(MigratedSamples.DERIVED_FROM).forEach(e -> derived.add(Path.of(e
			.getAsString()).getFileName().toString()));
		final Set<String> both = new TreeSet<>(source);
		both.addAll(target);
		assertEquals(both, derived);
		// a classifier of the other fold validates on images the samples derive from: refused
		final CliRun otherFoldClassifier = CliRun.of("train", "--data", data.toString(), "--out", tmp
			.resolve("fold-0-classifier").toString(), "--size", "24", "--epochs", "1", "--batch", "8",
			"--migrated", samples.toString(), "--folds", "2", "--fold", "0", "--seed", "7", "--device",
			"cpu");
		assertEquals(1, otherFoldClassifier.code(), otherFoldClassifier.err());
		assertTrue(otherFoldClassifier.err().contains("migration-fold-gan.json: the samples derive " +
			"from 8 image(s) this run validates or tests on") && otherFoldClassifier.err().contains(
				"--folds, --fold and --seed"), otherFoldClassifier.err());
		assertFalse(Files.exists(tmp.resolve("fold-0-classifier").resolve("model.json")));

		// a resumed run keeps its fold
		final CliRun otherFold = tinyGan(gan, "--folds", "2", "--fold", "0", "--seed", "7", "--resume");
		assertEquals(1, otherFold.code());
		assertTrue(otherFold.err().contains("fold = 1, this run has 0"), otherFold.err());
		final CliRun noFolds = tinyGan(gan, "--seed", "7", "--resume");
		assertEquals(1, noFolds.code());
		assertTrue(noFolds.err().contains("folds = 2, this run has null"), noFolds.err());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "--folds 2|--folds K and --fold I go together",
		"--fold 0|--folds K and --fold I go together", "--folds 1 --fold 0|--folds must be at least 2",
		"--folds 3 --fold 3|--fold must be 0 to 2 for 3 folds, not 3",
		"--folds 3 --fold -1|--fold must be 0 to 2 for 3 folds, not -1",
		"--folds 2 --fold 0 --val-fraction 0.3|--val-fraction and --folds exclude each other" })
	void badFoldOptionsAreUsageErrors(final String options) {
		final String[] parts = options.split("\\|");
		final CliRun run = tinyGan(tmp.resolve("bad-fold"), parts[0].split(" "));
		assertEquals(2, run.code(), run.err());
		assertTrue(run.err().contains(parts[1]), run.err());
		assertFalse(Files.exists(tmp.resolve("bad-fold")));
	}

	@Test
	void samplesOfAnUnknownClassAreRefused() throws IOException {
		final Path samples = Files.createDirectories(tmp.resolve("bad-samples/diagonal"));
		Files.copy(Files.list(data.resolve("vertical")).findFirst().orElseThrow(), samples.resolve(
			"x.png"));
		final IOException e = assertThrows(IOException.class, () -> LabelledImageFolder.scanSamplesFor(
			tmp.resolve("bad-samples"), TextureDataset.CLASSES));
		assertTrue(e.getMessage().contains("'diagonal' is not a class"), e.getMessage());
	}

	@Test
	void badOptionsAndDataAreClearErrors() {
		final CliRun crop = CliRun.of("cyclegan", "--data", data.toString(), "--source", "horizontal",
			"--target", "vertical", "--out", tmp.resolve("x").toString(), "--size", "32", "--crop", "64");
		assertEquals(2, crop.code());
		assertTrue(crop.err().contains("--crop must be"), crop.err());
		final CliRun unknown = CliRun.of("cyclegan", "--data", data.toString(), "--source",
			"horizontal", "--target", "diagonal", "--out", tmp.resolve("y").toString(), "--size", "32",
			"--crop", "32", "--device", "cpu");
		assertEquals(1, unknown.code());
		assertTrue(unknown.err().contains("no class folder 'diagonal'"), unknown.err());
		final CliRun missing = CliRun.of("migrate", "--generator", tmp.resolve("nothing").toString(),
			"--out", tmp.resolve("z").toString());
		assertEquals(1, missing.code());
		assertTrue(missing.err().contains("does not exist"), missing.err());
	}

	@Test
	void damagedGeneratorWeightsAreNamed() throws IOException {
		final CycleGanModel model = new CycleGanTraining(config(tmp.resolve("damaged"), 1, 2e-4f),
			log()).run();
		final Path weights;
		try (var list = Files.list(model.dir())) {
			weights = list.filter(f -> f.getFileName().toString().startsWith("generator-")).findFirst()
				.orElseThrow();
		}
		final byte[] bytes = Files.readAllBytes(weights);
		bytes[bytes.length - 1] ^= 1;
		Files.write(weights, bytes);
		final IOException e = assertThrows(IOException.class, () -> CycleGanModel.read(model.dir()));
		assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(weights
			.getFileName().toString()), e.getMessage());
	}

	// -- Helper methods --

	private static CycleGanConfig config(final Path out, final int epochs, final float lr) {
		return config(out, epochs, lr, false);
	}

	private static CycleGanConfig config(final Path out, final int epochs, final float lr,
		final boolean diffAugment)
	{
		return CycleGanConfig.defaults(data, "horizontal", "vertical", out).withImages(32, 32)
			.withNetworks(4, 4, 1).withSchedule(epochs - 1, 1, lr).withLosses(2, 10f, 5f)
			.withDiffAugment(diffAugment).withRun(DeviceChoice.CPU, false);
	}

	/** {@code cyclegan} of one epoch at 32x32 with ngf 4 and one block, and {@code more} options. */
	private static CliRun tinyGan(final Path out, final String... more) {
		final List<String> args = new ArrayList<>(List.of("cyclegan", "--data", data.toString(),
			"--source", "horizontal", "--target", "vertical", "--out", out.toString(), "--size", "32",
			"--crop", "32", "--ngf", "4", "--ndf", "4", "--blocks", "1", "--epochs", "1",
			"--decay-epochs", "0", "--device", "cpu"));
		args.addAll(List.of(more));
		return CliRun.of(args.toArray(String[]::new));
	}

	private static CycleGanConfig resumed(final CycleGanConfig c) {
		return c.withRun(c.device(), true);
	}

	private static Set<String> names(final List<LabelledImageFolder.LabelledFile> files) {
		return fileNames(files.stream().map(LabelledImageFolder.LabelledFile::file).toList());
	}

	private static Set<String> fileNames(final List<Path> files) {
		final Set<String> names = new TreeSet<>();
		files.forEach(f -> names.add(f.getFileName().toString()));
		return names;
	}

	private static List<String> withoutSeconds(final Path logCsv) throws IOException {
		final List<String> rows = new ArrayList<>();
		for (final String line : Files.readAllLines(logCsv))
			rows.add(line.substring(0, line.lastIndexOf(',')));
		return rows;
	}

	private static Logger log() {
		return new StderrLogService().subLogger("test");
	}
}
