package io.github.stripsteel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TestModels;

/**
 * The Spark job in local mode against the CLI, file by file: the sample images (NEU and X-SDD, in
 * sub-folders) plus broken files; same class, confidence within 1e-4, same errors.
 */
class ClassifyArchiveTest {

	private static final Path MODEL = TestModels.projectDir().resolve("models/neu-cls");

	/** Rows that reached the writer in any task attempt (local mode: the tasks run in this JVM). */
	private static final AtomicLong ATTEMPTED = new AtomicLong();

	@TempDir
	Path dir;

	@Test
	void csvRowsEqualTheCliFileByFile() throws IOException {
		final Path archive = archive();
		final Path cliOut = dir.resolve("cli"), sparkOut = dir.resolve("spark");
		final CliRun cli = CliRun.of("classify", "--model", MODEL.toString(), "--tta", "none", "--out",
			cliOut.toString(), archive.toString());
		assertEquals(1, cli.code(), "the CLI reports the broken files: " + cli.err());
		final Map<Path, Map<String, String>> expected = csv(cliOut.resolve(
			BatchClassifier.RESULTS_CSV), "file");

		final int before = ExecutorModels.opened();
		// small partitions, so that tasks share the executor's model
		final ClassifyArchive.Summary summary = ClassifyArchive.classify(ClassifyArchive.Options.parse(
			"--master", "local[2]", "--model", MODEL.toString(), "--input", archive.toString(), "--out",
			sparkOut.toString(), "--format", "csv", "--tta", "none", "--batch", "4", "--conf",
			"spark.sql.files.maxPartitionBytes=16000000", "--conf", "spark.ui.enabled=false"));
		assertTrue(ExecutorModels.opened() - before <= 1, "one model per executor, got " +
			(ExecutorModels.opened() - before));

		final List<Path> parts;
		try (Stream<Path> files = Files.list(sparkOut)) {
			parts = files.filter(f -> f.getFileName().toString().endsWith(".csv")).toList();
		}
		assertTrue(parts.size() > 1, "one CSV per partition: " + parts);
		final Map<Path, Map<String, String>> actual = new HashMap<>();
		for (final Path part : parts)
			actual.putAll(csv(part, "path"));

		assertEquals(expected.keySet(), actual.keySet());
		assertEquals(39 + 3, actual.size(), "sample images and broken files, nothing else");
		int errors = 0;
		for (final Path file : expected.keySet()) {
			final Map<String, String> e = expected.get(file), a = actual.get(file);
			assertEquals(e.get("status"), a.get("status"), file.toString());
			assertEquals(e.get("model"), a.get("model"));
			assertFalse(a.get("ms").isEmpty());
			if (!a.get("status").equals("error")) { // ok, or uncertain: classified all the same
				assertEquals(e.get("predicted_class"), a.get("predicted_class"), file.toString());
				assertEquals(Double.parseDouble(e.get("confidence")), Double.parseDouble(a.get(
					"confidence")), 1e-4, file.toString());
				assertEquals(e.get("top_k").split(":")[0], a.get("top_k").split(":")[0]);
				assertEquals(3, a.get("top_k").split(";").length);
				assertTrue(a.get("error").isEmpty());
			}
			else {
				errors++;
				// the same problem and fix; Spark names the file by its URI
				final String uri = a.get("path");
				assertTrue(a.get("error").startsWith(uri + ": "), a.get("error"));
				assertEquals(e.get("error").substring(file.toString().length()), a.get("error").substring(
					uri.length()));
				assertTrue(a.get("predicted_class").isEmpty() && a.get("confidence").isEmpty());
			}
		}
		assertEquals(3, errors);
		// the summary, counted while the rows were written, tells what the files hold
		assertEquals(actual.size(), summary.files());
		assertEquals(errors, summary.failed());
		assertEquals(actual.values().stream().filter(r -> r.get("status").equals("uncertain")).count(),
			summary.uncertain());
	}

