package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.eval.FoldSummary;
import io.github.stripsteel.eval.RecordedSplit;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TestModels;
import io.github.stripsteel.testutil.TextureDataset;

/**
 * Training on a cross-validation fold: the fold validates, the package records it and what
 * produced it, {@code evaluate --split val} finds the same images, a student refuses a teacher of
 * another split, and {@code cv-summary} gives mean ± std over a set of folds, run records without
 * weights among them.
 */
class CrossValidationTest {

	@TempDir
	static Path tmp;
	private static Path data;
	private static ModelPackage fold1;

	@BeforeAll
	static void trainOneFold() throws IOException {
		data = TextureDataset.write(tmp.resolve("data"), 8);
		final CliRun run = CliRun.of("train", "--data", data.toString(), "--out", tmp.resolve("fold-1")
			.toString(), "--arch", "resnet34", "--epochs", "1", "--size", "" + TextureDataset.SIZE,
			"--batch", "4", "--lr", "0.01", "--folds", "4", "--fold", "1", "--seed", "42", "--device",
			"cpu", "--provenance-script", "scripts/train-test.sh", "--provenance-commit", "abc123");
		assertEquals(0, run.code(), run.err());
		fold1 = ModelPackage.read(tmp.resolve("fold-1"));
	}

	@Test
	void theFoldValidatesAndIsRecorded() throws IOException {
		final JsonObject t = fold1.training();
		assertEquals(4, t.get("folds").getAsInt());
		assertEquals(1, t.get("fold").getAsInt());
		final JsonObject lineage = fold1.json().getAsJsonObject("lineage");
		assertEquals("scripts/train-test.sh", lineage.get("script").getAsString());
		assertEquals("abc123", lineage.get("commit").getAsString());
		final JsonObject config = JsonParser.parseString(Files.readString(tmp.resolve(
			"fold-1/train-config.json"))).getAsJsonObject();
		assertEquals(1, config.get("fold").getAsInt());

		final LabelledImageFolder folder = LabelledImageFolder.scan(data);
		final LabelledImageFolder.Split expected = folder.stratifiedFold(4, 1, 42);
		assertEquals(expected, RecordedSplit.of(folder, fold1));
		// 8 images a class, fold 1 of 4: 2 a class validate
		assertEquals(6, fold1.metrics().get("samples").getAsInt());
		final CliRun eval = CliRun.of("evaluate", "--model", fold1.dir().toString(), "--data", data
			.toString(), "--split", "val", "--device", "cpu");
		assertEquals(0, eval.code(), eval.err());
		assertTrue(eval.out().contains("[validation split: seed 42, fold 1 of 4]"), eval.out());
		assertTrue(eval.out().contains("samples   6\n"), eval.out());
		final CliRun test = CliRun.of("evaluate", "--model", fold1.dir().toString(), "--data", data
			.toString(), "--split", "test", "--device", "cpu");
		assertEquals(1, test.code());
		assertTrue(test.err().contains("was trained without a test part") && test.err().contains(
			"has no training.test_fraction"), test.err());
		final CliRun typo = CliRun.of("evaluate", "--model", fold1.dir().toString(), "--data", data
			.toString(), "--split", "testing");
		assertEquals(2, typo.code());
		assertTrue(typo.err().contains("unknown --split 'testing'; known: all, val, test"), typo.err());
	}

	@Test
	void aStudentRefusesATeacherOfAnotherSplit() {
		final CliRun run = CliRun.of("distill", "--teacher", fold1.dir().toString(), "--data", data
			.toString(), "--out", tmp.resolve("student").toString(), "--epochs", "1", "--size", "" +
				TextureDataset.SIZE, "--batch", "4", "--folds", "4", "--fold", "2", "--seed", "42",
			"--device", "cpu");
		assertEquals(1, run.code());
		assertTrue(run.err().contains("was trained on seed 42, fold 1 of 4") && run.err().contains(
			"fold 2 of 4") && run.err().contains("same --folds, --fold and --seed"), run.err());
		assertTrue(!Files.exists(tmp.resolve("student/model.json")));
	}

