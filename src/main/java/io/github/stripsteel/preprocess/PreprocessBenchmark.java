package io.github.stripsteel.preprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Times the preprocessing operations with the parameters of {@code shared/bench/opencv_bench.py}
 * on a 200x200 and a 4096x1024 8-bit image at 1 and 2 threads. Like the OpenCV script, each sample
 * averages {@code inner} back-to-back calls (calibrated to about 0.1 s) and the median of the
 * samples is reported.
 */
public final class PreprocessBenchmark {

	/** One measured operation. */
	public record Result(String op, String image, int threads, double msMedian, double msMin, double msMax,
		int reps, int inner)
	{}

	private PreprocessBenchmark() {}

	/**
	 * The 200x200 test image of {@code testimages.test_image_200()}: same formula, but the noise
	 * (sigma 10) comes from {@code java.util.SplittableRandom(42).nextGaussian()} instead of numpy's
	 * generator, so pixel values differ from {@code input.png}; the statistics are the same.
	 */
	public static ArrayImg<UnsignedByteType, ByteArray> image200() {
		final SplittableRandom rng = new SplittableRandom(42);
		final byte[] data = new byte[200 * 200];
		for (int y = 0; y < 200; y++) {
			for (int x = 0; x < 200; x++) {
				double v = 60.0 + 0.6 * x + 0.25 * y;
				if (x > 30 && x < 170) v -= 50.0 * Math.exp(-((y - 70.0) * (y - 70.0)) / 8.0);
				final double bx = (x - 140.0) / 18.0, by = (y - 140.0) / 10.0;
				v += 60.0 * Math.exp(-(bx * bx + by * by));
				if (y >= 150 && y < 180 && x >= 20 && x < 60) v = 30.0 + 40.0 * ((x / 5 + y / 5) % 2);
				v += rng.nextGaussian() * 10.0;
				data[y * 200 + x] = (byte) Math.max(0, Math.min(255, Math.rint(v)));
			}
		}
		return Images.wrap(data, 200, 200);
	}

	/**
	 * The "strip" image of {@code testimages.strip_image(h, w, seed)} (rolling texture, vertical
	 * streaks, 12 dark scratches, noise sigma 12); random numbers from {@code SplittableRandom(seed)}.
	 */
	public static ArrayImg<UnsignedByteType, ByteArray> stripImage(final int h, final int w, final long seed) {
		final SplittableRandom rng = new SplittableRandom(seed);
		final float[] base = new float[h * w];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				base[y * w + x] = (float) (120 + 25 * Math.sin(x / 97.0f) * Math.cos(y / 53.0f) + 10 * Math.sin(x /
					7.3f) + (float) (rng.nextGaussian() * 12));
		for (int k = 0; k < 12; k++) {
			final int r = rng.nextInt(h), c0 = rng.nextInt(w - 600);
			for (int y = Math.max(0, r - 1); y < Math.min(h, r + 2); y++)
				for (int x = c0; x < c0 + 500; x++)
					base[y * w + x] -= 60;
		}
		final byte[] data = new byte[h * w];
		for (int i = 0; i < data.length; i++)
			data[i] = (byte) Math.max(0, Math.min(255, Math.rint(base[i])));
		return Images.wrap(data, w, h);
	}

