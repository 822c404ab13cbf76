package io.github.stripsteel.migrate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.scijava.log.Logger;

import com.google.gson.JsonObject;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.stripsteel.util.PngFiles;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.preprocess.PreprocessingChain;
import io.github.stripsteel.train.Checkpoints;
import io.github.stripsteel.train.ImageBank;
import io.github.stripsteel.train.Protocols;
import io.github.stripsteel.train.TrainingConfig;
import io.github.stripsteel.train.TrainingLog;
import io.github.stripsteel.util.FolderLock;
import io.github.stripsteel.util.Progress;
import io.github.stripsteel.train.TrainingRun;

/**
 * Trains a CycleGAN between a plentiful source class (domain A) and a class short of samples
 * (domain B) with the losses of Zhu et al.: least-squares GAN losses in both directions,
 * {@code lambdaCycle}-weighted cycle-consistency L1 and {@code lambdaIdentity}-weighted identity L1;
 * Adam, batch 1, a history pool per discriminator, a constant then linearly decaying learning rate.
 *
 * <p>Per epoch: {@code max(|A|, |B|)} steps, each on one random crop of a source and a target image
 * (random dihedral view); a {@code log.csv} row; a preview {@code samples/epoch-NNN.png}; an
 * atomic checkpoint (all four networks, both Adam states, both pools); the migration package
 * ({@code cyclegan.json} and the A-to-B generator in float16) rewritten. {@code resume} continues
 * from the last complete checkpoint and reproduces the uninterrupted run.</p>
 */
public final class CycleGanTraining {

	private final CycleGanConfig config;
	private final Logger log;
	private Progress progress = Progress.NONE;

