package io.github.stripsteel.train;

import java.util.Map;

import io.github.stripsteel.eval.ClassificationMetrics;

/** What one epoch measured; one row of {@code log.csv}. */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss,
	ClassificationMetrics validation, double learningRate, double seconds,
	Map<String, Double> extras)
{}
