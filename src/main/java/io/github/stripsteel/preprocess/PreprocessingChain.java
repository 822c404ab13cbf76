package io.github.stripsteel.preprocess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Interim chain with only {@code resize} (OpenCV INTER_LINEAR, 8-bit fixed-point); the full set of
 * operations replaces this class.
 */
public final class PreprocessingChain {

	private final List<PreprocessingStep> steps;

	private PreprocessingChain(final List<PreprocessingStep> steps) {
		this.steps = List.copyOf(steps);
	}

	public static PreprocessingChain parse(final String spec) {
		final List<PreprocessingStep> steps = new ArrayList<>();
		if (spec != null && !spec.isBlank()) for (final String part : spec.split(">")) {
			final String s = part.trim();
			final int open = s.indexOf('(');
			final String op = open < 0 ? s : s.substring(0, open).trim();
			final Map<String, String> params = new LinkedHashMap<>();
			if (open >= 0) {
				final String inner = s.substring(open + 1, s.lastIndexOf(')'));
				for (final String kv : inner.split(",")) {
					if (kv.isBlank()) continue;
					final String[] p = kv.split("=", 2);
					params.put(p[0].trim(), p[1].trim());
				}
			}
			steps.add(PreprocessingStep.of(op, params));
		}
		return new PreprocessingChain(steps);
	}

	public static PreprocessingChain fromJson(final JsonArray json) {
		final List<PreprocessingStep> steps = new ArrayList<>();
		for (final JsonElement e : json) {
			final JsonObject o = e.getAsJsonObject();
			final Map<String, String> params = new LinkedHashMap<>();
			for (final Map.Entry<String, JsonElement> kv : o.entrySet())
				if (!kv.getKey().equals("op")) params.put(kv.getKey(), kv.getValue().getAsString());
			steps.add(PreprocessingStep.of(o.get("op").getAsString(), params));
		}
		return new PreprocessingChain(steps);
	}

	public List<PreprocessingStep> steps() {
		return steps;
	}

	public String toSpec() {
		final List<String> parts = new ArrayList<>();
		for (final PreprocessingStep s : steps) {
			final List<String> kv = new ArrayList<>();
			s.params().forEach((k, v) -> kv.add(k + "=" + v));
			parts.add(kv.isEmpty() ? s.op() : s.op() + "(" + String.join(",", kv) + ")");
		}
		return String.join(" > ", parts);
	}

	public JsonArray toJson() {
		final JsonArray array = new JsonArray();
		for (final PreprocessingStep s : steps) {
			final JsonObject o = new JsonObject();
			o.addProperty("op", s.op());
			s.params().forEach((k, v) -> {
				try {
					o.addProperty(k, Double.parseDouble(v) == Math.rint(Double.parseDouble(v)) && !v
						.contains(".") ? (Number) Integer.parseInt(v) : Double.parseDouble(v));
				}
				catch (final NumberFormatException e) {
					o.addProperty(k, v);
				}
			});
			array.add(o);
		}
		return array;
	}

	public ArrayImg<UnsignedByteType, ByteArray> apply(final ArrayImg<UnsignedByteType, ByteArray> in) {
		ArrayImg<UnsignedByteType, ByteArray> img = in;
		for (final PreprocessingStep s : steps) {
			if (!s.op().equals("resize")) throw new IllegalArgumentException("step '" + s.op() +
				"': not available in the interim chain (only resize)");
			img = resize(img, Integer.parseInt(s.params().get("width")), Integer.parseInt(s.params()
				.get("height")));
		}
		return img;
	}

	// -- Helper methods --

	private static ArrayImg<UnsignedByteType, ByteArray> resize(
		final ArrayImg<UnsignedByteType, ByteArray> in, final int dw, final int dh)
	{
		final int sw = (int) in.dimension(0), sh = (int) in.dimension(1);
		final byte[] src = in.update(null).getCurrentStorageArray();
		if (sw == dw && sh == dh) return ArrayImgs.unsignedBytes(src.clone(), dw, dh);
		final int[] xs = new int[dw * 2];
		final int[] xw = new int[dw * 2];
		final double scaleX = (double) sw / dw, scaleY = (double) sh / dh;
		for (int d = 0; d < dw; d++) {
			float f = (float) ((d + 0.5) * scaleX - 0.5);
			int s = (int) Math.floor(f);
			f -= s;
			if (s < 0) {
				s = 0;
				f = 0;
			}
			if (s >= sw - 1) {
				s = sw - 1;
				f = 0;
			}
			xs[2 * d] = s;
			xs[2 * d + 1] = Math.min(s + 1, sw - 1);
			final int a1 = (int) Math.rint(f * 2048);
			xw[2 * d] = 2048 - a1;
			xw[2 * d + 1] = a1;
		}
		final byte[] dst = new byte[dw * dh];
		final int[] row0 = new int[dw], row1 = new int[dw];
		for (int y = 0; y < dh; y++) {
			float f = (float) ((y + 0.5) * scaleY - 0.5);
			final int s = (int) Math.floor(f);
			f -= s;
			final int y0 = Math.min(Math.max(s, 0), sh - 1), y1 = Math.min(Math.max(s + 1, 0), sh - 1);
			final int b1 = (int) Math.rint(f * 2048), b0 = 2048 - b1;
			horizontal(src, y0 * sw, xs, xw, row0);
			horizontal(src, y1 * sw, xs, xw, row1);
			for (int x = 0; x < dw; x++) {
				final int v = ((b0 * (row0[x] >> 4)) >> 16) + ((b1 * (row1[x] >> 4)) >> 16) + 2 >> 2;
				dst[y * dw + x] = (byte) Math.min(255, Math.max(0, v));
			}
		}
		return ArrayImgs.unsignedBytes(dst, dw, dh);
	}

	private static void horizontal(final byte[] src, final int offset, final int[] xs,
		final int[] xw, final int[] row)
	{
		for (int x = 0; x < row.length; x++)
			row[x] = (src[offset + xs[2 * x]] & 0xff) * xw[2 * x] + (src[offset + xs[2 * x + 1]] &
				0xff) * xw[2 * x + 1];
	}
}
