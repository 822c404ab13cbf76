package io.github.stripsteel.cli;

import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.ModelPackageException.Remedy;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * Library errors in the words of the command line: a refused setting named by its option
 * ({@code --folds}), and a package's mend ({@link ModelPackageException#remedy()}) by the command
 * that performs it.
 */
final class CliMessages {

	private CliMessages() {}

	/** The message of {@code e} on one line, with options for settings and the mending command. */
	static String of(final Throwable e) {
		final String message = e instanceof InvalidSettingException s ? s.message(
			UsageException::option) : e.getMessage();
		final String text = message == null || message.isBlank() ? e.getClass().getSimpleName()
			: message;
		final Remedy remedy = ModelPackageException.remedyOf(e);
		return text.replace('\n', ' ') + (remedy == null ? "" : "; run: " + command(remedy));
	}

	/** The command line that mends a package. */
	static String command(final Remedy remedy) {
		switch (remedy.action()) {
			case RELABEL:
				return "strip-steel relabel --model " + remedy.model() + " --classes " + (remedy.classes()
					.isEmpty() ? "NAME,NAME,..." : String.join(",", remedy.classes()));
			case CALIBRATE:
				return "strip-steel calibrate --model " + remedy.model() + " --data DATASET";
			default:
				throw new IllegalArgumentException("no command for " + remedy.action());
		}
	}
}
