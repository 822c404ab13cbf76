package io.github.stripsteel.train;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.stripsteel.eval.ClassificationMetrics;
import io.github.stripsteel.model.Architectures;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.WeightsFile;
import io.github.stripsteel.engine.GraphScalars;

/**
 * Relational knowledge distillation ({@code docs/METHOD.md} §4, Park et al. 2019) from a frozen
 * teacher model package:
 *
 * <pre>
 * L = L_task + 25·L_dist + 50·L_angle + 16·L_KD         (rkd)
 * L = L_task + 16·L_KD                                   (kd-only ablation)
 * </pre>
 *
 * {@code L_task} is the wrapped objective (the adaptive loss of §3). The distance and angle terms
 * compare the L2-normalised embeddings of student and teacher; {@code L_KD} compares their logits
 * at temperature T = 4. The teacher runs in inference mode (batch norm with running statistics)
 * and its parameters carry no gradient.
 *
 * <p>{@link #logValues()} adds the epoch means {@code l_task}, {@code l_dist}, {@code l_angle},
 * {@code l_kd} (unweighted) to the task's own columns.</p>
 */
public final class RkdObjective implements TrainingObjective {

	/** The student architecture of the method. */
	public static final String STUDENT_ARCH = "resnet34";

	public static final float TEMPERATURE = 4;
	public static final float DISTANCE_WEIGHT = 25;
	public static final float ANGLE_WEIGHT = 50;
	public static final float KD_WEIGHT = TEMPERATURE * TEMPERATURE;
	/** Smooth-L1 threshold δ of the relational terms. */
	public static final float HUBER_DELTA = 1;
	/** Tolerance when comparing the teacher's and the student's normalisation. */
	private static final double NORMALISATION_TOLERANCE = 1e-5;
	private static final float EPS_SQ = 1e-12f;

	private final ModelPackage teacherPackage;
	private final TrainingObjective task;
	private final boolean relational;
	private ClassifierNet teacher;
	private ParameterStore teacherStore;
	private final double[] sums = new double[4];
	private long steps;
	private final double[] means = new double[4];

	/**
	 * @param teacher the teacher's package (read and validated; its weights load in {@link #begin})
	 * @param task the task loss, {@link AdaptiveObjective} for the method
	 * @param relational false for the kd-only ablation (no distance and angle terms)
	 */
	public RkdObjective(final ModelPackage teacher, final TrainingObjective task,
		final boolean relational)
	{
		this.teacherPackage = teacher;
		this.task = task;
		this.relational = relational;
	}

	/**
	 * What a student's {@code model.json} records of its teacher under {@code lineage}:
	 * {@code {"teacher": {id, architecture, path, weights_sha256, method, protocol, metrics}}}.
	 */
	public static JsonObject lineage(final ModelPackage teacher) {
		final JsonObject t = teacher.provenance();
		t.add("metrics", teacher.metrics());
		final JsonObject lineage = new JsonObject();
		lineage.add("teacher", t);
		return lineage;
	}

	/** {@code rkd} or {@code kd}: the method name recorded in {@code training.method}. */
	public String method() {
		return relational ? "rkd" : "kd";
	}

	@Override
	public String name() {
		return task.name() + "+" + method();
	}