	@Test
	void foldOptionsAreCheckedTogether() {
		for (final List<String> bad : List.of(List.of("--folds", "4"), List.of("--fold", "1"), List.of(
			"--folds", "1", "--fold", "0"), List.of("--folds", "4", "--fold", "4"), List.of("--folds",
				"4", "--fold", "0", "--val-fraction", "0.3")))
		{
			final List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data
				.toString(), "--out", tmp.resolve("bad").toString()));
			args.addAll(bad);
			final CliRun run = CliRun.of(args.toArray(new String[0]));
			assertEquals(2, run.code(), bad + ": " + run.err());
		}
	}

	@Test
	void cvSummaryGivesMeanAndStdOverOneSetOfFolds() throws IOException {
		final Path a = copyAsFold(0, 0.90, 4), b = copyAsFold(2, 0.80, 4);
		CliRun run = CliRun.of("cv-summary", a.toString(), b.toString());
		assertEquals(1, run.code(), "2 of 4 folds: incomplete");
		assertTrue(run.out().contains("accuracy 0.8500 ± 0.0707"), run.out());
		assertTrue(run.out().contains("incomplete: 2 fold(s) missing"), run.out());
		final Path c = copyAsFold(1, 0.85, 4), d = copyAsFold(3, 0.85, 4);
		// a run record (docs/results) keeps model.json without the weights
		final ModelPackage record = ModelPackage.read(d);
		Files.delete(d.resolve(record.json().getAsJsonObject("weights").get("file").getAsString()));
		assertThrows(ModelPackageException.class, () -> ModelPackage.read(d));
		run = CliRun.of("cv-summary", a.toString(), b.toString(), c.toString(), d.toString());
		assertEquals(0, run.code(), run.err());
		assertTrue(run.out().contains("mean ± std over 4 of 4 folds: accuracy 0.8500 ± 0.0408"), run
			.out());

		final Path other = copyAsFold(1, 0.85, 5);
		run = CliRun.of("cv-summary", a.toString(), other.toString());
		assertEquals(2, run.code());
		assertTrue(run.err().contains("fold 1 of 5 with seed 42, the first package is of 4 folds"), run
			.err());
		run = CliRun.of("cv-summary", a.toString(), a.toString());
		assertTrue(run.err().contains("fold 0 given twice"), run.err());
		// a package of no fold: the library says so in plain words, the command line with its options
		final Path whole = TestModels.projectDir().resolve("models/neu-cls");
		final String plain = assertThrows(IllegalArgumentException.class, () -> FoldSummary.of(List.of(
			ModelPackage.read(a), ModelPackage.read(whole)))).getMessage();
		assertTrue(plain.endsWith("train it with folds K and fold I"), plain);
		run = CliRun.of("cv-summary", a.toString(), whole.toString());
		assertEquals(2, run.code());
		assertTrue(run.err().contains("not trained on a cross-validation fold (no training.folds); " +
			"train it with --folds K and --fold I"), run.err());
	}

	@Test
	void cvSummaryGivesTheTrainedWeightsBesideTheWeightAverage() throws IOException {
		final List<String> dirs = new java.util.ArrayList<>(List.of("cv-summary"));
		final double[] averaged = { 0.9, 0.8, 0.85, 0.85 }, trained = { 0.8, 0.7, 0.8, 0.7 };
		for (int i = 0; i < 4; i++)
			dirs.add(withTrainedWeights(copyAsFold(i, averaged[i], 4, "cv-ema-"), trained[i]).toString());
		CliRun run = CliRun.of(dirs.toArray(new String[0]));
		assertEquals(0, run.code(), run.err());
		assertTrue(run.out().contains("accuracy 0.8500 ± 0.0408"), run.out());
		assertTrue(run.out().contains("without the weight average: accuracy 0.7500 ± 0.0577"), run
			.out());
		// one fold without the average's record: no line for the trained weights
		dirs.set(4, copyAsFold(3, 0.85, 4).toString());
		run = CliRun.of(dirs.toArray(new String[0]));
		assertEquals(0, run.code(), run.err());
		assertFalse(run.out().contains("without the weight average"), run.out());
	}

	// -- Helper methods --

	/** A copy of the trained fold's package, relabelled as fold {@code fold} with an accuracy. */
	private static Path copyAsFold(final int fold, final double accuracy, final int folds)
		throws IOException
	{
		return copyAsFold(fold, accuracy, folds, "cv-");
	}

	/** Adds {@code metrics.trained_weights} with this accuracy to a package's {@code model.json}. */
	private static Path withTrainedWeights(final Path dir, final double accuracy) throws IOException {
		final JsonObject json = ModelPackage.read(dir).json();
		final JsonObject metrics = json.getAsJsonObject("metrics");
		final JsonObject trained = new JsonObject();
		for (final String figure : FoldSummary.FIGURES)
			trained.add(figure, metrics.get(figure));
		trained.addProperty("accuracy", accuracy);
		metrics.add(ModelPackage.TRAINED_WEIGHTS, trained);
		Files.writeString(dir.resolve(ModelPackage.MODEL_JSON), ModelPackage.toJsonText(json));
		return dir;
	}

	private static Path copyAsFold(final int fold, final double accuracy, final int folds,
		final String prefix) throws IOException
	{
		final Path dir = Files.createDirectories(tmp.resolve(prefix + folds + "-" + fold));
		try (var files = Files.list(fold1.dir())) {
			for (final Path f : files.filter(Files::isRegularFile).toList())
				Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption
					.REPLACE_EXISTING);
		}
		final JsonObject json = fold1.json();
		json.getAsJsonObject("training").addProperty("fold", fold);
		json.getAsJsonObject("training").addProperty("folds", folds);
		json.getAsJsonObject("metrics").addProperty("accuracy", accuracy);
		Files.writeString(dir.resolve(ModelPackage.MODEL_JSON), ModelPackage.toJsonText(json));
		return dir;
	}
}
