package io.github.stripsteel.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.scijava.log.Logger;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
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
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.model.Architectures;
import io.github.stripsteel.model.AtomicFiles;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.WeightsFile;
import io.github.stripsteel.preprocess.PreprocessingChain;

/**
 * Supervised training of a {@link ClassifierNet} on a class-folder dataset, with a pluggable
 * {@link TrainingObjective}. Per epoch: shuffled, augmented mini-batches; validation on the
 * stratified split; a {@code log.csv} row; an atomic checkpoint (weights, momentum, objective
 * state); the model package rewritten when validation improves. {@code resume} continues from
 * the last complete checkpoint and reproduces the uninterrupted run (shuffling and augmentation
 * are seeded per epoch).
 *
 * <p>Output folder: {@code model.json} + weights (the best-on-validation package),
 * {@code log.csv}, {@code curves.png}, {@code train-config.json}, {@code checkpoints/}.</p>
 */
public final class TrainingRun {

	private static final String LATEST = "latest.json";

	private final TrainingConfig config;
	private final TrainingObjective objective;
	private final Logger log;
	private TrainingListener listener = new TrainingListener() {};
	private BooleanSupplier cancelled = () -> false;
	private JsonObject lineage = new JsonObject();
	private String method;
	private ModelPackage initialModel;
	private String script;
	private String commit;

	public TrainingRun(final TrainingConfig config, final TrainingObjective objective,
		final Logger log)
	{
		this.config = config;
		this.objective = objective;
		this.log = log;
		this.method = objective.name();
	}

	public TrainingRun listener(final TrainingListener value) {
		this.listener = value;
		return this;
	}

	/** Checked between steps; when true the run stops after the last complete checkpoint. */
	public TrainingRun cancelWhen(final BooleanSupplier value) {
		this.cancelled = value;
		return this;
	}

	/** Extra provenance for {@code model.json} (e.g. the teacher of a distilled student). */
	public TrainingRun lineage(final JsonObject value, final String methodName) {
		this.lineage = value;
		this.method = methodName;
		return this;
	}

	/**
	 * What produced the run, for {@code model.json}'s lineage: the script that ran it and the
	 * source commit ({@code lineage.script}, {@code lineage.commit}); null leaves a field out.
	 */
	public TrainingRun provenance(final String scriptName, final String commitId) {
		this.script = scriptName;
		this.commit = commitId;
		return this;
	}

	/**
	 * Starts from another model's weights instead of a random initialisation (fine-tuning): every
	 * parameter with the same name and shape is copied; a classification head for another class
	 * count and parameters the other model lacks (the shrinkage modules of a SARSN started from a
	 * ResNet34) keep their random start. Recorded in the lineage as {@code initialised_from}.
	 */
	public TrainingRun initialiseFrom(final ModelPackage model) {
		this.initialModel = model;
		return this;
	}

	/** The data split this configuration defines. */
	public static LabelledImageFolder.Split split(final LabelledImageFolder folder,
		final TrainingConfig config)
	{
		final LabelledImageFolder.Split split = config.folds() > 0 ? folder.stratifiedFold(config
			.folds(), config.fold(), config.seed()) : folder.stratifiedSplit(config.valFraction(), config
				.seed());
		return capped(split, config.maxTrainPerClass(), folder.classNames().size());
	}

