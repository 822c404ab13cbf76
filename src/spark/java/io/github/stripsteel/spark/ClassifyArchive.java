package io.github.stripsteel.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.image.ImageDecodeException;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.TestTimeAugmentation;

/**
 * Classifies an image archive on Apache Spark: every file under the inputs (recursive, filtered by a
 * name glob) is read with Spark's {@code binaryFile} source, decoded, preprocessed and classified
 * by the library in {@code mapPartitions} (one model per executor on a thread of its own,
 * batched, see {@link ArchiveClassifier}), and written as one row per file
 * ({@code path, predicted_class, confidence, top_k, model, status, error, ms}) to Parquet or CSV.
 * A file that cannot be decoded is an error row; the job goes on. Started by
 * {@code spark-submit --class io.github.stripsteel.spark.ClassifyArchive} on a cluster or by
 * {@code bin/strip-steel-spark} on one machine (docs/SCALE.md).
 */
public final class ClassifyArchive {

	static final String USAGE = "ClassifyArchive [--master URL] [--model DIR] [--model-shared] " +
		"--input PATH_OR_GLOB [--input ...] --out DIR [--format parquet|csv] [--batch N] [--top-k K] " +
		"[--tta none|dihedral8] [--threads N] [--filter GLOB] [--conf KEY=VALUE ...]";

	private ClassifyArchive() {}

	/** Exit code 0 when every file was classified, 1 when a file or the job failed, 2 for usage. */
	public static void main(final String[] args) {
		System.exit(run(args));
	}

	static int run(final String[] args) {
		final Options o;
		try {
			o = Options.parse(args);
		}
		catch (final IllegalArgumentException e) {
			System.err.println("strip-steel-spark: " + e.getMessage());
			System.err.println("usage: " + USAGE);
			return 2;
		}
		try {
			final Summary s = classify(o);
			System.out.println(s);
			return s.failed() == 0 ? 0 : 1;
		}
		catch (final ModelPackageException | IllegalArgumentException | IllegalStateException e) {
			System.err.println("strip-steel-spark: " + e.getMessage());
			return 1;
		}
	}

