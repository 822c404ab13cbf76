package io.github.stripsteel.train;

import java.io.IOException;
import java.util.Map;

import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.stripsteel.eval.ClassificationMetrics;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * What a training run minimises. Implementations: plain cross-entropy, the adaptive
 * accuracy/G-mean loss, relational knowledge distillation.
 */
public interface TrainingObjective {

	/**
	 * The task loss of a teacher by name: {@code ce} (cross-entropy) or {@code adaptive} (the
	 * adaptive accuracy/G-mean loss).
	 */
	static TrainingObjective named(final String name) {
		switch (name) {
			case "ce":
				return new CrossEntropyObjective();
			case "adaptive":
				return new AdaptiveObjective();
			default:
				throw new InvalidSettingException("unknown {loss} '" + name + "'; known: ce, adaptive");
		}
	}

	/** Short name recorded in {@code model.json} ({@code training.loss}), e.g. {@code ce}. */
	String name();

	/**
	 * Called once before the first step (also on resume), with what the run has fixed.
	 *
	 * @throws IOException when something the objective needs cannot be loaded or does not match
	 */
	default void begin(final TrainingSetup setup) throws IOException {}

	/**
	 * The scalar loss of one batch.
	 *
	 * @param outputs the network's {@code [logits, embedding]}
	 * @param labels class indices, shape (N)
	 * @param inputs the batch, shape (N, 1, H, W) (a distiller feeds it to its teacher)
	 */
	NDArray loss(NDList outputs, NDArray labels, NDArray inputs);

	/** Called once per epoch with the validation metrics, before the next epoch starts. */
	default void endEpoch(final ClassificationMetrics validation) {}

	/** Extra figures for {@code log.csv} after the current epoch (e.g. {@code lambda}). */
	default Map<String, Double> logValues() {
		return Map.of();
	}

	/** State that a checkpoint must keep for an exact resume. */
	default JsonObject state() {
		return new JsonObject();
	}

	/** Restores what {@link #state()} returned. */
	default void restore(final JsonObject state) {}
}
