package io.github.stripsteel.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.TestTimeAugmentation;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * One loaded model and the one long-lived thread that runs it: the model is loaded, every network
 * pass runs and the model is closed on that thread, whichever Spark task thread asks.
 *
 * <p>Why: glibc's malloc serves each thread from an arena (one per thread up to 8 per core, then
 * shared), a thread's arena grows in 64 MB heaps that it cannot hand back while a live block sits
 * above the free space, and the engine's allocator settings ({@code engine/NativeAllocator}) let
 * each arena keep up to 1 GB of freed pages for reuse. Network passes run by Spark's task threads
 * spread the activations over several arenas, some shared by two passes whose blocks interleave:
 * measured, 0.5-2.3 GB per arena and resident memory still growing after 10,000 images. On one
 * thread the network's memory stays in one arena used as the CLI uses it (docs/SCALE.md).
 * Decoding and preprocessing are plain Java and stay on the task threads, in parallel.</p>
 */
final class ModelThread implements AutoCloseable {

	private static final AtomicInteger COUNT = new AtomicInteger();

	private final ExecutorService thread;
	private final StripClassifier classifier;

	private ModelThread(final ExecutorService thread, final StripClassifier classifier) {
		this.thread = thread;
		this.classifier = classifier;
	}

	/**
	 * Starts a thread and loads the model on it.
	 *
	 * @throws ModelPackageException naming the file and what is wrong with it
	 * @throws IllegalArgumentException when the model does not support the test-time augmentation
	 */
	static ModelThread open(final Path modelDir, final TestTimeAugmentation tta)
		throws ModelPackageException
	{
		final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "strip-steel-model-" + COUNT.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		try {
			final StripClassifier classifier = call(thread, () -> {
				final StripClassifier c = StripClassifier.open(modelDir, DeviceChoice.AUTO);
				try {
					return c.testTimeAugmentation(tta);
				}
				catch (final IllegalArgumentException e) {
					c.close();
					throw e;
				}
			});
			return new ModelThread(thread, classifier);
		}
		catch (final ModelPackageException | RuntimeException | Error e) {
			thread.shutdown();
			throw e;
		}
		catch (final Exception e) {
			thread.shutdown();
			throw new IllegalStateException(e);
		}
	}

	/** The model package's id. */
	String modelId() {
		return classifier.model().id();
	}

	/** The network input for one image: plain Java, on the calling thread. */
	float[] prepare(final ArrayImg<UnsignedByteType, ByteArray> gray) {
		return classifier.prepare(gray);
	}

	/** {@link StripClassifier#predict(float[][], int[], int[])} on the model's thread. */
	List<Prediction> predict(final float[][] inputs, final int[] widths, final int[] heights) {
		try {
			return call(thread, () -> classifier.predict(inputs, widths, heights));
		}
		catch (final RuntimeException | Error e) {
			throw e;
		}
		catch (final Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** The name of the thread the model runs on. */
	String threadName() {
		try {
			return call(thread, () -> Thread.currentThread().getName());
		}
		catch (final Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** Closes the model on its thread and ends the thread. */
	@Override
	public void close() {
		try {
			call(thread, () -> {
				classifier.close();
				return null;
			});
		}
		catch (final Exception e) {
			// the JVM is going down or the thread was interrupted: the natives go with the process
		}
		finally {
			thread.shutdown();
		}
	}

	// -- Helper methods --

	/** Runs the task on the thread and waits, rethrowing what it threw as it was. */
	private static <T> T call(final ExecutorService thread, final Callable<T> task) throws Exception {
		final Future<T> f = thread.submit(task);
		try {
			return f.get();
		}
		catch (final InterruptedException e) {
			f.cancel(false);
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while the model ran", e);
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof Exception x) throw x;
			if (cause instanceof Error x) throw x;
			throw e;
		}
	}
}
