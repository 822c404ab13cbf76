package io.github.stripsteel.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Locale;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.eval.ClassificationMetrics;
import io.github.stripsteel.model.Architectures;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.WeightsFile;
import io.github.stripsteel.preprocess.PreprocessingChain;
import io.github.stripsteel.util.InvalidSettingException;
import io.github.stripsteel.util.Progress;

/**
 * The network, optimiser and objective of a classifier training run, and one epoch of it: seeded
 * shuffled (or class-sampled), augmented mini-batches, then validation. {@link TrainingRun} runs
 * the epochs, logs them and keeps the checkpoints.
 */
final class ClassifierEpochs {

	/** The checkpoint's field that names the weight average's file. */
	private static final String AVERAGE = "average";

	/**
	 * With a weight average, {@code log.csv}'s columns of the trained network's validation figures
	 * (the {@code val_*} columns are the average's).
	 */
	static final String TRAINED_ACCURACY = "trained_val_accuracy", TRAINED_MACRO_F1 =
		"trained_val_macro_f1", TRAINED_GMEAN = "trained_val_gmean";

	private final TrainingConfig config;
	private final TrainingObjective objective;
	private final NDManager manager;
	private final List<String> classes;
	private final ImageBank train, val;
	private final float[] meanStd;
	private final TrainingListener listener;
	private final Progress progress;
	private final ClassifierNet net;
	private final WeightAverage average; // null without one
	private final MomentumSgd sgd;
	private final ParameterStore store;
	private final Augmenter augmenter;
	private final int steps;

