package io.github.stripsteel.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.log.Logger;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.util.Progress;

/**
 * Evaluates a model on a class-folder dataset. Class folders are matched to the model's classes
 * by name; a folder the model does not know is an error (it would silently count as wrong).
 * Unreadable files are listed and left out of the figures.
 */
public final class Evaluation {

	private final StripClassifier classifier;
	private final Logger log;
	private int batchSize = 32;
	private Progress progress = Progress.NONE;

	/** Figures and the files that could not be read. */
	public record Result(ClassificationMetrics metrics, List<String> failed, double millisPerImage,
		String splitDescription)
	{}

	public Evaluation(final StripClassifier classifier, final Logger log) {
		this.classifier = classifier;
		this.log = log;
	}

	public Evaluation batchSize(final int value) {
		this.batchSize = Math.max(1, value);
		return this;
	}

	/**
	 * Told after every batch (images done and total); asked before each whether to stop, which
	 * throws a {@link java.util.concurrent.CancellationException} (an evaluation keeps nothing).
	 */
	public Evaluation progress(final Progress value) {
		this.progress = value;
		return this;
	}

	/**
	 * @param part every image, or the validation split or the test part that the model package
	 *          records (same seed and fractions as its training)
	 * @throws IOException also when the model records no such part
	 */
	public Result run(final Path data, final RecordedSplit.Part part) throws IOException {
		final LabelledImageFolder folder = LabelledImageFolder.scan(data);
		final List<String> modelClasses = classifier.model().classes();
		final int[] toModel = modelLabels(folder, classifier.model(), data);
		final List<LabelledFile> files = RecordedSplit.files(folder, classifier.model(), part);
		final String description = part == RecordedSplit.Part.ALL ? "" : RecordedSplit.describe(
			classifier.model());
		final ClassificationMetrics metrics = new ClassificationMetrics(modelClasses);
		final List<String> failed = new ArrayList<>();
		final long t0 = System.nanoTime();
		int done = 0;
		for (int start = 0; start < files.size(); start += batchSize) {
			final int from = start, total = files.size();
			progress.stopIfCancelled(() -> "evaluation cancelled after " + from + " of " + total +
				" images");
			final List<LabelledFile> chunk = files.subList(start, Math.min(files.size(), start +
				batchSize));
			final List<float[]> inputs = new ArrayList<>();
			final List<Integer> truth = new ArrayList<>();
			for (final LabelledFile f : chunk) {
				try {
					inputs.add(classifier.prepare(ImageDecoder.read(f.file()).gray()));
					truth.add(toModel[f.label()]);
				}
				catch (final IOException | RuntimeException e) {
					failed.add(e.getMessage());
					log.warn("skipped: " + e.getMessage());
				}
			}
			final List<Prediction> predictions = classifier.predict(inputs.toArray(new float[0][]));
			for (int i = 0; i < predictions.size(); i++)
				metrics.add(truth.get(i), predictions.get(i).classIndex());
			done += predictions.size();
			progress.update(chunk.size() + start, files.size(), "image " + (chunk.size() + start) + "/" +
				files.size());
		}
		final double ms = done == 0 ? 0 : (System.nanoTime() - t0) / 1e6 / done;
		return new Result(metrics, failed, ms, description);
	}

	/**
	 * The model's class index of each of the dataset's class folders.
	 *
	 * @throws IOException naming a folder that is not a class of the model
	 */
	static int[] modelLabels(final LabelledImageFolder folder, final ModelPackage model,
		final Path data) throws IOException
	{
		final int[] toModel = new int[folder.classNames().size()];
		for (int k = 0; k < toModel.length; k++) {
			toModel[k] = model.classes().indexOf(folder.classNames().get(k));
			if (toModel[k] < 0) throw new IOException(data + ": class folder '" + folder.classNames().get(
				k) + "' is not a class of model " + model.id() + " (its classes: " + String.join(", ",
					model.classes()) + ")");
		}
		return toModel;
	}
}
