package io.github.stripsteel.localise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.log.Logger;

import com.google.gson.JsonObject;

import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.eval.RecordedSplit;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.localise.Localiser.Localisation;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Scores class activation maps against annotated boxes: the pointing game (the map's maximum lies
 * in a true box) and the IoU of the derived box with the best-matching true box, beside baselines
 * that know nothing of the image: a uniformly random point (its hit rate is the fraction of the
 * image inside the union of the boxes), the image centre, and the whole image as the box.
 */
public final class LocalisationEvaluation {

	/** Box thresholds whose mean IoU is also reported, to choose one on data not reported. */
	public static final double[] THRESHOLD_SWEEP = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 };

	private final Localiser localiser;
	private final StripClassifier classifier;
	private final Logger log;
	private int batchSize = 16;

	/**
	 * One image's scores.
	 *
	 * @param randomPoint the chance that a uniformly random pixel lies in a box
	 * @param wholeImageIou the IoU that the whole image, taken as the box, would get
	 * @param sweepIou the IoU of the box derived at each of {@link #THRESHOLD_SWEEP}
	 */
	public record ImageScore(Path file, String trueClass, String predictedClass, int camX, int camY,
		Box box, boolean hit, double iou, double randomPoint, boolean centreHit, double wholeImageIou,
		double[] sweepIou)
	{}

	/** Means over a set of images. */
	public record Summary(int images, double pointingGame, double meanIou, double randomPoint,
		double centre, double wholeImageIou, double accuracy, double[] sweepIou)
	{

		static Summary of(final List<ImageScore> scores) {
			final int n = scores.size();
			double hit = 0, iou = 0, random = 0, centre = 0, whole = 0, right = 0;
			final double[] sweep = new double[THRESHOLD_SWEEP.length];
			for (final ImageScore s : scores) {
				for (int t = 0; t < sweep.length; t++)
					sweep[t] += s.sweepIou()[t] / Math.max(1, n);
				hit += s.hit() ? 1 : 0;
				iou += s.iou();
				random += s.randomPoint();
				centre += s.centreHit() ? 1 : 0;
				whole += s.wholeImageIou();
				right += s.trueClass().equals(s.predictedClass()) ? 1 : 0;
			}
			final double d = Math.max(1, n);
			return new Summary(n, hit / d, iou / d, random / d, centre / d, whole / d, right / d, sweep);
		}
	}

	/** All scores, the files left out (with why), and the split's description. */
	public record Result(List<ImageScore> scores, List<String> failed, String split) {

		public Summary overall() {
			return Summary.of(scores);
		}

		/** Per true class, in the order classes first appear. */
		public Map<String, Summary> perClass() {
			final Map<String, List<ImageScore>> by = new LinkedHashMap<>();
			for (final ImageScore s : scores)
				by.computeIfAbsent(s.trueClass(), k -> new ArrayList<>()).add(s);
			final Map<String, Summary> out = new LinkedHashMap<>();
			by.forEach((k, v) -> out.put(k, Summary.of(v)));
			return out;
		}

		/** {@code pointing_game}, {@code mean_iou}, {@code per_class}, {@code baselines}, ... */
		public JsonObject toJson() {
			final JsonObject json = summaryJson(overall());
			final JsonObject per = new JsonObject();
			perClass().forEach((k, v) -> per.add(k, summaryJson(v)));
			json.add("per_class", per);
			json.addProperty("split", split);
			json.addProperty("unreadable_files", failed.size());
			return json;
		}

		private static JsonObject summaryJson(final Summary s) {
			final JsonObject j = new JsonObject();
			j.addProperty("images", s.images());
			j.addProperty("pointing_game", s.pointingGame());
			j.addProperty("mean_iou", s.meanIou());
			j.addProperty("accuracy", s.accuracy());
			final JsonObject b = new JsonObject();
			b.addProperty("random_point_pointing_game", s.randomPoint());
			b.addProperty("centre_pointing_game", s.centre());
			b.addProperty("whole_image_mean_iou", s.wholeImageIou());
			j.add("baselines", b);
			final JsonObject sweep = new JsonObject();
			for (int t = 0; t < THRESHOLD_SWEEP.length; t++)
				sweep.addProperty(String.format(java.util.Locale.ROOT, "%.1f", THRESHOLD_SWEEP[t]), s
					.sweepIou()[t]);
			j.add("mean_iou_by_box_threshold", sweep);
			return j;
		}
	}

	public LocalisationEvaluation(final StripClassifier classifier, final Localiser localiser,
		final Logger log)
	{
		this.classifier = classifier;
		this.localiser = localiser;
		this.log = log;
	}

	public LocalisationEvaluation batchSize(final int value) {
		this.batchSize = Math.max(1, value);
		return this;
	}

	/**
	 * Scores every image of a class-folder dataset (or one side of the model's training split) that
	 * has an annotation of the same base name under {@code boxes}.
	 *
	 * @param split {@code all}, {@code val} or {@code train}: the split recorded in the model package
	 */
	public Result run(final Path data, final Path boxes, final String split) throws IOException {
		final LabelledImageFolder folder = LabelledImageFolder.scan(data);
		final List<LabelledFile> files = files(classifier, folder, split);
		final Map<String, Path> annotations = VocAnnotation.index(boxes);
		final List<ImageScore> scores = new ArrayList<>();
		final List<String> failed = new ArrayList<>();
		for (int start = 0; start < files.size(); start += batchSize) {
			final List<ArrayImg<UnsignedByteType, ByteArray>> images = new ArrayList<>();
			final List<VocAnnotation> truth = new ArrayList<>();
			final List<LabelledFile> kept = new ArrayList<>();
			for (final LabelledFile f : files.subList(start, Math.min(files.size(), start + batchSize))) {
				final Path xml = annotations.get(VocAnnotation.baseName(f.file().getFileName()
					.toString()));
				try {
					if (xml == null) throw new IOException(f.file() + ": no annotation " + VocAnnotation
						.baseName(f.file().getFileName().toString()) + ".xml under " + boxes);
					final VocAnnotation a = VocAnnotation.read(xml);
					final ArrayImg<UnsignedByteType, ByteArray> gray = ImageDecoder.read(f.file()).gray();
					if (a.width() != gray.dimension(0) || a.height() != gray.dimension(1))
						throw new IOException(xml + ": drawn on a " + a.width() + "x" + a.height() +
							" image but " + f.file() + " is " + gray.dimension(0) + "x" + gray.dimension(1));
					images.add(gray);
					truth.add(a);
					kept.add(f);
				}
				catch (final IOException | RuntimeException e) {
					failed.add(e.getMessage());
					log.warn("skipped: " + e.getMessage());
				}
			}
			final List<Localisation> located = localiser.localise(images);
			for (int i = 0; i < located.size(); i++)
				scores.add(score(kept.get(i).file(), folder.classNames().get(kept.get(i).label()), located
					.get(i), truth.get(i).boxes()));
		}
		return new Result(scores, failed, split);
	}

	/**
	 * The images of {@code folder} on one side of the split recorded in the classifier's model
	 * package ({@code train}, {@code val}), or all of them ({@code all}).
	 *
	 * @throws IOException when the package records no split
	 */
	public static List<LabelledFile> files(final StripClassifier classifier,
		final LabelledImageFolder folder, final String split) throws IOException
	{
		return switch (split) {
			case "all" -> folder.files();
			case "val" -> RecordedSplit.of(folder, classifier.model()).val();
			case "train" -> RecordedSplit.of(folder, classifier.model()).train();
			default -> throw new IllegalArgumentException("split must be all, val or train, got " +
				split);
		};
	}

	/** Scores one localisation against its true boxes. */
	public static ImageScore score(final Path file, final String trueClass, final Localisation loc,
		final List<Box> truth)
	{
		final int w = loc.width(), h = loc.height();
		final double[] sweep = new double[THRESHOLD_SWEEP.length];
		for (int t = 0; t < sweep.length; t++)
			sweep[t] = bestIou(ClassActivationMap.box(loc.map(), w, h, THRESHOLD_SWEEP[t]), truth);
		return new ImageScore(file, trueClass, loc.prediction().className(), loc.camX(), loc.camY(), loc
			.box(), inside(truth, loc.camX(), loc.camY()), bestIou(loc.box(), truth), coveredFraction(
				truth, w, h), inside(truth, w / 2, h / 2), bestIou(new Box(0, 0, w, h), truth), sweep);
	}

	/** Whether pixel {@code (x, y)} lies in any of the boxes. */
	public static boolean inside(final List<Box> boxes, final int x, final int y) {
		return boxes.stream().anyMatch(b -> b.contains(x, y));
	}

	/** The largest IoU of {@code box} with any of {@code truth}; 0 without boxes. */
	public static double bestIou(final Box box, final List<Box> truth) {
		double best = 0;
		for (final Box t : truth)
			best = Math.max(best, box.iou(t));
		return best;
	}

	/** The fraction of a {@code w x h} image inside the union of the boxes. */
	public static double coveredFraction(final List<Box> boxes, final int w, final int h) {
		final boolean[] in = new boolean[w * h];
		long n = 0;
		for (final Box b : boxes)
			for (int y = Math.max(0, b.y()); y < Math.min(h, b.y() + b.height()); y++)
				for (int x = Math.max(0, b.x()); x < Math.min(w, b.x() + b.width()); x++)
					if (!in[y * w + x]) {
						in[y * w + x] = true;
						n++;
					}
		return (double) n / ((long) w * h);
	}
}
