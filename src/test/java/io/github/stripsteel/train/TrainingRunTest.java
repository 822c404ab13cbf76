package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.log.Logger;
import org.scijava.log.StderrLogService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.eval.RecordedSplit;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.Sarsn;
import io.github.stripsteel.model.WeightsFile;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TextureDataset;
import io.github.stripsteel.util.Progress;

/**
 * Short training runs on a synthetic 3-class dataset of 24x24 textures (horizontal stripes,
 * vertical stripes, noise; 16 images a class): the loss goes down, a resumed run ends with the
 * weights of the uninterrupted one, and distillation writes a student package with its lineage.
 */
class TrainingRunTest {

	private static final int SIZE = 24;
	private static final String[] CLASSES = { "horizontal", "noise", "vertical" };

	@TempDir
	static Path tmp;
	/** 24 images a class (18 train, 6 val): 6 steps of 8 an epoch, for the teacher. */
	private static Path data;
	/** 8 images a class (6 train, 2 val): 2 steps an epoch, for the resume test. */
	private static Path small;
	private static ModelPackage teacher;
	private static List<EpochRecord> teacherHistory;

	@BeforeAll
	static void dataset() throws IOException {
		DeepLearningEngine.get();
		data = tmp.resolve("data");
		writeDataset(data, 24);
		small = tmp.resolve("small");
		writeDataset(small, 8);
	}

	@Test
	void sarsnLossGoesDown() throws IOException {
		teacher();
		assertEquals(3, teacherHistory.size());
		final double first = teacherHistory.get(0).trainLoss();
		final double last = teacherHistory.get(2).trainLoss();
		assertTrue(last < first, "train loss " + first + " -> " + last);
		assertEquals("sarsn34", teacher.architecture());
		assertEquals(List.of(CLASSES), teacher.classes());
		assertEquals("ce", teacher.training().get("method").getAsString());
	}

