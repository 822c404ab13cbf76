package io.github.stripsteel.train;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.model.Architectures;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * Everything that defines a training run. Recorded in {@code train-config.json}; a resumed run
 * must have the same values for the fields that shape the result.
 *
 * @param data folder with one sub-folder per class
 * @param out output folder: model package, log.csv, curves, checkpoints
 * @param arch network architecture name (see {@code Architectures})
 * @param protocol data protocol name recorded in the package (e.g. {@code neu}, {@code x-sdd})
 * @param size input width and height
 * @param epochs number of epochs
 * @param batchSize images per step
 * @param learningRate peak learning rate (after warm-up), cosine decay to 0
 * @param warmupEpochs linear warm-up length
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay of convolution and linear weights
 * @param valFraction validation fraction per class (stratified split)
 * @param seed seed of the split, initialisation, shuffling and augmentation
 * @param device where to train
 * @param resume continue from the last complete checkpoint in {@code out}
 * @param maxTrainPerClass per-class caps on training images (null = all), for few-shot protocols
 * @param migrated folder of synthetic samples (class sub-folders named as the dataset's classes,
 *          e.g. CycleGAN output) added to the training split only; null for none
 * @param sampling how often each class's images come up in an epoch
 * @param minCrop smallest random crop (fraction of the side) of the augmentation; 1 = no crops
 * @param folds number of cross-validation folds; 0 for the {@code valFraction} split
 * @param fold with {@code folds}: the fold that validates, the others train
 *          ({@code LabelledImageFolder#stratifiedFold})
 * @param testFraction fraction of each class held out as a test part that training never reads
 *          ({@code LabelledImageFolder#stratifiedSplit}), measured once on the package the run ends
 *          with; 0 for none
 * @param keep which epoch's weights become the model package
 * @param ema decay per step of the weight average that validation measures and the package holds
 *          ({@code WeightAverage}); 0 = no average, the trained weights themselves
 * @param labelSmoothing ε of the task loss's smoothed target {@code (1 − ε)·onehot(y) + ε/K}
 *          ({@code CrossEntropyObjective#perSample(NDArray, NDArray, float)}); 0 = plain
 *          cross-entropy
 * @param cutout side of the augmentation's erased square as a fraction of the image side
 *          ({@code Augmenter}); 0 = none
 */
public record TrainingConfig(Path data, Path out, String arch, String protocol, int size, int epochs,
	int batchSize, float learningRate, float warmupEpochs, float momentum, float weightDecay,
	double valFraction, long seed, DeviceChoice device, boolean resume, int[] maxTrainPerClass,
	Path migrated, ClassSampling sampling, float minCrop, int folds, int fold, double testFraction,
	EpochChoice keep, float ema, float labelSmoothing, float cutout)
{

	public static final int DEFAULT_SIZE = 128;
	public static final int DEFAULT_EPOCHS = 30;
	public static final int DEFAULT_BATCH = 32;
	public static final float DEFAULT_LR = 0.05f;
	public static final double DEFAULT_VAL_FRACTION = 0.2;
	public static final long DEFAULT_SEED = 42;

	/**
	 * Settings of the checkpoint's configuration that a resumed run may change: the schedule, and
	 * which epoch becomes the package (it does not change the training). Every other one (network,
	 * loss, input, split, data, optimiser) must be the checkpoint's.
	 */
	public static final Set<String> MAY_CHANGE_ON_RESUME = Set.of("epochs", "lr", "warmup_epochs",
		"keep");

	/** A configuration with the defaults used for the shipped models. */
	public static TrainingConfig defaults(final Path data, final Path out) {
		return new TrainingConfig(data, out, "resnet34", "custom", DEFAULT_SIZE, DEFAULT_EPOCHS,
			DEFAULT_BATCH, DEFAULT_LR, 1f, 0.9f, 5e-4f, DEFAULT_VAL_FRACTION, DEFAULT_SEED,
			DeviceChoice.AUTO, false, null, null, ClassSampling.UNIFORM, 1f, 0, 0, 0, EpochChoice.BEST,
			0f, 0f, 0f);
	}

	public TrainingConfig withArch(final String value) {
		return copy(c -> c.arch = value);
	}

	public TrainingConfig withProtocol(final String value, final int[] caps) {
		return copy(c -> {
			c.protocol = value;
			c.maxTrainPerClass = caps;
		});
	}

	public TrainingConfig withSchedule(final int newEpochs, final int newBatch, final float lr) {
		return copy(c -> {
			c.epochs = newEpochs;
			c.batchSize = newBatch;
			c.learningRate = lr;
		});
	}

	public TrainingConfig withInput(final int newSize, final double newValFraction,
		final long newSeed)
	{
		return copy(c -> {
			c.size = newSize;
			c.valFraction = newValFraction;
			c.seed = newSeed;
		});
	}

	public TrainingConfig withRun(final DeviceChoice newDevice, final boolean newResume) {
		return copy(c -> {
			c.device = newDevice;
			c.resume = newResume;
		});
	}

	/** Trains on another dataset folder. */
	public TrainingConfig withData(final Path folder) {
		return copy(c -> c.data = folder);
	}

	/** Writes into another output folder. */
	public TrainingConfig withOut(final Path folder) {
		return copy(c -> c.out = folder);
	}

	/** Adds a folder of synthetic training samples (null for none). */
	public TrainingConfig withMigrated(final Path folder) {
		return copy(c -> c.migrated = folder);
	}

	/** Sets the class sampling of the epochs and the smallest random crop of the augmentation. */
	public TrainingConfig withSampling(final ClassSampling newSampling, final float newMinCrop) {
		return copy(c -> {
			c.sampling = newSampling;
			c.minCrop = newMinCrop;
		});
	}

	/** Validates on fold {@code newFold} of {@code newFolds} instead of the {@code valFraction} split. */
	public TrainingConfig withFold(final int newFolds, final int newFold) {
		return copy(c -> {
			c.folds = newFolds;
			c.fold = newFold;
		});
	}

	/**
	 * Holds out this fraction of each class as a test part that training never reads, measured once
	 * on the package the run ends with (0 for none; {@code LabelledImageFolder#stratifiedSplit}).
	 */
	public TrainingConfig withTestFraction(final double fraction) {
		return copy(c -> c.testFraction = fraction);
	}

	/** Keeps the weights of the {@code best} or the {@code last} epoch as the package. */
	public TrainingConfig withKeep(final EpochChoice newKeep) {
		return copy(c -> c.keep = newKeep);
	}

	/**
	 * Measures and packages an exponential moving average of the weights, with this decay per step
	 * (0 for none).
	 */
	public TrainingConfig withEma(final float decay) {
		return copy(c -> c.ema = decay);
	}

	/** Trains against the targets {@code (1 − epsilon)·onehot(y) + epsilon/K} (0: plain one-hot). */
	public TrainingConfig withLabelSmoothing(final float epsilon) {
		return copy(c -> c.labelSmoothing = epsilon);
	}

	/** Adds cutout of a square of this fraction of the image side to the augmentation (0 for none). */
	public TrainingConfig withCutout(final float fraction) {
		return copy(c -> c.cutout = fraction);
	}

	/**
	 * Checks the settings a run cannot work with; the command line and the Fiji commands both
	 * call it on the configuration their options build.
	 *
	 * @throws InvalidSettingException naming the setting and the values it takes
	 */
	public TrainingConfig validate() {
		if (!Architectures.names().contains(arch)) throw new InvalidSettingException("unknown {arch} '" +
			arch + "'; known: " + String.join(", ", Architectures.names()));
		if (!Protocols.NAMES.contains(protocol)) throw new InvalidSettingException("unknown {protocol} '" +
			protocol + "'; known: " + String.join(", ", Protocols.NAMES));
		if (epochs < 1) throw new InvalidSettingException("{epochs} must be at least 1");
		if (size < 16 || size > 1024) throw new InvalidSettingException(
			"{size} must be between 16 and 1024");
		if (batchSize < 2) throw new InvalidSettingException("{batch} must be at least 2 (batch norm)");
		if (!(learningRate > 0) || !Float.isFinite(learningRate)) throw new InvalidSettingException(
			"{lr} must be a positive number, not " + learningRate);
		if (!(valFraction > 0 && valFraction < 1)) throw new InvalidSettingException(
			"{val_fraction} must be between 0 and 1");
		if (!(minCrop > 0 && minCrop <= 1)) throw new InvalidSettingException(
			"{min_crop} must be a fraction in (0, 1] (1 = no random crops), not " + minCrop);
		if (folds != 0 && folds < 2) throw new InvalidSettingException(
			"{folds} must be at least 2 (or none, for the validation fraction's split)");
		if (!(ema == 0 || ema > 0 && ema < 1)) throw new InvalidSettingException(
			"{ema} must be a decay in (0, 1), e.g. 0.998, or 0 for no weight average, not " + ema);
		if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new InvalidSettingException(
			"{label_smoothing} must be in [0, 1), e.g. 0.1, or 0 for plain cross-entropy, not " +
				labelSmoothing);
		if (!(cutout >= 0 && cutout < 1)) throw new InvalidSettingException(
			"{cutout} must be a fraction of the side in [0, 1), e.g. 0.5, or 0 for none, not " + cutout);
		if (!(testFraction >= 0 && testFraction < 1)) throw new InvalidSettingException(
			"{test_fraction} must be a fraction in [0, 1), 0 for no test part, not " + testFraction);
		if (folds != 0 && testFraction > 0) throw new InvalidSettingException("{test_fraction} and " +
			"{folds} exclude each other: a fold validates in turn, a test part is held out of one split");
		if (folds == 0 && !(valFraction + testFraction < 1)) throw new InvalidSettingException(
			"{val_fraction} " + valFraction + " and {test_fraction} " + testFraction +
				" leave nothing to train: their sum must be below 1");
		if (keep == null) throw new InvalidSettingException("{keep} must be best or last");
		if (folds != 0 && (fold < 0 || fold >= folds)) throw new InvalidSettingException(
			"{fold} must be 0 to " + (folds - 1) + " for " + folds + " folds, not " + fold);
		return this;
	}

	/** Learning rate at a fractional epoch: linear warm-up, then cosine decay to zero. */
	public float learningRateAt(final double epochProgress) {
		if (epochProgress < warmupEpochs) return (float) (learningRate * (epochProgress + 1e-3) /
			warmupEpochs);
		final double t = (epochProgress - warmupEpochs) / Math.max(1e-9, epochs - warmupEpochs);
		return (float) (learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t))));
	}

	// -- Helper methods --

	/** This configuration with the fields {@code change} sets on a mutable copy. */
	private TrainingConfig copy(final Consumer<Fields> change) {
		final Fields f = new Fields(this);
		change.accept(f);
		return f.build();
	}

	/** The components of a configuration, to change some of them and build a new one. */
	private static final class Fields {

		Path data, out, migrated;
		String arch, protocol;
		int size, epochs, batchSize, folds, fold;
		float learningRate, warmupEpochs, momentum, weightDecay, minCrop, ema, labelSmoothing, cutout;
		double valFraction, testFraction;
		long seed;
		DeviceChoice device;
		boolean resume;
		int[] maxTrainPerClass;
		ClassSampling sampling;
		EpochChoice keep;

		Fields(final TrainingConfig c) {
			data = c.data;
			out = c.out;
			arch = c.arch;
			protocol = c.protocol;
			size = c.size;
			epochs = c.epochs;
			batchSize = c.batchSize;
			learningRate = c.learningRate;
			warmupEpochs = c.warmupEpochs;
			momentum = c.momentum;
			weightDecay = c.weightDecay;
			valFraction = c.valFraction;
			seed = c.seed;
			device = c.device;
			resume = c.resume;
			maxTrainPerClass = c.maxTrainPerClass;
			migrated = c.migrated;
			sampling = c.sampling;
			minCrop = c.minCrop;
			folds = c.folds;
			fold = c.fold;
			testFraction = c.testFraction;
			keep = c.keep;
			ema = c.ema;
			labelSmoothing = c.labelSmoothing;
			cutout = c.cutout;
		}

		TrainingConfig build() {
			return new TrainingConfig(data, out, arch, protocol, size, epochs, batchSize, learningRate,
				warmupEpochs, momentum, weightDecay, valFraction, seed, device, resume, maxTrainPerClass,
				migrated, sampling, minCrop, folds, fold, testFraction, keep, ema, labelSmoothing, cutout);
		}
	}
}
