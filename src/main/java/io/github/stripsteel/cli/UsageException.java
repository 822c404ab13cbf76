package io.github.stripsteel.cli;

/** Wrong command-line arguments; the message is printed as one line and the exit code is 2. */
public class UsageException extends Exception {

	public UsageException(final String message) {
		super(message);
	}
}
