package io.github.stripsteel.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * The training/validation split a model package records: training makes it, evaluation and the
 * out-of-distribution statistics read it back from {@code model.json}.
 */
public final class RecordedSplit {

	/** The {@code training} field of the test fraction (absent: no test part). */
	public static final String TEST_FRACTION = "test_fraction";

	/** Which images of a dataset an evaluation reads. */
	public enum Part {
		/** every image */
		ALL,
		/** the validation split the model's training recorded */
		VAL,
		/** the test part the model's training held out and never read */
		TEST;

		/** The part by its lower-case name. */
		public static Part parse(final String name) {
			return InvalidSettingException.choice("split", values(), name);
		}
	}

	private RecordedSplit() {}

	/**
	 * The files of {@code part}.
	 *
	 * @throws IOException when the model records no such part (no split, or no test part)
	 */
	public static List<LabelledFile> files(final LabelledImageFolder folder, final ModelPackage model,
		final Part part) throws IOException
	{
		if (part == Part.ALL) return folder.files();
		if (part == Part.TEST && testFraction(model) == 0) throw new IOException("model " + model
			.id() + " was trained without a test part (" + model.dir().resolve(ModelPackage.MODEL_JSON) +
			" has no training." + TEST_FRACTION + "); evaluate its validation split or all images, or " +
			"train with a test fraction");
		final LabelledImageFolder.Split split = of(folder, model);
		return part == Part.VAL ? split.val() : split.test();
	}

	/**
	 * The split a model package's {@code training} record describes (seed, validation fraction or
	 * cross-validation fold, per-class caps), for evaluating on the validation split and the
	 * out-of-distribution statistics of the training split.
	 *
	 * @throws IOException when the record does not say how the split was made
	 */
	public static LabelledImageFolder.Split of(final LabelledImageFolder folder,
		final ModelPackage model) throws IOException
	{
		final JsonObject t = model.training();
		if (!t.has("seed") || !t.has("val_fraction") && !t.has("folds")) throw new IOException("model " +
			model.id() + " records no training seed and val_fraction or folds (" + model.dir().resolve(
				ModelPackage.MODEL_JSON) + "), so its training/validation split is unknown");
		final long seed = t.get("seed").getAsLong();
		final LabelledImageFolder.Split split = t.has("folds") ? folder.stratifiedFold(t.get("folds")
			.getAsInt(), t.get("fold").getAsInt(), seed) : folder.stratifiedSplit(t.get("val_fraction")
				.getAsDouble(), testFraction(model), seed);
		int[] caps = null;
		if (t.has("max_train_per_class")) {
			final JsonArray a = t.getAsJsonArray("max_train_per_class");
			caps = new int[a.size()];
			for (int k = 0; k < caps.length; k++)
				caps[k] = a.get(k).getAsInt();
		}
		return capped(split, caps, folder.classNames().size());
	}

	/**
	 * How {@link #of} describes a split, e.g. {@code seed 42, fraction 0.2} or
	 * {@code seed 42, fraction 0.2, test fraction 0.2}.
	 */
	public static String describe(final ModelPackage model) {
		final JsonObject t = model.training();
		return t.has("folds") ? "seed " + t.get("seed") + ", fold " + t.get("fold") + " of " + t.get(
			"folds") : "seed " + t.get("seed") + ", fraction " + t.get("val_fraction") + (t.has(
				TEST_FRACTION) ? ", test fraction " + t.get(TEST_FRACTION) : "");
	}

	/** The fraction of each class the model's training held out as test; 0 for none. */
	public static double testFraction(final ModelPackage model) {
		final JsonObject t = model.training();
		return t.has(TEST_FRACTION) ? t.get(TEST_FRACTION).getAsDouble() : 0;
	}

	/** The split with at most {@code caps[c]} training files of class {@code c} ({@code caps} null: all). */
	public static LabelledImageFolder.Split capped(final LabelledImageFolder.Split split,
		final int[] caps, final int classes)
	{
		if (caps == null) return split;
		final List<LabelledFile> train = new ArrayList<>();
		final int[] taken = new int[classes];
		for (final LabelledFile f : split.train())
			if (taken[f.label()] < caps[f.label()]) {
				taken[f.label()]++;
				train.add(f);
			}
		return new LabelledImageFolder.Split(train, split.val(), split.test());
	}

}