	@Test
	void resumeReproducesTheUninterruptedRun() throws IOException {
		final TrainingConfig base = config("resnet34", tmp.resolve("resume-a"), 2).withData(small);
		new TrainingRun(base, new AdaptiveObjective(), log()).run();

		final Path outB = tmp.resolve("resume-b");
		final TrainingConfig b = base.withOut(outB);
		stopAfterTheFirstEpoch(new TrainingRun(b, new AdaptiveObjective(), log()));
		assertTrue(Files.exists(outB.resolve("checkpoints/epoch-001.weights")));
		new TrainingRun(b.withRun(DeviceChoice.CPU, true), new AdaptiveObjective(), log()).run();

		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			final Map<String, NDArray> a = WeightsFile.read(tmp.resolve(
				"resume-a/checkpoints/epoch-002.weights"), m);
			final Map<String, NDArray> r = WeightsFile.read(outB.resolve(
				"checkpoints/epoch-002.weights"), m);
			final double maxDiff = maxDifference(a, r);
			assertTrue(maxDiff <= 1e-5, "max weight difference " + maxDiff);
		}
		// same log rows (the adaptive loss's lambda and weights included), apart from the timing
		assertEquals(withoutSeconds(tmp.resolve("resume-a/log.csv")), withoutSeconds(outB.resolve(
			"log.csv")));
		final String header = Files.readAllLines(outB.resolve("log.csv")).get(0);
		assertTrue(header.endsWith(",lambda,w_0,w_1,w_2"), header);
	}

	@Test
	void theWeightAverageIsPackagedTrainsNothingDifferentlyAndResumes() throws IOException {
		final TrainingConfig base = config("resnet34", tmp.resolve("ema-a"), 2).withData(small)
			.withKeep(EpochChoice.LAST).withEma(0.9f);
		final ModelPackage whole = new TrainingRun(base, new AdaptiveObjective(), log()).run();
		assertEquals(0.9, whole.training().get("ema").getAsDouble(), 1e-6);

		final Path outB = tmp.resolve("ema-b");
		final TrainingConfig b = base.withOut(outB);
		stopAfterTheFirstEpoch(new TrainingRun(b, new AdaptiveObjective(), log()));
		assertTrue(Files.exists(outB.resolve("checkpoints/epoch-001.average")));
		new TrainingRun(b.withRun(DeviceChoice.CPU, true), new AdaptiveObjective(), log()).run();

		// the same run without the average: the same training, figures and trained weights
		final ModelPackage plain = new TrainingRun(base.withEma(0).withOut(tmp.resolve("ema-none")),
			new AdaptiveObjective(), log()).run();
		final JsonObject trainedFigures = whole.metrics().getAsJsonObject(ModelPackage.TRAINED_WEIGHTS);
		for (final String figure : List.of("accuracy", "macro_f1", "gmean"))
			assertEquals(plain.metrics().get(figure).getAsDouble(), trainedFigures.get(figure)
				.getAsDouble(), 1e-6, figure);
		assertEquals(column(tmp.resolve("ema-none/log.csv"), "val_accuracy"), column(tmp.resolve(
			"ema-a/log.csv"), "trained_val_accuracy"));

		final Path a = tmp.resolve("ema-a/checkpoints");
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			final Map<String, NDArray> average = WeightsFile.read(a.resolve("epoch-002.average"), m);
			final Map<String, NDArray> trained = WeightsFile.read(a.resolve("epoch-002.weights"), m);
			final Map<String, NDArray> packaged = WeightsFile.read(whole.weightsFile(), m);
			// the package holds the average (to float16's precision), not the trained weights
			assertTrue(maxDifference(average, trained) > 1e-2, "the average equals the trained weights");
			for (final String key : average.keySet()) {
				final NDArray tolerance = average.get(key).abs().mul(1e-3).add(1e-4);
				final NDArray off = packaged.get(key).toType(DataType.FLOAT32, false).sub(average.get(key))
					.abs();
				assertTrue(off.lte(tolerance).all().getBoolean(), key + " differs from the average by " +
					off.max().getFloat());
			}
			assertTrue(maxDifference(trained, WeightsFile.read(tmp.resolve(
				"ema-none/checkpoints/epoch-002.weights"), m)) <= 1e-5, "the average changed the training");
			assertTrue(maxDifference(average, WeightsFile.read(outB.resolve(
				"checkpoints/epoch-002.average"), m)) <= 1e-5, "the resumed run's average differs");
		}
		// validation measured the average in both runs
		assertEquals(withoutSeconds(tmp.resolve("ema-a/log.csv")), withoutSeconds(outB.resolve(
			"log.csv")));
		final TrainingConfig without = base.withEma(0).withOut(outB).withRun(DeviceChoice.CPU, true)
			.withSchedule(3, base.batchSize(), base.learningRate());
		final IOException refused = assertThrows(IOException.class, () -> new TrainingRun(without,
			new AdaptiveObjective(), log()).run());
		assertTrue(refused.getMessage().contains("ema = 0.9, this run has null"), refused.getMessage());
	}

	@Test
	void aTestPartIsHeldOutOfTrainingAndMeasuredOnceOnThePackage() throws IOException {
		// 24 images a class: 6 validate, 6 are held out as test, 12 train
		final TrainingConfig c = config("resnet34", tmp.resolve("test-part"), 1).withTestFraction(0.25)
			.withKeep(EpochChoice.LAST).withEma(0.9f);
		final LabelledImageFolder folder = LabelledImageFolder.scan(data);
		assertEquals(folder.stratifiedSplit(0.25, 0.25, 42), TrainingRun.split(folder, c));
		assertEquals(18, TrainingRun.split(folder, c).test().size());
		final ModelPackage model = new TrainingRun(c, new AdaptiveObjective(), log()).run();
		assertEquals(0.25, model.training().get("test_fraction").getAsDouble(), 1e-12);
		final JsonObject test = model.testMetrics();
		assertEquals(18, test.get("samples").getAsInt());
		assertEquals("test", test.get("split").getAsString());
		assertTrue(test.has(ModelPackage.TRAINED_WEIGHTS), "the trained weights beside the average");
		assertEquals(18, model.metrics().get("samples").getAsInt(), "validation stays 6 a class");
		assertEquals(folder.stratifiedSplit(0.25, 42).val(), RecordedSplit.of(folder, model).val());
		assertEquals(TrainingRun.split(folder, c).test(), RecordedSplit.of(folder, model).test());

		final CliRun eval = cli("evaluate", "--model", model.dir().toString(), "--data", data
			.toString(), "--split", "test", "--device", "cpu");
		assertEquals(0, eval.code(), eval.err());
		assertTrue(eval.out().contains("[test part: seed 42, fraction 0.25, test fraction 0.25]"), eval
			.out());
		assertTrue(eval.out().contains("samples   18\n"), eval.out());

		// a student holding out a test part needs a teacher that held out the same one
		final CliRun student = cli("distill", "--teacher", teacher().dir().toString(), "--data", data
			.toString(), "--out", tmp.resolve("test-part-student").toString(), "--size", "24",
			"--epochs", "1", "--batch", "8", "--val-fraction", "0.25", "--test-fraction", "0.25",
			"--device", "cpu");
		assertEquals(1, student.code());
		assertTrue(student.err().contains("the teacher would have trained on the student's test " +
			"images: train the teacher with the same --val-fraction, --test-fraction and --seed"), student
				.err());
		final CliRun both = cli("train", "--data", data.toString(), "--out", tmp.resolve("x")
			.toString(), "--folds", "4", "--fold", "0", "--test-fraction", "0.2");
		assertEquals(2, both.code());
		assertTrue(both.err().contains("--test-fraction and --folds exclude each other"), both.err());
	}

	@Test
	void resumeRefusesAnotherLossOrDataButAcceptsALongerSchedule() throws IOException {
		final TrainingConfig first = config("resnet34", tmp.resolve("resume-check"), 1).withData(small);
		new TrainingRun(first, new AdaptiveObjective(), log()).run();
		final TrainingConfig resumed = first.withSchedule(2, 8, 0.005f).withRun(DeviceChoice.CPU, true);

		final IOException loss = assertThrows(IOException.class, () -> new TrainingRun(resumed,
			new CrossEntropyObjective(), log()).run());
		assertTrue(loss.getMessage().contains("loss = \"adaptive\", this run has \"ce\""), loss
			.getMessage());
		final IOException sampler = assertThrows(IOException.class, () -> new TrainingRun(resumed
			.withSampling(ClassSampling.BALANCED, 1f), new AdaptiveObjective(), log()).run());
		assertTrue(sampler.getMessage().contains("sampler = null, this run has \"balanced\""),
			sampler.getMessage());
		final IOException crop = assertThrows(IOException.class, () -> new TrainingRun(resumed
			.withSampling(ClassSampling.UNIFORM, 0.5f), new AdaptiveObjective(), log()).run());
		assertTrue(crop.getMessage().contains("min_crop = null, this run has 0.5"), crop.getMessage());
		final IOException smoothing = assertThrows(IOException.class, () -> new TrainingRun(resumed
			.withLabelSmoothing(0.1f), new AdaptiveObjective(), log()).run());
		assertTrue(smoothing.getMessage().contains("label_smoothing = null, this run has 0.1"),
			smoothing.getMessage());
		final IOException cutout = assertThrows(IOException.class, () -> new TrainingRun(resumed
			.withCutout(0.5f), new AdaptiveObjective(), log()).run());
		assertTrue(cutout.getMessage().contains("cutout = null, this run has 0.5"), cutout.getMessage());
		final IOException other = assertThrows(IOException.class, () -> new TrainingRun(resumed
			.withData(data), new AdaptiveObjective(), log()).run());
		assertTrue(other.getMessage().contains("data = "), other.getMessage());

		new TrainingRun(resumed, new AdaptiveObjective(), log()).run();
		assertEquals(3, Files.readAllLines(first.out().resolve("log.csv")).size(), "header + 2 epochs");
	}

	@Test
	void wallTimeIsSummedOverTheSittingsOfAResumedRun() throws IOException {
		final TrainingConfig first = config("resnet34", tmp.resolve("wall-time"), 1).withData(small)
			.withKeep(EpochChoice.LAST);
		new TrainingRun(first, new AdaptiveObjective(), log()).run();
		final Path latest = first.out().resolve("checkpoints/latest.json");
		final JsonObject checkpoint = JsonParser.parseString(Files.readString(latest)).getAsJsonObject();
		assertTrue(checkpoint.has(Checkpoints.WALL_SECONDS), checkpoint.toString());
		// an earlier sitting of 5000 s, as its checkpoint records it
		checkpoint.addProperty(Checkpoints.WALL_SECONDS, 5000);
		Files.writeString(latest, checkpoint.toString());
		final TrainingConfig second = first.withSchedule(2, 8, 0.005f).withRun(DeviceChoice.CPU, true);
		final ModelPackage p = new TrainingRun(second, new AdaptiveObjective(), log()).run();
		final long wall = p.training().get("wall_seconds").getAsLong();
		assertTrue(wall >= 5000 && wall < 5000 + 600, "wall_seconds " + wall);

		// a checkpoint from before they recorded it: the logged epochs' times stand for it
		final JsonObject old = JsonParser.parseString(Files.readString(latest)).getAsJsonObject();
		old.remove(Checkpoints.WALL_SECONDS);
		Files.writeString(latest, old.toString());
		final Path logCsv = first.out().resolve("log.csv");
		final List<String> rows = new ArrayList<>(Files.readAllLines(logCsv));
		for (int i = 1; i < rows.size(); i++) {
			final String[] v = rows.get(i).split(",");
			v[8] = "3000";
			rows.set(i, String.join(",", v));
		}
		Files.write(logCsv, rows);
		final ModelPackage q = new TrainingRun(second.withSchedule(3, 8, 0.005f), new AdaptiveObjective(),
			log()).run();
		final long logged = q.training().get("wall_seconds").getAsLong();
		assertTrue(logged >= 6000 && logged < 6000 + 600, "wall_seconds " + logged);
	}

	@Test
	void keepLastPackagesTheFinalEpochAndResumingMayChooseTheBest() throws IOException {
		final TrainingConfig last = config("resnet34", tmp.resolve("keep-last"), 3).withData(small)
			.withKeep(EpochChoice.LAST);
		final ModelPackage p = new TrainingRun(last, new AdaptiveObjective(), log()).run();
		final List<String[]> rows = Files.readAllLines(last.out().resolve("log.csv")).stream().skip(1)
			.map(l -> l.split(",")).toList();
		assertEquals(3, p.keptEpoch());
		assertEquals("epoch 3 (last)", p.keptEpochText());
		assertEquals("last", p.training().get("keep").getAsString());
		assertEquals(Double.parseDouble(rows.get(2)[4]), p.metrics().get("accuracy").getAsDouble(), 1e-6);
		final int best = p.training().get("best_epoch").getAsInt();
		double bestScore = -1;
		int bestRow = 0;
		for (final String[] r : rows) {
			final double score = Double.parseDouble(r[4]) + Double.parseDouble(r[6]);
			if (score > bestScore + 1e-6) {
				bestScore = score;
				bestRow = Integer.parseInt(r[0]);
			}
		}
		assertEquals(bestRow, best, "best_epoch records the best epoch also when the last is kept");

		// the choice is not part of the training: a resumed run (nothing left to train) may change it
		final ModelPackage b = new TrainingRun(last.withKeep(EpochChoice.BEST).withRun(DeviceChoice.CPU,
			true), new AdaptiveObjective(), log()).run();
		assertEquals(best, b.keptEpoch());
		assertEquals("epoch " + best + " (best)", b.keptEpochText());
		assertEquals(Double.parseDouble(rows.get(best - 1)[4]), b.metrics().get("accuracy")
			.getAsDouble(), 1e-6);
		final ModelPackage again = new TrainingRun(last.withRun(DeviceChoice.CPU, true),
			new AdaptiveObjective(), log()).run();
		assertEquals(3, again.keptEpoch());
		assertEquals(Double.parseDouble(rows.get(2)[4]), again.metrics().get("accuracy").getAsDouble(),
			1e-6);
		assertEquals(3, Files.readAllLines(last.out().resolve("log.csv")).size() - 1, "nothing retrained");
	}

	@Test
	void distillWritesAStudentWithLineage() throws IOException {
		final ModelPackage t = teacher();
		final Path out = tmp.resolve("student");
		final CliRun cli = cli("distill", "--teacher", t.dir().toString(), "--data", data.toString(),
			"--out", out.toString(), "--epochs", "1", "--size", "" + SIZE, "--batch", "8",
			"--val-fraction", "0.25", "--seed", "42", "--device", "cpu", "--lr", "0.02");
		assertEquals(0, cli.code(), cli.err());
		final ModelPackage student = ModelPackage.read(out);
		assertEquals("resnet34", student.architecture());
		assertEquals("rkd", student.training().get("method").getAsString());
		assertEquals("adaptive+rkd", student.training().get("loss").getAsString());
		final JsonObject lineage = student.json().getAsJsonObject("lineage").getAsJsonObject(
			"teacher");
		assertEquals(t.id(), lineage.get("id").getAsString());
		assertEquals("sarsn34", lineage.get("architecture").getAsString());
		assertEquals(t.metrics().get("gmean"), lineage.getAsJsonObject("metrics").get("gmean"));
		final List<String> log = Files.readAllLines(out.resolve("log.csv"));
		assertTrue(log.get(0).endsWith(",l_task,l_dist,l_angle,l_kd"), log.get(0));
		final String[] row = log.get(1).split(",");
		for (int i = row.length - 4; i < row.length; i++)
			assertTrue(Double.parseDouble(row[i]) > 0, log.get(1));
	}

	@Test
	void distillRefusesAMismatchedTeacher() throws IOException {
		final ModelPackage t = teacher();
		CliRun cli = cli("distill", "--teacher", t.dir().toString(), "--data", data.toString(), "--out",
			tmp.resolve("bad-size").toString(), "--epochs", "1", "--size", "32", "--batch", "8",
			"--val-fraction", "0.25", "--device", "cpu");
		assertEquals(1, cli.code());
		assertTrue(cli.err().contains("24x24") && cli.err().contains("32x32"), cli.err());

		final Path twoClasses = tmp.resolve("two-classes");
		writeDataset(twoClasses, 8);
		try (var files = Files.list(twoClasses.resolve("noise"))) {
			for (final Path f : files.toList())
				Files.delete(f);
		}
		Files.delete(twoClasses.resolve("noise"));
		cli = cli("distill", "--teacher", t.dir().toString(), "--data", twoClasses.toString(),
			"--out", tmp.resolve("bad-classes").toString(), "--epochs", "1", "--size", "" + SIZE,
			"--batch", "4", "--val-fraction", "0.25", "--device", "cpu");
		assertEquals(1, cli.code());
		assertTrue(cli.err().contains("[horizontal, noise, vertical]") && cli.err().contains(
			"[horizontal, vertical]"), cli.err());

		cli = cli("distill", "--teacher", t.dir().toString(), "--data", data.toString(), "--out",
			tmp.resolve("bad-seed").toString(), "--epochs", "1", "--size", "" + SIZE, "--batch", "8",
			"--val-fraction", "0.25", "--seed", "7", "--device", "cpu");
		assertEquals(1, cli.code());
		assertTrue(cli.err().contains("normalises with mean"), cli.err());
	}

	@Test
	void initFromAResNet34StartsASarsnFromItsWeights() throws IOException {
		// a ResNet34 for 2 classes: same layout as SARSN-34 without the shrinkage modules
		final ModelPackage resnet = io.github.stripsteel.testutil.TestModels.writeRandomPackage(tmp
			.resolve("init-resnet"), List.of("a", "b"), SIZE);
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.cpu())) {
			final ClassifierNet sarsn = Sarsn.sarsn34(3);
			sarsn.initialize(m, DataType.FLOAT32, new Shape(1, 1, SIZE, SIZE));
			final List<String> unused = WeightsFile.loadMatching(sarsn, resnet.weightsFile());
			assertEquals(List.of("02fc_weight", "02fc_bias"), unused, "only the 2-class head is left");
			final Map<String, NDArray> stored = WeightsFile.read(resnet.weightsFile(), m);
			int copied = 0;
			for (final var p : sarsn.getParameters()) {
				final NDArray s = stored.get(p.getKey());
				if (s == null || unused.contains(p.getKey())) continue;
				assertEquals(0f, s.toType(DataType.FLOAT32, false).sub(p.getValue().getArray()).abs().max()
					.getFloat(), p.getKey());
				copied++;
			}
			assertEquals(stored.size() - 2, copied);

			// the other way round, the shrinkage modules have nowhere to go: a clear error
			final ClassifierNet plain = io.github.stripsteel.model.Architectures.create("resnet34", 3);
			plain.initialize(m, DataType.FLOAT32, new Shape(1, 1, SIZE, SIZE));
			final IOException e = assertThrows(IOException.class, () -> WeightsFile.loadMatching(plain,
				teacher().weightsFile()));
			assertTrue(e.getMessage().contains("do not fit the network") && e.getMessage().contains(
				teacher().weightsFile().toString()), e.getMessage());
		}

		final Path out = tmp.resolve("init-sarsn");
		final CliRun cli = cli("train", "--arch", "sarsn34", "--init", resnet.dir().toString(), "--data",
			data.toString(), "--out", out.toString(), "--epochs", "1", "--size", "" + SIZE, "--batch",
			"8", "--val-fraction", "0.25", "--device", "cpu", "--lr", "0.01");
		assertEquals(0, cli.code(), cli.err());
		final JsonObject from = ModelPackage.read(out).json().getAsJsonObject("lineage")
			.getAsJsonObject("initialised_from");
		assertEquals(resnet.id(), from.get("id").getAsString());
		assertEquals("resnet34", from.get("architecture").getAsString());
	}

	@Test
	void gpuRequestWithoutGpuFailsClearly() throws IOException {
		Assumptions.assumeTrue(DeepLearningEngine.get().getGpuCount() == 0);
		final CliRun cli = cli("train", "--data", data.toString(), "--out", tmp.resolve("gpu")
			.toString(), "--epochs", "1", "--size", "" + SIZE, "--batch", "8", "--device", "gpu");
		assertEquals(1, cli.code());
		assertTrue(cli.err().contains("device gpu requested but PyTorch sees no CUDA GPU"), cli.err());
	}

	@Test
	void unknownLossOrArchOrARecipeSettingOutOfRangeIsAUsageError() throws IOException {
		CliRun cli = cli("train", "--data", data.toString(), "--out", tmp.resolve("x").toString(),
			"--loss", "focal");
		assertEquals(2, cli.code());
		assertTrue(cli.err().contains("unknown --loss 'focal'; known: ce, adaptive"), cli.err());
		cli = cli("train", "--data", data.toString(), "--out", tmp.resolve("x").toString(), "--arch",
			"sarsn18");
		assertEquals(2, cli.code());
		assertTrue(cli.err().contains("known: resnet34, sarsn34, sarsn50"), cli.err());
		cli = cli("distill", "--teacher", tmp.resolve("x").toString(), "--data", data.toString(),
			"--out", tmp.resolve("x").toString(), "--ema", "1");
		assertEquals(2, cli.code());
		assertTrue(cli.err().contains("--ema must be a decay in (0, 1), e.g. 0.998, or 0 for no " +
			"weight average, not 1.0"), cli.err());
		cli = cli("train", "--data", data.toString(), "--out", tmp.resolve("x").toString(),
			"--label-smoothing", "1");
		assertEquals(2, cli.code());
		assertTrue(cli.err().contains("--label-smoothing must be in [0, 1), e.g. 0.1, or 0 for plain " +
			"cross-entropy, not 1.0"), cli.err());
		cli = cli("distill", "--teacher", tmp.resolve("x").toString(), "--data", data.toString(),
			"--out", tmp.resolve("x").toString(), "--cutout", "-0.5");
		assertEquals(2, cli.code());
		assertTrue(cli.err().contains("--cutout must be a fraction of the side in [0, 1), e.g. 0.5, " +
			"or 0 for none, not -0.5"), cli.err());
	}

	@Test
	void sarsnRunsOnGpu() {
		Assumptions.assumeTrue(DeepLearningEngine.get().getGpuCount() > 0);
		try (NDManager m = DeepLearningEngine.get().newBaseManager(Device.gpu())) {
			final ClassifierNet net = Sarsn.sarsn34(3);
			net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
			net.initialize(m, DataType.FLOAT32, new Shape(2, 1, SIZE, SIZE));
			final NDList y = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(
				new Shape(2, 1, SIZE, SIZE))), true);
			assertEquals(new Shape(2, 3), y.get(0).getShape());
			assertNotEquals(Device.cpu(), y.get(0).getDevice());
		}
	}

	// -- Helper methods --

	/** The SARSN-34 teacher, trained once (3 epochs) for the tests that need it. */
	private static synchronized ModelPackage teacher() throws IOException {
		if (teacher == null) {
			final List<EpochRecord> history = new ArrayList<>();
			teacher = new TrainingRun(config("sarsn34", tmp.resolve("teacher"), 3),
				new CrossEntropyObjective(), log()).listener(new TrainingListener() {

					@Override
					public void epochDone(final EpochRecord record) {
						history.add(record);
					}
				}).run();
			teacherHistory = history;
		}
		return teacher;
	}

	private static TrainingConfig config(final String arch, final Path out, final int epochs) {
		return TrainingConfig.defaults(data, out).withArch(arch).withSchedule(epochs, 8, 0.01f)
			.withInput(SIZE, 0.25, 42).withRun(DeviceChoice.CPU, false);
	}

	/** Runs {@code run} and cancels it once its first epoch is done (its checkpoint stays). */
	private static void stopAfterTheFirstEpoch(final TrainingRun run) {
		final boolean[] stop = { false };
		run.listener(new TrainingListener() {

			@Override
			public void epochDone(final EpochRecord record) {
				stop[0] = record.epoch() == 1;
			}
		}).progress(Progress.of((done, total, message) -> {}, () -> stop[0]));
		assertThrows(CancellationException.class, run::run);
	}

	private static double maxDifference(final Map<String, NDArray> a, final Map<String, NDArray> b) {
		assertEquals(a.keySet(), b.keySet());
		double max = 0;
		for (final String key : a.keySet())
			max = Math.max(max, a.get(key).sub(b.get(key)).abs().max().getFloat());
		return max;
	}

	/** One column of a {@code log.csv}, as text. */
	private static List<String> column(final Path logCsv, final String name) throws IOException {
		final List<String> lines = Files.readAllLines(logCsv);
		final int c = List.of(lines.get(0).split(",")).indexOf(name);
		assertTrue(c >= 0, logCsv + " has no column " + name);
		return lines.stream().skip(1).map(l -> l.split(",")[c]).toList();
	}

	private static List<String> withoutSeconds(final Path logCsv) throws IOException {
		final List<String> rows = new ArrayList<>();
		for (final String line : Files.readAllLines(logCsv)) {
			final String[] v = line.split(",");
			v[8] = "";
			rows.add(String.join(",", v));
		}
		return rows;
	}

	private static Logger log() {
		return new StderrLogService().subLogger("test");
	}

	private static CliRun cli(final String... args) {
		return CliRun.of(args);
	}

	/** The shared 24x24 texture dataset ({@link TextureDataset}). */
	static void writeDataset(final Path dir, final int perClass) throws IOException {
		TextureDataset.write(dir, perClass);
	}
}
