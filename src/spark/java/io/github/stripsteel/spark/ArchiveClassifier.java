package io.github.stripsteel.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.TestTimeAugmentation;

/**
 * Classifies one partition of Spark's {@code binaryFile} rows ({@code path, content}) in
 * mini-batches with the library: {@link ImageDecoder#decode} of the bytes, the model's
 * preprocessing chain ({@link ModelThread#prepare}) and one network pass per batch on the model's
 * own thread ({@link ModelThread#predict}), exactly as the CLI's batch classifier does for files.
 * Rows come out lazily, a batch at a time, so a partition never holds more than one batch of
 * images; each is counted by its status as it goes to the writer ({@link StatusCounts}). A file
 * that cannot be decoded or classified becomes an error row and the partition goes on.
 */
final class ArchiveClassifier implements MapPartitionsFunction<Row, Row> {

	private static final long serialVersionUID = 1L;

	/** One row per file. */
	static final StructType SCHEMA = new StructType()
		.add("path", DataTypes.StringType, false)
		.add("predicted_class", DataTypes.StringType, true)
		.add("confidence", DataTypes.DoubleType, true)
		.add("top_k", DataTypes.StringType, true)
		.add("model", DataTypes.StringType, false)
		.add("status", DataTypes.StringType, false)
		.add("error", DataTypes.StringType, true)
		.add("ms", DataTypes.DoubleType, false);

	private static final int STATUS = SCHEMA.fieldIndex("status");

	private final String model;
	private final boolean jobFile;
	private final String tta;
	private final int batchSize;
	private final int topK;
	private final int threads;
	private final StatusCounts counts;

	/**
	 * @param model the model folder: a name given to {@code SparkContext.addFile} when
	 *          {@code jobFile}, else a path that every executor can read (shared file system)
	 * @param tta test-time augmentation key ({@code none}, {@code dihedral8})
	 * @param threads PyTorch intra-op threads of the executor's model, set in each executor JVM
	 *          before the engine starts (the first setting in a JVM wins); 0: the executor's cores
	 * @param counts counts every row handed on, by status
	 */
	ArchiveClassifier(final String model, final boolean jobFile, final String tta,
		final int batchSize, final int topK, final int threads, final StatusCounts counts)
	{
		this.model = model;
		this.jobFile = jobFile;
		this.tta = tta;
		this.batchSize = batchSize;
		this.topK = topK;
		this.threads = threads;
		this.counts = counts;
	}

	@Override
	public Iterator<Row> call(final Iterator<Row> files) throws ModelPackageException {
		if (!files.hasNext()) return Collections.emptyIterator();
		if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty(
			"ai.djl.pytorch.num_threads", Integer.toString(threads > 0 ? threads : executorCores()));
		final Path dir = Path.of(jobFile ? SparkFiles.get(model) : model);
		final TestTimeAugmentation augmentation = TestTimeAugmentation.parse(tta);
		return new Batches(files, ExecutorModels.get(dir, augmentation));
	}

	/** The rows of one batch of files (path and encoded bytes), in their order. */
	List<Row> classify(final List<Row> files, final ModelThread classifier) {
		final Row[] out = new Row[files.size()];
		final double[] millis = new double[files.size()];
		final List<Integer> pending = new ArrayList<>();
		final List<float[]> inputs = new ArrayList<>();
		final List<int[]> sizes = new ArrayList<>();
		final String modelId = classifier.modelId();
		for (int i = 0; i < files.size(); i++) {
			final String uri = files.get(i).getString(0);
			final long t0 = System.nanoTime();
			final Path name = nameOf(uri);
			try {
				final byte[] content = files.get(i).getAs(1);
				final ImageDecoder.DecodedImage decoded = ImageDecoder.decode(name, content,
					ImageDecoder.DEFAULT_MAX_PIXELS);
				inputs.add(classifier.prepare(decoded.gray()));
				sizes.add(new int[] { decoded.width(), decoded.height() });
				pending.add(i);
			}
			catch (final Exception e) {
				out[i] = error(uri, name, e, modelId, (System.nanoTime() - t0) / 1e6);
			}
			millis[i] = (System.nanoTime() - t0) / 1e6;
		}
		if (pending.isEmpty()) return List.of(out);
		final long t0 = System.nanoTime();
		try {
			final List<Prediction> predictions = classifier.predict(inputs.toArray(new float[0][]), sizes
				.stream().mapToInt(s -> s[0]).toArray(), sizes.stream().mapToInt(s -> s[1]).toArray());
			final double share = (System.nanoTime() - t0) / 1e6 / pending.size();
			for (int j = 0; j < pending.size(); j++) {
				final int i = pending.get(j);
				final Prediction p = predictions.get(j);
				final String top = p.topK(topK).stream().map(Prediction.Ranked::toString).collect(
					Collectors.joining(";"));
				out[i] = RowFactory.create(files.get(i).getString(0), p.className(), (double) p
					.confidence(), top, modelId, p.uncertain() ? Prediction.UNCERTAIN : "ok", null, millis[i] +
						share);
			}
		}
		catch (final RuntimeException e) {
			// the network pass failed for the whole batch: every file of it is an error row
			final double share = (System.nanoTime() - t0) / 1e6 / pending.size();
			for (final int i : pending) {
				final String uri = files.get(i).getString(0);
				out[i] = error(uri, nameOf(uri), e, modelId, millis[i] + share);
			}
		}
		return List.of(out);
	}

	// -- Helper methods --

	/**
	 * The file a {@code binaryFile} path names: the local path of a {@code file:} path (Spark gives
	 * Hadoop paths, not encoded URIs: {@code file:/a b/c.png}), else the path as given.
	 */
	static Path nameOf(final String path) {
		final URI u = new org.apache.hadoop.fs.Path(path).toUri();
		return "file".equals(u.getScheme()) ? Path.of(u.getPath()) : Path.of(path);
	}

	/** An error row whose message names the file as Spark gave it, then the problem and the fix. */
	static Row error(final String uri, final Path name, final Exception e,
		final String modelId, final double millis)
	{
		String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		final String prefix = name + ": ";
		if (m.startsWith(prefix)) m = m.substring(prefix.length());
		return RowFactory.create(uri, null, null, null, modelId, "error", uri + ": " + m.replace('\n',
			' '), millis);
	}

	/** The executor's cores as Spark gives them to tasks ({@code spark.executor.cores}). */
	private static int executorCores() {
		final SparkEnv env = SparkEnv.get();
		final int all = Runtime.getRuntime().availableProcessors();
		return env == null ? all : env.conf().getInt("spark.executor.cores", all);
	}

	/** Pulls a batch of files at a time and counts each row as it hands it on. */
	private final class Batches implements Iterator<Row> {

		private final Iterator<Row> files;
		private final ModelThread classifier;
		private Iterator<Row> current = Collections.emptyIterator();

		Batches(final Iterator<Row> files, final ModelThread classifier) {
			this.files = files;
			this.classifier = classifier;
		}

		@Override
		public boolean hasNext() {
			while (!current.hasNext()) {
				if (!files.hasNext()) return false;
				final List<Row> batch = new ArrayList<>(batchSize);
				while (batch.size() < batchSize && files.hasNext())
					batch.add(files.next());
				current = classify(batch, classifier).iterator();
			}
			return true;
		}

		@Override
		public Row next() {
			if (!hasNext()) throw new NoSuchElementException();
			final Row row = current.next();
			counts.add(row.getString(STATUS));
			return row;
		}
	}
}
