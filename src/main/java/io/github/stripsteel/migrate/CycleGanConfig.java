package io.github.stripsteel.migrate;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

import com.google.gson.JsonObject;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.train.Protocols;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * Everything that defines a CycleGAN migration run (docs/METHOD-IMPLEMENTATION.md, "CycleGAN
 * defect-sample migration"). Domain A is the plentiful source class, domain B the class short of
 * samples; both are taken from the <em>training</em> split of their dataset under the given
 * protocol, so that no validation image is ever translated into training data. Under
 * cross-validation ({@code folds}, {@code fold}) that split is the training part of the fold, the
 * one {@code train --folds K --fold I} with the same seed trains on.
 *
 * @param targetData class-folder dataset holding the target class
 * @param targetClass the class short of samples (domain B)
 * @param sourceData class-folder dataset holding the source class (often {@code targetData})
 * @param sourceClass the plentiful class (domain A)
 * @param protocol data protocol of {@code targetData} (its training split and caps, e.g.
 *          {@code neu-lt}); a source from another dataset uses that dataset's plain 80/20 split
 * @param out output folder: {@code cyclegan.json} + generator weights, log.csv, samples/,
 *          checkpoints/
 * @param size images are resized to {@code size x size} (the classifier's input size)
 * @param crop training crops of {@code crop x crop}, taken at random from the resized images (the
 *          generators are fully convolutional and translate the whole image afterwards)
 * @param ngf generator width (64 in the paper, 32 on a CPU)
 * @param ndf discriminator width (64 in the paper)
 * @param blocks residual blocks of the generator (6 at 128 px, 9 at 256 px)
 * @param epochs epochs at the constant learning rate
 * @param decayEpochs further epochs with the learning rate decaying linearly towards 0
 * @param learningRate Adam learning rate (2e-4), beta1 0.5, beta2 0.999
 * @param poolSize history pool of generated images (50)
 * @param lambdaCycle weight of the cycle-consistency L1 loss (10)
 * @param lambdaIdentity weight of the identity L1 loss (5)
 * @param diffAugment augment every discriminator input with {@link DiffAugment} (for a target class
 *          of a few dozen images or fewer; not in the paper)
 * @param valFraction validation fraction of the splits (0.2)
 * @param folds number of cross-validation folds of the target dataset; 0 for the
 *          {@code valFraction} split
 * @param fold with {@code folds}: the fold that validates (the generators never read it)
 * @param seed seed of the splits, initialisation, crops and the pool
 * @param device where to train
 * @param resume continue from the last complete checkpoint in {@code out}
 */
public record CycleGanConfig(Path targetData, String targetClass, Path sourceData,
	String sourceClass, String protocol, Path out, int size, int crop, int ngf, int ndf, int blocks,
	int epochs, int decayEpochs, float learningRate, int poolSize, float lambdaCycle,
	float lambdaIdentity, boolean diffAugment, double valFraction, int folds, int fold, long seed,
	DeviceChoice device, boolean resume)
{

	public static final float BETA1 = 0.5f;
	public static final float BETA2 = 0.999f;
	public static final float ADAM_EPSILON = 1e-8f;

	/**
	 * Keys of {@link #toJson()} that a resumed run may change: the schedule and the loss weights.
	 * Every other key must be the checkpoint's.
	 */
	public static final Set<String> MAY_CHANGE_ON_RESUME = Set.of("epochs", "decay_epochs", "lr",
		"lambda_cycle", "lambda_identity");

	/** The paper's losses and optimiser with the CPU configuration of the method (128 px, ngf 32). */
	public static CycleGanConfig defaults(final Path data, final String source, final String target,
		final Path out)
	{
		return new CycleGanConfig(data, target, data, source, "custom", out, 128, 64, 32, 64, 6, 10,
			10, 2e-4f, 50, 10f, 5f, false, 0.2, 0, 0, 42, DeviceChoice.AUTO, false);
	}

	/** The source class taken from another class-folder dataset. */
	public CycleGanConfig withSourceData(final Path folder) {
		return copy(c -> c.sourceData = folder);
	}

	/**
	 * The data protocol of the target dataset ({@code neu}, {@code neu-lt}, {@code x-sdd},
	 * {@code custom}).
	 */
	public CycleGanConfig withProtocol(final String value) {
		return copy(c -> c.protocol = value);
	}

	/** Image size and training crop. */
	public CycleGanConfig withImages(final int newSize, final int newCrop) {
		return copy(c -> {
			c.size = newSize;
			c.crop = newCrop;
		});
	}

	/** Generator width, discriminator width and residual blocks of the generator. */
	public CycleGanConfig withNetworks(final int newNgf, final int newNdf, final int newBlocks) {
		return copy(c -> {
			c.ngf = newNgf;
			c.ndf = newNdf;
			c.blocks = newBlocks;
		});
	}

	/** Epochs at the constant learning rate, decay epochs and the learning rate. */
	public CycleGanConfig withSchedule(final int newEpochs, final int newDecayEpochs, final float lr) {
		return copy(c -> {
			c.epochs = newEpochs;
			c.decayEpochs = newDecayEpochs;
			c.learningRate = lr;
		});
	}

	/** History pool size and the weights of the cycle and identity losses. */
	public CycleGanConfig withLosses(final int pool, final float cycle, final float identity) {
		return copy(c -> {
			c.poolSize = pool;
			c.lambdaCycle = cycle;
			c.lambdaIdentity = identity;
		});
	}

	/** Whether every discriminator input is augmented with {@link DiffAugment}. */
	public CycleGanConfig withDiffAugment(final boolean augment) {
		return copy(c -> c.diffAugment = augment);
	}

	/** Validation fraction and seed of the splits. */
	public CycleGanConfig withSplit(final double newValFraction, final long newSeed) {
		return copy(c -> {
			c.valFraction = newValFraction;
			c.seed = newSeed;
		});
	}

	/**
	 * Trains on the training part of fold {@code newFold} of {@code newFolds} of the target dataset
	 * instead of the {@code valFraction} split (0, 0: that split).
	 */
	public CycleGanConfig withFold(final int newFolds, final int newFold) {
		return copy(c -> {
			c.folds = newFolds;
			c.fold = newFold;
		});
	}

	/** Where to train and whether to continue from the last checkpoint. */
	public CycleGanConfig withRun(final DeviceChoice newDevice, final boolean newResume) {
		return copy(c -> {
			c.device = newDevice;
			c.resume = newResume;
		});
	}

	/** Total number of epochs (constant, then decaying learning rate). */
	public int totalEpochs() {
		return epochs + decayEpochs;
	}

	/**
	 * Learning rate of a 1-based epoch: constant for {@code epochs}, then {@code lr * (1 - k / (decay
	 * + 1))} in the k-th decay epoch (the reference implementation's linear rule).
	 */
	public float learningRateAt(final int epoch) {
		if (epoch <= epochs) return learningRate;
		return (float) (learningRate * (1 - (double) (epoch - epochs) / (decayEpochs + 1)));
	}

	/**
	 * Checks the settings a run cannot work with; the command line and the Fiji command both call
	 * it on the configuration their options build.
	 *
	 * @throws InvalidSettingException naming the setting to change
	 */
	public void validate() {
		if (!Protocols.NAMES.contains(protocol)) throw new InvalidSettingException("unknown {protocol} '" +
			protocol + "'; known: " + String.join(", ", Protocols.NAMES));
		if (size % 4 != 0 || size < 32) throw new InvalidSettingException(
			"{size} must be a multiple of 4 and at least 32, got " + size);
		if (crop % 4 != 0 || crop < 32 || crop > size) throw new InvalidSettingException(
			"{crop} must be a multiple of 4, at least 32 (the discriminator's smallest input) and at " +
				"most {size} " + size + ", got " + crop);
		if (ngf < 1 || ndf < 1 || blocks < 0) throw new InvalidSettingException(
			"{ngf} and {ndf} must be at least 1 and {blocks} at least 0");
		if (epochs < 0 || decayEpochs < 0 || totalEpochs() < 1) throw new InvalidSettingException(
			"{epochs} plus {decay_epochs} must be at least 1");
		if (!(learningRate > 0) || !Float.isFinite(learningRate)) throw new InvalidSettingException(
			"{lr} must be a positive number, not " + learningRate);
		if (poolSize < 0) throw new InvalidSettingException("{pool} must be 0 or more");
		if (folds != 0 && folds < 2) throw new InvalidSettingException(
			"{folds} must be at least 2 (or none, for the validation fraction's split)");
		if (folds != 0 && (fold < 0 || fold >= folds)) throw new InvalidSettingException(
			"{fold} must be 0 to " + (folds - 1) + " for " + folds + " folds, not " + fold);
		if (sourceData.toAbsolutePath().normalize().equals(targetData.toAbsolutePath().normalize()) &&
			sourceClass.equals(targetClass)) throw new InvalidSettingException(
				"{source} and {target} are the same class '" + targetClass + "'");
	}

	/**
	 * The fields recorded in {@code cyclegan.json} and checked when a run resumes; {@code folds} and
	 * {@code fold} only under cross-validation (a generator without them used the
	 * {@code val_fraction} split).
	 */
	public JsonObject toJson() {
		final JsonObject c = new JsonObject();
		c.addProperty("target_data", targetData.toAbsolutePath().normalize().toString());
		c.addProperty("target_class", targetClass);
		c.addProperty("source_data", sourceData.toAbsolutePath().normalize().toString());
		c.addProperty("source_class", sourceClass);
		c.addProperty("protocol", protocol);
		c.addProperty("size", size);
		c.addProperty("crop", crop);
		c.addProperty("ngf", ngf);
		c.addProperty("ndf", ndf);
		c.addProperty("blocks", blocks);
		c.addProperty("epochs", epochs);
		c.addProperty("decay_epochs", decayEpochs);
		c.addProperty("lr", learningRate);
		c.addProperty("beta1", BETA1);
		c.addProperty("beta2", BETA2);
		c.addProperty("pool", poolSize);
		c.addProperty("lambda_cycle", lambdaCycle);
		c.addProperty("lambda_identity", lambdaIdentity);
		c.addProperty("diff_augment", diffAugment);
		c.addProperty("val_fraction", valFraction);
		if (folds > 0) {
			c.addProperty("folds", folds);
			c.addProperty("fold", fold);
		}
		c.addProperty("seed", seed);
		return c;
	}

	// -- Helper methods --

	/** This configuration with the fields {@code change} sets on a mutable copy. */
	private CycleGanConfig copy(final Consumer<Fields> change) {
		final Fields f = new Fields(this);
		change.accept(f);
		return f.build();
	}

	/** The components of a configuration, to change some of them and build a new one. */
	private static final class Fields {

		Path targetData, sourceData, out;
		String targetClass, sourceClass, protocol;
		int size, crop, ngf, ndf, blocks, epochs, decayEpochs, poolSize, folds, fold;
		float learningRate, lambdaCycle, lambdaIdentity;
		boolean diffAugment, resume;
		double valFraction;
		long seed;
		DeviceChoice device;

		Fields(final CycleGanConfig c) {
			targetData = c.targetData;
			targetClass = c.targetClass;
			sourceData = c.sourceData;
			sourceClass = c.sourceClass;
			protocol = c.protocol;
			out = c.out;
			size = c.size;
			crop = c.crop;
			ngf = c.ngf;
			ndf = c.ndf;
			blocks = c.blocks;
			epochs = c.epochs;
			decayEpochs = c.decayEpochs;
			learningRate = c.learningRate;
			poolSize = c.poolSize;
			lambdaCycle = c.lambdaCycle;
			lambdaIdentity = c.lambdaIdentity;
			diffAugment = c.diffAugment;
			valFraction = c.valFraction;
			folds = c.folds;
			fold = c.fold;
			seed = c.seed;
			device = c.device;
			resume = c.resume;
		}

		CycleGanConfig build() {
			return new CycleGanConfig(targetData, targetClass, sourceData, sourceClass, protocol, out,
				size, crop, ngf, ndf, blocks, epochs, decayEpochs, learningRate, poolSize, lambdaCycle,
				lambdaIdentity, diffAugment, valFraction, folds, fold, seed, device, resume);
		}
	}
}
