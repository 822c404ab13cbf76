package io.github.stripsteel.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.model.WeightsFile;

/**
 * Adam (Kingma and Ba 2015) as {@code torch.optim.Adam} computes it, without weight decay:
 * {@code m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)}.
 *
 * <p>The moment buffers and the step count are ours, keyed by parameter name, so that a checkpoint
 * saves them and a resumed run continues exactly (as {@link MomentumSgd}).</p>
 */
public final class Adam {

	private static final String STEP_KEY = "__step";

	private final Block block;
	private final float beta1;
	private final float beta2;
	private final float epsilon;
	private final Map<String, NDArray> first = new LinkedHashMap<>();
	private final Map<String, NDArray> second = new LinkedHashMap<>();
	private long steps;

	public Adam(final Block block, final float beta1, final float beta2, final float epsilon) {
		this.block = block;
		this.beta1 = beta1;
		this.beta2 = beta2;
		this.epsilon = epsilon;
	}

	/** Marks every trainable parameter as needing a gradient. */
	public void attachGradients() {
		for (final Pair<String, Parameter> p : block.getParameters())
			if (p.getValue().requiresGradient()) p.getValue().getArray().setRequiresGradient(true);
	}

	/** Number of updates applied so far ({@code t}). */
	public long steps() {
		return steps;
	}

	/** Applies one update with learning rate {@code lr} and zeroes the gradients. */
	public void step(final float lr) {
		steps++;
		final float correction1 = (float) (1 - Math.pow(beta1, steps));
		final float correction2 = (float) (1 - Math.pow(beta2, steps));
		try (var off = DeepLearningEngine.gradientsOff()) {
			for (final Pair<String, Parameter> p : block.getParameters()) {
				final Parameter parameter = p.getValue();
				if (!parameter.requiresGradient()) continue;
				final NDArray w = parameter.getArray();
				final NDArray g = w.getGradient();
				final NDArray m = first.computeIfAbsent(p.getKey(), k -> w.zerosLike());
				final NDArray v = second.computeIfAbsent(p.getKey(), k -> w.zerosLike());
				m.muli(beta1);
				try (NDArray scaled = g.mul(1 - beta1); NDArray squared = g.square()) {
					m.addi(scaled);
					v.muli(beta2).addi(squared.muli(1 - beta2));
				}
				try (NDArray corrected = v.div(correction2); NDArray denominator = corrected.sqrt();
					NDArray update = m.mul(lr / correction1))
				{
					update.divi(denominator.addi(epsilon));
					w.subi(update);
				}
				g.subi(g);
				g.close();
			}
		}
	}

	/** Zeroes the gradients of the block without updating it (they came from another loss). */
	public void discardGradients() {
		try (var off = DeepLearningEngine.gradientsOff()) {
			for (final Pair<String, Parameter> p : block.getParameters()) {
				if (!p.getValue().requiresGradient()) continue;
				final NDArray g = p.getValue().getArray().getGradient();
				g.subi(g);
				g.close();
			}
		}
	}

	/** Saves both moments and the step count (float32). */
	public void save(final Path file) throws IOException {
		final Map<String, NDArray> all = new LinkedHashMap<>();
		first.forEach((k, v) -> all.put("m/" + k, v));
		second.forEach((k, v) -> all.put("v/" + k, v));
		final NDArray any = block.getParameters().get(0).getValue().getArray();
		try (NDArray step = any.getManager().create(new float[] { steps })) {
			all.put(STEP_KEY, step);
			WeightsFile.write(all, file, DataType.FLOAT32);
		}
	}

	/** Restores the state saved by {@link #save}. */
	public void load(final Path file) throws IOException {
		if (!Files.exists(file)) throw new IOException(file +
			": optimiser state missing from the checkpoint; start a new run instead of resuming");
		final NDArray any = block.getParameters().get(0).getValue().getArray();
		final Map<String, NDArray> loaded = WeightsFile.read(file, any.getManager());
		first.values().forEach(NDArray::close);
		second.values().forEach(NDArray::close);
		first.clear();
		second.clear();
		for (final Map.Entry<String, NDArray> e : loaded.entrySet()) {
			final String key = e.getKey();
			if (key.equals(STEP_KEY)) {
				steps = (long) e.getValue().getFloat();
				e.getValue().close();
			}
			else if (key.startsWith("m/")) first.put(key.substring(2), e.getValue());
			else if (key.startsWith("v/")) second.put(key.substring(2), e.getValue());
		}
	}
}
