package io.github.stripsteel.fiji.command;

import java.io.File;
import java.util.Locale;

/**
 * Reads ImageJ 1 macro options ({@code "model=[/my models/neu] device=cpu top_k=5 recursive"}) with
 * ImageJ's rules: {@code key=value} or {@code key=[value with spaces]}, keys matched as whole
 * words; a boolean is true when its key appears alone (as the Recorder writes checked boxes) or as
 * {@code key=true}, and false when absent, as in ImageJ's dialogs.
 */
public final class MacroOptions {

	private final String options;

	public MacroOptions(final String options) {
		final String o = options == null ? "" : options;
		this.options = o.endsWith(" ") ? o : o + " ";
	}

	/**
	 * The value of {@code key}, or {@code null} when the options do not give it. Unlike
	 * {@code Macro.getValue}, {@code model} does not match inside {@code my_model=}, nor inside
	 * another key's bracketed value ({@code ksize} in {@code chain=[gaussian(sigma=2, ksize=5)]}).
	 */
	public String value(final String key) {
		final String k = key.toLowerCase(Locale.ROOT) + "=";
		final String lower = options.toLowerCase(Locale.ROOT);
		int i = lower.indexOf(k);
		while (i >= 0 && (i > 0 && !Character.isWhitespace(options.charAt(i - 1)) || insideBrackets(i)))
			i = lower.indexOf(k, i + 1);
		if (i < 0) return null;
		final int start = i + k.length();
		final int end;
		if (start < options.length() && options.charAt(start) == '[') {
			end = options.indexOf(']', start + 1);
			if (end < 0) return options.substring(start + 1).trim();
			return options.substring(start + 1, end);
		}
		end = options.indexOf(' ', start);
		return options.substring(start, end < 0 ? options.length() : end).trim();
	}

	public boolean flag(final String key) {
		final String v = value(key);
		if (v != null) return v.equalsIgnoreCase("true") || v.equals("1");
		for (final String token : options.split("\\s+"))
			if (token.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) return true;
		return false;
	}

	/**
	 * {@code text} as a value of {@code type} (File, whole and decimal numbers, else the text).
	 *
	 * @throws IllegalArgumentException naming the key when a number does not parse
	 */
	public static Object convert(final String key, final String text, final Class<?> type) {
		try {
			if (type == File.class) return new File(text);
			if (type == int.class || type == Integer.class) return (int) Math.round(Double.parseDouble(
				text));
			if (type == double.class || type == Double.class) return Double.parseDouble(text);
			if (type == float.class || type == Float.class) return Float.parseFloat(text);
			if (type == boolean.class || type == Boolean.class) return text.equalsIgnoreCase("true") ||
				text.equals("1");
			return text;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("macro option " + key + "=" + text + " is not a number");
		}
	}

	@Override
	public String toString() {
		return options.trim();
	}

	// -- Helper methods --

	private boolean insideBrackets(final int i) {
		return options.lastIndexOf('[', i - 1) > options.lastIndexOf(']', i - 1);
	}
}
