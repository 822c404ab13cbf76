package io.github.stripsteel.localise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.model.Dihedral;
import io.github.stripsteel.model.LoadedModel.LastStage;
import io.github.stripsteel.model.LoadedModel.PreviousStage;
import io.github.stripsteel.testutil.SharedData;
import io.github.stripsteel.testutil.TestModels;

/**
 * Chooses the map that {@link Localiser} draws, on the training side of the shipped NEU model's
 * split only: every candidate map (CAM of the last stage, contrastive CAMs, Grad-CAM and Layer-CAM
 * of the stage before, their fusion, each from the image alone or averaged over the eight dihedral
 * views, read from the raw or the smoothed map) is scored with the pointing game and the IoU of its
 * box at several thresholds; the table is printed and written to {@code -Dcam.selection=FILE}. Not a
 * unit test: it runs only when that property is set (a few minutes of CPU over ~1,150 images):
 * {@code mvn -B -q test -Dtest=CamVariantSelection -Dcam.selection=/tmp/cam-selection.md}
 * ({@code -Dcam.every=K}: every K-th image of the split only, from the {@code -Dcam.offset=J}-th;
 * {@code -Dcam.limit=N}: the first N of those). Image-guided candidates ({@link
 * ImageGuidedCandidates}: the CAM weighted by where the input departs from its background) are
 * always scored; they cost no network pass. Perturbation candidates: {@code -Dcam.occlusion=64:24,...} adds occlusion maps
 * ({@link OcclusionMap}, patch side:stride) with the fills of {@code -Dcam.fills=mean,blur}, alone,
 * times and averaged with the eight-view CAM; they cost one network pass per patch and image.
 * {@code -Dcam.gradients=false} leaves out the maps of the stage before the last (a backward pass
 * per view).
 */
class CamVariantSelection {