	@Test
	void statusCountsAreExactWhenTasksAreRetried() throws IOException {
		final Path input = Files.createDirectories(dir.resolve("in"));
		final Path sample = TestModels.projectDir().resolve("sample-images/neu-cls");
		try (Stream<Path> files = Files.walk(sample)) {
			for (final Path f : files.filter(Files::isRegularFile).toList())
				Files.copy(f, input.resolve(f.getFileName()));
		}
		Files.writeString(input.resolve("not an image.png"), "hello", StandardCharsets.UTF_8);
		final Path out = dir.resolve("out");
		ATTEMPTED.set(0);
		// local[2,2]: a failed task is tried again once
		final SparkSession spark = SparkSession.builder().master("local[2,2]").config("spark.ui.enabled",
			"false").config("spark.sql.files.maxPartitionBytes", "16000000").getOrCreate();
		try {
			final StatusCounts counts = StatusCounts.register(spark.sparkContext());
			final Dataset<Row> files = spark.read().format("binaryFile").load(input.toString()).select(
				"path", "content");
			final Dataset<Row> rows = files.mapPartitions(new ArchiveClassifier(MODEL.toString(), false,
				"none", 4, 3, 2, counts), Encoders.row(ArchiveClassifier.SCHEMA));
			// every task's first attempt fails after all its rows were classified and counted
			final Dataset<Row> failingOnce = rows.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
				final List<Row> all = new ArrayList<>();
				it.forEachRemaining(all::add);
				ATTEMPTED.addAndGet(all.size());
				if (TaskContext.get().attemptNumber() == 0) throw new IllegalStateException(
					"first attempt fails on purpose");
				return all.iterator();
			}, Encoders.row(ArchiveClassifier.SCHEMA));
			failingOnce.write().format("csv").option("header", "true").option("escape", "\"").save(out
				.toString());

