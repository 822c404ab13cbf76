package io.github.stripsteel.localise;

import java.util.Set;

import io.github.stripsteel.preprocess.GaussianBlur;
import io.github.stripsteel.preprocess.Images;

/**
 * The map {@link Localiser} draws: the class activation map of the predicted class weighted by where
 * the network's input is unusual. NEU defects are local departures from a fairly even steel texture,
 * and the student's CAM says which part of the image carries the class but, for some classes, not
 * the defect itself (the inclusion map peaks on the plain steel around the inclusions,
 * docs/LOCALISATION.md). The anomaly map finds the departures without any network pass: the
 * absolute difference between the input and its background (a wide Gaussian blur), smoothed at
 * about a defect's scale. Both maps are min-max normalised and multiplied, so a point must be both
 * where the class's evidence is and where the image departs from its background. For the classes of
 * {@link #CAM_ONLY} (textures over the whole image, where departures are everywhere) the map is the
 * CAM alone. Last, the map fades to zero over a few pixels at the image's edge
 * ({@link #EDGE_MARGIN}): there the CAM comes from zero-padded convolutions and the anomaly map
 * from reflected pixels, and maxima at the edge missed the defect far more often than others.
 * The scales, the rule and the margin were chosen on training images of the shipped NEU model
 * ({@code CamVariantSelection}, docs/LOCALISATION.md).
 */
public final class ImageGuidedMap {

	/** The background's Gaussian sigma, a fraction of the input's shorter side (16 px of 200). */
	public static final double BACKGROUND_SIGMA = 0.08;

	/** The smoothing of the difference, a fraction of the input's shorter side (4 px of 200). */
	public static final double SMOOTHING_SIGMA = 0.02;

	/**
	 * Predicted classes whose map is the CAM alone: NEU's crazing, a network of fine cracks over
	 * the whole image, where the CAM's maximum falls in a box far more often than the product's.
	 */
	public static final Set<String> CAM_ONLY = Set.of("crazing");

	/**
	 * The width of the edge band over which the map fades linearly to zero, a fraction of the
	 * input's shorter side (8 px of 200).
	 */
	public static final double EDGE_MARGIN = 0.04;

	private ImageGuidedMap() {}

	/**
	 * The map of one image at the input's resolution.
	 *
	 * @param cam the class activation map at feature resolution ({@code mw x mh})
	 * @param input the network input ({@code channels x iw x ih}, channel-major)
	 * @param className the predicted class
	 */
	public static float[] of(final float[] cam, final int mw, final int mh, final float[] input,
		final int iw, final int ih, final String className)
	{
		final float[] full = ClassActivationMap.upsample(cam, mw, mh, iw, ih);
		return edgeTapered(CAM_ONLY.contains(className) ? full : product(full, anomaly(input, iw, ih)),
			iw, ih, EDGE_MARGIN * Math.min(iw, ih));
	}

	/**
	 * The map min-max normalised and multiplied by {@code min(1, d / margin)}, with {@code d} the
	 * distance of a pixel's centre to the nearest edge ({@code 0.5} for the outermost pixels).
	 *
	 * @param margin the width of the band, pixels
	 */
	public static float[] edgeTapered(final float[] map, final int w, final int h,
		final double margin)
	{
		final float[] out = normalised(map);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final double d = Math.min(Math.min(x, w - 1 - x), Math.min(y, h - 1 - y)) + 0.5;
				if (d < margin) out[y * w + x] *= (float) (d / margin);
			}
		return out;
	}

	/** {@link #anomaly(float[], int, int, double, double)} at the default scales. */
	public static float[] anomaly(final float[] input, final int w, final int h) {
		final int side = Math.min(w, h);
		return anomaly(input, w, h, BACKGROUND_SIGMA * side, SMOOTHING_SIGMA * side);
	}

	/**
	 * How far each pixel of the input departs from its background: {@code G_s(|x - G_b(x)|)}, with
	 * {@code G} the Gaussian blur of the preprocessing ({@link GaussianBlur#blurFloat}, reflected
	 * borders) and {@code x} the mean of the input's channels.
	 *
	 * @param background the sigma of the background, pixels
	 * @param smoothing the sigma of the smoothing of the difference, pixels
	 */
	public static float[] anomaly(final float[] input, final int w, final int h,
		final double background, final double smoothing)
	{
		final float[] x = grey(input, w, h);
		final float[] bg = blur(x, w, h, background);
		final float[] diff = new float[x.length];
		for (int i = 0; i < x.length; i++)
			diff[i] = Math.abs(x[i] - bg[i]);
		return blur(diff, w, h, smoothing);
	}

	/** The product of the two maps, each min-max normalised to [0, 1] (a flat map gives zeros). */
	public static float[] product(final float[] a, final float[] b) {
		final float[] na = normalised(a), nb = normalised(b), out = new float[a.length];
		for (int i = 0; i < out.length; i++)
			out[i] = na[i] * nb[i];
		return out;
	}

	/** The map min-max normalised to [0, 1]; a flat map gives zeros. */
	public static float[] normalised(final float[] m) {
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (final float v : m) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		final float[] out = new float[m.length];
		if (max > min) for (int i = 0; i < m.length; i++)
			out[i] = (m[i] - min) / (max - min);
		return out;
	}

	/** The Gaussian blur of a {@code w x h} float image. */
	public static float[] blur(final float[] x, final int w, final int h, final double sigma) {
		return Images.floats(GaussianBlur.blurFloat(Images.wrap(x, w, h), sigma, 0, 1));
	}

	private static float[] grey(final float[] input, final int w, final int h) {
		final int plane = w * h, channels = input.length / plane;
		if (channels * plane != input.length) throw new IllegalArgumentException("an input of " + input.length
			+ " values is not a whole number of " + w + "x" + h + " planes");
		if (channels == 1) return input;
		final float[] x = new float[plane];
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < plane; i++)
				x[i] += input[c * plane + i] / channels;
		return x;
	}
}
