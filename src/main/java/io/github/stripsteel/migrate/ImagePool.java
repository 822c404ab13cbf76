package io.github.stripsteel.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The history of generated images that CycleGAN's discriminators learn from (Shrivastava et al.
 * 2017, as Zhu et al. use it): until the pool is full, every generated image is stored and
 * returned; after that, with probability 1/2 a stored image is returned and replaced by the new
 * one, otherwise the new image is returned. Images are kept as Java arrays, outside any engine
 * memory, so that the pool survives per-step sub-managers and goes into checkpoints.
 */
public final class ImagePool {

	private final int capacity;
	private final List<float[]> images = new ArrayList<>();

	/** @param capacity stored images (50 in the paper); 0 turns the pool off */
	public ImagePool(final int capacity) {
		this.capacity = capacity;
	}

	/** The image the discriminator sees in place of {@code generated}. */
	public float[] query(final float[] generated, final Random random) {
		if (capacity == 0) return generated;
		if (images.size() < capacity) {
			images.add(generated.clone());
			return generated;
		}
		if (random.nextDouble() < 0.5) {
			final int i = random.nextInt(capacity);
			final float[] old = images.get(i);
			images.set(i, generated.clone());
			return old;
		}
		return generated;
	}

	/** The stored images, oldest slot first (for checkpoints). */
	public List<float[]> contents() {
		return List.copyOf(images);
	}

	/** Replaces the contents (a resumed run). */
	public void restore(final List<float[]> stored) {
		if (stored.size() > capacity) throw new IllegalArgumentException("pool of " + capacity +
			" cannot hold " + stored.size() + " images");
		images.clear();
		stored.forEach(i -> images.add(i.clone()));
	}
}