			long written = 0, errors = 0;
			try (Stream<Path> parts = Files.list(out)) {
				for (final Path part : parts.filter(f -> f.toString().endsWith(".csv")).toList()) {
					final Map<Path, Map<String, String>> r = csv(part, "path");
					written += r.size();
					errors += r.values().stream().filter(x -> x.get("status").equals("error")).count();
				}
			}
			assertTrue(files.rdd().getNumPartitions() > 1, "several tasks");
			assertEquals(2 * written, ATTEMPTED.get(), "every task ran twice");
			assertEquals(written, counts.rows(), "each row counted once, though classified twice");
			assertEquals(18 + 1, written, "the sample images and the broken file");
			assertEquals(1, errors);
			assertEquals(errors, counts.errors());
		}
		finally {
			spark.stop();
		}
	}

	@Test
	void uncertainRowsAreClassifiedNotFailed() {
		final String line = new ClassifyArchive.Summary(42, 3, 21, 2.0, dir, "csv").toString();
		assertTrue(line.startsWith("42 files, 39 classified (21 uncertain: far from the model's " +
			"training data), 3 failed, 2.0 s"), line);
		assertEquals("42 files, 42 classified, 0 failed", new ClassifyArchive.Summary(42, 0, 0, 2.0, dir,
			"csv").toString().substring(0, 33));
	}

	@Test
	void parquetRowsAndTheirTypes() throws IOException {
		final Path input = Files.createDirectories(dir.resolve("in"));
		final Path sample = TestModels.projectDir().resolve("sample-images/neu-cls/scratches");
		try (Stream<Path> files = Files.list(sample)) {
			for (final Path f : files.toList())
				Files.copy(f, input.resolve(f.getFileName()));
		}
		Files.writeString(input.resolve("not an image.png"), "hello", StandardCharsets.UTF_8);
		final Path out = dir.resolve("out");
		assertEquals(1, ClassifyArchive.run(new String[] { "--master", "local[2]", "--model", MODEL
			.toString(), "--input", input.toString(), "--out", out.toString(), "--tta", "none",
			"--conf", "spark.ui.enabled=false" }));
		final SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled",
			"false").getOrCreate();
		try {
			final List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
			assertEquals(ArchiveClassifier.SCHEMA.fieldNames().length, rows.get(0).size());
			assertEquals(Arrays.asList(ArchiveClassifier.SCHEMA.fieldNames()), Arrays.asList(spark.read()
				.parquet(out.toString()).schema().fieldNames()));
			int ok = 0;
			for (final Row r : rows) {
				if (!r.getString(r.fieldIndex("status")).equals("error")) {
					ok++;
					assertEquals("scratches", r.getString(r.fieldIndex("predicted_class")));
					assertTrue(r.getDouble(r.fieldIndex("confidence")) > 0.5);
				}
				else {
					assertNull(r.get(r.fieldIndex("confidence")));
					assertTrue(r.getString(r.fieldIndex("error")).contains("not an image.png: not an image"));
				}
			}
			assertEquals(rows.size() - 1, ok);
		}
		finally {
			spark.stop();
		}
	}

	@Test
	void anExistingOutputIsNeverWrittenOver() throws IOException {
		final Path out = Files.createDirectories(dir.resolve("out"));
		final Path earlier = Files.writeString(out.resolve("earlier.csv"), "kept");
		assertEquals(1, ClassifyArchive.run(new String[] { "--model", MODEL.toString(), "--input", dir
			.toString(), "--out", out.toString() }));
		assertEquals("kept", Files.readString(earlier));
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(1, files.count());
		}
	}

	@Test
	void wrongOptionsAreUsageErrors() {
		assertEquals(2, ClassifyArchive.run(new String[] { "--model", MODEL.toString(), "--out", "x" }));
		assertEquals(2, ClassifyArchive.run(new String[] { "--input", "x", "--out", "y", "--format",
			"json" }));
		assertEquals(2, ClassifyArchive.run(new String[] { "--input", "x", "--out", "y", "--batch",
			"0" }));
		assertEquals(2, ClassifyArchive.run(new String[] { "--input", "x", "--out", "y", "--tta",
			"four" }));
		assertEquals(2, ClassifyArchive.run(new String[] { "x" }));
	}

	@Test
	void aMissingModelFailsBeforeSparkStarts() {
		assertEquals(1, ClassifyArchive.run(new String[] { "--model", dir.resolve("none").toString(),
			"--input", dir.toString(), "--out", dir.resolve("out").toString() }));
		assertFalse(Files.exists(dir.resolve("out")));
	}

	// -- Helper methods --

	/** The sample images in sub-folders, three broken files, and files both faces skip. */
	private Path archive() throws IOException {
		final Path archive = dir.resolve("archive");
		final Path samples = TestModels.projectDir().resolve("sample-images");
		try (Stream<Path> walk = Files.walk(samples)) {
			for (final Path f : walk.filter(Files::isRegularFile).toList()) {
				final Path target = archive.resolve(samples.relativize(f).toString());
				Files.createDirectories(target.getParent());
				Files.copy(f, target);
			}
		}
		final Path broken = Files.createDirectories(archive.resolve("broken"));
		Files.createDirectories(broken.resolve("deeper"));
		Files.createFile(broken.resolve("empty.png"));
		Files.writeString(broken.resolve("text, with a comma.jpg"), "not an image\n");
		final byte[] jpeg = Files.readAllBytes(samples.resolve("x-sdd/red iron/" + firstFile(samples
			.resolve("x-sdd/red iron"))));
		Files.write(broken.resolve("deeper/cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
		Files.writeString(broken.resolve(".hidden.png"), "skipped by both");
		return archive;
	}

	private static String firstFile(final Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(f -> f.getFileName().toString()).sorted().findFirst().orElseThrow();
		}
	}

	/** The rows of a CSV file with a header, by the file each names. */
	private static Map<Path, Map<String, String>> csv(final Path file, final String fileColumn)
		throws IOException
	{
		final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		final List<String> header = BatchClassifier.parseCsvLine(lines.get(0));
		final Map<Path, Map<String, String>> rows = new HashMap<>();
		for (final String line : lines.subList(1, lines.size())) {
			final List<String> cells = new ArrayList<>(BatchClassifier.parseCsvLine(line));
			final Map<String, String> row = new HashMap<>();
			for (int i = 0; i < header.size(); i++)
				row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
			final String name = row.get(fileColumn);
			rows.put(ArchiveClassifier.nameOf(name), row);
		}
		return rows;
	}
}