	/**
	 * What one run did: {@code failed} counts error rows only; an {@code uncertain} row was
	 * classified (far from the model's training data) and is counted as such, as the CLI does.
	 */
	record Summary(long files, long failed, long uncertain, double seconds, Path out, String format) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d files, %d classified%s, %d failed, %.1f s (%.1f files/s)%n" +
				"wrote %s (%s)", files, files - failed, uncertain == 0 ? "" : " (" + uncertain +
					" uncertain: far from the model's training data)", failed, seconds, files / Math.max(
						seconds, 1e-9), out, format);
		}
	}

	/**
	 * Runs the job with the options.
	 *
	 * @throws ModelPackageException when the model package cannot be used (checked on the driver,
	 *           before any executor starts)
	 * @throws IllegalArgumentException when the output exists or an option does not fit the model
	 */
	static Summary classify(final Options o) throws ModelPackageException {
		final ModelPackage model = ModelPackage.read(o.model);
		model.verifyWeights();
		final TestTimeAugmentation tta = o.tta == null ? model.testTimeAugmentation()
			: TestTimeAugmentation.parse(o.tta);
		if (tta == TestTimeAugmentation.DIHEDRAL8 && model.inputWidth() != model.inputHeight())
			throw new IllegalArgumentException("--tta dihedral8 needs a square input; " + model.dir() +
				" takes " + model.inputWidth() + "x" + model.inputHeight());
		if (Files.exists(o.out)) throw new IllegalArgumentException(o.out +
			" exists; give a new --out folder (results are never written over earlier ones)");

		final SparkSession.Builder builder = SparkSession.builder().appName("strip-steel classify " +
			model.id());
		if (o.master != null) builder.master(o.master);
		o.conf.forEach(builder::config);
		final SparkSession spark = builder.getOrCreate();
		// one model per executor runs every network pass on all its cores (ModelThread); in local
		// mode the driver is the executor and local[N] gives it N cores; 0: the executor's own count
		final int threads = o.threads > 0 ? o.threads : spark.sparkContext().isLocal() ? spark
			.sparkContext().defaultParallelism() : 0;
		if (threads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) System
			.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
		final String modelRef;
		if (o.modelShared) modelRef = o.model.toAbsolutePath().toString();
		else {
			spark.sparkContext().addFile(o.model.toAbsolutePath().toString(), true);
			modelRef = o.model.toAbsolutePath().normalize().getFileName().toString();
		}
		final long t0 = System.nanoTime();
		try {
			// the summary is counted while the rows are written, never read back from the output
			final StatusCounts counts = StatusCounts.register(spark.sparkContext());
			final List<Row> empty = emptyFileRows(spark, o, model.id());
			final Dataset<Row> files = spark.read().format("binaryFile")
				.option("recursiveFileLookup", "true")
				.option("pathGlobFilter", o.filter)
				.load(o.inputs.toArray(new String[0]))
				.select("path", "content");
			final Dataset<Row> classified = files.mapPartitions(new ArchiveClassifier(modelRef, !o.modelShared,
				tta.key(), o.batch, Math.min(o.topK, model.classes().size()), threads, counts), Encoders
					.row(ArchiveClassifier.SCHEMA));
			final Dataset<Row> rows = classified.union(spark.createDataFrame(empty,
				ArchiveClassifier.SCHEMA));
			csvOptions(rows.write().format(o.format)).save(o.out.toString());
			// the empty files' error rows are made here on the driver, not counted by the executors
			return new Summary(counts.rows() + empty.size(), counts.errors() + empty.size(), counts
				.uncertain(), (System.nanoTime() - t0) / 1e9, o.out, o.format);
		}
		finally {
			spark.stop();
			ExecutorModels.closeAll();
		}
	}

	/** Error rows for the empty files, which Spark's file index leaves out (see {@link EmptyFiles}). */
	private static List<Row> emptyFileRows(final SparkSession spark, final Options o,
		final String modelId)
	{
		final List<Row> rows = new ArrayList<>();
		try {
			for (final String path : EmptyFiles.find(spark.sparkContext().hadoopConfiguration(),
				o.inputs, o.filter))
			{
				try {
					ImageDecoder.decode(ArchiveClassifier.nameOf(path), new byte[0],
						ImageDecoder.DEFAULT_MAX_PIXELS);
					throw new IllegalStateException(path + " is empty but decodes");
				}
				catch (final ImageDecodeException e) {
					rows.add(ArchiveClassifier.error(path, ArchiveClassifier.nameOf(path), e, modelId, 0));
				}
			}
		}
		catch (final IOException e) {
			throw new IllegalStateException("cannot list the inputs for empty files: " + e.getMessage(), e);
		}
		return rows;
	}

	/** CSV as RFC 4180 has it (a quote inside a quoted value doubled), with a header line. */
	private static DataFrameWriter<Row> csvOptions(final DataFrameWriter<Row> writer) {
		return writer.option("header", "true").option("escape", "\"");
	}

	/** The job's options, with the CLI's names and defaults where they mean the same. */
	static final class Options {

		String master;
		Path model = ModelLocations.defaultModel();
		boolean modelShared;
		final List<String> inputs = new ArrayList<>();
		Path out;
		String format = "parquet";
		int batch = 16;
		int topK = 3;
		String tta;
		int threads;
		String filter = defaultFilter();
		final Map<String, String> conf = new LinkedHashMap<>();

		/** @throws IllegalArgumentException naming the option that is wrong and why */
		static Options parse(final String... args) {
			final Options o = new Options();
			for (int i = 0; i < args.length; i++) {
				final String a = args[i];
				if (a.equals("--model-shared")) {
					o.modelShared = true;
					continue;
				}
				if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a +
					"'; inputs are given with --input");
				if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
				final String v = args[++i];
				switch (a) {
					case "--master" -> o.master = v;
					case "--model" -> o.model = Path.of(v);
					case "--input" -> o.inputs.add(v);
					case "--out" -> o.out = Path.of(v);
					case "--format" -> o.format = oneOf(a, v, "parquet", "csv");
					case "--batch" -> o.batch = positive(a, v);
					case "--top-k" -> o.topK = positive(a, v);
					case "--tta" -> o.tta = TestTimeAugmentation.parse(v).key();
					case "--threads" -> o.threads = positive(a, v);
					case "--filter" -> o.filter = v;
					case "--conf" -> {
						final int eq = v.indexOf('=');
						if (eq <= 0) throw new IllegalArgumentException("--conf needs KEY=VALUE, got '" + v + "'");
						o.conf.put(v.substring(0, eq), v.substring(eq + 1));
					}
					default -> throw new IllegalArgumentException("unknown option " + a);
				}
			}
			if (o.inputs.isEmpty()) throw new IllegalArgumentException(
				"give the images with --input (a folder, a file or a glob)");
			if (o.out == null) throw new IllegalArgumentException("give the output folder with --out");
			return o;
		}

		/** The image extensions the CLI looks for in folders, in lower and upper case. */
		static String defaultFilter() {
			final List<String> ext = new ArrayList<>(ImageFiles.EXTENSIONS);
			ImageFiles.EXTENSIONS.forEach(e -> ext.add(e.toUpperCase(Locale.ROOT)));
			return "*.{" + String.join(",", ext) + "}";
		}

		private static int positive(final String option, final String value) {
			try {
				final int n = Integer.parseInt(value);
				if (n >= 1) return n;
			}
			catch (final NumberFormatException e) {
				// reported below
			}
			throw new IllegalArgumentException(option + " must be a whole number of at least 1, got '" +
				value + "'");
		}

		private static String oneOf(final String option, final String value, final String... allowed) {
			for (final String a : allowed)
				if (a.equals(value)) return value;
			throw new IllegalArgumentException(option + " must be one of " + String.join(", ", allowed) +
				", got '" + value + "'");
		}
	}
}
