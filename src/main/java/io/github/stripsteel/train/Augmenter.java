package io.github.stripsteel.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Augmentation suited to steel textures, which have no preferred orientation: random horizontal and
 * vertical flips, a random multiple of 90 degrees (square inputs), and small brightness and
 * contrast changes; optionally a random square crop, scaled back to the full size (a zoom into
 * part of the image), and cutout, one random square erased to the image's mean grey value. Works
 * on normalised float pixels, written into a batch buffer.
 *
 * <p>All random numbers come from the {@code Random} passed to {@link #apply}, in a fixed order;
 * the crop's and the cutout's are drawn only when the option is on, so that without them an image
 * gets the same draws as from an augmenter that lacks the options.</p>
 */
public final class Augmenter {

	private final float brightness;
	private final float contrast;
	private final float minCrop;
	private final float cutout;

	/**
	 * @param brightness largest shift, as a fraction of the 0..255 range (e.g. 0.1)
	 * @param contrast largest relative contrast change (e.g. 0.1 for x0.9..x1.1)
	 */
	public Augmenter(final float brightness, final float contrast) {
		this(brightness, contrast, 1f);
	}

	/**
	 * @param minCrop smallest crop side as a fraction of the image side, in (0, 1]; each image is
	 *          cropped to a side drawn uniformly from {@code minCrop..1} at a uniform random place
	 *          and resampled bilinearly to its full size; 1 = no cropping
	 */
	public Augmenter(final float brightness, final float contrast, final float minCrop) {
		this(brightness, contrast, minCrop, 0f);
	}

	/**
	 * @param cutout side of the erased square as a fraction of the shorter image side, in [0, 1)
	 *          (DeVries &amp; Taylor 2017): its centre is a uniform random pixel and it is clipped
	 *          at the border (a square kept inside the image would seldom cover the edges); 0 =
	 *          none
	 */
	public Augmenter(final float brightness, final float contrast, final float minCrop,
		final float cutout)
	{
		if (!(minCrop > 0 && minCrop <= 1)) throw new IllegalArgumentException(
			"the smallest crop must be a fraction in (0, 1], not " + minCrop);
		if (!(cutout >= 0 && cutout < 1)) throw new IllegalArgumentException(
			"the cutout side must be a fraction in [0, 1), not " + cutout);
		this.brightness = brightness;
		this.contrast = contrast;
		this.minCrop = minCrop;
		this.cutout = cutout;
	}

	/** Writes an augmented copy of {@code src} (w x h, 8-bit) into {@code dst} at {@code offset}. */
	public void apply(final byte[] src, final int w, final int h, final Random random,
		final float mean, final float std, final float[] dst, final int offset)
	{
		final boolean flipX = random.nextBoolean(), flipY = random.nextBoolean();
		final int rotations = w == h ? random.nextInt(4) : 0;
		final float gain = 1 + (2 * random.nextFloat() - 1) * contrast;
		final float shift = (2 * random.nextFloat() - 1) * brightness;
		final float[] values = minCrop < 1 ? crop(src, w, h, random) : null;
		double sum = 0;
		if (values == null) for (final byte b : src)
			sum += b & 0xff;
		else for (final float v : values)
			sum += v;
		final float imageMean = (float) (sum / src.length / 255);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int sx = flipX ? w - 1 - x : x, sy = flipY ? h - 1 - y : y;
				for (int r = 0; r < rotations; r++) {
					final int t = sx;
					sx = sy;
					sy = w - 1 - t;
				}
				float v = (values == null ? src[sy * w + sx] & 0xff : values[sy * w + sx]) / 255f;
				v = Math.min(1f, Math.max(0f, (v - imageMean) * gain + imageMean + shift));
				dst[offset + y * w + x] = (v - mean) / std;
			}
		if (cutout > 0) cutout(dst, offset, w, h, random);
	}

	/**
	 * Sets a square of side {@code cutout} times the shorter side, centred on a random pixel and
	 * clipped at the border, to the mean of the augmented image in {@code dst}. The mean of the
	 * image itself, after its brightness and contrast change, and not 0 (the training set's mean
	 * grey after normalisation): the patch then carries neither texture nor a step of brightness
	 * against its surroundings, whereas a dark or bright image would get a patch of another grey,
	 * an edge the network could learn to look for.
	 */
	void cutout(final float[] dst, final int offset, final int w, final int h, final Random random) {
		final int cx = random.nextInt(w), cy = random.nextInt(h);
		final int side = Math.round(cutout * Math.min(w, h));
		double sum = 0;
		for (int i = 0; i < w * h; i++)
			sum += dst[offset + i];
		final float fill = (float) (sum / (w * h));
		final int x0 = Math.max(0, cx - side / 2), x1 = Math.min(w, cx - side / 2 + side);
		final int y0 = Math.max(0, cy - side / 2), y1 = Math.min(h, cy - side / 2 + side);
		for (int y = y0; y < y1; y++)
			Arrays.fill(dst, offset + y * w + x0, offset + y * w + x1, fill);
	}

	/**
	 * A random square crop of {@code src} (side {@code minCrop..1} of the shorter image side, at a
	 * random place) resampled bilinearly to {@code w x h}, in grey values 0..255.
	 */
	float[] crop(final byte[] src, final int w, final int h, final Random random) {
		if (w < 2 || h < 2) throw new IllegalArgumentException("random crops need images of at least " +
			"2x2 pixels, not " + w + "x" + h);
		final float fraction = minCrop + (1 - minCrop) * random.nextFloat();
		final float side = Math.max(1, fraction * Math.min(w, h));
		final float x0 = random.nextFloat() * (w - side), y0 = random.nextFloat() * (h - side);
		// corner pixels map to corner pixels of the crop: samples stay inside the image
		final float stepX = (side - 1) / (w - 1), stepY = (side - 1) / (h - 1);
		final float[] out = new float[w * h];
		for (int y = 0; y < h; y++) {
			final float sy = Math.min(h - 1, y0 + y * stepY);
			final int iy = Math.min(h - 2, (int) sy);
			final float fy = sy - iy;
			for (int x = 0; x < w; x++) {
				final float sx = Math.min(w - 1, x0 + x * stepX);
				final int ix = Math.min(w - 2, (int) sx);
				final float fx = sx - ix;
				final int i = iy * w + ix;
				final float top = (src[i] & 0xff) * (1 - fx) + (src[i + 1] & 0xff) * fx;
				final float bottom = (src[i + w] & 0xff) * (1 - fx) + (src[i + w + 1] & 0xff) * fx;
				out[y * w + x] = top * (1 - fy) + bottom * fy;
			}
		}
		return out;
	}

	/** Writes {@code src} normalised, without augmentation. */
	public static void plain(final byte[] src, final float mean, final float std, final float[] dst,
		final int offset)
	{
		for (int i = 0; i < src.length; i++)
			dst[offset + i] = ((src[i] & 0xff) / 255f - mean) / std;
	}
}