	/** Creates and initialises the network (seeded by the engine) and starts the objective. */
	ClassifierEpochs(final TrainingConfig config, final TrainingObjective objective,
		final NDManager manager, final List<String> classes, final ImageBank train, final ImageBank val,
		final float[] meanStd, final TrainingListener listener, final Progress progress)
		throws IOException
	{
		this.config = config;
		this.objective = objective;
		this.manager = manager;
		this.classes = classes;
		this.train = train;
		this.val = val;
		this.meanStd = meanStd;
		this.listener = listener;
		this.progress = progress;
		// every step takes a full batch of distinct images (batch norm needs the same batch shape)
		if (train.size() < config.batchSize()) throw new InvalidSettingException("{batch} " + config
			.batchSize() + " is larger than the " + train.size() + " training images; lower {batch} " +
			"to at most " + train.size() + " or add images");
		final int s = config.size();
		net = Architectures.create(config.arch(), classes.size());
		net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
			XavierInitializer.FactorType.OUT, 2), Parameter.Type.WEIGHT);
		net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, s, s));
		if (config.ema() > 0) {
			final ClassifierNet copy = Architectures.create(config.arch(), classes.size());
			copy.initialize(manager, DataType.FLOAT32, new Shape(1, 1, s, s));
			average = new WeightAverage(net, copy, config.ema());
		}
		else average = null;
		sgd = new MomentumSgd(net, config.momentum(), config.weightDecay());
		sgd.attachGradients();
		store = new ParameterStore(manager, false);
		objective.begin(new TrainingSetup(manager, classes, s, PreprocessingChain.parse("resize(width=" +
			s + ",height=" + s + ")"), meanStd[0], meanStd[1], config.labelSmoothing()));
		augmenter = new Augmenter(0.1f, 0.1f, config.minCrop(), config.cutout());
		steps = Math.max(1, train.size() / config.batchSize());
	}

	/** The network the optimiser trains. */
	ClassifierNet net() {
		return net;
	}

	/**
	 * Starts the trained network, and its weight average, from another model's weights
	 * ({@link WeightsFile#loadMatching}).
	 *
	 * @return the names of the stored arrays that were not used
	 */
	List<String> initialiseFrom(final Path weightsFile) throws IOException {
		final List<String> unused = WeightsFile.loadMatching(net, weightsFile);
		if (average != null) average.restart();
		return unused;
	}

	/**
	 * The network that validation measures and the package holds: the weight average when the run
	 * keeps one, else the trained network.
	 */
	ClassifierNet deployed() {
		return average == null ? net : average.network();
	}

	/** Trains one epoch and validates; the record of {@code log.csv}. */
	EpochRecord train(final int epoch) {
		final long t0 = System.nanoTime();
		final Engine engine = DeepLearningEngine.get();
		final int s = config.size(), b = config.batchSize();
		final Random random = new Random(config.seed() * 1_000_003L + epoch);
		final List<Integer> order = config.sampling().epochOrder(train.labels(), classes.size(),
			random);
		double lossSum = 0;
		long correct = 0, seen = 0;
		float lr = 0;
		for (int step = 0; step < steps; step++) {
			final int e = epoch;
			progress.stopIfCancelled(() -> "training cancelled in epoch " + e +
				"; resume from the checkpoint in " + config.out());
			lr = config.learningRateAt(epoch - 1 + (double) step / steps);
			final float[] batch = new float[b * s * s];
			final int[] labels = new int[b];
			for (int i = 0; i < b; i++) {
				final int idx = order.get(step * b + i);
				augmenter.apply(train.pixels(idx), s, s, random, meanStd[0], meanStd[1], batch, i * s * s);
				labels[i] = train.label(idx);
			}
			try (NDManager sub = manager.newSubManager()) {
				final NDArray x = sub.create(batch, new Shape(b, 1, s, s));
				final NDArray y = sub.create(labels);
				final NDList outputs;
				final NDArray loss;
				try (GradientCollector gc = engine.newGradientCollector()) {
					outputs = net.forward(store, new NDList(x), true);
					loss = objective.loss(outputs, y, x);
					gc.backward(loss);
				}
				sgd.step(lr);
				if (average != null) average.update((long) (epoch - 1) * steps + step + 1);
				final float lossValue = loss.getFloat();
				if (!Float.isFinite(lossValue)) throw new IllegalStateException("loss became " + lossValue +
					" in epoch " + epoch + " step " + step + "; lower the learning rate");
				lossSum += lossValue;
				final int[] predicted = outputs.get(0).argMax(1).toType(DataType.INT32, false).toIntArray();
				for (int i = 0; i < b; i++)
					if (predicted[i] == labels[i]) correct++;
				seen += b;
				listener.stepDone(epoch, step + 1, steps, lossValue);
				progress.update((long) (epoch - 1) * steps + step + 1, (long) config.epochs() * steps,
					String.format(Locale.ROOT, "epoch %d/%d, step %d/%d, loss %.4f", epoch, config.epochs(),
						step + 1, steps, lossValue));
			}
		}
		final Validation.Evaluation trained = Validation.evaluate(net, store, manager, val, meanStd,
			classes, s);
		// the objective reads the trained network's figures: the average never feeds back, so a run
		// with one trains exactly as a run without
		objective.endEpoch(trained.metrics());
		final Map<String, Double> extras = new LinkedHashMap<>(objective.logValues());
		final Validation.Evaluation v;
		if (average == null) v = trained;
		else {
			v = Validation.evaluate(average.network(), store, manager, val, meanStd, classes, s);
			extras.put(TRAINED_ACCURACY, trained.metrics().accuracy());
			extras.put(TRAINED_MACRO_F1, trained.metrics().macroF1());
			extras.put(TRAINED_GMEAN, trained.metrics().gmean());
		}
		final double seconds = (System.nanoTime() - t0) / 1e9;
		return new EpochRecord(epoch, lossSum / steps, (double) correct / seen, v.loss(), v.metrics(),
			lr, seconds, extras);
	}

	/**
	 * The figures of {@link #deployed()} on the test part, with {@code withTrained} and a weight
	 * average also those of the trained weights ({@link ModelPackage#TRAINED_WEIGHTS}).
	 */
	JsonObject test(final ImageBank test, final boolean withTrained) {
		final int s = config.size();
		final JsonObject json = Validation.evaluate(deployed(), store, manager, test, meanStd, classes,
			s).metrics().toJson();
		if (withTrained && average != null) {
			final ClassificationMetrics t = Validation.evaluate(net, store, manager, test, meanStd,
				classes, s).metrics();
			json.add(ModelPackage.TRAINED_WEIGHTS, Validation.figures(t.accuracy(), t.macroF1(), t
				.gmean()));
		}
		return json;
	}

	/** Writes the weights of {@link #deployed()} (float32), e.g. as the best epoch's. */
	void writeWeights(final Path file) throws IOException {
		WeightsFile.write(deployed(), file, DataType.FLOAT32);
	}

	/**
	 * Weights, momentum, weight average and objective state of {@code epoch}, then
	 * {@code latest.json}.
	 */
	void saveCheckpoint(final Checkpoints checkpoints, final int epoch,
		final Map<String, JsonElement> extra, final JsonObject configJson) throws IOException
	{
		final String weights = Checkpoints.name(epoch, "weights");
		final String momentum = Checkpoints.name(epoch, "momentum");
		WeightsFile.write(net, checkpoints.dir().resolve(weights), DataType.FLOAT32);
		sgd.save(checkpoints.dir().resolve(momentum));
		final Map<String, JsonElement> fields = new LinkedHashMap<>();
		fields.put("weights", new JsonPrimitive(weights));
		fields.put("momentum", new JsonPrimitive(momentum));
		if (average != null) {
			final String averaged = Checkpoints.name(epoch, "average");
			average.save(checkpoints.dir().resolve(averaged));
			fields.put(AVERAGE, new JsonPrimitive(averaged));
		}
		fields.putAll(extra);
		fields.put("objective", objective.state());
		checkpoints.commit(epoch, fields, configJson);
	}

	/**
	 * Continues from the checkpoint {@code latest}: weights, momentum, weight average, objective
	 * state.
	 */
	void restore(final Checkpoints checkpoints, final JsonObject latest) throws IOException {
		WeightsFile.load(net, checkpoints.resolve(latest, "weights"));
		sgd.load(checkpoints.resolve(latest, "momentum"));
		if (average != null) average.load(checkpoints.resolve(latest, AVERAGE));
		objective.restore(latest.getAsJsonObject("objective"));
	}
}
