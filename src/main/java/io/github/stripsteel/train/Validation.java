package io.github.stripsteel.train;

import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.stripsteel.eval.ClassificationMetrics;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;

/** The figures of a network on an image bank during training, and how {@code model.json} holds them. */
final class Validation {

	private Validation() {}

	/** Validation loss and metrics of a bank. */
	record Evaluation(double loss, ClassificationMetrics metrics) {}

	/** Evaluates {@code net} (inference mode) on a bank. */
	static Evaluation evaluate(final ClassifierNet net, final ParameterStore store,
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

	/**
	 * An epoch's validation figures for {@code model.json}; with a weight average, also the trained
	 * weights' figures of the same epoch ({@link ModelPackage#TRAINED_WEIGHTS}).
	 */
	static JsonObject metricsJson(final EpochRecord r) {
		final JsonObject json = r.validation().toJson();
		final Map<String, Double> x = r.extras();
		if (x.containsKey(ClassifierEpochs.TRAINED_ACCURACY)) json.add(ModelPackage.TRAINED_WEIGHTS,
			figures(x.get(ClassifierEpochs.TRAINED_ACCURACY), x.get(ClassifierEpochs.TRAINED_MACRO_F1), x
				.get(ClassifierEpochs.TRAINED_GMEAN)));
		return json;
	}

	/** The three headline figures as {@code model.json} names them. */
	static JsonObject figures(final double accuracy, final double macroF1, final double gmean) {
		final JsonObject json = new JsonObject();
		json.addProperty("accuracy", accuracy);
		json.addProperty("macro_f1", macroF1);
		json.addProperty("gmean", gmean);
		return json;
	}
}