	private static final double[] THRESHOLDS = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 };
	private static final int BATCH = 16;
	private static final boolean GRADIENTS = Boolean.parseBoolean(System.getProperty(
		"cam.gradients", "true"));

	/** One candidate's sums over images, per true class. */
	private static final class Tally {

		final Map<String, double[]> byClass = new LinkedHashMap<>();

		/** {images, hits, iou at each threshold (min-max), iou at each threshold (positive part)} */
		void add(final String cls, final boolean hit, final double[] iouMinMax, final double[] iouPos) {
			final double[] t = byClass.computeIfAbsent(cls, k -> new double[2 + 2 * THRESHOLDS.length]);
			t[0]++;
			t[1] += hit ? 1 : 0;
			for (int i = 0; i < THRESHOLDS.length; i++) {
				t[2 + i] += iouMinMax[i];
				t[2 + THRESHOLDS.length + i] += iouPos[i];
			}
		}

		double[] overall() {
			final double[] sum = new double[2 + 2 * THRESHOLDS.length];
			for (final double[] t : byClass.values())
				for (int i = 0; i < sum.length; i++)
					sum[i] += t[i];
			return sum;
		}
	}

	@Test
	void selectOnTheTrainingSplit() throws IOException {
		final String outName = System.getProperty("cam.selection");
		Assumptions.assumeTrue(outName != null && !outName.isBlank(),
			"the CAM variant selection runs only with -Dcam.selection=FILE");
		final Path data = SharedData.dataset("neu-cls");
		final Path boxes = SharedData.dataset("neu-cls-boxes");
		final String split = System.getProperty("cam.split", "train");
		final Map<String, Tally> tallies = new LinkedHashMap<>();
		try (StripClassifier c = StripClassifier.open(TestModels.projectDir().resolve("models/neu-cls"),
			DeviceChoice.CPU))
		{
			final LabelledImageFolder folder = LabelledImageFolder.scan(data);
			// every k-th image of the split (it is ordered by class): a smaller sample of the same split
			final int every = Integer.getInteger("cam.every", 1);
			final List<LabelledFile> all = LocalisationEvaluation.files(c, folder, split), files =
				new ArrayList<>();
			for (int i = Integer.getInteger("cam.offset", 0); i < all.size(); i += every)
				files.add(all.get(i));
			final Map<String, Path> annotations = VocAnnotation.index(boxes);
			final int limit = Integer.getInteger("cam.limit", files.size());
			for (int start = 0; start < Math.min(limit, files.size()); start += BATCH) {
				final List<LabelledFile> batch = files.subList(start, Math.min(Math.min(limit, files
					.size()), start + BATCH));
				final float[][] inputs = new float[batch.size()][];
				final List<List<Box>> truth = new ArrayList<>();
				for (int i = 0; i < inputs.length; i++) {
					inputs[i] = c.prepare(ImageDecoder.read(batch.get(i).file()).gray());
					truth.add(VocAnnotation.read(annotations.get(VocAnnotation.baseName(batch.get(i).file()
						.getFileName().toString()))).boxes());
				}
				final List<Prediction> predictions = c.predict(inputs);
				scoreBatch(c, folder, batch, inputs, predictions, truth, tallies);
				System.out.printf(Locale.ROOT, "%d/%d%n", start + batch.size(), Math.min(limit, files
					.size()));
			}
		}
		final String table = table(tallies, split);
		System.out.println(table);
		Files.writeString(Path.of(outName), table);
	}

	private static void scoreBatch(final StripClassifier c, final LabelledImageFolder folder,
		final List<LabelledFile> batch, final float[][] inputs, final List<Prediction> predictions,
		final List<List<Box>> truth, final Map<String, Tally> tallies)
	{
		final int n = inputs.length, side = c.model().inputWidth();
		final int[] predicted = new int[n], runnerUp = new int[n];
		for (int i = 0; i < n; i++) {
			final float[] p = predictions.get(i).probabilities();
			predicted[i] = predictions.get(i).classIndex();
			int r = predicted[i] == 0 ? 1 : 0;
			for (int k = 0; k < p.length; k++)
				if (k != predicted[i] && p[k] > p[r]) r = k;
			runnerUp[i] = r;
		}
		// maps[variant][image] at feature resolution, summed over views in original orientation
		final Map<String, float[][]> single = new LinkedHashMap<>(), mean = new LinkedHashMap<>();
		int lastSide = 0, prevSide = 0;
		for (int v = 0; v < 8; v++) {
			final float[][] view = new float[n][];
			for (int i = 0; i < n; i++)
				view[i] = Dihedral.apply(inputs[i], side, side, v);
			// the stage before the last needs a backward pass: -Dcam.gradients=false leaves its maps out
			final PreviousStage ps = GRADIENTS ? c.previousStage(view, predicted) : null;
			final LastStage last = GRADIENTS ? ps.last() : c.lastStage(view);
			lastSide = last.width();
			prevSide = GRADIENTS ? ps.width() : 0;
			for (int i = 0; i < n; i++) {
				final float[] cam = ClassActivationMap.compute(last, i, predicted[i]);
				final float[] runner = ClassActivationMap.compute(last, i, runnerUp[i]);
				final float[] avg = new float[cam.length];
				for (int k = 0; k < last.weight().length; k++) {
					final float[] m = ClassActivationMap.compute(last, i, k);
					for (int j = 0; j < avg.length; j++)
						avg[j] += m[j] / last.weight().length;
				}
				final float[] minusMean = new float[cam.length], minusRunner = new float[cam.length];
				for (int j = 0; j < cam.length; j++) {
					minusMean[j] = cam[j] - avg[j];
					minusRunner[j] = cam[j] - runner[j];
				}
				final Map<String, float[]> maps = new LinkedHashMap<>();
				maps.put("cam4", cam);
				maps.put("cam4-mean", minusMean);
				maps.put("cam4-runnerup", minusRunner);
				if (GRADIENTS) {
					maps.put("gradcam3", gradCam(ps, i));
					maps.put("layercam3", layerCam(ps, i));
				}
				for (final var e : maps.entrySet()) {
					final int s = e.getValue().length == lastSide * lastSide ? lastSide : prevSide;
					final float[] back = Dihedral.invert(e.getValue(), s, s, v);
					if (v == 0) single.computeIfAbsent(e.getKey(), k -> new float[n][])[i] = back;
					final float[][] acc = mean.computeIfAbsent(e.getKey(), k -> new float[n][]);
					if (acc[i] == null) acc[i] = new float[back.length];
					for (int j = 0; j < back.length; j++)
						acc[i][j] += back[j] / 8;
				}
			}
		}
		final Map<String, float[][]> occlusion = occlusionMaps(c, inputs, predictions, predicted);
		for (int i = 0; i < n; i++) {
			final String cls = folder.classNames().get(batch.get(i).label());
			final Map<String, float[]> full = new LinkedHashMap<>();
			for (final var views : List.of(Map.entry("", single), Map.entry("+d8", mean)))
				for (final var e : views.getValue().entrySet()) {
					final float[] m = e.getValue()[i];
					final int s = m.length == lastSide * lastSide ? lastSide : prevSide;
					full.put(e.getKey() + views.getKey(), ClassActivationMap.upsample(m, s, s, side, side));
					full.put(e.getKey() + views.getKey() + "+smooth", ClassActivationMap.upsample(smooth(m, s),
						s, s, side, side));
				}
			if (GRADIENTS) for (final String d : List.of("", "+d8")) {
				full.put("fuse(cam4,layercam3)" + d, ImageGuidedMap.product(full.get("cam4" + d), full.get(
					"layercam3" + d)));
				full.put("fuse(cam4-mean,layercam3)" + d, ImageGuidedMap.product(full.get("cam4-mean" + d),
					full.get("layercam3" + d)));
			}
			final float[] cam8 = full.get("cam4+d8");
			for (final var e : occlusion.entrySet()) {
				final float[] m = e.getValue()[i];
				full.put(e.getKey(), m);
				full.put(e.getKey() + " x cam4+d8", productFlatNeutral(m, cam8));
				full.put("mean(" + e.getKey() + ", cam4+d8)", mean(m, cam8));
			}
			full.putAll(ImageGuidedCandidates.maps(inputs[i], side, mean.get("cam4")[i], lastSide,
				predictions.get(i).className()));
			for (final var e : full.entrySet())
				score(tallies.computeIfAbsent(e.getKey(), k -> new Tally()), cls, e.getValue(), side, truth
					.get(i));
		}
	}

	/**
	 * The occlusion maps of the predicted classes, one per patch ({@code -Dcam.occlusion=SIZE:STRIDE,
	 * ...}, none by default), fill ({@code -Dcam.fills=mean,blur}) and score (probability and
	 * log-odds, read from the same passes).
	 */
	private static Map<String, float[][]> occlusionMaps(final StripClassifier c,
		final float[][] inputs, final List<Prediction> predictions, final int[] predicted)
	{
		final Map<String, float[][]> out = new LinkedHashMap<>();
		final String patches = System.getProperty("cam.occlusion", "");
		if (patches.isBlank()) return out;
		final int side = c.model().inputWidth();
		final float[][] before = new float[inputs.length][];
		for (int i = 0; i < inputs.length; i++)
			before[i] = predictions.get(i).probabilities();
		for (final String patch : patches.split(","))
			for (final String fill : System.getProperty("cam.fills", "mean,blur").split(",")) {
				final String[] ps = patch.trim().split(":");
				final int size = Integer.parseInt(ps[0]), stride = Integer.parseInt(ps[1]);
				final OcclusionMap.Fill f = OcclusionMap.Fill.valueOf(fill.trim().toUpperCase(Locale.ROOT));
				// one set of passes, read with both scores
				final List<float[][]> passes = new ArrayList<>();
				new OcclusionMap(side, side, size, stride, f, OcclusionMap.Score.PROBABILITY).compute(inputs,
					before, predicted, batch -> {
						final float[][] p = new float[batch.length][];
						final List<Prediction> r = c.predict(batch);
						for (int k = 0; k < p.length; k++)
							p[k] = r.get(k).probabilities();
						passes.add(p);
						return p;
					}, 32);
				for (final OcclusionMap.Score score : OcclusionMap.Score.values()) {
					final int[] next = { 0 };
					out.put("occlusion" + size + "/" + stride + "-" + fill.trim() + "-" + score.name()
						.toLowerCase(Locale.ROOT), new OcclusionMap(side, side, size, stride, f, score).compute(
							inputs, before, predicted, batch -> passes.get(next[0]++), 32));
				}
			}
		return out;
	}

	/**
	 * As {@link #product}, but a flat map counts as 1 everywhere (it says nothing), so the product is
	 * then the other map: an occlusion map is flat where the classifier's probability does not move.
	 */
	private static float[] productFlatNeutral(final float[] a, final float[] b) {
		final float[] na = ImageGuidedMap.normalised(a), nb = ImageGuidedMap.normalised(b);
		final float[] out = new float[a.length];
		final boolean flatA = flat(a), flatB = flat(b);
		for (int i = 0; i < a.length; i++)
			out[i] = (flatA ? 1 : na[i]) * (flatB ? 1 : nb[i]);
		return out;
	}

	private static boolean flat(final float[] m) {
		for (final float v : m)
			if (v != m[0]) return false;
		return true;
	}

	private static float[] mean(final float[] a, final float[] b) {
		final float[] na = ImageGuidedMap.normalised(a), nb = ImageGuidedMap.normalised(b);
		final float[] out = new float[a.length];
		for (int i = 0; i < a.length; i++)
			out[i] = (na[i] + nb[i]) / 2;
		return out;
	}

	/** Grad-CAM: the maps weighted by their mean gradient, summed, positive part. */
	private static float[] gradCam(final PreviousStage ps, final int image) {
		final int hw = ps.height() * ps.width();
		final float[] a = ps.maps()[image], g = ps.gradients()[image], out = new float[hw];
		for (int k = 0; k < ps.channels(); k++) {
			double alpha = 0;
			for (int j = 0; j < hw; j++)
				alpha += g[k * hw + j] / hw;
			for (int j = 0; j < hw; j++)
				out[j] += (float) (alpha * a[k * hw + j]);
		}
		for (int j = 0; j < hw; j++)
			out[j] = Math.max(0, out[j]);
		return out;
	}

	/** Layer-CAM (Jiang et al. 2021): each location's positive gradient times the map, summed. */
	private static float[] layerCam(final PreviousStage ps, final int image) {
		final int hw = ps.height() * ps.width();
		final float[] a = ps.maps()[image], g = ps.gradients()[image], out = new float[hw];
		for (int k = 0; k < ps.channels(); k++)
			for (int j = 0; j < hw; j++)
				out[j] += Math.max(0, g[k * hw + j]) * a[k * hw + j];
		return out;
	}

	/** A 3x3 binomial filter with clamped edges. */
	static float[] smooth(final float[] m, final int s) {
		final float[] out = new float[m.length];
		final float[] k = { 0.25f, 0.5f, 0.25f };
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				float sum = 0;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						final int yy = Math.min(s - 1, Math.max(0, y + dy)), xx = Math.min(s - 1, Math.max(0, x +
							dx));
						sum += k[dy + 1] * k[dx + 1] * m[yy * s + xx];
					}
				out[y * s + x] = sum;
			}
		return out;
	}

	private static void score(final Tally tally, final String cls, final float[] map, final int side,
		final List<Box> truth)
	{
		final int peak = ClassActivationMap.argmax(map);
		final boolean hit = LocalisationEvaluation.inside(truth, peak % side, peak / side);
		final double[] iouMinMax = new double[THRESHOLDS.length], iouPos = new double[THRESHOLDS.length];
		final float[] positive = new float[map.length];
		for (int i = 0; i < map.length; i++)
			positive[i] = Math.max(0, map[i]);
		boolean anyZero = false;
		for (final float v : positive)
			anyZero |= v == 0;
		for (int t = 0; t < THRESHOLDS.length; t++) {
			iouMinMax[t] = LocalisationEvaluation.bestIou(ClassActivationMap.box(map, side, side,
				THRESHOLDS[t]), truth);
			// positive part: the threshold is a fraction of the maximum, with 0 as the floor
			iouPos[t] = anyZero ? LocalisationEvaluation.bestIou(ClassActivationMap.box(positive, side,
				side, THRESHOLDS[t]), truth) : iouMinMax[t];
		}
		tally.add(cls, hit, iouMinMax, iouPos);
	}

	private static String table(final Map<String, Tally> tallies, final String split) {
		final StringBuilder sb = new StringBuilder();
		final List<String> classes = new ArrayList<>(tallies.values().iterator().next().byClass
			.keySet());
		sb.append("split: ").append(split).append(", images: ").append((int) tallies.values().iterator()
			.next().overall()[0]).append("\n\n| map | pointing game |");
		for (final String cls : classes)
			sb.append(' ').append(cls).append(" |");
		for (final double t : THRESHOLDS)
			sb.append(String.format(Locale.ROOT, " IoU@%.1f |", t));
		for (final double t : THRESHOLDS)
			sb.append(String.format(Locale.ROOT, " IoU+@%.1f |", t));
		sb.append("\n|---|---|").append("---|".repeat(classes.size() + 2 * THRESHOLDS.length)).append(
			'\n');
		for (final var e : tallies.entrySet()) {
			final double[] o = e.getValue().overall();
			sb.append("| ").append(e.getKey()).append(String.format(Locale.ROOT, " | %.3f |", o[1] / o[0]));
			for (final String cls : classes) {
				final double[] t = e.getValue().byClass.get(cls);
				sb.append(String.format(Locale.ROOT, " %.3f |", t[1] / t[0]));
			}
			for (int i = 2; i < o.length; i++)
				sb.append(String.format(Locale.ROOT, " %.3f |", o[i] / o[0]));
			sb.append('\n');
		}
		return sb.toString();
	}
}
