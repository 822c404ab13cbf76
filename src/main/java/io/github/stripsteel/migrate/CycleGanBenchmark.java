package io.github.stripsteel.migrate;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.engine.NativeAllocator;
import io.github.stripsteel.engine.ProcessMemory;
import io.github.stripsteel.eval.ModelBenchmark;
import io.github.stripsteel.train.TrainingBenchmark;

/**
 * Speed of one CycleGAN training step as {@link CycleGanTraining} takes it, with the default
 * configuration ({@link CycleGanConfig#defaults}: 64x64 crops, generator width 32 with 6 residual
 * blocks, discriminator width 64, batch 1): both generators on both cycle directions with the GAN,
 * cycle and identity losses, backward, Adam; then both discriminators on real crops and pooled
 * fakes, backward, Adam. On random crops in [-1, 1]; one step handles one crop of each domain.
 */
public final class CycleGanBenchmark {

	/** The name {@code bench train --arch} knows this step by. */
	public static final String ARCH = "cyclegan";

	private static final int WARMUP = 2;

	private CycleGanBenchmark() {}

	/** Seconds per step over {@code repeat} steps after warm-up; batch 1 (pairs of crops). */
	public static TrainingBenchmark.Result run(final int repeat) {
		if (repeat < 1) throw new IllegalArgumentException("repeat must be >= 1");
		final CycleGanConfig config = CycleGanConfig.defaults(Path.of("."), "a", "b", Path.of("."));
		final Engine engine = DeepLearningEngine.get();
		engine.setRandomSeed((int) config.seed());
		final Random random = new Random(config.seed());
		final int c = config.crop();
		try (NDManager manager = engine.newBaseManager(); var off = DeepLearningEngine.gradientsOff()) {
			final CycleGanSteps steps = new CycleGanSteps(config, manager);
			final float lr = config.learningRateAt(1);
			final double[] seconds = new double[repeat];
			for (int i = -WARMUP; i < repeat; i++) {
				final float[] a = crop(c, random), b = crop(c, random);
				final long t0 = System.nanoTime();
				steps.step(a, b, lr, random, 1, i + WARMUP);
				if (i >= 0) seconds[i] = (System.nanoTime() - t0) / 1e9;
			}
			Arrays.sort(seconds);
			return new TrainingBenchmark.Result(ARCH, 1, c, ModelBenchmark.median(seconds), seconds[0],
				seconds[repeat - 1], repeat, NativeAllocator.describe(), DeepLearningEngine.threads(),
				ProcessMemory.peakResidentMb());
		}
	}

	// -- Helper methods --

	private static float[] crop(final int c, final Random random) {
		final float[] x = new float[c * c];
		for (int i = 0; i < x.length; i++)
			x[i] = random.nextFloat() * 2 - 1;
		return x;
	}
}
