package io.github.stripsteel.preprocess;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * An ordered list of {@link PreprocessingStep}s applied to 8-bit images, stored with a model
 * (model.json) so that training, evaluation, classification and Fiji preprocess identically.
 * Text form: steps separated by {@code >}, e.g.
 * {@code clahe(clip=2,tiles=8x8) > resize(width=128,height=128)}; the empty string is the identity.
 */
public final class PreprocessingChain {

	private final List<PreprocessingStep> steps;

	private PreprocessingChain(final List<PreprocessingStep> steps) {
		this.steps = List.copyOf(steps);
	}

	/** A chain of the given steps. */
	public static PreprocessingChain of(final List<PreprocessingStep> steps) {
		return new PreprocessingChain(steps);
	}

	/**
	 * Parses a chain spec.
	 *
	 * @throws IllegalArgumentException naming the bad step and the allowed values
	 */
	public static PreprocessingChain parse(final String spec) {
		final List<PreprocessingStep> steps = new ArrayList<>();
		if (spec != null && !spec.isBlank()) {
			for (final String part : spec.split(">", -1)) {
				if (part.isBlank()) throw new IllegalArgumentException("preprocessing chain '" + spec +
					"': empty step; allowed: " + PreprocessingStep.Op.allowed());
				steps.add(PreprocessingStep.parse(part));
			}
		}
		return new PreprocessingChain(steps);
	}

	/** Reads {@code [{"op":"resize","width":128,"height":128}, ...]}. */
	public static PreprocessingChain fromJson(final JsonArray json) {
		final List<PreprocessingStep> steps = new ArrayList<>();
		for (final JsonElement e : json) {
			if (!e.isJsonObject()) throw new IllegalArgumentException("preprocessing step " + e +
				": expected an object like {\"op\":\"resize\",\"width\":128,\"height\":128}");
			steps.add(PreprocessingStep.fromJson(e.getAsJsonObject()));
		}
		return new PreprocessingChain(steps);
	}

	public List<PreprocessingStep> steps() {
		return steps;
	}

	/** Canonical spec; {@code parse(toSpec())} gives an equal chain. */
	public String toSpec() {
		final StringBuilder sb = new StringBuilder();
		for (final PreprocessingStep s : steps)
			sb.append(sb.length() == 0 ? "" : " > ").append(s.toSpec());
		return sb.toString();
	}

	public JsonArray toJson() {
		final JsonArray a = new JsonArray();
		for (final PreprocessingStep s : steps)
			a.add(s.toJson());
		return a;
	}

	/** Applies all steps with as many threads as there are processors; returns a new image. */
	public ArrayImg<UnsignedByteType, ByteArray> apply(final ArrayImg<UnsignedByteType, ByteArray> in) {
		return apply(in, Runtime.getRuntime().availableProcessors());
	}

	/** Applies all steps with at most {@code threads} threads; returns a new image (a copy for no steps). */
	public ArrayImg<UnsignedByteType, ByteArray> apply(final ArrayImg<UnsignedByteType, ByteArray> in,
		final int threads)
	{
		ArrayImg<UnsignedByteType, ByteArray> img = in;
		for (final PreprocessingStep s : steps)
			img = s.apply(img, Math.max(1, threads));
		if (img == in) img = Images.wrap(Images.bytes(in).clone(), Images.width(in), Images.height(in));
		return img;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof PreprocessingChain && ((PreprocessingChain) o).steps.equals(steps);
	}

	@Override
	public int hashCode() {
		return steps.hashCode();
	}

	@Override
	public String toString() {
		return toSpec();
	}
}
