package io.github.stripsteel.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.scijava.log.Logger;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.eval.RecordedSplit;
import io.github.stripsteel.image.LabelledImageFolder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.util.AtomicFiles;
import io.github.stripsteel.util.FolderLock;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.WeightsFile;
import io.github.stripsteel.preprocess.PreprocessingChain;
import io.github.stripsteel.util.Progress;

/**
 * Supervised training of a {@link ClassifierNet} on a class-folder dataset, with a pluggable
 * {@link TrainingObjective}. Per epoch: shuffled, augmented mini-batches; validation on the
 * stratified split; a {@code log.csv} row; an atomic checkpoint (weights, momentum, objective
 * state); the model package rewritten when validation improves. {@code resume} continues from
 * the last complete checkpoint and reproduces the uninterrupted run (shuffling and augmentation
 * are seeded per epoch).
 *
 * <p>Output folder: {@code model.json} + weights (the package of the epoch {@code keep} chooses),
 * {@code log.csv}, {@code curves.png}, {@code train-config.json}, {@code checkpoints/}.</p>
 */
public final class TrainingRun {

	private final TrainingConfig config;
	private final TrainingObjective objective;
	private final Logger log;
	private TrainingListener listener = new TrainingListener() {};
	private Progress progress = Progress.NONE;
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

