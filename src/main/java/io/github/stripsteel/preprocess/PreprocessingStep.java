package io.github.stripsteel.preprocess;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * One operation of a {@link PreprocessingChain} with its parameters, e.g.
 * {@code clahe(clip=2,tiles=8x8)}. Immutable; equal steps have equal {@link #toSpec()}.
 */
public final class PreprocessingStep {

	/** The operations a step can run, with their parameters in canonical order. */
	public enum Op {
		GAUSSIAN("gaussian", "sigma", "ksize"),
		MEDIAN("median", "ksize"),
		EQUALIZE("equalize"),
		CLAHE("clahe", "clip", "tiles"),
		RESIZE("resize", "width", "height"),
		SOBEL_MAGNITUDE("sobel-magnitude"),
		CANNY("canny", "low", "high"),
		OTSU("otsu");

		private final String id;
		private final List<String> params;

		Op(final String id, final String... params) {
			this.id = id;
			this.params = List.of(params);
		}

		/** The name used in specs, JSON and on the command line. */
		public String id() {
			return id;
		}

		/** Parameter names, in the order {@link PreprocessingStep#toSpec()} writes them. */
		public List<String> params() {
			return params;
		}

		/** The operation called {@code id}; {@link IllegalArgumentException} naming the allowed ones if none. */
		public static Op of(final String id, final String step) {
			for (final Op op : values())
				if (op.id.equals(id)) return op;
			throw new IllegalArgumentException("preprocessing step '" + step + "': unknown operation '" + id +
				"'; allowed: " + allowed());
		}

		/** All operation names, comma separated. */
		public static String allowed() {
			final StringBuilder sb = new StringBuilder();
			for (final Op op : values())
				sb.append(sb.length() == 0 ? "" : ", ").append(op.id);
			return sb.toString();
		}
	}

	private final Op op;
	/** canonical parameter values: Integer, Double, or int[2] for tiles */
	private final Map<String, Object> params;

	private PreprocessingStep(final Op op, final Map<String, Object> params) {
		this.op = op;
		this.params = Collections.unmodifiableMap(params);
	}

	/**
	 * Creates a step from textual parameter values (missing ones take their defaults).
	 *
	 * @throws IllegalArgumentException naming the step and the allowed values when an operation or
	 *           parameter is unknown or a value is out of range
	 */
	public static PreprocessingStep of(final String opName, final Map<String, String> raw) {
		final String step = describe(opName, raw);
		final Op op = Op.of(opName, step);
		for (final String key : raw.keySet())
			if (!op.params.contains(key)) throw new IllegalArgumentException("preprocessing step '" + step +
				"': unknown parameter '" + key + "'; allowed: " + (op.params.isEmpty() ? "none" : String.join(", ",
					op.params)));
		final Map<String, Object> p = new LinkedHashMap<>();
		switch (op) {
			case GAUSSIAN: {
				final double sigma = number(step, raw, "sigma", 0.0, "a number >= 0");
				final int ksize = integer(step, raw, "ksize", 0, "0 (auto) or an odd whole number >= 1");
				if (sigma < 0) throw bad(step, "sigma", raw.get("sigma"), "a number >= 0");
				if (ksize < 0 || (ksize > 0 && ksize % 2 == 0) || ksize > 1001) throw bad(step, "ksize", raw.get("ksize"),
					"0 (auto) or an odd whole number 1..1001");
				if (sigma == 0 && ksize == 0) throw new IllegalArgumentException("preprocessing step '" + step +
					"': needs sigma > 0 or an odd ksize >= 1");
				if (ksize == 0 && GaussianBlur.autoKsize(sigma, true) > 1001) throw bad(step, "sigma", raw.get("sigma"),
					"a number giving a kernel of at most 1001 taps (sigma <= 166)");
				p.put("sigma", sigma);
				p.put("ksize", ksize);
				break;
			}
			case MEDIAN: {
				final int ksize = integer(step, raw, "ksize", null, "an odd whole number >= 1");
				if (ksize < 1 || ksize % 2 == 0 || ksize > 255) throw bad(step, "ksize", raw.get("ksize"),
					"an odd whole number 1..255");
				p.put("ksize", ksize);
				break;
			}
			case CLAHE: {
				final double clip = number(step, raw, "clip", 40.0, "a number >= 0 (0 = no clipping)");
				if (clip < 0) throw bad(step, "clip", raw.get("clip"), "a number >= 0 (0 = no clipping)");
				p.put("clip", clip);
				p.put("tiles", tiles(step, raw.getOrDefault("tiles", "8x8")));
				break;
			}
			case RESIZE: {
				for (final String key : op.params) {
					final int v = integer(step, raw, key, null, "a whole number >= 1");
					if (v < 1 || v > 65535) throw bad(step, key, raw.get(key), "a whole number 1..65535");
					p.put(key, v);
				}
				break;
			}
			case CANNY: {
				for (final String key : op.params) {
					final double v = number(step, raw, key, null, "a number >= 0");
					if (v < 0) throw bad(step, key, raw.get(key), "a number >= 0");
					p.put(key, v);
				}
				break;
			}
			default:
		}
		return new PreprocessingStep(op, p);
	}

	/** Parses one step such as {@code resize(width=128,height=128)} or {@code equalize}. */
	public static PreprocessingStep parse(final String spec) {
		final String s = spec.trim();
		final int open = s.indexOf('(');
		if (open < 0) {
			if (s.contains(")") || s.contains("=")) throw new IllegalArgumentException("preprocessing step '" + s +
				"': expected name(key=value,...)");
			return of(s, Map.of());
		}
		if (!s.endsWith(")")) throw new IllegalArgumentException("preprocessing step '" + s +
			"': missing ')'; expected name(key=value,...)");
		final String name = s.substring(0, open).trim();
		final String body = s.substring(open + 1, s.length() - 1).trim();
		final Map<String, String> raw = new LinkedHashMap<>();
		if (!body.isEmpty()) {
			for (final String part : body.split(",", -1)) {
				final int eq = part.indexOf('=');
				if (eq <= 0) throw new IllegalArgumentException("preprocessing step '" + s + "': expected key=value, got '" +
					part.trim() + "'");
				final String key = part.substring(0, eq).trim();
				if (raw.put(key, part.substring(eq + 1).trim()) != null) throw new IllegalArgumentException(
					"preprocessing step '" + s + "': parameter '" + key + "' given twice");
			}
		}
		return of(name, raw);
	}

	/** Reads {@code {"op":"resize","width":128,"height":128}}. */
	public static PreprocessingStep fromJson(final JsonObject json) {
		final JsonElement op = json.get("op");
		if (op == null || !op.isJsonPrimitive()) throw new IllegalArgumentException("preprocessing step " + json +
			": missing \"op\"; allowed: " + Op.allowed());
		final Map<String, String> raw = new LinkedHashMap<>();
		for (final Map.Entry<String, JsonElement> e : json.entrySet()) {
			if (e.getKey().equals("op")) continue;
			final JsonElement v = e.getValue();
			if (v.isJsonArray() && v.getAsJsonArray().size() == 2) raw.put(e.getKey(), v.getAsJsonArray().get(0)
				.getAsString() + "x" + v.getAsJsonArray().get(1).getAsString());
			else if (v.isJsonPrimitive()) raw.put(e.getKey(), v.getAsString());
			else throw new IllegalArgumentException("preprocessing step " + json + ": bad value of '" + e.getKey() +
				"'");
		}
		return of(op.getAsString(), raw);
	}

	public Op op() {
		return op;
	}

	/** Parameter values: {@code Integer}, {@code Double}, or {@code int[]{x, y}} for {@code tiles}. */
	public Map<String, Object> params() {
		return params;
	}

	/** Runs this step on an 8-bit image ({@code threads} row bands at most). */
	public ArrayImg<UnsignedByteType, ByteArray> apply(final ArrayImg<UnsignedByteType, ByteArray> in,
		final int threads)
	{
		switch (op) {
			case GAUSSIAN:
				return GaussianBlur.blur(in, (Double) params.get("sigma"), (Integer) params.get("ksize"), threads);
			case MEDIAN:
				return MedianBlur.blur(in, (Integer) params.get("ksize"), threads);
			case EQUALIZE:
				return HistogramOps.equalizeHist(in, threads);
			case CLAHE: {
				final int[] t = (int[]) params.get("tiles");
				return Clahe.apply(in, (Double) params.get("clip"), t[0], t[1], threads);
			}
			case RESIZE:
				return Resize.resize(in, (Integer) params.get("width"), (Integer) params.get("height"), threads);
			case SOBEL_MAGNITUDE:
				return Sobel.magnitude(in, threads);
			case CANNY:
				return Canny.detect(in, (Double) params.get("low"), (Double) params.get("high"), threads);
			case OTSU:
				return HistogramOps.otsu(in, threads).binary();
			default:
				throw new IllegalStateException(op.id);
		}
	}

	/** Canonical text form, e.g. {@code clahe(clip=2,tiles=8x8)}; {@link #parse} reads it back. */
	public String toSpec() {
		if (params.isEmpty()) return op.id;
		final StringBuilder sb = new StringBuilder(op.id).append('(');
		boolean first = true;
		for (final Map.Entry<String, Object> e : params.entrySet()) {
			sb.append(first ? "" : ",").append(e.getKey()).append('=').append(format(e.getValue()));
			first = false;
		}
		return sb.append(')').toString();
	}

	/** JSON form, e.g. {@code {"op":"clahe","clip":2.0,"tiles":"8x8"}}. */
	public JsonObject toJson() {
		final JsonObject o = new JsonObject();
		o.addProperty("op", op.id);
		for (final Map.Entry<String, Object> e : params.entrySet()) {
			final Object v = e.getValue();
			o.add(e.getKey(), v instanceof Number ? new JsonPrimitive((Number) v) : new JsonPrimitive(format(v)));
		}
		return o;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof PreprocessingStep && ((PreprocessingStep) o).toSpec().equals(toSpec());
	}

	@Override
	public int hashCode() {
		return toSpec().hashCode();
	}

	@Override
	public String toString() {
		return toSpec();
	}

	// -- Helper methods --

	private static String describe(final String op, final Map<String, String> raw) {
		if (raw.isEmpty()) return op;
		final StringBuilder sb = new StringBuilder(op).append('(');
		raw.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ",").append(k).append('=').append(v));
		return sb.append(')').toString();
	}

	private static String format(final Object v) {
		if (v instanceof int[]) return ((int[]) v)[0] + "x" + ((int[]) v)[1];
		if (v instanceof Double) {
			final double d = (Double) v;
			if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
			return Double.toString(d);
		}
		return Objects.toString(v);
	}

	private static IllegalArgumentException bad(final String step, final String key, final String value,
		final String allowed)
	{
		return new IllegalArgumentException("preprocessing step '" + step + "': " + key + " must be " + allowed +
			", got '" + value + "'");
	}

	private static double number(final String step, final Map<String, String> raw, final String key,
		final Double defaultValue, final String allowed)
	{
		final String s = raw.get(key);
		if (s == null) {
			if (defaultValue == null) throw new IllegalArgumentException("preprocessing step '" + step +
				"': missing parameter '" + key + "' (" + allowed + ")");
			return defaultValue;
		}
		try {
			final double d = Double.parseDouble(s);
			if (Double.isFinite(d)) return d;
		}
		catch (final NumberFormatException e) {
			// reported below
		}
		throw bad(step, key, s, allowed);
	}

	private static int integer(final String step, final Map<String, String> raw, final String key,
		final Integer defaultValue, final String allowed)
	{
		final double d = number(step, raw, key, defaultValue == null ? null : defaultValue
			.doubleValue(), allowed);
		if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
		throw bad(step, key, raw.get(key), allowed);
	}

	private static int[] tiles(final String step, final String s) {
		final String[] parts = s.toLowerCase(Locale.ROOT).split("x", -1);
		try {
			if (parts.length == 2) {
				final int x = Integer.parseInt(parts[0].trim()), y = Integer.parseInt(parts[1].trim());
				if (x >= 1 && y >= 1 && x <= 256 && y <= 256) return new int[] { x, y };
			}
		}
		catch (final NumberFormatException e) {
			// reported below
		}
		throw bad(step, "tiles", s, "WxH with whole numbers 1..256, e.g. 8x8");
	}
}
