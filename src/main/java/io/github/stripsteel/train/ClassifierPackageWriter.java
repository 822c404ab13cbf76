package io.github.stripsteel.train;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.eval.RecordedSplit;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.preprocess.PreprocessingChain;

/**
 * What a classifier training run records: its configuration ({@code train-config.json}, the
 * checkpoints' {@code config}, {@code model.json}'s {@code training}) and the model package of
 * its best epoch.
 */
final class ClassifierPackageWriter {

	private final TrainingConfig config;
	private final String loss;
	private final String method;

	ClassifierPackageWriter(final TrainingConfig config, final String loss, final String method) {
		this.config = config;
		this.loss = loss;
		this.method = method;
	}

	/** The settings that define the run; a resume compares them with the checkpoint's. */
	JsonObject configJson() {
		final JsonObject c = new JsonObject();
		c.addProperty("protocol", config.protocol());
		c.addProperty("data", config.data().toAbsolutePath().normalize().toString());
		c.addProperty("arch", config.arch());
		c.addProperty("loss", loss);
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
		if (config.testFraction() > 0) {
			c.addProperty(RecordedSplit.TEST_FRACTION, config.testFraction());
			c.addProperty("test_rule", "per class: the last round(n*test_fraction) of the shuffled " +
				"files (at least 1 of a class of 3 or more, leaving 1 to train) are test, never read " +
				"in training");
		}
		if (config.migrated() != null) c.addProperty("migrated", config.migrated().toAbsolutePath()
			.normalize().toString());
		// recorded only when not the default, so that checkpoints made before these options resume
		if (config.sampling() != ClassSampling.UNIFORM) c.addProperty("sampler", config.sampling()
			.label());
		if (config.minCrop() < 1) c.addProperty("min_crop", config.minCrop());
		if (config.keep() != EpochChoice.BEST) c.addProperty("keep", config.keep().label());
		if (config.ema() > 0) c.addProperty("ema", config.ema());
		if (config.labelSmoothing() > 0) c.addProperty("label_smoothing", config.labelSmoothing());
		if (config.cutout() > 0) c.addProperty("cutout", config.cutout());
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

	/**
	 * Writes the model package of {@code net}, the weights of epoch {@code epoch} with its
	 * validation {@code metrics}, into the output folder; {@code bestEpoch} is the best so far.
	 */
	ModelPackage write(final ClassifierNet net, final List<String> classes, final float[] meanStd,
		final int epoch, final int bestEpoch, final JsonObject metrics, final JsonObject lineage,
		final long wallSeconds) throws IOException
	{
		return write(net, classes, meanStd, epoch, bestEpoch, metrics, null, lineage, wallSeconds);
	}

	/**
	 * As {@link #write(ClassifierNet, List, float[], int, int, JsonObject, JsonObject, long)}, with
	 * the figures of the held-out test part ({@code testMetrics}, null for none).
	 */
	ModelPackage write(final ClassifierNet net, final List<String> classes, final float[] meanStd,
		final int epoch, final int bestEpoch, final JsonObject metrics, final JsonObject testMetrics,
		final JsonObject lineage, final long wallSeconds)
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
		training.addProperty("epoch", epoch);
		training.addProperty("best_epoch", bestEpoch);
		training.addProperty("wall_seconds", wallSeconds);
		training.addProperty("device", DeepLearningEngine.device(config.device()).toString());
		training.addProperty("threads", DeepLearningEngine.threads());
		json.add("training", training);
		json.add("lineage", lineage);
		final JsonObject m = metrics.deepCopy();
		m.addProperty("split", "val");
		json.add("metrics", m);
		if (testMetrics != null) {
			final JsonObject t = testMetrics.deepCopy();
			t.addProperty("split", "test");
			json.add(ModelPackage.TEST_METRICS, t);
		}
		final JsonObject software = new JsonObject();
		software.addProperty("djl", Engine.getDjlVersion());
		software.addProperty("pytorch", DeepLearningEngine.get().getVersion());
		json.add("software", software);
		json.addProperty("created", Instant.now().toString());
		return ModelPackage.write(config.out(), json, net, DataType.FLOAT16);
	}
}