	/**
	 * Told after every step (done and total steps of the run); asked between steps whether to
	 * stop, after which the last complete checkpoint stays.
	 */
	public TrainingRun progress(final Progress value) {
		this.progress = value;
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
				.testFraction(), config.seed());
		return RecordedSplit.capped(split, config.maxTrainPerClass(), folder.classNames().size());
	}

	/**
	 * Trains and returns the final model package: the best epoch on validation, or the last one
	 * ({@link TrainingConfig#keep()}).
	 *
	 * @throws CancellationException when cancelled; the last complete checkpoint stays
	 */
	public ModelPackage run() throws IOException {
		config.validate();
		final Checkpoints checkpoints = new Checkpoints(config.out()); // the wall time counts from here
		final Data data = loadData();
		final Path out = config.out();
		final TrainingLog trainingLog = new TrainingLog(out);
		final ClassifierPackageWriter writer = new ClassifierPackageWriter(config, objective.name(),
			method);
		final Device device = DeepLearningEngine.device(config.device());
		final Engine engine = DeepLearningEngine.get();
		engine.setRandomSeed((int) config.seed());
		// this thread may be Fiji's or a task's, where PyTorch records gradients by default;
		// only the GradientCollector of a step switches recording on
		// one run per output folder; its lock ends with the run, also a killed one
		try (FolderLock busy = FolderLock.acquire(out, "training output folder"); NDManager manager = engine
			.newBaseManager(device); var off = DeepLearningEngine.gradientsOff())
		{
			checkpoints.create();
			final ClassifierEpochs epochs = new ClassifierEpochs(config, objective, manager, data.classes,
				data.train, data.val, data.meanStd, listener, progress);
			final Best best = new Best();
			int firstEpoch = 1;
			JsonObject lastMetrics = null; // the validation figures of the newest epoch
			JsonObject latest = null; // the checkpoint resumed from
			if (config.resume()) {
				latest = checkpoints.resume(writer.configJson(),
					TrainingConfig.MAY_CHANGE_ON_RESUME, l -> epochs.restore(checkpoints, l));
				firstEpoch = latest.get("epoch").getAsInt() + 1;
				best.restore(latest);
				if (latest.has("epoch_metrics")) lastMetrics = latest.getAsJsonObject("epoch_metrics");
				trainingLog.start(firstEpoch - 1);
				log.info("resuming after epoch " + (firstEpoch - 1) + " from " + checkpoints.dir());
			}
			else {
				trainingLog.start(null);
				if (initialModel != null) loadInitialWeights(epochs);
			}
			if (initialModel != null) lineage.add("initialised_from", initialModel.provenance());
			if (script != null) lineage.addProperty("script", script);
			if (commit != null) lineage.addProperty("commit", commit);
			if (data.migrated != null) lineage.add("migrated_samples", data.migrated.lineage());
			AtomicFiles.writeString(out.resolve("train-config.json"), ModelPackage.toJsonText(writer
				.configJson()));
			if (config.sampling() != ClassSampling.UNIFORM) log.info(String.format(
				"%s sampling: per epoch %s (of %s images)", config.sampling().label(), perClass(config
					.sampling().quotas(classCounts(data.train.labels(), data.classes.size())), data.classes),
				perClass(classCounts(data.train.labels(), data.classes.size()), data.classes)));
			final List<EpochRecord> history = EpochRecord.read(trainingLog, data.classes);
			if (latest != null && !latest.has(Checkpoints.WALL_SECONDS)) {
				// a checkpoint from before they recorded the wall time: the logged epochs' times
				final double logged = history.stream().mapToDouble(EpochRecord::seconds).sum();
				checkpoints.earlierSeconds(logged);
				log.info(String.format("the checkpoint has no wall time of the earlier sittings; counting " +
					"the logged epochs' %.0f s", logged));
			}
			ModelPackage newest = null; // with keep = last, the package of the newest epoch trained
			for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
				final EpochRecord record = epochs.train(epoch);
				history.add(record);
				trainingLog.append(record.csvHeader(), record.csvRow());
				TrainingCharts.writeCurves(history, out.resolve("curves.png"));
				if (best.improvedBy(record)) {
					epochs.writeWeights(checkpoints.dir().resolve("best.weights"));
					if (config.keep() == EpochChoice.BEST) writer.write(epochs.deployed(), data.classes,
						data.meanStd, best.epoch, best.epoch, best.metrics, lineage, checkpoints.wallSeconds());
				}
				lastMetrics = Validation.metricsJson(record);
				if (config.keep() == EpochChoice.LAST) newest = writer.write(epochs.deployed(), data.classes,
					data.meanStd, record.epoch(), best.epoch, lastMetrics, lineage, checkpoints.wallSeconds());
				final Map<String, JsonElement> fields = best.fields();
				fields.put("epoch_metrics", lastMetrics);
				epochs.saveCheckpoint(checkpoints, epoch, fields, writer.configJson());
				log.info(String.format(
					"epoch %d/%d  loss %.4f  train_acc %.4f  val_loss %.4f  val_acc %.4f  val_gmean %.4f  lr %.5f  %.0fs%s",
					epoch, config.epochs(), record.trainLoss(), record.trainAccuracy(), record.valLoss(),
					record.validation().accuracy(), record.validation().gmean(), record.learningRate(), record
						.seconds(), extrasText(record.extras())));
				listener.epochDone(record);
			}
			if (best.metrics == null) throw new IOException("no epoch was trained (epochs = " + config
				.epochs() + ")");
			final int keptEpoch;
			final JsonObject keptMetrics;
			if (config.keep() == EpochChoice.LAST) {
				if (newest != null && data.test == null) return newest;
				// the networks hold the newest epoch's weights (also when nothing was left to train);
				// checkpoints written before they recorded its figures have the logged summary only
				final EpochRecord last = history.get(history.size() - 1);
				keptEpoch = last.epoch();
				keptMetrics = lastMetrics != null ? lastMetrics : Validation.metricsJson(last);
			}
			else {
				WeightsFile.load(epochs.deployed(), checkpoints.dir().resolve("best.weights"));
				keptEpoch = best.epoch;
				keptMetrics = best.metrics;
			}
			JsonObject test = null;
			if (data.test != null) {
				// read once, on the weights the package keeps; the trained weights of the last epoch
				// beside a weight average's, which the networks hold only with keep = last
				test = epochs.test(data.test, config.keep() == EpochChoice.LAST);
				log.info(String.format("test part, %d images held out of training: accuracy %.4f, " +
					"macro-F1 %.4f, G-mean %.4f", data.test.size(), test.get("accuracy").getAsDouble(), test
						.get("macro_f1").getAsDouble(), test.get("gmean").getAsDouble()));
			}
			return writer.write(epochs.deployed(), data.classes, data.meanStd, keptEpoch, best.epoch,
				keptMetrics, test, lineage, checkpoints.wallSeconds());
		}
	}

	// -- Helper methods --

	/**
	 * The classes, the image banks of the splits (test null without a test part), the training
	 * split's mean and std, and the records of the synthetic samples (null without them), read once.
	 */
	private record Data(List<String> classes, ImageBank train, ImageBank val, ImageBank test,
		float[] meanStd, MigratedSamples migrated) {}

	private Data loadData() throws IOException {
		final LabelledImageFolder folder = LabelledImageFolder.scan(config.data());
		final List<String> classes = folder.classNames();
		final LabelledImageFolder.Split split = split(folder, config);
		final PreprocessingChain chain = PreprocessingChain.parse("resize(width=" + config.size() +
			",height=" + config.size() + ")");
		final int s = config.size();
		log.info(String.format("data %s: %d classes, %d train / %d val images, input %dx%d",
			config.data(), classes.size(), split.train().size(), split.val().size(), s, s));
		final List<LabelledFile> trainFiles = new ArrayList<>(split.train());
		MigratedSamples records = null;
		if (config.migrated() != null) {
			final List<LabelledFile> samples = LabelledImageFolder.scanSamplesFor(config.migrated(),
				classes);
			records = MigratedSamples.read(config.migrated());
			final List<LabelledFile> heldOut = new ArrayList<>(split.val());
			heldOut.addAll(split.test());
			records.requireApartFrom(heldOut);
			for (final String unchecked : records.unchecked())
				log.warn(unchecked + ": no record of the images these samples derive from, so nothing " +
					"checks that they leave the validation and test images alone");
			trainFiles.addAll(samples);
			log.info(String.format("added %d synthetic training samples from %s: %s", samples.size(),
				config.migrated(), perClass(samples, classes)));
		}
		final ImageBank train = ImageBank.load(trainFiles, chain, s, s, log);
		final ImageBank val = ImageBank.load(split.val(), chain, s, s, log);
		if (train.size() == 0 || val.size() == 0) throw new IOException(config.data() +
			": no usable training or validation images");
		ImageBank test = null;
		if (!split.test().isEmpty()) {
			test = ImageBank.load(split.test(), chain, s, s, log);
			log.info(String.format("held out %d test images (%s), read once when the run ends",
				test.size(), perClass(split.test(), classes)));
		}
		return new Data(classes, train, val, test, train.meanStd(), records);
	}

	/** The best epoch so far on validation (accuracy + G-mean), as the checkpoints record it. */
	private static final class Best {

		double score = -1;
		int epoch;
		JsonObject metrics;

		boolean improvedBy(final EpochRecord r) {
			final double value = r.validation().accuracy() + r.validation().gmean();
			if (!(value > score)) return false;
			score = value;
			epoch = r.epoch();
			metrics = Validation.metricsJson(r);
			return true;
		}

		void restore(final JsonObject latest) {
			score = latest.get("best_score").getAsDouble();
			epoch = latest.get("best_epoch").getAsInt();
			metrics = latest.has("best_metrics") ? latest.getAsJsonObject("best_metrics") : null;
		}

		Map<String, JsonElement> fields() {
			final Map<String, JsonElement> f = new LinkedHashMap<>();
			f.put("best_score", new JsonPrimitive(score));
			f.put("best_epoch", new JsonPrimitive(epoch));
			if (metrics != null) f.put("best_metrics", metrics);
			return f;
		}
	}

	/** Starts the network from the initial model's weights (a fresh run, not a resume). */
	private void loadInitialWeights(final ClassifierEpochs epochs) throws IOException {
		final List<String> unused = epochs.initialiseFrom(initialModel.weightsFile());
		log.info("initialised from " + initialModel.dir() + " (" + initialModel.architecture() +
			(unused.isEmpty() ? "" : "; not used: " + String.join(", ", unused)) + ")");
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
}
