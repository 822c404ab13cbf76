package io.github.stripsteel.cli;

import java.io.PrintStream;

import org.scijava.log.Logger;

/** What a CLI command writes to: results on {@code out}, a log on {@code err}. */
public record CliIO(PrintStream out, PrintStream err, Logger log) {
}
