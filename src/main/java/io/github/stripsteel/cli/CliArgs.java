package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --key value}, {@code --key=value}, {@code --flag} and positional arguments against
 * the option names a command declares, so that an unknown or misspelled option is an error.
 */
public final class CliArgs {

	private final Map<String, String> options = new HashMap<>();
	private final List<String> positionals = new ArrayList<>();

	private CliArgs() {}

	/**
	 * @param valued options that take a value, without the leading dashes
	 * @param flags options without a value
	 */
	public static CliArgs parse(final List<String> args, final Set<String> valued,
		final Set<String> flags) throws UsageException
	{
		final CliArgs parsed = new CliArgs();
		for (int i = 0; i < args.size(); i++) {
			final String arg = args.get(i);
			if (!arg.startsWith("--") || arg.length() == 2) {
				parsed.positionals.add(arg);
				continue;
			}
			String key = arg.substring(2);
			String value = null;
			final int eq = key.indexOf('=');
			if (eq >= 0) {
				value = key.substring(eq + 1);
				key = key.substring(0, eq);
			}
			if (flags.contains(key)) {
				if (value != null) throw new UsageException("option --" + key + " takes no value");
				parsed.options.put(key, "true");
			}
			else if (valued.contains(key)) {
				if (value == null) {
					if (i + 1 >= args.size()) throw new UsageException("option --" + key + " needs a value");
					value = args.get(++i);
				}
				parsed.options.put(key, value);
			}
			else {
				throw new UsageException("unknown option --" + key);
			}
		}
		return parsed;
	}

	public List<String> positionals() {
		return positionals;
	}

	public boolean has(final String key) {
		return options.containsKey(key);
	}

	public String get(final String key, final String defaultValue) {
		return options.getOrDefault(key, defaultValue);
	}

	public String require(final String key) throws UsageException {
		final String value = options.get(key);
		if (value == null) throw new UsageException("missing required option --" + key);
		return value;
	}

	public Path path(final String key, final Path defaultValue) {
		final String value = options.get(key);
		return value == null ? defaultValue : Path.of(value);
	}

	public int getInt(final String key, final int defaultValue) throws UsageException {
		final String value = options.get(key);
		if (value == null) return defaultValue;
		try {
			return Integer.parseInt(value.trim());
		}
		catch (final NumberFormatException e) {
			throw new UsageException("--" + key + " needs a whole number, got '" + value + "'");
		}
	}

	public double getDouble(final String key, final double defaultValue) throws UsageException {
		final String value = options.get(key);
		if (value == null) return defaultValue;
		try {
			return Double.parseDouble(value.trim());
		}
		catch (final NumberFormatException e) {
			throw new UsageException("--" + key + " needs a number, got '" + value + "'");
		}
	}
}
