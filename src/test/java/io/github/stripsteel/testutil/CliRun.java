package io.github.stripsteel.testutil;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.scijava.log.StderrLogService;

import io.github.stripsteel.cli.CliIO;
import io.github.stripsteel.cli.StripSteelCli;

/** One command line run in-process, as {@code bin/strip-steel} runs it: exit code and both streams. */
public record CliRun(int code, String out, String err) {

	public static CliRun of(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int code = StripSteelCli.run(List.of(args), new CliIO(new PrintStream(out, true,
			StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
			new StderrLogService().subLogger("test")));
		return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(
			StandardCharsets.UTF_8));
	}
}
