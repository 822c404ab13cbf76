package io.github.stripsteel.fiji.ij1;

import java.util.Locale;

import ij.Macro;

/**
 * Reads ImageJ 1 macro options ({@code "model=[/my models/neu] device=cpu top_k=5 recursive"}) with
 * ImageJ's own rules: {@code key=value} or {@code key=[value with spaces]}, keys matched as whole
 * words; a boolean is true when its key appears alone (as the Recorder writes checked boxes) or as
 * {@code key=true}, and false when absent, as in ImageJ's dialogs.
 */
public final class MacroOptions {

	private final String options;

	public MacroOptions(final String options) {
		// Macro.getValue looks for " key=" and needs the trailing space ImageJ appends
		final String o = options == null ? "" : options;
		this.options = o.endsWith(" ") ? o : o + " ";
	}

	/** The value of {@code key}, or {@code null} when the options do not give it. */
	public String value(final String key) {
		final String v = Macro.getValue(options, key, null);
		return v == null ? null : v.trim();
	}

	public boolean flag(final String key) {
		final String v = value(key);
		if (v != null) return v.equalsIgnoreCase("true") || v.equals("1");
		for (final String token : options.split("\\s+"))
			if (token.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) return true;
		return false;
	}

	@Override
	public String toString() {
		return options.trim();
	}
}
