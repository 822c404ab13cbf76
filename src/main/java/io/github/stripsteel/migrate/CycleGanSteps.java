package io.github.stripsteel.migrate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

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
import io.github.stripsteel.engine.GraphScalars;
import io.github.stripsteel.model.WeightsFile;
import io.github.stripsteel.train.Adam;
import io.github.stripsteel.train.Checkpoints;

/**
 * The four networks of a CycleGAN run with their optimisers and history pools, and one training
 * step on a pair of crops; {@link CycleGanTraining} runs the epochs around it. Also what a
 * checkpoint holds of them (all four networks, both Adam states, both pools).
 */
final class CycleGanSteps {

	private final CycleGanConfig config;
	private final NDManager manager;
	private final Block gab, gba, da, db;
	private final NamedBlocks all;
	private final Adam adamG, adamD;
	private final ImagePool poolA, poolB;
	private final ParameterStore store;
	private final Shape shape;

	/** Creates and initialises the networks (seeded by the engine), in a fixed order. */
	CycleGanSteps(final CycleGanConfig config, final NDManager manager) {
		this.config = config;
		this.manager = manager;
		gab = network(CycleGanNetworks.generator(config.ngf(), config.blocks()));
		gba = network(CycleGanNetworks.generator(config.ngf(), config.blocks()));
		da = network(CycleGanNetworks.discriminator(config.ndf()));
		db = network(CycleGanNetworks.discriminator(config.ndf()));
		final NamedBlocks generators = new NamedBlocks().with("g_ab", gab).with("g_ba", gba);
		final NamedBlocks discriminators = new NamedBlocks().with("d_a", da).with("d_b", db);
		all = new NamedBlocks().with("generators", generators).with("discriminators", discriminators);
		adamG = new Adam(generators, CycleGanConfig.BETA1, CycleGanConfig.BETA2,
			CycleGanConfig.ADAM_EPSILON);
		adamD = new Adam(discriminators, CycleGanConfig.BETA1, CycleGanConfig.BETA2,
			CycleGanConfig.ADAM_EPSILON);
		adamG.attachGradients();
		adamD.attachGradients();
		poolA = new ImagePool(config.poolSize());
		poolB = new ImagePool(config.poolSize());
		store = new ParameterStore(manager, false);
		shape = new Shape(1, 1, config.crop(), config.crop());
	}

	/** The A-to-B generator (the one the package ships). */
	Block generatorAB() {
		return gab;
	}

	ParameterStore store() {
		return store;
	}

