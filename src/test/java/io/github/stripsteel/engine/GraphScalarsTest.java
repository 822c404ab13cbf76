package io.github.stripsteel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

/**
 * The constant of {@code x · k} must survive a garbage collection between the forward and the
 * backward pass. DJL's own {@code x.mul(k)} fails this test: its constant points into a Java
 * direct buffer that the collector frees, and the buffer's memory is then reused (here by
 * buffers filled with 1e20).
 */
class GraphScalarsTest {

	@Test
	void gradientOfTimesSurvivesACollection() throws InterruptedException {
		assertGradient((x, k) -> GraphScalars.times(x, k), 3f, new float[] { 3, 3, 3 });
	}

	@Test
	void gradientOfDividedBySurvivesACollection() throws InterruptedException {
		assertGradient((x, k) -> GraphScalars.dividedBy(x, k), 4f, new float[] { 0.25f, 0.25f,
			0.25f });
	}

	@Test
	void gradientsOfAtLeastAndAtMostSurviveACollection() throws InterruptedException {
		// x = 1, 2, 3: max(x, 2) passes the gradient where x > 2, min(x, 2) where x < 2
		assertGradient((x, k) -> GraphScalars.atLeast(x, k), 2f, new float[] { 0, 0.5f, 1 });
		assertGradient((x, k) -> GraphScalars.atMost(x, k), 2f, new float[] { 1, 0.5f, 0 });
	}

	private static void assertGradient(final BiFunction<NDArray, Float, NDArray> op, final float k,
		final float[] expected) throws InterruptedException
	{
		final Engine engine = DeepLearningEngine.get();
		try (NDManager m = engine.newBaseManager(Device.cpu())) {
			final NDArray x = m.create(new float[] { 1, 2, 3 });
			x.setRequiresGradient(true);
			try (GradientCollector gc = engine.newGradientCollector()) {
				final NDArray y = op.apply(x, k).sum();
				overwriteFreedDirectMemory();
				gc.backward(y);
			}
			assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-6f);
		}
	}

	/** Collects, lets the cleaner free unreachable direct buffers, then fills fresh ones. */
	private static void overwriteFreedDirectMemory() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
		}
		final List<ByteBuffer> fill = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			final ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
			b.putFloat(0, 1e20f);
			fill.add(b);
		}
		fill.clear();
	}
}
