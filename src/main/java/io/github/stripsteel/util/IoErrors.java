package io.github.stripsteel.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns the JDK's terse I/O errors ("No space left on device", an exception whose message is only a
 * path) into one line that says which path, what was being done, why it failed and what helps.
 */
public final class IoErrors {

	private IoErrors() {}

	/** An I/O error already described by {@link #explain}. */
	public static final class Explained extends IOException {

		private static final long serialVersionUID = 1L;

		Explained(final String message, final IOException cause) {
			super(message, cause);
		}
	}

	/** An I/O action that may fail. */
	@FunctionalInterface
	public interface Action<T> {

		T run() throws IOException;
	}

	/** Runs {@code action}; a failure is rethrown as {@link #explain}{@code (path, what, e)}. */
	public static <T> T call(final Path path, final String what, final Action<T> action)
		throws IOException
	{
		try {
			return action.run();
		}
		catch (final IOException e) {
			throw explain(path, what, e);
		}
	}

	/**
	 * {@code "<path>: cannot <what>: <reason>"}; an exception explained before is returned as it is.
	 */
	public static IOException explain(final Path path, final String what, final IOException e) {
		if (e instanceof Explained) return e;
		return new Explained(path + ": cannot " + what + ": " + reason(e), e);
	}

	/** Why an I/O operation failed, in words, with the way out where there is one. */
	public static String reason(final IOException e) {
		// writers such as ImageIO wrap the operating system's error in their own
		IOException root = e;
		for (Throwable t = e.getCause(); t != null; t = t.getCause())
			if (t instanceof IOException io) root = io;
		final String text = (message(e) + " " + message(root)).toLowerCase(Locale.ROOT).strip();
		if (text.contains("no space left")) return "no space left on the device; free some space " +
			"or choose another folder";
		if (text.contains("read-only file system")) return "the file system is read-only; choose " +
			"another folder";
		if (text.contains("disk quota")) return "disk quota exceeded; free some space or choose " +
			"another folder";
		if (root instanceof AccessDeniedException || text.contains("permission denied"))
			return "permission denied (read-only for this user); choose a folder you can write to";
		if (root instanceof NotDirectoryException || text.contains("not a directory"))
			return "a file is in the way where a folder is needed";
		if (root instanceof FileAlreadyExistsException) return "a file of that name exists";
		if (root instanceof NoSuchFileException) return "it does not exist";
		final String m = message(root);
		return m.isBlank() ? root.getClass().getSimpleName() : m;
	}

	private static String message(final IOException e) {
		final String m = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e
			.getMessage();
		return m == null ? "" : m;
	}
}
