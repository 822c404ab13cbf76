package io.github.stripsteel.train;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import io.github.stripsteel.eval.ClassificationMetrics;
import io.github.stripsteel.engine.GraphScalars;

/**
 * The adaptive accuracy/G-mean loss of {@code docs/METHOD.md} §3:
 *
 * <pre>
 * w_k = (1 − r_k + ε)^γ / mean_j (1 − r_j + ε)^γ       ε = 0.05, γ = 1
 * λ   = clip((A − G) / max(A, ε), 0, 1)
 * L   = (1 − λ)·mean_i CE_i + λ·Σ_i w_{y_i}·CE_i / Σ_i w_{y_i}
 * </pre>
 *
 * where r_k, A and G are the per-class recalls, accuracy and G-mean on the validation split after
 * the previous epoch. Before the first epoch r_k = 1/C and A = G, so λ = 0 and the loss is plain
 * cross-entropy. With label smoothing ({@link TrainingSetup#labelSmoothing()}) every CE_i is the
 * cross-entropy against the smoothed target
 * ({@link CrossEntropyObjective#perSample(NDArray, NDArray, float)}); λ and the w_k weight it as
 * they weight the plain one.
 *
 * <p>{@link #logValues()} reports the λ and w_k that weighted the epoch just trained (columns
 * {@code lambda}, {@code w_0} … {@code w_<C-1>} in class order). {@link #state()} keeps the
 * recalls, A and G that define the next epoch's weights, so a resumed run continues exactly.</p>
 */
public final class AdaptiveObjective implements TrainingObjective {

	public static final double EPSILON = 0.05;
	public static final double GAMMA = 1;

	/** Validation figures of the last finished epoch; null before the first one. */
	private double[] recalls;
	private double accuracy;
	private double gmean;
	/** What weighted the epoch that just ended (for the log). */
	private double loggedLambda;
	private double[] loggedWeights;
	private float labelSmoothing;

	@Override
	public String name() {
		return "adaptive";
	}

	@Override
	public void begin(final TrainingSetup setup) {
		labelSmoothing = setup.labelSmoothing();
	}

	/**
	 * Class weights {@code w_k = (1 − r_k + ε)^γ / mean_j (1 − r_j + ε)^γ}; they average to 1.
	 */
	public static double[] weights(final double[] recalls, final double epsilon, final double gamma) {
		final double[] w = new double[recalls.length];
		double sum = 0;
		for (int k = 0; k < w.length; k++) {
			w[k] = Math.pow(1 - recalls[k] + epsilon, gamma);
			sum += w[k];
		}
		final double mean = sum / w.length;
		for (int k = 0; k < w.length; k++)
			w[k] /= mean;
		return w;
	}

	/** {@code λ = clip((A − G) / max(A, ε), 0, 1)}. */
	public static double lambda(final double accuracy, final double gmean, final double epsilon) {
		final double value = (accuracy - gmean) / Math.max(accuracy, epsilon);
		return Math.min(1, Math.max(0, value));
	}

	/** The class weights for the current epoch ({@code numClasses} ones before the first). */
	public double[] currentWeights(final int numClasses) {
		if (recalls == null) {
			final double[] uniform = new double[numClasses];
			java.util.Arrays.fill(uniform, 1.0 / numClasses);
			return weights(uniform, EPSILON, GAMMA);
		}
		if (recalls.length != numClasses) throw new IllegalStateException("the adaptive loss has " +
			recalls.length + " class recalls, the network " + numClasses + " outputs");
		return weights(recalls, EPSILON, GAMMA);
	}

	/** λ for the current epoch (0 before the first). */
	public double currentLambda() {
		return recalls == null ? 0 : lambda(accuracy, gmean, EPSILON);
	}

	@Override
	public NDArray loss(final NDList outputs, final NDArray labels, final NDArray inputs) {
		final NDArray logits = outputs.get(0);
		final int numClasses = (int) logits.getShape().get(1);
		final double[] w = currentWeights(numClasses);
		final double lambda = currentLambda();
		loggedLambda = lambda;
		loggedWeights = w;
		return blend(CrossEntropyObjective.perSample(logits, labels, labelSmoothing), labels, w,
			lambda);
	}

	/**
	 * {@code (1 − λ)·mean(ce) + λ·Σ w_{y_i}·ce_i / Σ w_{y_i}} for per-sample losses {@code ce}.
	 */
	public static NDArray blend(final NDArray ce, final NDArray labels, final double[] weights,
		final double lambda)
	{
		final NDArray plain = ce.mean();
		if (lambda == 0) return plain;
		final int[] y = labels.toType(DataType.INT32, false).toIntArray();
		final float[] perSample = new float[y.length];
		for (int i = 0; i < y.length; i++)
			perSample[i] = (float) weights[y[i]];
		final NDArray w = ce.getManager().create(perSample).toDevice(ce.getDevice(), false);
		final NDArray weighted = ce.mul(w).sum().div(w.sum());
		return GraphScalars.times(plain, (float) (1 - lambda)).add(GraphScalars.times(weighted,
			(float) lambda));
	}

	@Override
	public void endEpoch(final ClassificationMetrics validation) {
		recalls = validation.recalls();
		accuracy = validation.accuracy();
		gmean = validation.gmean();
	}

	@Override
	public Map<String, Double> logValues() {
		final Map<String, Double> values = new LinkedHashMap<>();
		values.put("lambda", loggedLambda);
		if (loggedWeights != null) for (int k = 0; k < loggedWeights.length; k++)
			values.put("w_" + k, loggedWeights[k]);
		return values;
	}

	@Override
	public JsonObject state() {
		final JsonObject state = new JsonObject();
		if (recalls == null) return state;
		final JsonArray r = new JsonArray();
		for (final double v : recalls)
			r.add(v);
		state.add("recalls", r);
		state.addProperty("accuracy", accuracy);
		state.addProperty("gmean", gmean);
		return state;
	}

	@Override
	public void restore(final JsonObject state) {
		if (state == null || !state.has("recalls")) {
			recalls = null;
			return;
		}
		final JsonArray r = state.getAsJsonArray("recalls");
		recalls = new double[r.size()];
		for (int k = 0; k < recalls.length; k++)
			recalls[k] = r.get(k).getAsDouble();
		accuracy = state.get("accuracy").getAsDouble();
		gmean = state.get("gmean").getAsDouble();
	}
}
