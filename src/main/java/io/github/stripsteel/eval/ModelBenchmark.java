package io.github.stripsteel.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.engine.NativeAllocator;
import io.github.stripsteel.engine.ProcessMemory;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.model.TestTimeAugmentation;

/**
 * Speed of a model package on this machine: per batch size, the network alone (prepared inputs in,
 * probabilities out) and end to end (decode files + preprocessing + network), after warm-up; plus
 * the cost of the first image in this JVM and the peak resident memory.
 *
 * <p>The first image is timed from the start of {@link #run}: engine start (native library load),
 * model load (checksum, weights) and one classified file. Run in a fresh JVM (as the
 * command line's model benchmark does) this is what a user waits for; the JVM's own start-up
 * before it is reported separately as {@link Report#jvmUptimeAtFirstImageMs}.</p>
 */
public final class ModelBenchmark {

	private static final int WARMUP = 3;

	/** Timings for one batch size, in ms per image. */
	public record Result(int batch, String tta, double msMedian, double msMin, double msMax,
		double endToEndMsMedian, double endToEndMsMin, double endToEndMsMax, int samples,
		double minorFaultsPerImage, double callerCpuMsMedian)
	{

		public double imagesPerSecondMedian() {
			return 1000 / msMedian;
		}
	}

	/** Everything measured in one run. */
	public record Report(String model, String device, String network, int threads, int interopThreads,
		String allocator, List<Result> results, double firstImageMs, double jvmUptimeAtFirstImageMs,
		double peakRssMb)
	{}

	private ModelBenchmark() {}

	/**
	 * @param images files to decode for the end-to-end figures (re-used in turn when fewer than a batch)
	 * @param tta the test-time augmentation, or null for the package's
	 * @param repeat timed samples per batch size and mode (one sample = one batch)
	 * @param onResult called as each batch size finishes
	 */
	public static Report run(final Path modelDir, final List<Path> images, final int[] batches,
		final TestTimeAugmentation tta, final int repeat, final Consumer<Result> onResult)
		throws IOException
	{
		if (images.isEmpty()) throw new IllegalArgumentException("no images to benchmark with");
		if (repeat < 1) throw new IllegalArgumentException("repeat must be >= 1, got " + repeat);
		final long start = System.nanoTime();
		try (StripClassifier classifier = StripClassifier.open(modelDir, DeviceChoice.CPU)) {
			if (tta != null) classifier.testTimeAugmentation(tta);
			classifier.classify(ImageDecoder.read(images.get(0)).gray());
			final double firstMs = (System.nanoTime() - start) / 1e6;
			final double uptime = ManagementFactory.getRuntimeMXBean().getUptime();
			final float[][] prepared = new float[images.size()][];
			for (int i = 0; i < prepared.length; i++)
				prepared[i] = classifier.prepare(ImageDecoder.read(images.get(i)).gray());
			final List<Result> results = new ArrayList<>();
			for (final int batch : batches) {
				if (batch < 1) throw new IllegalArgumentException("batch sizes must be >= 1, got " + batch);
				final float[][] inputs = new float[batch][];
				final List<Path> files = new ArrayList<>();
				for (int i = 0; i < batch; i++) {
					inputs[i] = prepared[i % prepared.length];
					files.add(images.get(i % images.size()));
				}
				final long[] faultCount = new long[1];
				final double[] cpu = new double[repeat];
				final double[] network = time(repeat, () -> classifier.predict(inputs), faultCount, cpu);
				final double faults = faultCount[0] / (double) (repeat * batch);
				final double[] endToEnd = time(repeat, () -> {
					final float[][] x = new float[batch][];
					for (int i = 0; i < batch; i++)
						x[i] = classifier.prepare(ImageDecoder.read(files.get(i)).gray());
					classifier.predict(x);
				}, new long[1]);
				final Result r = new Result(batch, classifier.testTimeAugmentation().key(), median(network) /
					batch, network[0] / batch, network[network.length - 1] / batch, median(endToEnd) / batch,
					endToEnd[0] / batch, endToEnd[endToEnd.length - 1] / batch, repeat, faults, median(cpu) / batch);
				results.add(r);
				onResult.accept(r);
			}
			return new Report(classifier.model().id(), classifier.device(), classifier.networkPath(),
				DeepLearningEngine.threads(),
				DeepLearningEngine.interopThreads(), NativeAllocator.describe(), results, firstMs, uptime,
				ProcessMemory.peakResidentMb());
		}
	}

	/** The median of sorted values. */
	public static double median(final double[] sorted) {
		final int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	// -- Helper methods --

	@FunctionalInterface
	private interface Task {

		void run() throws IOException;
	}

	/**
	 * Sorted wall times in ms of {@code repeat} runs after {@link #WARMUP} untimed ones; the minor
	 * page faults of the timed runs go to {@code faults[0]}.
	 */
	private static double[] time(final int repeat, final Task task, final long[] faults)
		throws IOException
	{
		return time(repeat, task, faults, new double[repeat]);
	}

	/**
	 * As {@link #time(int, Task, long[])}, with the calling thread's CPU time in ms of each timed run
	 * (sorted) in {@code cpuMs}: with one intra-op thread PyTorch computes on the calling thread, so
	 * this is the network's CPU time, which waiting for a core on a busy machine does not change.
	 */
	private static double[] time(final int repeat, final Task task, final long[] faults,
		final double[] cpuMs) throws IOException
	{
		final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int i = 0; i < WARMUP; i++)
			task.run();
		final long faults0 = ProcessMemory.minorFaults();
		final double[] ms = new double[repeat];
		for (int i = 0; i < repeat; i++) {
			final long c0 = threads.getCurrentThreadCpuTime();
			final long t0 = System.nanoTime();
			task.run();
			ms[i] = (System.nanoTime() - t0) / 1e6;
			cpuMs[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
		}
		faults[0] = ProcessMemory.minorFaults() - faults0;
		Arrays.sort(ms);
		Arrays.sort(cpuMs);
		return ms;
	}
}
