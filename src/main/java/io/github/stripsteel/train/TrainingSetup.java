package io.github.stripsteel.train;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.stripsteel.preprocess.PreprocessingChain;

/**
 * What a training run has fixed before its first step, for objectives that must check or load
 * something against it (a distiller loads its teacher and checks classes, input and
 * normalisation).
 *
 * @param manager the run's manager (lives as long as the run; on the training device)
 * @param classes class names in output order
 * @param size input width and height
 * @param chain the preprocessing chain applied to every image
 * @param mean normalisation mean of the [0, 1]-scaled pixels
 * @param std normalisation standard deviation
 * @param labelSmoothing ε of the task loss's smoothed targets
 *          ({@link CrossEntropyObjective#perSample(NDArray, NDArray, float)}); 0 = plain
 *          cross-entropy
 */
public record TrainingSetup(NDManager manager, List<String> classes, int size,
	PreprocessingChain chain, float mean, float std, float labelSmoothing)
{}
