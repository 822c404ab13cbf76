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
 * Stochastic gradient descent with momentum and decoupled-from-BN weight decay, as
 * {@code torch.optim.SGD} computes it: {@code b = mu*b + g + wd*w; w -= lr*b}. Weight decay applies
 * to convolution and linear weights only (not to biases, batch-norm scales or thresholds'
 * attention biases).
 *
 * <p>The momentum buffers are ours, keyed by parameter name, so a checkpoint can save them and a
 * resumed run continues exactly where the interrupted one stopped (DJL's own optimisers keep
 * their state private).</p>
 */
public final class MomentumSgd {

	private final Block block;
	private final float momentum;
	private final float weightDecay;
	private final Map<String, NDArray> buffers = new LinkedHashMap<>();

	public MomentumSgd(final Block block, final float momentum, final float weightDecay) {
		this.block = block;
		this.momentum = momentum;
		this.weightDecay = weightDecay;
	}

	/** Marks every trainable parameter as needing a gradient. */
	public void attachGradients() {
		for (final Pair<String, Parameter> p : block.getParameters())
			if (p.getValue().requiresGradient()) p.getValue().getArray().setRequiresGradient(true);
	}

	/** Applies one update with learning rate {@code lr} and zeroes the gradients. */
	public void step(final float lr) {
		try (var off = DeepLearningEngine.gradientsOff()) {
			update(lr);
		}
	}

	private void update(final float lr) {
		for (final Pair<String, Parameter> p : block.getParameters()) {
			final Parameter parameter = p.getValue();
			if (!parameter.requiresGradient()) continue;
			final NDArray w = parameter.getArray();
			final NDArray g = w.getGradient();
			NDArray b = buffers.get(p.getKey());
			if (b == null) {
				b = w.zerosLike();
				buffers.put(p.getKey(), b);
			}
			b.muli(momentum).addi(g);
			if (weightDecay != 0 && decays(p.getKey(), parameter)) {
				try (NDArray decay = w.mul(weightDecay)) {
					b.addi(decay);
				}
			}
			try (NDArray update = b.mul(lr)) {
				w.subi(update);
			}
			g.subi(g);
			g.close();
		}
	}

	/** Saves the momentum buffers (float32). */
	public void save(final Path file) throws IOException {
		WeightsFile.write(buffers, file, DataType.FLOAT32);
	}

	/** Restores the momentum buffers saved by {@link #save}. */
	public void load(final Path file) throws IOException {
		if (!Files.exists(file)) return;
		final NDArray any = block.getParameters().get(0).getValue().getArray();
		final Map<String, NDArray> loaded = WeightsFile.read(file, any.getManager());
		buffers.values().forEach(NDArray::close);
		buffers.clear();
		buffers.putAll(loaded);
	}

	// -- Helper methods --

	private static boolean decays(final String name, final Parameter parameter) {
		return parameter.getType() == Parameter.Type.WEIGHT && parameter.getArray().getShape()
			.dimension() >= 2 && !name.contains("BatchNorm");
	}
}
