package io.github.stripsteel.migrate;

import java.util.Arrays;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.stripsteel.engine.GraphScalars;

/**
 * Differentiable augmentation of every discriminator input, real and generated alike (DiffAugment,
 * Zhao et al., NeurIPS 2020, policy "color,translation,cutout" for one grey channel): a discriminator
 * that learns from a handful of target images otherwise memorises them and the generators collapse.
 * Because the generated images go through the same transforms inside the graph, the generators are
 * not taught to produce augmented images.
 *
 * <p>On images scaled to [−1, 1], per image: brightness {@code x + (u − 0.5)}; contrast
 * {@code (x − mean)·(u + 0.5) + mean}; translation by up to 1/8 of the side in each direction with
 * zero fill; cutout of a square of half the side, centred anywhere, set to 0. The random numbers
 * come from the caller's {@link Random}, so a resumed run draws the same ones.</p>
 */
public final class DiffAugment {

	private DiffAugment() {}

	/** All four transforms with parameters drawn from {@code random}; {@code x} is (1, 1, c, c). */
	public static NDArray apply(final NDArray x, final Random random) {
		final Shape shape = x.getShape();
		if (shape.dimension() != 4 || shape.get(0) != 1 || shape.get(2) != shape.get(3))
			throw new IllegalArgumentException("DiffAugment expects one square image (1, C, c, c), got " +
				shape);
		final int c = (int) shape.get(3);
		final int shift = Math.max(1, Math.round(c / 8f));
		final float brightness = random.nextFloat() - 0.5f;
		final float contrast = random.nextFloat() + 0.5f;
		final int dx = random.nextInt(2 * shift + 1) - shift, dy = random.nextInt(2 * shift + 1) - shift;
		final int side = c / 2;
		final int cx = random.nextInt(c), cy = random.nextInt(c);
		return cutout(translate(contrast(brightness(x, brightness), contrast), dx, dy, shift), cx, cy,
			side);
	}

	/** {@code x + b}. */
	public static NDArray brightness(final NDArray x, final float b) {
		return x.add(b);
	}

	/** {@code (x − mean(x))·k + mean(x)}, the mean over the whole image. */
	public static NDArray contrast(final NDArray x, final float k) {
		final NDArray mean = x.mean();
		return GraphScalars.times(x.sub(mean), k).add(mean);
	}

	/**
	 * The image moved {@code dx} pixels right and {@code dy} down, zeros where it moved from;
	 * {@code |dx|, |dy| <= pad}.
	 */
	public static NDArray translate(final NDArray x, final int dx, final int dy, final int pad) {
		if (Math.abs(dx) > pad || Math.abs(dy) > pad) throw new IllegalArgumentException(
			"shift larger than the padding");
		final long h = x.getShape().get(2), w = x.getShape().get(3);
		// torch's F.pad order: last axis first (left, right, top, bottom)
		final NDArray padded = x.pad(new Shape(pad, pad, pad, pad), 0);
		final long y0 = pad - dy, x0 = pad - dx;
		return padded.get(new NDIndex(":, :, {}:{}, {}:{}", y0, y0 + h, x0, x0 + w));
	}

	/** Zeros in the {@code side x side} square centred at ({@code cx}, {@code cy}), clipped. */
	public static NDArray cutout(final NDArray x, final int cx, final int cy, final int side) {
		final int h = (int) x.getShape().get(2), w = (int) x.getShape().get(3);
		final float[] mask = new float[h * w];
		Arrays.fill(mask, 1f);
		final int x0 = Math.max(0, cx - side / 2), x1 = Math.min(w, cx - side / 2 + side);
		final int y0 = Math.max(0, cy - side / 2), y1 = Math.min(h, cy - side / 2 + side);
		for (int y = y0; y < y1; y++)
			Arrays.fill(mask, y * w + x0, y * w + Math.max(x0, x1), 0f);
		return x.mul(x.getManager().create(mask, new Shape(1, 1, h, w)));
	}
}