	/**
	 * One step: the generators on both cycle directions, then the discriminators on real images
	 * and pooled fakes.
	 *
	 * @return the losses {GAN, cycle, identity, D_A, D_B}
	 * @throws IllegalStateException when a loss is not finite (the learning rate is too high)
	 */
	float[] step(final float[] cropA, final float[] cropB, final float lr, final Random random,
		final int epoch, final int step)
	{
		final Engine engine = DeepLearningEngine.get();
		try (NDManager sub = manager.newSubManager()) {
			final NDArray realA = sub.create(cropA, shape);
			final NDArray realB = sub.create(cropB, shape);
			final NDArray fakeB, fakeA, total;
			final float[] parts = new float[3];
			try (GradientCollector gc = engine.newGradientCollector()) {
				fakeB = forward(gab, realA);
				fakeA = forward(gba, realB);
				final NDArray gan = leastSquares(forward(db, augment(fakeB, random)), 1).add(leastSquares(
					forward(da, augment(fakeA, random)), 1));
				final NDArray cycle = l1(forward(gba, fakeB), realA).add(l1(forward(gab, fakeA), realB));
				NDArray loss = gan.add(GraphScalars.times(cycle, config.lambdaCycle()));
				NDArray identity = null;
				if (config.lambdaIdentity() > 0) {
					identity = l1(forward(gab, realB), realB).add(l1(forward(gba, realA), realA));
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
				final NDArray dB = GraphScalars.times(leastSquares(forward(db, augment(realB, random)), 1)
					.add(leastSquares(forward(db, augment(pooledB, random)), 0)), 0.5f);
				final NDArray dA = GraphScalars.times(leastSquares(forward(da, augment(realA, random)), 1)
					.add(leastSquares(forward(da, augment(pooledA, random)), 0)), 0.5f);
				gc.backward(dA.add(dB));
				lossDa = dA.getFloat();
				lossDb = dB.getFloat();
			}
			adamD.step(lr);
			final float totalValue = total.getFloat();
			if (!Float.isFinite(totalValue) || !Float.isFinite(lossDa) || !Float.isFinite(lossDb))
				throw new IllegalStateException(String.format(Locale.ROOT,
					"CycleGAN loss became not finite in epoch %d step %d (generators %s: GAN %s, " +
						"cycle %s, identity %s; D_A %s, D_B %s); lower the learning rate", epoch, step,
					totalValue, parts[0], parts[1], parts[2], lossDa, lossDb));
			return new float[] { parts[0], parts[1], parts[2], lossDa, lossDb };
		}
	}

	/** Networks, Adam states and pools of {@code epoch}, then {@code latest.json}. */
	void saveCheckpoint(final Checkpoints checkpoints, final int epoch, final NDManager parent)
		throws IOException
	{
		final Map<String, String> files = new LinkedHashMap<>();
		files.put("weights", Checkpoints.name(epoch, "weights"));
		files.put("adam_generators", Checkpoints.name(epoch, "adam-g"));
		files.put("adam_discriminators", Checkpoints.name(epoch, "adam-d"));
		files.put("pools", Checkpoints.name(epoch, "pools"));
		WeightsFile.write(all, checkpoints.dir().resolve(files.get("weights")), DataType.FLOAT32);
		adamG.save(checkpoints.dir().resolve(files.get("adam_generators")));
		adamD.save(checkpoints.dir().resolve(files.get("adam_discriminators")));
		try (NDManager sub = parent.newSubManager()) {
			final Map<String, NDArray> pools = new LinkedHashMap<>();
			final List<float[]> contentsA = poolA.contents(), contentsB = poolB.contents();
			for (int i = 0; i < contentsA.size(); i++)
				pools.put(String.format("a/%03d", i), sub.create(contentsA.get(i)));
			for (int i = 0; i < contentsB.size(); i++)
				pools.put(String.format("b/%03d", i), sub.create(contentsB.get(i)));
			WeightsFile.write(pools, checkpoints.dir().resolve(files.get("pools")), DataType.FLOAT32);
		}
		final Map<String, JsonElement> fields = new LinkedHashMap<>();
		files.forEach((k, v) -> fields.put(k, new JsonPrimitive(v)));
		checkpoints.commit(epoch, fields, config.toJson());
	}

	/** Continues from the checkpoint {@code latest}. */
	void restore(final Checkpoints checkpoints, final JsonObject latest) throws IOException {
		WeightsFile.load(all, checkpoints.resolve(latest, "weights"));
		adamG.load(checkpoints.resolve(latest, "adam_generators"));
		adamD.load(checkpoints.resolve(latest, "adam_discriminators"));
		try (NDManager sub = manager.newSubManager()) {
			final Map<String, NDArray> stored = WeightsFile.read(checkpoints.resolve(latest, "pools"), sub);
			final List<float[]> a = new ArrayList<>(), b = new ArrayList<>();
			stored.forEach((key, array) -> {
				if (key.startsWith("a/")) a.add(array.toFloatArray());
				else if (key.startsWith("b/")) b.add(array.toFloatArray());
			});
			poolA.restore(a);
			poolB.restore(b);
		}
	}

	/** {@code mean((x - target)^2)}: the least-squares GAN loss against a constant label. */
	static NDArray leastSquares(final NDArray x, final float target) {
		return x.sub(target).square().mean();
	}

	/** {@code mean(|x - y|)}. */
	static NDArray l1(final NDArray x, final NDArray y) {
		return x.sub(y).abs().mean();
	}

	// -- Helper methods --

	private Block network(final Block block) {
		block.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
		block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, config.crop(), config.crop()));
		return block;
	}

	/** A discriminator's input: as it is, or through {@link DiffAugment} when the run asks for it. */
	private NDArray augment(final NDArray image, final Random random) {
		return config.diffAugment() ? DiffAugment.apply(image, random) : image;
	}

	private NDArray forward(final Block block, final NDArray x) {
		return block.forward(store, new NDList(x), true).singletonOrThrow();
	}
}
