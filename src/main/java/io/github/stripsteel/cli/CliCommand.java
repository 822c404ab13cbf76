package io.github.stripsteel.cli;

import java.util.List;

/** One sub-command of {@code bin/strip-steel}, e.g. {@code classify} or {@code preprocess}. */
public interface CliCommand {

	/** The word after {@code strip-steel} that selects this command. */
	String name();

	/** One usage line, shown by {@code strip-steel help} and on a usage error. */
	String usage();

	/**
	 * Runs the command.
	 *
	 * @param args the arguments after the command name
	 * @param out where tables and figures for the user go (standard output)
	 * @return the process exit code (0 on success)
	 * @throws UsageException when the arguments are wrong; the message is one line
	 */
	int run(List<String> args, CliIO io) throws Exception;
}
