package io.github.stripsteel.train;

import java.util.ArrayList;
import java.util.List;

import org.scijava.log.Logger;

import io.github.stripsteel.image.ImageDecoder.DecodedImage;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.preprocess.PreprocessingChain;

/**
 * Labelled images decoded once and passed through the model's preprocessing chain, kept in memory
 * as 8-bit pixels of the network's input size. A file that cannot be decoded is logged (with its
 * name) and left out; the rest go on.
 */
public final class ImageBank {

	private final int width;
	private final int height;
	private final List<byte[]> pixels = new ArrayList<>();
	private final List<Integer> labels = new ArrayList<>();
	private final List<String> names = new ArrayList<>();

	private ImageBank(final int width, final int height) {
		this.width = width;
		this.height = height;
	}

	public static ImageBank load(final List<LabelledFile> files, final PreprocessingChain chain,
		final int width, final int height, final Logger log)
	{
		final ImageBank bank = new ImageBank(width, height);
		for (final LabelledFile f : files) {
			try {
				final DecodedImage decoded = ImageDecoder.read(f.file());
				final var img = chain.apply(decoded.gray());
				if (img.dimension(0) != width || img.dimension(1) != height) throw new IllegalStateException(
					"preprocessing gives " + img.dimension(0) + "x" + img.dimension(1) + ", the network takes " +
						width + "x" + height + "; the chain must end with resize(width=" + width + ",height=" +
						height + ")");
				bank.pixels.add(img.update(null).getCurrentStorageArray());
				bank.labels.add(f.label());
				bank.names.add(f.file().toString());
			}
			catch (final java.io.IOException e) {
				log.warn("skipped: " + e.getMessage());
			}
		}
		return bank;
	}

	public int size() {
		return pixels.size();
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public byte[] pixels(final int i) {
		return pixels.get(i);
	}

	public int label(final int i) {
		return labels.get(i);
	}

	public String name(final int i) {
		return names.get(i);
	}

	public int[] labels() {
		return labels.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Mean and standard deviation of all pixels scaled to [0, 1]. */
	public float[] meanStd() {
		double sum = 0, sumSq = 0;
		long n = 0;
		for (final byte[] p : pixels)
			for (final byte b : p) {
				final double v = (b & 0xff) / 255.0;
				sum += v;
				sumSq += v * v;
				n++;
			}
		final double mean = sum / n;
		return new float[] { (float) mean, (float) Math.sqrt(Math.max(1e-12, sumSq / n - mean * mean)) };
	}
}
