package io.github.stripsteel.cli;

import io.github.stripsteel.util.InvalidSettingException;

/** Wrong command-line arguments; the message is printed as one line and the exit code is 2. */
public class UsageException extends Exception {

	public UsageException(final String message) {
		super(message);
	}

	/** A library's refusal of a setting, in the words of the command line ({@code --val-fraction}). */
	public static UsageException of(final InvalidSettingException e) {
		final UsageException u = new UsageException(e.message(UsageException::option));
		u.initCause(e);
		return u;
	}

	/** The option that sets the library setting {@code key}. */
	static String option(final String key) {
		return "--" + key.replace('_', '-');
	}
}