	/**
	 * The split a model package's {@code training} record describes (seed, validation fraction or
	 * cross-validation fold, per-class caps), for {@code evaluate --split val} and the
	 * out-of-distribution statistics of the training split.
	 *
	 * @throws IOException when the record does not say how the split was made
	 */
	public static LabelledImageFolder.Split recordedSplit(final LabelledImageFolder folder,
		final ModelPackage model) throws IOException
	{
		final JsonObject t = model.training();
		if (!t.has("seed") || !t.has("val_fraction") && !t.has("folds")) throw new IOException("model " +
			model.id() + " records no training seed and val_fraction or folds (" + model.dir().resolve(
				ModelPackage.MODEL_JSON) + "), so its training/validation split is unknown");
		final long seed = t.get("seed").getAsLong();
		final LabelledImageFolder.Split split = t.has("folds") ? folder.stratifiedFold(t.get("folds")
			.getAsInt(), t.get("fold").getAsInt(), seed) : folder.stratifiedSplit(t.get("val_fraction")
				.getAsDouble(), seed);
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
	 * A distilled student validates on images its teacher never trained on only when both use the
	 * same split: under cross-validation the teacher must have been trained on the same fold with
	 * the same seed.
	 *
	 * @throws IOException naming the teacher and both splits when they differ
	 */
	public static void requireTeacherSplit(final ModelPackage teacher, final TrainingConfig config)
		throws IOException
	{
		if (config.folds() == 0) return;
		final JsonObject t = teacher.training();
		final boolean same = t.has("folds") && t.get("folds").getAsInt() == config.folds() && t.get(
			"fold").getAsInt() == config.fold() && t.has("seed") && t.get("seed").getAsLong() == config
				.seed();
		if (!same) throw new IOException("teacher " + teacher.dir() + " was trained on " + (t.has(
			"folds") ? describeSplit(teacher) : "the split seed " + t.get("seed") + ", fraction " + t.get(
				"val_fraction")) + ", the student is to validate on seed " + config.seed() + ", fold " +
			config.fold() + " of " + config.folds() + "; the teacher would have trained on the " +
			"student's validation images: train the teacher with the same --folds, --fold and --seed");
	}

	/** How {@link #recordedSplit} describes a split, e.g. {@code seed 42, fraction 0.2}. */
	public static String describeSplit(final ModelPackage model) {
		final JsonObject t = model.training();
		return t.has("folds") ? "seed " + t.get("seed") + ", fold " + t.get("fold") + " of " + t.get(
			"folds") : "seed " + t.get("seed") + ", fraction " + t.get("val_fraction");
	}

	private static LabelledImageFolder.Split capped(final LabelledImageFolder.Split split,
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
		return new LabelledImageFolder.Split(train, split.val());
	}

	/**
	 * Trains and returns the final model package (the best epoch on validation).
	 *
	 * @throws CancellationException when cancelled; the last complete checkpoint stays
	 */
	public ModelPackage run() throws IOException {
		config.validate();
		final long start = System.nanoTime();
		final LabelledImageFolder folder = LabelledImageFolder.scan(config.data());
		final List<String> classes = folder.classNames();
		final LabelledImageFolder.Split split = split(folder, config);
		final PreprocessingChain chain = PreprocessingChain.parse("resize(width=" + config.size() +
			",height=" + config.size() + ")");
		final int s = config.size();
		log.info(String.format("data %s: %d classes, %d train / %d val images, input %dx%d",
			config.data(), classes.size(), split.train().size(), split.val().size(), s, s));
		final List<LabelledFile> trainFiles = new ArrayList<>(split.train());
		if (config.migrated() != null) {
			final List<LabelledFile> samples = LabelledImageFolder.scanSamplesFor(config.migrated(),
				classes);
			trainFiles.addAll(samples);
			log.info(String.format("added %d synthetic training samples from %s: %s", samples.size(),
				config.migrated(), perClass(samples, classes)));
		}
		final ImageBank train = ImageBank.load(trainFiles, chain, s, s, log);
		final ImageBank val = ImageBank.load(split.val(), chain, s, s, log);
		if (train.size() == 0 || val.size() == 0) throw new IOException(config.data() +
			": no usable training or validation images");
		final float[] meanStd = train.meanStd();

		final Path out = config.out();
		final Path checkpoints = out.resolve("checkpoints");
		Files.createDirectories(checkpoints);
		final Device device = DeepLearningEngine.device(config.device());
		final Engine engine = DeepLearningEngine.get();
		engine.setRandomSeed((int) config.seed());
		// this thread may be Fiji's or a task's, where PyTorch records gradients by default;
		// only the GradientCollector below switches recording on
		try (NDManager manager = engine.newBaseManager(device); var off = DeepLearningEngine
			.gradientsOff())
		{
			final ClassifierNet net = Architectures.create(config.arch(), classes.size());
			net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
				XavierInitializer.FactorType.OUT, 2), Parameter.Type.WEIGHT);
			net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, s, s));
			final MomentumSgd sgd = new MomentumSgd(net, config.momentum(), config.weightDecay());
			sgd.attachGradients();
			final ParameterStore store = new ParameterStore(manager, false);
			objective.begin(new TrainingSetup(manager, classes, s, chain, meanStd[0], meanStd[1]));

			int firstEpoch = 1;
			double bestScore = -1;
			int bestEpoch = 0;
			JsonObject bestMetrics = null;
			if (config.resume() && Files.exists(checkpoints.resolve(LATEST))) {
				final JsonObject latest = JsonParser.parseString(Files.readString(checkpoints.resolve(
					LATEST))).getAsJsonObject();
				checkCompatible(latest.getAsJsonObject("config"));
				WeightsFile.load(net, checkpoints.resolve(latest.get("weights").getAsString()));
				sgd.load(checkpoints.resolve(latest.get("momentum").getAsString()));
				objective.restore(latest.getAsJsonObject("objective"));
				firstEpoch = latest.get("epoch").getAsInt() + 1;
				bestScore = latest.get("best_score").getAsDouble();
				bestEpoch = latest.get("best_epoch").getAsInt();
				bestMetrics = latest.has("best_metrics") ? latest.getAsJsonObject("best_metrics") : null;
				truncateLog(out.resolve("log.csv"), firstEpoch - 1);
				log.info("resuming after epoch " + (firstEpoch - 1) + " from " + checkpoints);
			}
			else {
				if (!config.resume()) Files.deleteIfExists(out.resolve("log.csv"));
				if (initialModel != null) loadInitialWeights(net);
			}
			if (initialModel != null) lineage.add("initialised_from", initialModel.provenance());
			if (script != null) lineage.addProperty("script", script);
			if (commit != null) lineage.addProperty("commit", commit);
			if (config.migrated() != null) lineage.add("migrated_samples", migrationRecords(config
				.migrated()));
			AtomicFiles.writeString(out.resolve("train-config.json"), ModelPackage.toJsonText(
				configJson()));

			final int steps = Math.max(1, train.size() / config.batchSize());
			final Augmenter augmenter = new Augmenter(0.1f, 0.1f, config.minCrop());
			if (config.sampling() != ClassSampling.UNIFORM) log.info(String.format(
				"%s sampling: per epoch %s (of %s images)", config.sampling().label(), perClass(config
					.sampling().quotas(classCounts(train.labels(), classes.size())), classes), perClass(
						classCounts(train.labels(), classes.size()), classes)));
			final List<EpochRecord> history = readHistory(out.resolve("log.csv"), classes);
			for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
				final long t0 = System.nanoTime();
				final Random random = new Random(config.seed() * 1_000_003L + epoch);
				final List<Integer> order = config.sampling().epochOrder(train.labels(), classes.size(),
					random);
				double lossSum = 0;
				long correct = 0, seen = 0;
				float lr = 0;
				for (int step = 0; step < steps; step++) {
					if (cancelled.getAsBoolean()) throw new CancellationException(
						"training cancelled in epoch " + epoch + "; resume from the checkpoint in " + out);
					lr = config.learningRateAt(epoch - 1 + (double) step / steps);
					final int b = config.batchSize();
					final float[] batch = new float[b * s * s];
					final int[] labels = new int[b];
					for (int i = 0; i < b; i++) {
						final int idx = order.get(step * b + i);
						augmenter.apply(train.pixels(idx), s, s, random, meanStd[0], meanStd[1], batch, i * s *
							s);
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
						final float lossValue = loss.getFloat();
						if (!Float.isFinite(lossValue)) throw new IllegalStateException("loss became " +
							lossValue + " in epoch " + epoch + " step " + step +
							"; lower the learning rate");
						lossSum += lossValue;
						final int[] predicted = outputs.get(0).argMax(1).toType(DataType.INT32, false)
							.toIntArray();
						for (int i = 0; i < b; i++)
							if (predicted[i] == labels[i]) correct++;
						seen += b;
						listener.stepDone(epoch, step + 1, steps, lossValue);
					}
				}
				final Evaluation v = evaluate(net, store, manager, val, meanStd, classes, s);
				objective.endEpoch(v.metrics());
				final double seconds = (System.nanoTime() - t0) / 1e9;
				final EpochRecord record = new EpochRecord(epoch, lossSum / steps, (double) correct / seen,
					v.loss(), v.metrics(), lr, seconds, new LinkedHashMap<>(objective.logValues()));
				history.add(record);
				appendLog(out.resolve("log.csv"), record);
				TrainingCharts.writeCurves(history, out.resolve("curves.png"));

				final double score = v.metrics().accuracy() + v.metrics().gmean();
				if (score > bestScore) {
					bestScore = score;
					bestEpoch = epoch;
					bestMetrics = v.metrics().toJson();
					WeightsFile.write(net, checkpoints.resolve("best.weights"), DataType.FLOAT32);
					writePackage(net, classes, meanStd, bestEpoch, bestMetrics, start);
				}
				saveCheckpoint(checkpoints, net, sgd, epoch, bestScore, bestEpoch, bestMetrics);
				log.info(String.format(
					"epoch %d/%d  loss %.4f  train_acc %.4f  val_loss %.4f  val_acc %.4f  val_gmean %.4f  lr %.5f  %.0fs%s",
					epoch, config.epochs(), record.trainLoss(), record.trainAccuracy(), v.loss(), v.metrics()
						.accuracy(), v.metrics().gmean(), lr, seconds, extrasText(record.extras())));
				listener.epochDone(record);
			}
			if (bestMetrics == null) throw new IOException("no epoch was trained (epochs = " + config
				.epochs() + ")");
			WeightsFile.load(net, checkpoints.resolve("best.weights"));
			return writePackage(net, classes, meanStd, bestEpoch, bestMetrics, start);
		}
	}

	/** Validation loss and metrics of a bank. */
	public record Evaluation(double loss, ClassificationMetrics metrics) {}

	/** Evaluates {@code net} (inference mode) on a bank. */
	public static Evaluation evaluate(final ClassifierNet net, final ParameterStore store,
		final NDManager manager, final ImageBank bank, final float[] meanStd,
		final List<String> classes, final int s)
	{
		final int batch = 64;
		final int[] predicted = new int[bank.size()];
		double lossSum = 0;
		for (int start = 0; start < bank.size(); start += batch) {
			final int n = Math.min(batch, bank.size() - start);
			final float[] data = new float[n * s * s];
			final int[] labels = new int[n];
			for (int i = 0; i < n; i++) {
				Augmenter.plain(bank.pixels(start + i), meanStd[0], meanStd[1], data, i * s * s);
				labels[i] = bank.label(start + i);
			}
			try (NDManager sub = manager.newSubManager()) {
				final NDArray logits = net.forward(store, new NDList(sub.create(data, new Shape(n, 1, s,
					s))), false).get(0);
				lossSum += CrossEntropyObjective.perSample(logits, sub.create(labels)).sum().getFloat();
				final int[] p = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
				System.arraycopy(p, 0, predicted, start, n);
			}
		}
		return new Evaluation(lossSum / bank.size(), ClassificationMetrics.of(classes, bank.labels(),
			predicted));
	}

	// -- Helper methods --

	/** Copies the initial model's weights into {@code net} (a fresh run, not a resume). */
	private void loadInitialWeights(final ClassifierNet net) throws IOException {
		final List<String> unused = WeightsFile.loadMatching(net, initialModel.weightsFile());
		log.info("initialised from " + initialModel.dir() + " (" + initialModel.architecture() +
			(unused.isEmpty() ? "" : "; not used: " + String.join(", ", unused)) + ")");
	}

	private ModelPackage writePackage(final ClassifierNet net, final List<String> classes,
		final float[] meanStd, final int bestEpoch, final JsonObject metrics, final long start)
		throws IOException
	{
		final JsonObject json = new JsonObject();
		json.addProperty("id", config.out().getFileName() + "-" + config.arch() + "-" + method + "-" +
			Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 14));
		json.addProperty("name", config.out().getFileName().toString());
		json.addProperty("architecture", config.arch());
		final JsonArray names = new JsonArray();
		classes.forEach(names::add);
		json.add("classes", names);
		final JsonObject input = new JsonObject();
		input.addProperty("channels", 1);
		input.addProperty("width", config.size());
		input.addProperty("height", config.size());
		json.add("input", input);
		json.add("preprocessing", PreprocessingChain.parse("resize(width=" + config.size() +
			",height=" + config.size() + ")").toJson());
		final JsonObject norm = new JsonObject();
		norm.addProperty("scale", 1.0 / 255);
		norm.addProperty("mean", meanStd[0]);
		norm.addProperty("std", meanStd[1]);
		json.add("normalization", norm);
		final JsonObject training = configJson();
		training.addProperty("method", method);
		training.addProperty("best_epoch", bestEpoch);
		training.addProperty("wall_seconds", Math.round((System.nanoTime() - start) / 1e9));
		training.addProperty("device", DeepLearningEngine.device(config.device()).toString());
		training.addProperty("threads", DeepLearningEngine.threads());
		json.add("training", training);
		json.add("lineage", lineage);
		final JsonObject m = metrics.deepCopy();
		m.addProperty("split", "val");
		json.add("metrics", m);
		final JsonObject software = new JsonObject();
		software.addProperty("djl", Engine.getDjlVersion());
		software.addProperty("pytorch", DeepLearningEngine.get().getVersion());
		json.add("software", software);
		json.addProperty("created", Instant.now().toString());
		return ModelPackage.write(config.out(), json, net, DataType.FLOAT16);
	}

	private JsonObject configJson() {
		final JsonObject c = new JsonObject();
		c.addProperty("protocol", config.protocol());
		c.addProperty("data", config.data().toAbsolutePath().normalize().toString());
		c.addProperty("arch", config.arch());
		c.addProperty("loss", objective.name());
		c.addProperty("size", config.size());
		c.addProperty("epochs", config.epochs());
		c.addProperty("batch", config.batchSize());
		c.addProperty("lr", config.learningRate());
		c.addProperty("warmup_epochs", config.warmupEpochs());
		c.addProperty("momentum", config.momentum());
		c.addProperty("weight_decay", config.weightDecay());
		c.addProperty("val_fraction", config.valFraction());
		c.addProperty("seed", config.seed());
		c.addProperty("split_rule",
			"per class: files sorted by name, shuffled with java.util.Random(seed), first round(n*val_fraction) are val");
		if (config.migrated() != null) c.addProperty("migrated", config.migrated().toAbsolutePath()
			.normalize().toString());
		// recorded only when not the default, so that checkpoints made before these options resume
		if (config.sampling() != ClassSampling.UNIFORM) c.addProperty("sampler", config.sampling()
			.label());
		if (config.minCrop() < 1) c.addProperty("min_crop", config.minCrop());
		if (config.folds() > 0) {
			c.addProperty("folds", config.folds());
			c.addProperty("fold", config.fold());
			c.addProperty("fold_rule", "per class: files sorted by name, shuffled with " +
				"java.util.Random(seed); fold i is positions round(n*i/folds) to round(n*(i+1)/folds); " +
				"val_fraction unused");
		}
		if (config.maxTrainPerClass() != null) {
			final JsonArray caps = new JsonArray();
			Arrays.stream(config.maxTrainPerClass()).forEach(caps::add);
			c.add("max_train_per_class", caps);
		}
		return c;
	}

	private void checkCompatible(final JsonObject saved) throws IOException {
		final JsonObject now = configJson();
		final Set<String> keys = new LinkedHashSet<>(now.keySet());
		keys.addAll(saved.keySet());
		keys.removeAll(TrainingConfig.MAY_CHANGE_ON_RESUME);
		ResumeCompatibility.requireSame(saved, now, keys, config.out());
	}

	private void saveCheckpoint(final Path dir, final ClassifierNet net, final MomentumSgd sgd,
		final int epoch, final double bestScore, final int bestEpoch, final JsonObject bestMetrics)
		throws IOException
	{
		final String weights = String.format("epoch-%03d.weights", epoch);
		final String momentum = String.format("epoch-%03d.momentum", epoch);
		WeightsFile.write(net, dir.resolve(weights), DataType.FLOAT32);
		sgd.save(dir.resolve(momentum));
		final JsonObject latest = new JsonObject();
		latest.addProperty("epoch", epoch);
		latest.addProperty("weights", weights);
		latest.addProperty("momentum", momentum);
		latest.addProperty("best_score", bestScore);
		latest.addProperty("best_epoch", bestEpoch);
		if (bestMetrics != null) latest.add("best_metrics", bestMetrics);
		latest.add("objective", objective.state());
		latest.add("config", configJson());
		AtomicFiles.writeString(dir.resolve(LATEST), ModelPackage.toJsonText(latest));
		// older checkpoints are no longer referenced
		try (var files = Files.list(dir)) {
			for (final Path f : files.toList()) {
				final String name = f.getFileName().toString();
				if (name.startsWith("epoch-") && !name.equals(weights) && !name.equals(momentum)) Files
					.deleteIfExists(f);
			}
		}
	}

	/** The {@code migration-*.json} records of a samples folder (which generator made them). */
	private static JsonArray migrationRecords(final Path folder) throws IOException {
		final JsonArray records = new JsonArray();
		try (var files = Files.list(folder)) {
			for (final Path f : files.sorted().toList()) {
				final String name = f.getFileName().toString();
				if (!name.startsWith("migration-") || !name.endsWith(".json")) continue;
				try {
					final JsonObject record = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
					final JsonObject entry = record.getAsJsonObject("cyclegan").deepCopy();
					entry.addProperty("samples", record.getAsJsonArray("files").size());
					records.add(entry);
				}
				catch (final RuntimeException e) {
					throw new IOException(f + ": not a readable migration record (" + e.getMessage() +
						"); remove it or run 'migrate' again into this folder");
				}
			}
		}
		return records;
	}

	private static String perClass(final List<LabelledFile> files, final List<String> classes) {
		final int[] n = new int[classes.size()];
		files.forEach(f -> n[f.label()]++);
		return perClass(n, classes);
	}

	private static int[] classCounts(final int[] labels, final int classes) {
		final int[] n = new int[classes];
		for (final int label : labels)
			n[label]++;
		return n;
	}

	private static String perClass(final int[] n, final List<String> classes) {
		final List<String> parts = new ArrayList<>();
		for (int c = 0; c < n.length; c++)
			if (n[c] > 0) parts.add(classes.get(c) + " " + n[c]);
		return String.join(", ", parts);
	}

	private static String extrasText(final Map<String, Double> extras) {
		final StringBuilder sb = new StringBuilder();
		extras.forEach((k, v) -> sb.append(String.format("  %s %.4f", k, v)));
		return sb.toString();
	}

	private void appendLog(final Path file, final EpochRecord r) throws IOException {
		final boolean header = !Files.exists(file);
		final StringBuilder sb = new StringBuilder();
		if (header) {
			sb.append("epoch,train_loss,train_accuracy,val_loss,val_accuracy,val_macro_f1,val_gmean,lr,seconds");
			r.extras().keySet().forEach(k -> sb.append(',').append(k));
			sb.append('\n');
		}
		sb.append(String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6g,%.1f", r
			.epoch(), r.trainLoss(), r.trainAccuracy(), r.valLoss(), r.validation().accuracy(), r
				.validation().macroF1(), r.validation().gmean(), r.learningRate(), r.seconds()));
		r.extras().values().forEach(v -> sb.append(String.format(java.util.Locale.ROOT, ",%.6f", v)));
		sb.append('\n');
		final String previous = Files.exists(file) ? Files.readString(file) : "";
		AtomicFiles.writeString(file, previous + sb);
	}

	/**
	 * Drops the rows of a {@code log.csv} after {@code lastEpoch} (a resumed run rewrites them);
	 * the header and earlier rows stay.
	 */
	public static void truncateLog(final Path file, final int lastEpoch) throws IOException {
		if (!Files.exists(file)) return;
		final List<String> kept = new ArrayList<>();
		for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			final String first = line.split(",", 2)[0];
			if (!first.matches("\\d+") || Integer.parseInt(first) <= lastEpoch) kept.add(line);
		}
		AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
	}

	/** Re-reads the figures of earlier epochs (for curves after a resume). */
	private static List<EpochRecord> readHistory(final Path file, final List<String> classes)
		throws IOException
	{
		final List<EpochRecord> history = new ArrayList<>();
		if (!Files.exists(file)) return history;
		final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		if (lines.isEmpty()) return history;
		final String[] header = lines.get(0).split(",");
		for (final String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) continue;
			final String[] v = line.split(",");
			final Map<String, Double> extras = new LinkedHashMap<>();
			for (int i = 9; i < header.length && i < v.length; i++)
				extras.put(header[i], Double.parseDouble(v[i]));
			history.add(new EpochRecord(Integer.parseInt(v[0]), Double.parseDouble(v[1]), Double
				.parseDouble(v[2]), Double.parseDouble(v[3]), new LoggedMetrics(classes, Double.parseDouble(
					v[4]), Double.parseDouble(v[5]), Double.parseDouble(v[6])), Double.parseDouble(v[7]),
				Double.parseDouble(v[8]), extras));
		}
		return history;
	}

	/** Metrics known only by their logged summary figures (earlier epochs of a resumed run). */
	private static final class LoggedMetrics extends ClassificationMetrics {

		private final double accuracy, macroF1, gmean;

		LoggedMetrics(final List<String> classes, final double accuracy, final double macroF1,
			final double gmean)
		{
			super(classes);
			this.accuracy = accuracy;
			this.macroF1 = macroF1;
			this.gmean = gmean;
		}

		@Override
		public double accuracy() {
			return accuracy;
		}

		@Override
		public double macroF1() {
			return macroF1;
		}

		@Override
		public double gmean() {
			return gmean;
		}
	}
}
