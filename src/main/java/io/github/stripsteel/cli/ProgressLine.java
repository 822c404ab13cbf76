package io.github.stripsteel.cli;

import java.util.Locale;

import io.github.stripsteel.classify.BatchClassifier.FileResult;

/**
 * A progress line on stderr at most every {@value #INTERVAL_SECONDS} seconds during a long run:
 * files done, images per second and the time left (from the files classified in this run; files
 * kept from an earlier run count as done but not in the rate). Silent with {@code --quiet}.
 */
final class ProgressLine {

	static final double INTERVAL_SECONDS = 3;

	private final CliIO io;
	private final boolean quiet;
	private final long start = System.nanoTime();
	private long last = start;
	private int classified;

	ProgressLine(final CliIO io, final boolean quiet) {
		this.io = io;
		this.quiet = quiet;
	}

	void fileDone(final int done, final int total, final FileResult r) {
		if (r.csvRow() == null) classified++;
		final long now = System.nanoTime();
		if (quiet || done == total || (now - last) / 1e9 < INTERVAL_SECONDS) return;
		last = now;
		final double rate = classified / ((now - start) / 1e9);
		final int left = total - done;
		io.err().println(String.format(Locale.ROOT, "classify: %d/%d files, %.1f images/s, %s left",
			done, total, rate, rate > 0 ? duration(left / rate) : "unknown time"));
	}

	private static String duration(final double seconds) {
		final long s = Math.round(seconds);
		return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(
			"%d:%02d", s / 60, s % 60);
	}
}
