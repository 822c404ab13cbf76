package io.github.stripsteel.train;

import java.util.Arrays;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.engine.NativeAllocator;
import io.github.stripsteel.engine.ProcessMemory;
import io.github.stripsteel.eval.ModelBenchmark;
import io.github.stripsteel.model.Architectures;
import io.github.stripsteel.model.ClassifierNet;

/**
 * Speed of one training step as {@link TrainingRun} takes it: forward with gradients, softmax cross
 * entropy, backward, momentum SGD with weight decay, on random 1-channel images (what PyTorch's
 * peer benchmark, {@code torch_bench.py}, times too).
 */
public final class TrainingBenchmark {

	private static final int WARMUP = 2;

	/** Seconds per step (sorted samples' median, min, max) for one architecture. */
	public record Result(String arch, int batch, int size, double secondsMedian, double secondsMin,
		double secondsMax, int samples, String allocator, int threads, double peakRssMb)
	{

		public double imagesPerSecondMedian() {
			return batch / secondsMedian;
		}
	}

	private TrainingBenchmark() {}

	/**
	 * @param arch an {@link Architectures} name
	 * @param size image side (square, 1 channel)
	 */
	public static Result run(final String arch, final int batch, final int size, final int repeat) {
		if (batch < 1 || size < 32 || repeat < 1) throw new IllegalArgumentException(
			"batch and repeat must be >= 1 and size >= 32");
		final Engine engine = DeepLearningEngine.get();
		final Random random = new Random(42);
		final float[] data = new float[batch * size * size];
		for (int i = 0; i < data.length; i++)
			data[i] = (float) random.nextGaussian();
		final int classes = 6;
		final float[] labels = new float[batch];
		for (int i = 0; i < batch; i++)
			labels[i] = random.nextInt(classes);
		try (NDManager manager = engine.newBaseManager(); var off = DeepLearningEngine.gradientsOff()) {
			final ClassifierNet net = Architectures.create(arch, classes);
			net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
				XavierInitializer.FactorType.OUT, 2), Parameter.Type.WEIGHT);
			net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, size, size));
			final MomentumSgd sgd = new MomentumSgd(net, 0.9f, 5e-4f);
			sgd.attachGradients();
			final ParameterStore store = new ParameterStore(manager, false);
			final Loss loss = Loss.softmaxCrossEntropyLoss();
			final double[] seconds = new double[repeat];
			for (int i = -WARMUP; i < repeat; i++) {
				final long t0 = System.nanoTime();
				try (NDManager sub = manager.newSubManager()) {
					final NDArray x = sub.create(data, new Shape(batch, 1, size, size));
					final NDArray y = sub.create(labels);
					try (GradientCollector gc = engine.newGradientCollector()) {
						final NDList out = net.forward(store, new NDList(x), true);
						gc.backward(loss.evaluate(new NDList(y), new NDList(out.get(0))));
					}
					sgd.step(0.01f);
				}
				if (i >= 0) seconds[i] = (System.nanoTime() - t0) / 1e9;
			}
			Arrays.sort(seconds);
			return new Result(arch, batch, size, ModelBenchmark.median(seconds), seconds[0],
				seconds[repeat - 1], repeat, NativeAllocator.describe(), DeepLearningEngine.threads(),
				ProcessMemory.peakResidentMb());
		}
	}
}
