package io.github.stripsteel.localise;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image-guided candidate maps that {@link CamVariantSelection} scores beside the network's own
 * maps: anomaly maps of the network input ({@link ImageGuidedMap#anomaly} at several scales, its
 * dark side only, the local standard deviation) alone, times the eight-view CAM (with exponents),
 * gated by the CAM's top half, with the CAM alone for predicted crazing, and that map faded at the
 * image's edge over several margins. None costs a network
 * pass. The last row is {@link ImageGuidedMap#of}, the map {@link Localiser} draws.
 */
final class ImageGuidedCandidates {

	/** {background sigma, smoothing sigma} in pixels of a 200 px input. */
	private static final int[][] SCALES = { { 8, 4 }, { 16, 4 }, { 16, 8 }, { 32, 4 }, { 8, 8 } };

	private ImageGuidedCandidates() {}

	/**
	 * @param input the network input ({@code side x side}, one channel)
	 * @param cam the eight-view CAM at feature resolution ({@code camSide x camSide})
	 * @param className the predicted class
	 */
	static Map<String, float[]> maps(final float[] input, final int side, final float[] cam,
		final int camSide, final String className)
	{
		final Map<String, float[]> out = new LinkedHashMap<>();
		final float[] cam8 = ClassActivationMap.upsample(cam, camSide, camSide, side, side);
		final double unit = side / 200.0;
		final Map<String, float[]> anomalies = new LinkedHashMap<>();
		for (final int[] s : SCALES)
			anomalies.put("anomaly b" + s[0] + " s" + s[1], ImageGuidedMap.anomaly(input, side, side, s[0] *
				unit, s[1] * unit));
		anomalies.put("dark b16 s4", dark(input, side, 16 * unit, 4 * unit));
		anomalies.put("local std 4", localStd(input, side, 4 * unit));
		for (final var e : anomalies.entrySet()) {
			out.put(e.getKey(), e.getValue());
			out.put("cam4+d8 x " + e.getKey(), ImageGuidedMap.product(cam8, e.getValue()));
		}
		final float[] a = anomalies.get("anomaly b16 s4");
		out.put("cam4+d8^2 x anomaly b16 s4", ImageGuidedMap.product(ImageGuidedMap.product(cam8, cam8),
			a));
		out.put("cam4+d8 x (anomaly b16 s4)^2", ImageGuidedMap.product(cam8, ImageGuidedMap.product(a,
			a)));
		out.put("anomaly b16 s4 where cam4+d8 >= 0.5", gated(a, cam8, 0.5));
		for (final String k : new String[] { "anomaly b8 s4", "anomaly b16 s4", "anomaly b16 s8" })
			out.put("cam4+d8 x " + k + ", crazing: cam4+d8", ImageGuidedMap.CAM_ONLY.contains(className)
				? cam8 : out.get("cam4+d8 x " + k));
		final float[] untapered = out.get("cam4+d8 x anomaly b16 s4, crazing: cam4+d8");
		for (final int m : new int[] { 4, 8, 16, 24 })
			out.put("cam4+d8 x anomaly b16 s4, crazing: cam4+d8; edge taper " + m, ImageGuidedMap
				.edgeTapered(untapered, side, side, m * unit));
		out.put("image-guided (Localiser)", ImageGuidedMap.of(cam, camSide, camSide, input, side, side,
			className));
		return out;
	}

	/** {@code G_s(max(0, G_b(x) - x))}: darker than the background only. */
	private static float[] dark(final float[] x, final int side, final double b, final double s) {
		final float[] bg = ImageGuidedMap.blur(x, side, side, b), d = new float[x.length];
		for (int i = 0; i < x.length; i++)
			d[i] = Math.max(0, bg[i] - x[i]);
		return ImageGuidedMap.blur(d, side, side, s);
	}

	/** The standard deviation in a Gaussian window: {@code sqrt(G(x^2) - G(x)^2)}. */
	private static float[] localStd(final float[] x, final int side, final double s) {
		final float[] sq = new float[x.length];
		for (int i = 0; i < x.length; i++)
			sq[i] = x[i] * x[i];
		final float[] m = ImageGuidedMap.blur(x, side, side, s), m2 = ImageGuidedMap.blur(sq, side, side,
			s), out = new float[x.length];
		for (int i = 0; i < x.length; i++)
			out[i] = (float) Math.sqrt(Math.max(0, m2[i] - m[i] * m[i]));
		return out;
	}

	/** The normalised anomaly where the normalised CAM is at least {@code t}, 0 elsewhere. */
	private static float[] gated(final float[] anomaly, final float[] cam, final double t) {
		final float[] na = ImageGuidedMap.normalised(anomaly), nc = ImageGuidedMap.normalised(cam);
		final float[] out = new float[na.length];
		for (int i = 0; i < out.length; i++)
			out[i] = nc[i] >= t ? na[i] : 0;
		return out;
	}
}
