package io.github.stripsteel.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.scijava.log.Logger;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.model.AtomicFiles;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.WeightsFile;
import io.github.stripsteel.preprocess.PreprocessingChain;
import io.github.stripsteel.train.Adam;
import io.github.stripsteel.train.ImageBank;
import io.github.stripsteel.train.Protocols;
import io.github.stripsteel.train.ResumeCompatibility;
import io.github.stripsteel.train.TrainingConfig;
import io.github.stripsteel.train.TrainingRun;
import io.github.stripsteel.engine.GraphScalars;

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

	private static final String LATEST = "latest.json";

	private final CycleGanConfig config;
	private final Logger log;
	private BooleanSupplier cancelled = () -> false;
	private StepListener listener = (epoch, step, steps) -> {};

	/** Told after every step (progress bars). */
	@FunctionalInterface
	public interface StepListener {

		void stepDone(int epoch, int step, int steps);
	}

	/** The losses of one epoch, averaged over its steps. */
	public record EpochLosses(int epoch, double generatorGan, double cycle, double identity,
		double discriminatorA, double discriminatorB, float learningRate, double seconds)
	{}

	public CycleGanTraining(final CycleGanConfig config, final Logger log) {
		this.config = config;
		this.log = log;
	}

	/** Checked between steps; when true the run stops after the last complete checkpoint. */
	public CycleGanTraining cancelWhen(final BooleanSupplier value) {
		this.cancelled = value;
		return this;
	}

	public CycleGanTraining listener(final StepListener value) {
		this.listener = value;
		return this;
	}

	/**
	 * The training-split files of one class: {@code data}'s split under {@code protocol} (the same
	 * rule as {@code train}), restricted to {@code className}.
	 */
	public static List<LabelledFile> trainingFiles(final Path data, final String className,
		final String protocol, final double valFraction, final long seed) throws IOException
	{
		final LabelledImageFolder folder = LabelledImageFolder.scan(data);
		final int label = folder.classNames().indexOf(className);
		if (label < 0) throw new IOException(data + ": no class folder '" + className +
			"' (classes: " + String.join(", ", folder.classNames()) + ")");
		final TrainingConfig split = Protocols.apply(protocol, TrainingConfig.defaults(data, data))
			.withInput(TrainingConfig.DEFAULT_SIZE, valFraction, seed);
		return TrainingRun.split(folder, split).train().stream().filter(f -> f.label() == label)
			.toList();
	}

	/** Trains and returns the migration package of the last epoch. */
	public CycleGanModel run() throws IOException {
		config.validate();
		final long start = System.nanoTime();
		final boolean sameData = config.sourceData().toAbsolutePath().normalize().equals(config
			.targetData().toAbsolutePath().normalize());
		final List<LabelledFile> sourceFiles = trainingFiles(config.sourceData(), config
			.sourceClass(), sameData ? config.protocol() : "custom", config.valFraction(), config.seed());
		final List<LabelledFile> targetFiles = trainingFiles(config.targetData(), config
			.targetClass(), config.protocol(), config.valFraction(), config.seed());
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
		final Path checkpoints = out.resolve("checkpoints");
		Files.createDirectories(checkpoints);
		final Device device = DeepLearningEngine.device(config.device());
		final Engine engine = DeepLearningEngine.get();
		engine.setRandomSeed((int) config.seed());
		try (NDManager manager = engine.newBaseManager(device); var off = DeepLearningEngine
			.gradientsOff())
		{
			final Block gab = network(CycleGanNetworks.generator(config.ngf(), config.blocks()), manager);
			final Block gba = network(CycleGanNetworks.generator(config.ngf(), config.blocks()), manager);
			final Block da = network(CycleGanNetworks.discriminator(config.ndf()), manager);
			final Block db = network(CycleGanNetworks.discriminator(config.ndf()), manager);
			final NamedBlocks generators = new NamedBlocks().with("g_ab", gab).with("g_ba", gba);
			final NamedBlocks discriminators = new NamedBlocks().with("d_a", da).with("d_b", db);
			final NamedBlocks all = new NamedBlocks().with("generators", generators).with(
				"discriminators", discriminators);
			final Adam adamG = new Adam(generators, CycleGanConfig.BETA1, CycleGanConfig.BETA2,
				CycleGanConfig.ADAM_EPSILON);
			final Adam adamD = new Adam(discriminators, CycleGanConfig.BETA1, CycleGanConfig.BETA2,
				CycleGanConfig.ADAM_EPSILON);
			adamG.attachGradients();
			adamD.attachGradients();
			final ImagePool poolA = new ImagePool(config.poolSize());
			final ImagePool poolB = new ImagePool(config.poolSize());
			final ParameterStore store = new ParameterStore(manager, false);

			int firstEpoch = 1;
			if (config.resume() && Files.exists(checkpoints.resolve(LATEST))) {
				final JsonObject latest = JsonParser.parseString(Files.readString(checkpoints.resolve(
					LATEST))).getAsJsonObject();
				checkCompatible(latest.getAsJsonObject("config"));
				WeightsFile.load(all, checkpoints.resolve(latest.get("weights").getAsString()));
				adamG.load(checkpoints.resolve(latest.get("adam_generators").getAsString()));
				adamD.load(checkpoints.resolve(latest.get("adam_discriminators").getAsString()));
				restorePools(checkpoints.resolve(latest.get("pools").getAsString()), manager, poolA,
					poolB);
				firstEpoch = latest.get("epoch").getAsInt() + 1;
				TrainingRun.truncateLog(out.resolve("log.csv"), firstEpoch - 1);
				log.info("resuming after epoch " + (firstEpoch - 1) + " from " + checkpoints);
			}
			else if (!config.resume()) Files.deleteIfExists(out.resolve("log.csv"));

			final int c = config.crop();
			final Shape shape = new Shape(1, 1, c, c);
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
					if (cancelled.getAsBoolean()) throw new CancellationException(
						"CycleGAN training cancelled in epoch " + epoch + "; resume from the checkpoint in " + out);
					final float[] cropA = randomCrop(a.pixels(order.get(step)), s, c, random);
					final float[] cropB = randomCrop(b.pixels(random.nextInt(b.size())), s, c, random);
					try (NDManager sub = manager.newSubManager()) {
						final NDArray realA = sub.create(cropA, shape);
						final NDArray realB = sub.create(cropB, shape);
						final NDArray fakeB, fakeA, total;
						final float[] parts = new float[3];
						try (GradientCollector gc = engine.newGradientCollector()) {
							fakeB = forward(gab, store, realA);
							fakeA = forward(gba, store, realB);
							final NDArray gan = leastSquares(forward(db, store, augment(fakeB, random)), 1).add(
								leastSquares(forward(da, store, augment(fakeA, random)), 1));
							final NDArray cycle = l1(forward(gba, store, fakeB), realA).add(l1(forward(gab, store,
								fakeA), realB));
							NDArray loss = gan.add(GraphScalars.times(cycle, config.lambdaCycle()));
							NDArray identity = null;
							if (config.lambdaIdentity() > 0) {
								identity = l1(forward(gab, store, realB), realB).add(l1(forward(gba, store, realA),
									realA));
								loss = loss.add(GraphScalars.times(identity, config.lambdaIdentity()));
							}
							total = loss;
							gc.backward(total);
							parts[0] = gan.getFloat();
							parts[1] = cycle.getFloat();
							parts[2] = identity == null ? 0 : identity.getFloat();
						}
						adamG.step(lr);
						// the generator loss also reached the discriminators: not theirs to learn from
						adamD.discardGradients();
						final NDArray pooledB = sub.create(poolB.query(fakeB.toFloatArray(), random), shape);
						final NDArray pooledA = sub.create(poolA.query(fakeA.toFloatArray(), random), shape);
						final float lossDa, lossDb;
						try (GradientCollector gc = engine.newGradientCollector()) {
							final NDArray dB = GraphScalars.times(leastSquares(forward(db, store, augment(realB,
								random)), 1).add(leastSquares(forward(db, store, augment(pooledB, random)), 0)), 0.5f);
							final NDArray dA = GraphScalars.times(leastSquares(forward(da, store, augment(realA,
								random)), 1).add(leastSquares(forward(da, store, augment(pooledA, random)), 0)), 0.5f);
							gc.backward(dA.add(dB));
							lossDa = dA.getFloat();
							lossDb = dB.getFloat();
						}
						adamD.step(lr);
						final float totalValue = total.getFloat();
						if (!Float.isFinite(totalValue) || !Float.isFinite(lossDa) || !Float.isFinite(lossDb))
							throw new IllegalStateException(String.format(Locale.ROOT,
								"CycleGAN loss became not finite in epoch %d step %d (generators %s: GAN %s, " +
									"cycle %s, identity %s; D_A %s, D_B %s); lower the learning rate",
								epoch, step, totalValue, parts[0], parts[1], parts[2], lossDa, lossDb));
						sums[0] += parts[0];
						sums[1] += parts[1];
						sums[2] += parts[2];
						sums[3] += lossDa;
						sums[4] += lossDb;
					}
					listener.stepDone(epoch, step + 1, steps);
				}
				last = new EpochLosses(epoch, sums[0] / steps, sums[1] / steps, sums[2] / steps, sums[3] /
					steps, sums[4] / steps, lr, (System.nanoTime() - t0) / 1e9);
				appendLog(out.resolve("log.csv"), last);
				writePreview(gab, store, manager, a, out.resolve("samples").resolve(String.format(
					"epoch-%03d.png", epoch)));
				CycleGanModel.write(out, packageJson(epoch, last, start, a.size(), b.size()), gab);
				saveCheckpoint(checkpoints, all, adamG, adamD, poolA, poolB, manager, epoch);
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

	/** A discriminator's input: as it is, or through {@link DiffAugment} when the run asks for it. */
	private NDArray augment(final NDArray image, final Random random) {
		return config.diffAugment() ? DiffAugment.apply(image, random) : image;
	}

	private Block network(final Block block, final NDManager manager) {
		block.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
		block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, config.crop(), config.crop()));
		return block;
	}

	private static NDArray forward(final Block block, final ParameterStore store, final NDArray x) {
		return block.forward(store, new NDList(x), true).singletonOrThrow();
	}

	/** {@code mean((x - target)^2)}: the least-squares GAN loss against a constant label. */
	static NDArray leastSquares(final NDArray x, final float target) {
		return x.sub(target).square().mean();
	}

	/** {@code mean(|x - y|)}. */
	static NDArray l1(final NDArray x, final NDArray y) {
		return x.sub(y).abs().mean();
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
	private void writePreview(final Block gab, final ParameterStore store, final NDManager manager,
		final ImageBank a, final Path file) throws IOException
	{
		final int s = config.size(), n = Math.min(4, a.size());
		final byte[][] sources = new byte[n][];
		for (int i = 0; i < n; i++)
			sources[i] = a.pixels(i);
		final byte[][] translated = CycleGanModel.translate(gab, store, manager, sources, s);
		final byte[] sheet = new byte[2 * s * n * s];
		for (int i = 0; i < n; i++)
			for (int y = 0; y < s; y++) {
				System.arraycopy(sources[i], y * s, sheet, y * n * s + i * s, s);
				System.arraycopy(translated[i], y * s, sheet, (s + y) * n * s + i * s, s);
			}
		CycleGanModel.writePng(sheet, n * s, 2 * s, file);
	}

	private JsonObject packageJson(final int epoch, final EpochLosses losses, final long start,
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
		training.addProperty("wall_seconds", Math.round((System.nanoTime() - start) / 1e9));
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

	private void checkCompatible(final JsonObject saved) throws IOException {
		final JsonObject now = config.toJson();
		final Set<String> keys = new LinkedHashSet<>(now.keySet());
		keys.removeAll(CycleGanConfig.MAY_CHANGE_ON_RESUME);
		ResumeCompatibility.requireSame(saved, now, keys, config.out());
	}

	private void saveCheckpoint(final Path dir, final Block all, final Adam adamG, final Adam adamD,
		final ImagePool poolA, final ImagePool poolB, final NDManager manager, final int epoch)
		throws IOException
	{
		final String prefix = String.format("epoch-%03d", epoch);
		final Map<String, String> files = new LinkedHashMap<>();
		files.put("weights", prefix + ".weights");
		files.put("adam_generators", prefix + ".adam-g");
		files.put("adam_discriminators", prefix + ".adam-d");
		files.put("pools", prefix + ".pools");
		WeightsFile.write(all, dir.resolve(files.get("weights")), DataType.FLOAT32);
		adamG.save(dir.resolve(files.get("adam_generators")));
		adamD.save(dir.resolve(files.get("adam_discriminators")));
		try (NDManager sub = manager.newSubManager()) {
			final Map<String, NDArray> pools = new LinkedHashMap<>();
			final List<float[]> contentsA = poolA.contents(), contentsB = poolB.contents();
			for (int i = 0; i < contentsA.size(); i++)
				pools.put(String.format("a/%03d", i), sub.create(contentsA.get(i)));
			for (int i = 0; i < contentsB.size(); i++)
				pools.put(String.format("b/%03d", i), sub.create(contentsB.get(i)));
			WeightsFile.write(pools, dir.resolve(files.get("pools")), DataType.FLOAT32);
		}
		final JsonObject latest = new JsonObject();
		latest.addProperty("epoch", epoch);
		files.forEach(latest::addProperty);
		latest.add("config", config.toJson());
		AtomicFiles.writeString(dir.resolve(LATEST), ModelPackage.toJsonText(latest));
		try (var listing = Files.list(dir)) {
			for (final Path f : listing.toList()) {
				final String name = f.getFileName().toString();
				if (name.startsWith("epoch-") && !name.startsWith(prefix + ".")) Files.deleteIfExists(f);
			}
		}
	}

	private static void restorePools(final Path file, final NDManager manager, final ImagePool poolA,
		final ImagePool poolB) throws IOException
	{
		try (NDManager sub = manager.newSubManager()) {
			final Map<String, NDArray> stored = WeightsFile.read(file, sub);
			final List<float[]> a = new ArrayList<>(), b = new ArrayList<>();
			stored.forEach((key, array) -> {
				if (key.startsWith("a/")) a.add(array.toFloatArray());
				else if (key.startsWith("b/")) b.add(array.toFloatArray());
			});
			poolA.restore(a);
			poolB.restore(b);
		}
	}

	private static void appendLog(final Path file, final EpochLosses r) throws IOException {
		final String previous = Files.exists(file) ? Files.readString(file) :
			"epoch,generator_gan,cycle,identity,discriminator_a,discriminator_b,lr,seconds\n";
		AtomicFiles.writeString(file, previous + String.format(Locale.ROOT,
			"%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6g,%.1f%n", r.epoch(), r.generatorGan(), r.cycle(), r
				.identity(), r.discriminatorA(), r.discriminatorB(), r.learningRate(), r.seconds()));
	}
}
