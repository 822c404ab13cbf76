package io.github.stripsteel.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import io.github.stripsteel.engine.GraphScalars;

/**
 * Softmax cross-entropy, averaged over the batch; against smoothed targets when the run asks for
 * label smoothing ({@link TrainingSetup#labelSmoothing()}).
 */
public final class CrossEntropyObjective implements TrainingObjective {

	private float labelSmoothing;

	@Override
	public String name() {
		return "ce";
	}

	@Override
	public void begin(final TrainingSetup setup) {
		labelSmoothing = setup.labelSmoothing();
	}

	@Override
	public NDArray loss(final NDList outputs, final NDArray labels, final NDArray inputs) {
		return perSample(outputs.get(0), labels, labelSmoothing).mean();
	}

	/** Per-sample cross-entropy {@code -log softmax(z)[y]}, shape (N). */
	public static NDArray perSample(final NDArray logits, final NDArray labels) {
		return perSample(logits, labels, 0);
	}

	/**
	 * Per-sample cross-entropy against the smoothed target {@code (1 − ε)·onehot(y) + ε/K} over K
	 * classes: {@code (1 − ε)·(−log p_y) + ε·mean_k(−log p_k)}, shape (N) (Szegedy et al. 2016).
	 * A network cannot drive it to 0 by growing its logits without bound, so it is kept from
	 * becoming over-confident on the training images. ε = 0 is plain cross-entropy, the same
	 * operations and values as {@link #perSample(NDArray, NDArray)}.
	 */
	public static NDArray perSample(final NDArray logits, final NDArray labels,
		final float smoothing)
	{
		final NDArray logProbs = logits.logSoftmax(1);
		final NDArray nll = logProbs.gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1)
			.reshape(-1).neg();
		if (smoothing == 0) return nll;
		final NDArray uniform = logProbs.mean(new int[] { 1 }).neg();
		return GraphScalars.times(nll, 1 - smoothing).add(GraphScalars.times(uniform, smoothing));
	}
}