	/** The losses of one epoch, averaged over its steps. */
	public record EpochLosses(int epoch, double generatorGan, double cycle, double identity,
		double discriminatorA, double discriminatorB, float learningRate, double seconds)
	{

		/** This epoch as a {@code log.csv} row ({@link #LOG_HEADER}). */
		public String csvRow() {
			return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6g,%.1f", epoch, generatorGan,
				cycle, identity, discriminatorA, discriminatorB, learningRate, seconds);
		}
	}

	/** The columns of the CycleGAN's {@code log.csv}. */
	public static final String LOG_HEADER =
		"epoch,generator_gan,cycle,identity,discriminator_a,discriminator_b,lr,seconds";

	public CycleGanTraining(final CycleGanConfig config, final Logger log) {
		this.config = config;
		this.log = log;
	}

	/**
	 * Told after every step (done and total steps of the run); asked between steps whether to
	 * stop, after which the last complete checkpoint stays.
	 */
	public CycleGanTraining progress(final Progress value) {
		this.progress = value;
		return this;
	}

	/**
	 * The files of the source class (domain A) that a run with these settings trains on
	 * ({@link CycleGanConfig#toJson()}, recorded as {@code cyclegan.json}'s {@code training}): from
	 * the target dataset, its split under the protocol, the same rule as {@code train} with the same
	 * settings ({@code val_fraction}, or {@code folds} and {@code fold}, and {@code seed}); from
	 * another dataset, that dataset's plain {@code val_fraction} split (the folds are the target
	 * dataset's).
	 */
	public static List<LabelledFile> sourceFiles(final JsonObject settings) throws IOException {
		final boolean sameData = settings.get("source_data").getAsString().equals(settings.get(
			"target_data").getAsString());
		return trainingFiles(Path.of(settings.get("source_data").getAsString()), settings.get(
			"source_class").getAsString(), settings, sameData);
	}

	/** The files of the target class (domain B) that a run with these settings trains on. */
	public static List<LabelledFile> targetFiles(final JsonObject settings) throws IOException {
		return trainingFiles(Path.of(settings.get("target_data").getAsString()), settings.get(
			"target_class").getAsString(), settings, true);
	}

	/** Trains and returns the migration package of the last epoch. */
	public CycleGanModel run() throws IOException {
		config.validate();
		final Checkpoints checkpoints = new Checkpoints(config.out()); // the wall time counts from here
		final List<LabelledFile> sourceFiles = sourceFiles(config.toJson());
		final List<LabelledFile> targetFiles = targetFiles(config.toJson());
		final int s = config.size();
		final PreprocessingChain chain = PreprocessingChain.parse("resize(width=" + s + ",height=" + s +
			")");
		final ImageBank a = ImageBank.load(sourceFiles, chain, s, s, log);
		final ImageBank b = ImageBank.load(targetFiles, chain, s, s, log);
		if (a.size() == 0 || b.size() == 0) throw new IOException("no usable images: " + a.size() +
			" of class '" + config.sourceClass() + "' in " + config.sourceData() + ", " + b.size() +
			" of class '" + config.targetClass() + "' in " + config.targetData() + " (training split)");
		log.info(String.format("CycleGAN %s (%d training images) -> %s (%d), %dx%d, crops %dx%d",
			config.sourceClass(), a.size(), config.targetClass(), b.size(), s, s, config.crop(), config
				.crop()));

		final Path out = config.out();
		final TrainingLog trainingLog = new TrainingLog(out);
		final Device device = DeepLearningEngine.device(config.device());
		final Engine engine = DeepLearningEngine.get();
		engine.setRandomSeed((int) config.seed());
		// one run per output folder; its lock ends with the run, also a killed one
		try (FolderLock busy = FolderLock.acquire(out, "CycleGAN output folder"); NDManager manager = engine
			.newBaseManager(device); var off = DeepLearningEngine.gradientsOff())
		{
			checkpoints.create();
			final CycleGanSteps networks = new CycleGanSteps(config, manager);
			int firstEpoch = 1;
			if (config.resume()) {
				final JsonObject latest = checkpoints.resume(config.toJson(),
					CycleGanConfig.MAY_CHANGE_ON_RESUME, l -> networks.restore(checkpoints, l));
				firstEpoch = latest.get("epoch").getAsInt() + 1;
				trainingLog.start(firstEpoch - 1);
				log.info("resuming after epoch " + (firstEpoch - 1) + " from " + checkpoints.dir());
			}
			else trainingLog.start(null);

			final int c = config.crop();
			final int steps = Math.max(a.size(), b.size());
			EpochLosses last = null;
			for (int epoch = firstEpoch; epoch <= config.totalEpochs(); epoch++) {
				final long t0 = System.nanoTime();
				final Random random = new Random(config.seed() * 1_000_003L + epoch);
				final List<Integer> order = new ArrayList<>();
				for (int i = 0; i < steps; i++)
					order.add(i % a.size());
				Collections.shuffle(order, random);
				final float lr = config.learningRateAt(epoch);
				final double[] sums = new double[5];
				for (int step = 0; step < steps; step++) {
					final int e = epoch;
					progress.stopIfCancelled(() -> "CycleGAN training cancelled in epoch " + e +
						"; resume from the checkpoint in " + out);
					final float[] cropA = randomCrop(a.pixels(order.get(step)), s, c, random);
					final float[] cropB = randomCrop(b.pixels(random.nextInt(b.size())), s, c, random);
					final float[] losses = networks.step(cropA, cropB, lr, random, epoch, step);
					for (int i = 0; i < sums.length; i++)
						sums[i] += losses[i];
					progress.update((long) (epoch - 1) * steps + step + 1, (long) config.totalEpochs() *
						steps, "epoch " + epoch + "/" + config.totalEpochs() + ", step " + (step + 1) + "/" +
							steps);
				}
				last = new EpochLosses(epoch, sums[0] / steps, sums[1] / steps, sums[2] / steps, sums[3] /
					steps, sums[4] / steps, lr, (System.nanoTime() - t0) / 1e9);
				trainingLog.append(LOG_HEADER, last.csvRow());
				writePreview(networks, manager, a, out.resolve("samples").resolve(String.format(
					"epoch-%03d.png", epoch)));
				CycleGanModel.write(out, packageJson(epoch, last, checkpoints.wallSeconds(), a.size(), b
					.size()), networks.generatorAB());
				networks.saveCheckpoint(checkpoints, epoch, manager);
				log.info(String.format(Locale.ROOT,
					"epoch %d/%d  G_gan %.4f  cycle %.4f  identity %.4f  D_A %.4f  D_B %.4f  lr %.6f  %.0fs",
					epoch, config.totalEpochs(), last.generatorGan(), last.cycle(), last.identity(), last
						.discriminatorA(), last.discriminatorB(), lr, last.seconds()));
			}
			if (last == null) log.info("all " + config.totalEpochs() + " epochs were already done");
			return CycleGanModel.read(out);
		}
	}

	// -- Helper methods --

	/**
	 * The training-split files of one class: {@code data}'s split (under the recorded protocol and
	 * folds when {@code targetSplit}, the plain {@code val_fraction} split otherwise) through
	 * {@link TrainingRun#split}, restricted to {@code className}.
	 */
	private static List<LabelledFile> trainingFiles(final Path data, final String className,
		final JsonObject settings, final boolean targetSplit) throws IOException
	{
		final LabelledImageFolder folder = LabelledImageFolder.scan(data);
		final int label = folder.classNames().indexOf(className);
		if (label < 0) throw new IOException(data + ": no class folder '" + className +
			"' (classes: " + String.join(", ", folder.classNames()) + ")");
		TrainingConfig split = Protocols.apply(targetSplit ? settings.get("protocol").getAsString()
			: "custom", TrainingConfig.defaults(data, data)).withInput(TrainingConfig.DEFAULT_SIZE,
				settings.get("val_fraction").getAsDouble(), settings.get("seed").getAsLong());
		if (targetSplit && settings.has("folds")) split = split.withFold(settings.get("folds")
			.getAsInt(), settings.get("fold").getAsInt());
		try {
			return TrainingRun.split(folder, split).train().stream().filter(f -> f.label() == label)
				.toList();
		}
		catch (final IllegalArgumentException e) { // a class with fewer images than folds
			throw new IOException(data + ": " + e.getMessage(), e);
		}
	}

	/**
	 * A random {@code c x c} crop of an {@code s x s} 8-bit image in a random one of the 8
	 * rotations/reflections, scaled to {@code [-1, 1]}.
	 */
	static float[] randomCrop(final byte[] image, final int s, final int c, final Random random) {
		final int x0 = random.nextInt(s - c + 1), y0 = random.nextInt(s - c + 1);
		final int view = random.nextInt(8);
		final float[] out = new float[c * c];
		for (int y = 0; y < c; y++)
			for (int x = 0; x < c; x++) {
				int u = (view & 1) != 0 ? c - 1 - x : x, v = y;
				if ((view & 2) != 0) v = c - 1 - v;
				if ((view & 4) != 0) {
					final int t = u;
					u = v;
					v = t;
				}
				out[y * c + x] = toUnit(image[(y0 + v) * s + x0 + u]);
			}
		return out;
	}

	static float toUnit(final byte pixel) {
		return (pixel & 0xff) / 127.5f - 1;
	}

	/** Four source images (the first of the bank) above their translations, full size. */
	private void writePreview(final CycleGanSteps networks, final NDManager manager,
		final ImageBank a, final Path file) throws IOException
	{
		final int s = config.size(), n = Math.min(4, a.size());
		final byte[][] sources = new byte[n][];
		for (int i = 0; i < n; i++)
			sources[i] = a.pixels(i);
		final byte[][] translated = CycleGanModel.translate(networks.generatorAB(), networks.store(), manager,
			sources, s);
		final byte[] sheet = new byte[2 * s * n * s];
		for (int i = 0; i < n; i++)
			for (int y = 0; y < s; y++) {
				System.arraycopy(sources[i], y * s, sheet, y * n * s + i * s, s);
				System.arraycopy(translated[i], y * s, sheet, (s + y) * n * s + i * s, s);
			}
		PngFiles.writeGray(sheet, n * s, 2 * s, file);
	}

	private JsonObject packageJson(final int epoch, final EpochLosses losses, final long wallSeconds,
		final int sourceImages, final int targetImages)
	{
		final JsonObject json = new JsonObject();
		json.addProperty("id", config.out().getFileName() + "-cyclegan-" + java.time.Instant.now()
			.toString().replaceAll("[^0-9]", "").substring(0, 14));
		json.addProperty("name", config.out().getFileName().toString());
		json.addProperty("kind", "cyclegan-generator");
		json.addProperty("source_class", config.sourceClass());
		json.addProperty("target_class", config.targetClass());
		final JsonObject generator = new JsonObject();
		generator.addProperty("architecture", "resnet-generator");
		generator.addProperty("ngf", config.ngf());
		generator.addProperty("blocks", config.blocks());
		generator.addProperty("size", config.size());
		generator.addProperty("scaling", "x/127.5-1 in, (y+1)*127.5 out");
		json.add("generator", generator);
		final JsonObject training = config.toJson();
		training.addProperty("epochs_done", epoch);
		training.addProperty("source_train_images", sourceImages);
		training.addProperty("target_train_images", targetImages);
		training.addProperty("wall_seconds", wallSeconds);
		training.addProperty("device", DeepLearningEngine.device(config.device()).toString());
		training.addProperty("threads", DeepLearningEngine.threads());
		json.add("training", training);
		final JsonObject last = new JsonObject();
		last.addProperty("generator_gan", losses.generatorGan());
		last.addProperty("cycle", losses.cycle());
		last.addProperty("identity", losses.identity());
		last.addProperty("discriminator_a", losses.discriminatorA());
		last.addProperty("discriminator_b", losses.discriminatorB());
		json.add("last_epoch_losses", last);
		final JsonObject software = new JsonObject();
		software.addProperty("djl", Engine.getDjlVersion());
		software.addProperty("pytorch", DeepLearningEngine.get().getVersion());
		json.add("software", software);
		json.addProperty("created", java.time.Instant.now().toString());
		return json;
	}
}
