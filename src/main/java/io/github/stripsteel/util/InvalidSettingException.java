package io.github.stripsteel.util;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting of a configuration that cannot be used (unknown name, value out of range). The
 * message is a template in which each setting appears as {@code {key}} (e.g. {@code {lr}},
 * {@code {val_fraction}}): {@link #getMessage()} names the settings in plain words, and each face
 * renders them with its own option names ({@code --lr} on the command line, {@code learning_rate}
 * in Fiji) through {@link #message(UnaryOperator)}.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private static final Pattern KEY = Pattern.compile("\\{([a-z0-9_]+)\\}");

	/** Plain words for the keys that are abbreviations; the others read with spaces for '_'. */
	private static final Map<String, String> PLAIN = Map.of("lr", "learning rate", "batch",
		"batch size", "val_fraction", "validation fraction", "min_crop", "smallest random crop", "ngf",
		"generator width", "ndf", "discriminator width", "source", "source class", "target",
		"target class", "ema", "weight average decay");

	private final String template;

	/** @param template the message, with {@code {key}} where a setting is named */
	public InvalidSettingException(final String template) {
		super(render(template, InvalidSettingException::plainName));
		this.template = template;
	}

	/** The message with each setting named by {@code names} (a face's option names). */
	public String message(final UnaryOperator<String> names) {
		return render(template, names);
	}

	/**
	 * The constant of {@code values} whose lower-case name is {@code name}, for settings that are an
	 * enum's constants under their lower-case names.
	 *
	 * @throws InvalidSettingException naming the setting {@code key} and the known names
	 */
	public static <E extends Enum<E>> E choice(final String key, final E[] values, final String name) {
		for (final E e : values)
			if (label(e).equals(name)) return e;
		throw new InvalidSettingException("unknown {" + key + "} '" + name + "'; known: " + Stream.of(
			values).map(InvalidSettingException::label).collect(Collectors.joining(", ")));
	}

	/** An enum constant's lower-case name, the name a setting gives it. */
	public static String label(final Enum<?> e) {
		return e.name().toLowerCase(Locale.ROOT);
	}

	/** The plain-words name of a setting key. */
	public static String plainName(final String key) {
		return PLAIN.getOrDefault(key, key.replace('_', ' '));
	}

	// -- Helper methods --

	private static String render(final String template, final UnaryOperator<String> names) {
		final Matcher m = KEY.matcher(template);
		final StringBuilder sb = new StringBuilder();
		while (m.find())
			m.appendReplacement(sb, Matcher.quoteReplacement(names.apply(m.group(1))));
		m.appendTail(sb);
		return sb.toString();
	}
}