	/**
	 * Operation name (as in opencv_bench.py) -> the call, for a given thread count. Each operation
	 * writes into an output image kept per input image and reused from call to call, like the
	 * output that OpenCV's allocator hands back: {@code cv2.normalize(im, None, ...)} takes the same
	 * time as with a preallocated {@code dst}, and {@code np.empty} of 16 MB 0.4 microseconds, because
	 * glibc reuses the freed block; a new Java array is zeroed first (about 0.4 ms for 4 MB). Resize
	 * makes a new 224x224 output each call.
	 */
	public static Map<String, Function<ArrayImg<UnsignedByteType, ByteArray>, Object>> operations(final int t) {
		final Map<Object, ArrayImg<UnsignedByteType, ByteArray>> bytes = new IdentityHashMap<>();
		final Map<Object, ArrayImg<FloatType, FloatArray>> floats = new IdentityHashMap<>();
		final Function<ArrayImg<UnsignedByteType, ByteArray>, ArrayImg<UnsignedByteType, ByteArray>> out =
			im -> bytes.computeIfAbsent(im, k -> Images.newBytes(im));
		final Map<String, Function<ArrayImg<UnsignedByteType, ByteArray>, Object>> ops = new LinkedHashMap<>();
		ops.put("gaussian_sigma2", im -> GaussianBlur.blur(im, out.apply(im), 2.0, 0, t));
		ops.put("median5", im -> MedianBlur.blur(im, out.apply(im), 5, t));
		ops.put("equalizeHist", im -> HistogramOps.equalizeHist(im, out.apply(im), t));
		ops.put("clahe_clip2_8x8", im -> Clahe.apply(im, out.apply(im), 2.0, 8, 8, t));
		ops.put("resize224_linear", im -> Resize.resize(im, 224, 224, t));
		ops.put("sobel_mag", im -> Sobel.magnitude(im, out.apply(im), t));
		ops.put("canny_50_150", im -> Canny.detect(im, out.apply(im), 50, 150, t));
		ops.put("otsu_threshold", im -> HistogramOps.otsu(im, out.apply(im), t));
		ops.put("normalize_minmax_f32", im -> HistogramOps.normalizeMinMax(im, floats.computeIfAbsent(im,
			k -> Images.newFloats(im)), t));
		return ops;
	}

	/**
	 * Runs all operations (or those named in {@code only}, if not empty).
	 *
	 * @param repeat samples per operation (median reported)
	 */
	public static List<Result> run(final int repeat, final List<String> only, final Consumer<Result> progress) {
		final Map<String, ArrayImg<UnsignedByteType, ByteArray>> images = new LinkedHashMap<>();
		images.put("200x200", image200());
		images.put("4096x1024", stripImage(1024, 4096, 43));
		final List<Result> results = new ArrayList<>();
		// global warm-up: every operation on both images, so that the JIT has compiled all hot loops
		// (C2 competes for the CPU with other jobs) before the first measurement
		for (final Map.Entry<String, Function<ArrayImg<UnsignedByteType, ByteArray>, Object>> op : operations(2)
			.entrySet())
		{
			if (!only.isEmpty() && !only.contains(op.getKey())) continue;
			for (final ArrayImg<UnsignedByteType, ByteArray> im : images.values()) {
				final long t0 = System.nanoTime();
				int calls = 0;
				while (calls < 3 || System.nanoTime() - t0 < 1_000_000_000L) {
					op.getValue().apply(im);
					calls++;
				}
			}
		}
		for (final int threads : new int[] { 1, 2 }) {
			for (final Map.Entry<String, ArrayImg<UnsignedByteType, ByteArray>> im : images.entrySet()) {
				for (final Map.Entry<String, Function<ArrayImg<UnsignedByteType, ByteArray>, Object>> op : operations(
					threads).entrySet())
				{
					if (!only.isEmpty() && !only.contains(op.getKey())) continue;
					final Result r = time(op.getKey(), im.getKey(), threads, () -> op.getValue().apply(im.getValue()),
						repeat);
					results.add(r);
					progress.accept(r);
				}
			}
		}
		return results;
	}

	// -- Helper methods --

	private static Result time(final String op, final String image, final int threads, final Runnable call,
		final int reps)
	{
		// warm-up: let the JIT compile the hot loops (at least 10 calls and 0.5 s, at most 3 s)
		final long warmStart = System.nanoTime();
		int calls = 0;
		while ((calls < 10 || System.nanoTime() - warmStart < 500_000_000L) && System.nanoTime() - warmStart <
			3_000_000_000L)
		{
			call.run();
			calls++;
		}
		long t0 = System.nanoTime();
		call.run();
		final double one = Math.max(1, System.nanoTime() - t0);
		final int inner = (int) Math.max(1, Math.min(100_000, 0.1e9 / one));
		final double[] samples = new double[reps];
		for (int r = 0; r < reps; r++) {
			t0 = System.nanoTime();
			for (int i = 0; i < inner; i++)
				call.run();
			samples[r] = (System.nanoTime() - t0) / 1e6 / inner;
		}
		final double[] sorted = samples.clone();
		Arrays.sort(sorted);
		final double median = reps % 2 == 1 ? sorted[reps / 2] : (sorted[reps / 2 - 1] + sorted[reps / 2]) / 2;
		return new Result(op, image, threads, median, sorted[0], sorted[reps - 1], reps, inner);
	}
}
