package io.github.stripsteel.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.model.FeatureDistance;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The model that classifies each image: one given model, or, among several packages, the one the
 * image is nearest to — the lowest out-of-distribution score ({@link FeatureDistance#score}, in
 * units of each package's own thresholds), so each package needs its statistics ({@code ood.json},
 * written by calibration). Every candidate classifies every image; the cost grows with their
 * number. Ties go to the earlier candidate.
 */
public final class ModelChoice implements AutoCloseable {

	private final List<StripClassifier> candidates;
	private final boolean owned;

	private ModelChoice(final List<StripClassifier> candidates, final boolean owned) {
		this.candidates = List.copyOf(candidates);
		this.owned = owned;
	}

	/** One model for every image (not closed by {@link #close()}: the caller owns it). */
	public static ModelChoice of(final StripClassifier classifier) {
		return new ModelChoice(List.of(classifier), false);
	}

	/**
	 * Opens the packages as candidates; closed by {@link #close()}.
	 *
	 * @throws ModelPackageException naming a package that cannot be opened or, with more than one,
	 *           has no out-of-distribution statistics
	 */
	public static ModelChoice open(final List<Path> packages, final DeviceChoice device)
		throws ModelPackageException
	{
		if (packages.isEmpty()) throw new IllegalArgumentException("no model package to choose from");
		final List<StripClassifier> opened = new ArrayList<>();
		try {
			for (final Path dir : packages) {
				final StripClassifier c = StripClassifier.open(dir, device);
				opened.add(c);
				if (packages.size() > 1 && c.featureDistance() == null) throw new ModelPackageException(
					dir + ": has no out-of-distribution statistics (" + FeatureDistance.JSON +
						"), so images cannot be matched to it; calibrate it or choose the model by hand");
			}
			return new ModelChoice(opened, true);
		}
		catch (final ModelPackageException | RuntimeException e) {
			opened.forEach(StripClassifier::close);
			throw e;
		}
	}

	/** The model packages in a folder (its sub-folders with a {@code model.json}), by name. */
	public static List<Path> packagesIn(final Path folder) throws IOException {
		if (!Files.isDirectory(folder)) throw new IOException(folder +
			": no such folder of model packages");
		try (Stream<Path> s = Files.list(folder)) {
			final List<Path> found = s.filter(p -> Files.isRegularFile(p.resolve(
				ModelPackage.MODEL_JSON))).sorted().toList();
			if (found.isEmpty()) throw new IOException(folder + ": holds no model package (a folder " +
				"with " + ModelPackage.MODEL_JSON + ")");
			return found;
		}
	}

	public List<StripClassifier> candidates() {
		return candidates;
	}

	/** The largest class count among the candidates. */
	public int maxClasses() {
		return candidates.stream().mapToInt(c -> c.model().classes().size()).max().orElse(0);
	}

	/** The image prepared for every candidate, in their order. */
	public float[][] prepare(final ArrayImg<UnsignedByteType, ByteArray> gray) {
		final float[][] inputs = new float[candidates.size()][];
		for (int c = 0; c < inputs.length; c++)
			inputs[c] = candidates.get(c).prepare(gray);
		return inputs;
	}

	/** The candidate chosen for an image and its prediction. */
	public record Choice(StripClassifier classifier, Prediction prediction) {}

	/**
	 * Classifies prepared images (see {@link #prepare}) with every candidate and keeps, per image,
	 * the prediction of the candidate it is nearest to.
	 *
	 * @param widths the images' widths as read (null: unknown)
	 * @param heights their heights
	 */
	public List<Choice> predict(final List<float[][]> prepared, final int[] widths,
		final int[] heights)
	{
		final List<Choice> chosen = new ArrayList<>();
		for (int c = 0; c < candidates.size(); c++) {
			final float[][] inputs = new float[prepared.size()][];
			for (int i = 0; i < inputs.length; i++)
				inputs[i] = prepared.get(i)[c];
			final List<Prediction> p = candidates.get(c).predict(inputs, widths, heights);
			for (int i = 0; i < inputs.length; i++) {
				final Choice here = new Choice(candidates.get(c), p.get(i));
				if (c == 0) chosen.add(here);
				else if (p.get(i).distance() < chosen.get(i).prediction().distance()) chosen.set(i, here);
			}
		}
		return chosen;
	}

	@Override
	public void close() {
		if (owned) candidates.forEach(StripClassifier::close);
	}
}
