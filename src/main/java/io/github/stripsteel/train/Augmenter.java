package io.github.stripsteel.train;

import java.util.Random;

/**
 * Augmentation suited to steel textures, which have no preferred orientation: random horizontal and
 * vertical flips, a random multiple of 90 degrees (square inputs), and small brightness and
 * contrast changes. Works on normalised float pixels, written into a batch buffer.
 */
public final class Augmenter {

	private final float brightness;
	private final float contrast;

	/**
	 * @param brightness largest shift, as a fraction of the 0..255 range (e.g. 0.1)
	 * @param contrast largest relative contrast change (e.g. 0.1 for x0.9..x1.1)
	 */
	public Augmenter(final float brightness, final float contrast) {
		this.brightness = brightness;
		this.contrast = contrast;
	}

	/** Writes an augmented copy of {@code src} (w x h, 8-bit) into {@code dst} at {@code offset}. */
	public void apply(final byte[] src, final int w, final int h, final Random random,
		final float mean, final float std, final float[] dst, final int offset)
	{
		final boolean flipX = random.nextBoolean(), flipY = random.nextBoolean();
		final int rotations = w == h ? random.nextInt(4) : 0;
		final float gain = 1 + (2 * random.nextFloat() - 1) * contrast;
		final float shift = (2 * random.nextFloat() - 1) * brightness;
		double sum = 0;
		for (final byte b : src)
			sum += b & 0xff;
		final float imageMean = (float) (sum / src.length / 255);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int sx = flipX ? w - 1 - x : x, sy = flipY ? h - 1 - y : y;
				for (int r = 0; r < rotations; r++) {
					final int t = sx;
					sx = sy;
					sy = w - 1 - t;
				}
				float v = (src[sy * w + sx] & 0xff) / 255f;
				v = Math.min(1f, Math.max(0f, (v - imageMean) * gain + imageMean + shift));
				dst[offset + y * w + x] = (v - mean) / std;
			}
	}

	/** Writes {@code src} normalised, without augmentation. */
	public static void plain(final byte[] src, final float mean, final float std, final float[] dst,
		final int offset)
	{
		for (int i = 0; i < src.length; i++)
			dst[offset + i] = ((src[i] & 0xff) / 255f - mean) / std;
	}
}
