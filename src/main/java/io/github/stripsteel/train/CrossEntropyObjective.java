package io.github.stripsteel.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Plain softmax cross-entropy, averaged over the batch. */
public final class CrossEntropyObjective implements TrainingObjective {

	@Override
	public String name() {
		return "ce";
	}

	@Override
	public NDArray loss(final NDList outputs, final NDArray labels, final NDArray inputs) {
		return perSample(outputs.get(0), labels).mean();
	}

	/** Per-sample cross-entropy {@code -log softmax(z)[y]}, shape (N). */
	public static NDArray perSample(final NDArray logits, final NDArray labels) {
		final NDArray logProbs = logits.logSoftmax(1);
		return logProbs.gather(labels.toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(-1, 1), 1)
			.reshape(-1).neg();
	}
}