	@Override
	public void begin(final TrainingSetup setup) throws IOException {
		task.begin(setup);
		checkCompatible(teacherPackage, setup);
		teacherPackage.verifyWeights();
		final NDManager manager = setup.manager();
		final ClassifierNet net = Architectures.create(teacherPackage.architecture(), teacherPackage
			.classes().size());
		net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, teacherPackage.inputHeight(),
			teacherPackage.inputWidth()));
		WeightsFile.load(net, teacherPackage.weightsFile());
		// frozen: no gradient is ever computed for the teacher
		for (final Pair<String, Parameter> p : net.getParameters())
			p.getValue().getArray().setRequiresGradient(false);
		teacher = net;
		teacherStore = new ParameterStore(manager, false);
	}

	/**
	 * Checks that a teacher can teach a student trained with {@code setup}: same class names in
	 * the same order, same input size, preprocessing and normalisation.
	 *
	 * @throws IOException naming the teacher's and the student's values
	 */
	public static void checkCompatible(final ModelPackage teacher, final TrainingSetup setup)
		throws IOException
	{
		final String where = "teacher " + teacher.dir();
		if (!teacher.classes().equals(setup.classes())) throw new IOException(where + " has classes " +
			teacher.classes() + ", the student's data has " + setup.classes() +
			"; distil from a teacher trained on the same class folders");
		if (teacher.inputWidth() != setup.size() || teacher.inputHeight() != setup.size())
			throw new IOException(where + " takes input " + teacher.inputWidth() + "x" + teacher
				.inputHeight() + ", the student " + setup.size() + "x" + setup.size() +
				"; train the student at the teacher's input size " + teacher.inputWidth());
		if (!teacher.chain().toJson().equals(setup.chain().toJson())) throw new IOException(where +
			" has preprocessing " + teacher.chain().toJson() + ", the student " + setup.chain()
				.toJson());
		if (Math.abs(teacher.normalizationMean() - setup.mean()) > NORMALISATION_TOLERANCE || Math
			.abs(teacher.normalizationStd() - setup.std()) > NORMALISATION_TOLERANCE)
			throw new IOException(String.format(java.util.Locale.ROOT,
				"%s normalises with mean %.6f std %.6f, the student's training split gives mean %.6f " +
					"std %.6f; distil on the data, protocol, validation fraction and seed the teacher was " +
					"trained with", where, teacher.normalizationMean(), teacher.normalizationStd(), setup
						.mean(), setup.std()));
	}

	@Override
	public NDArray loss(final NDList outputs, final NDArray labels, final NDArray inputs) {
		if (teacher == null) throw new IllegalStateException("begin() has not loaded the teacher");
		final NDList t = teacher.forward(teacherStore, new NDList(inputs), false);
		final NDArray teacherLogits = t.get(0).stopGradient();
		final NDArray teacherEmbedding = t.get(1).stopGradient();
		final NDArray lTask = task.loss(outputs, labels, inputs);
		final NDArray lKd = kdLoss(outputs.get(0), teacherLogits, TEMPERATURE);
		NDArray total = lTask.add(GraphScalars.times(lKd, KD_WEIGHT));
		sums[0] += lTask.getFloat();
		sums[3] += lKd.getFloat();
		if (relational) {
			final NDArray s = l2Normalize(outputs.get(1));
			final NDArray te = l2Normalize(teacherEmbedding);
			final NDArray lDist = rkdDistanceLoss(s, te);
			final NDArray lAngle = rkdAngleLoss(s, te);
			total = total.add(GraphScalars.times(lDist, DISTANCE_WEIGHT)).add(GraphScalars.times(lAngle,
				ANGLE_WEIGHT));
			sums[1] += lDist.getFloat();
			sums[2] += lAngle.getFloat();
		}
		steps++;
		return total;
	}

	/** Rows scaled to unit L2 norm (a zero row stays zero). */
	public static NDArray l2Normalize(final NDArray x) {
		final NDArray norm = GraphScalars.atLeast(x.square().sum(new int[] { 1 }, true), EPS_SQ)
			.sqrt();
		return x.div(norm);
	}

	/**
	 * Distance-wise RKD loss: with {@code ψ(a)_ij = ‖a_i − a_j‖ / μ_a}, μ_a the mean distance over
	 * the pairs i ≠ j, the mean over those pairs of {@code Huber(ψ(s)_ij, ψ(t)_ij)}. Embeddings
	 * are used as given (the objective normalises them first).
	 *
	 * @param s student embeddings (N, D), N ≥ 2
	 * @param t teacher embeddings (N, D')
	 */
	public static NDArray rkdDistanceLoss(final NDArray s, final NDArray t) {
		final int n = (int) s.getShape().get(0);
		final NDArray offDiagonal = offDiagonal(s.getManager(), n).toDevice(s.getDevice(), false);
		final float pairs = n * (n - 1f);
		final NDArray ps = normalisedDistances(s, offDiagonal, pairs);
		final NDArray pt = normalisedDistances(t, offDiagonal, pairs);
		return GraphScalars.dividedBy(huber(ps.sub(pt)).mul(offDiagonal).sum(), pairs);
	}

	/**
	 * Angle-wise RKD loss: for every triplet (i, j, k) with vertex j, i ≠ j and k ≠ j,
	 * {@code ψ_ijk = ⟨e_ij, e_kj⟩} with {@code e_ij = (a_i − a_j)/‖a_i − a_j‖}; the mean over those
	 * N(N−1)² triplets of {@code Huber(ψ(s), ψ(t))}.
	 */
	public static NDArray rkdAngleLoss(final NDArray s, final NDArray t) {
		final int n = (int) s.getShape().get(0);
		final NDArray offDiagonal = offDiagonal(s.getManager(), n).toDevice(s.getDevice(), false);
		// mask[j, i, k] = 1[i != j]·1[k != j]
		final NDArray mask = offDiagonal.expandDims(2).mul(offDiagonal.expandDims(1));
		final float triplets = n * (n - 1f) * (n - 1f);
		return GraphScalars.dividedBy(huber(angles(s).sub(angles(t))).mul(mask).sum(), triplets);
	}

	/**
	 * {@code KL(softmax(z_t/T) ‖ softmax(z_s/T))} summed over classes and averaged over the batch
	 * ("batchmean"), without the T² factor.
	 */
	public static NDArray kdLoss(final NDArray studentLogits, final NDArray teacherLogits,
		final float temperature)
	{
		final NDArray logPs = GraphScalars.dividedBy(studentLogits, temperature).logSoftmax(1);
		final NDArray logPt = GraphScalars.dividedBy(teacherLogits, temperature).logSoftmax(1);
		final long n = studentLogits.getShape().get(0);
		return GraphScalars.dividedBy(logPt.exp().mul(logPt.sub(logPs)).sum(), n);
	}

	/** Smooth-L1 with δ = 1: {@code 0.5·x²} for |x| &lt; 1, else {@code |x| − 0.5}. */
	public static NDArray huber(final NDArray x) {
		final NDArray abs = x.abs();
		final NDArray quadratic = GraphScalars.atMost(abs, HUBER_DELTA);
		return GraphScalars.times(quadratic.square(), 0.5f / HUBER_DELTA).add(abs.sub(quadratic));
	}

	@Override
	public void endEpoch(final ClassificationMetrics validation) {
		task.endEpoch(validation);
		for (int i = 0; i < sums.length; i++) {
			means[i] = steps == 0 ? 0 : sums[i] / steps;
			sums[i] = 0;
		}
		steps = 0;
	}

	@Override
	public Map<String, Double> logValues() {
		final Map<String, Double> values = new LinkedHashMap<>(task.logValues());
		values.put("l_task", means[0]);
		values.put("l_dist", means[1]);
		values.put("l_angle", means[2]);
		values.put("l_kd", means[3]);
		return values;
	}

	@Override
	public JsonObject state() {
		final JsonObject state = new JsonObject();
		state.add("task", task.state());
		return state;
	}

	@Override
	public void restore(final JsonObject state) {
		task.restore(state != null && state.has("task") ? state.getAsJsonObject("task") : null);
	}

	/** The teacher's package. */
	public ModelPackage teacher() {
		return teacherPackage;
	}

	/** The loaded teacher network (after {@link #begin}), for tests. */
	ClassifierNet teacherNet() {
		return teacher;
	}

	// -- Helper methods --

	private static NDArray offDiagonal(final NDManager manager, final int n) {
		return manager.ones(new Shape(n, n)).sub(manager.eye(n));
	}

	/** Pairwise distances divided by their mean over i ≠ j; the diagonal is masked out. */
	private static NDArray normalisedDistances(final NDArray a, final NDArray offDiagonal,
		final float pairs)
	{
		final NDArray diff = a.expandDims(0).sub(a.expandDims(1));
		// clamp before sqrt: the diagonal (0) would give an infinite gradient
		final NDArray d = GraphScalars.atLeast(diff.square().sum(new int[] { 2 }), EPS_SQ).sqrt().mul(
			offDiagonal);
		final NDArray mu = GraphScalars.dividedBy(d.sum(), pairs);
		return d.div(mu);
	}

	/** angles[j, i, k] = ⟨e_ij, e_kj⟩ with e_ij = normalize(a_i − a_j); zero rows where i = j. */
	private static NDArray angles(final NDArray a) {
		final NDArray diff = a.expandDims(0).sub(a.expandDims(1)); // [j, i] = a_i - a_j
		final NDArray norm = GraphScalars.atLeast(diff.square().sum(new int[] { 2 }, true), EPS_SQ)
			.sqrt();
		final NDArray e = diff.div(norm);
		return e.batchMatMul(e.transpose(0, 2, 1));
	}
}
