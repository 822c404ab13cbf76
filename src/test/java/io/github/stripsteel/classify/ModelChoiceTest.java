package io.github.stripsteel.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.log.StderrLogService;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.testutil.TestModels;

/**
 * Automatic model choice on the shipped packages: every sample image is classified by the model of
 * its own dataset (the package it is nearest to), and the other package marks it uncertain.
 */
class ModelChoiceTest {

	@TempDir
	Path tmp;

	@Test
	void eachSampleSetTakesTheModelOfItsDataset() throws IOException {
		final Path models = TestModels.projectDir().resolve("models");
		final List<Path> packages = ModelChoice.packagesIn(models);
		assertEquals(List.of(models.resolve("neu-cls"), models.resolve("x-sdd")), packages);
		final String neu = ModelPackage.read(models.resolve("neu-cls")).id();
		final String xsdd = ModelPackage.read(models.resolve("x-sdd")).id();
		final Path samples = TestModels.projectDir().resolve("sample-images");
		final List<Path> files = ImageFiles.collect(List.of(samples), true);
		try (ModelChoice choice = ModelChoice.open(packages, DeviceChoice.CPU)) {
			final List<BatchClassifier.FileResult> results = new BatchClassifier(choice,
				new StderrLogService().subLogger("test")).batchSize(8).outputFolder(tmp.resolve("out"))
					.run(files);
			assertEquals(files.size(), results.size());
			for (final BatchClassifier.FileResult r : results) {
				final String dataset = samples.relativize(r.file()).getName(0).toString();
				assertEquals("neu-cls".equals(dataset) ? neu : xsdd, r.model(), r.file().toString());
				assertTrue(r.ok(), r.toString());
			}
			// the model column of results.csv names the chosen model, row by row
			final List<String> rows = Files.readAllLines(tmp.resolve("out").resolve(
				BatchClassifier.RESULTS_CSV));
			assertEquals(files.size() + 1, rows.size());
			for (final String row : rows.subList(1, rows.size())) {
				final List<String> cells = BatchClassifier.parseCsvLine(row);
				assertEquals(cells.get(0).contains("/neu-cls/") ? neu : xsdd, cells.get(5), row);
			}
			// each package alone marks every sample of the other dataset uncertain
			for (final StripClassifier c : choice.candidates()) {
				final boolean isNeu = c.model().id().equals(neu);
				for (final BatchClassifier.FileResult r : new BatchClassifier(c, new StderrLogService()
					.subLogger("test")).batchSize(8).run(ImageFiles.collect(List.of(samples.resolve(isNeu
						? "x-sdd" : "neu-cls")), true)))
					assertEquals("uncertain", r.status(), c.model().id() + " on " + r.file());
			}
		}
	}

	@Test
	void aPackageWithoutStatisticsCannotBeAChoice() throws IOException {
		final Path a = TestModels.writeRandomPackage(tmp.resolve("a"), List.of("x", "y"), 32).dir();
		final Path b = TestModels.writeRandomPackage(tmp.resolve("b"), List.of("x", "y"), 32).dir();
		assertEquals(List.of(a, b), ModelChoice.packagesIn(tmp));
		final String m = assertThrows(ModelPackageException.class, () -> ModelChoice.open(List.of(a,
			b), DeviceChoice.CPU)).getMessage();
		assertTrue(m.startsWith(a + ": has no out-of-distribution statistics"), m);
		// one package needs none: it is the only choice
		try (ModelChoice one = ModelChoice.open(List.of(a), DeviceChoice.CPU)) {
			assertEquals(1, one.candidates().size());
		}
		final String none = assertThrows(IOException.class, () -> ModelChoice.packagesIn(a))
			.getMessage();
		assertTrue(none.contains("holds no model package"), none);
	}
}
