package io.github.stripsteel.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.WeightsFile;

/**
 * An exponential moving average of a network's weights, kept in a second network of the same
 * architecture: after each optimiser step {@code t} (counted from 1 over the whole run),
 * {@code a = d a + (1 - d) w} with {@code d = min(decay, (1 + t) / (10 + t))} for every parameter,
 * batch-norm running statistics included. The ramp keeps the first steps' random start from
 * lingering in the average. The average is what validation measures and what the package holds;
 * its horizon is about {@code 1 / (1 - decay)} steps.
 */
final class WeightAverage {

	private static final NDIndex ALL = new NDIndex("...");

	private final ClassifierNet average;
	private final float decay;
	private final List<NDArray[]> pairs = new ArrayList<>(); // {trained, average} per parameter

	/**
	 * @param trained the network the optimiser trains
	 * @param average an initialised network of the same architecture; it starts as a copy of
	 *          {@code trained}
	 * @param decay the average's largest decay per step, in (0, 1)
	 */
	WeightAverage(final ClassifierNet trained, final ClassifierNet average, final float decay) {
		if (!(decay > 0 && decay < 1)) throw new IllegalArgumentException(
			"the weight average's decay must be in (0, 1), not " + decay);
		this.average = average;
		this.decay = decay;
		final List<Pair<String, Parameter>> a = average.getParameters().stream().toList();
		final List<Pair<String, Parameter>> w = trained.getParameters().stream().toList();
		if (a.size() != w.size()) throw new IllegalArgumentException("the average has " + a.size() +
			" parameters, the trained network " + w.size());
		for (int i = 0; i < w.size(); i++) {
			if (!w.get(i).getKey().equals(a.get(i).getKey())) throw new IllegalArgumentException(
				"the average's parameter " + a.get(i).getKey() + " is not the trained network's " + w.get(i)
					.getKey());
			pairs.add(new NDArray[] { w.get(i).getValue().getArray(), a.get(i).getValue().getArray() });
		}
		restart();
	}

	/** The averaged network (for validation and the package). */
	ClassifierNet network() {
		return average;
	}

	/** The decay used after step {@code step} (1-based): the ramp, capped at the decay. */
	float decayAt(final long step) {
		return Math.min(decay, (1f + step) / (10f + step));
	}

	/** Moves the average towards the trained weights after optimiser step {@code step} (1-based). */
	void update(final long step) {
		final float d = decayAt(step);
		try (var off = DeepLearningEngine.gradientsOff()) {
			for (final NDArray[] p : pairs) {
				// a += (1 - d) (w - a)
				try (NDArray difference = p[0].sub(p[1])) {
					p[1].addi(difference.muli(1 - d));
				}
			}
		}
	}

	/** Saves the average (float32), for a checkpoint. */
	void save(final Path file) throws IOException {
		WeightsFile.write(average, file, DataType.FLOAT32);
	}

	/** Restores the average saved by {@link #save}. */
	void load(final Path file) throws IOException {
		WeightsFile.load(average, file);
	}

	/** Sets the average to the trained weights (after they were loaded from elsewhere). */
	void restart() {
		try (var off = DeepLearningEngine.gradientsOff()) {
			for (final NDArray[] p : pairs)
				p[1].set(ALL, p[0]);
		}
	}
}
