package io.github.stripsteel.fiji.real;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the processes a test needs (Fiji, Xvfb) so that they end with the test JVM, however it
 * ends. A JVM killed with SIGKILL runs no shutdown hook, so each child is started under a small
 * {@code sh} watchdog that polls the test JVM's pid once a second and kills the child (SIGKILL)
 * when that pid is gone; a shutdown hook ends them at once on a normal exit or SIGTERM. The
 * watchdog passes the child's exit code on, and output redirection applies to the child.
 */
final class ChildProcesses {

	/** The watchdog: runs "$@", kills it when pid $1 dies, exits with its code. */
	private static final String WATCHDOG = "parent=$1; shift; \"$@\" & child=$!; " +
		"( while kill -0 \"$parent\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do sleep 1; done; " +
		"kill -9 \"$child\" 2>/dev/null ) & watch=$!; wait \"$child\"; code=$?; kill \"$watch\" " +
		"2>/dev/null; exit $code";

	private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildProcesses::end),
			"end Fiji child processes"));
	}

	private ChildProcesses() {}

	/** Starts {@code pb}'s command under a watchdog of this JVM. */
	static Process start(final ProcessBuilder pb) throws IOException {
		return start(pb, ProcessHandle.current().pid());
	}

	/** Starts {@code pb}'s command under a watchdog that ends it when process {@code parent} ends. */
	static Process start(final ProcessBuilder pb, final long parent) throws IOException {
		final List<String> cmd = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "watchdog", Long
			.toString(parent)));
		cmd.addAll(pb.command());
		final Process p = pb.command(cmd).start();
		LIVE.add(p);
		p.onExit().thenRun(() -> LIVE.remove(p));
		return p;
	}

	/** Ends {@code p} and everything it started (the watchdog's child first). */
	static void end(final Process p) {
		p.descendants().forEach(ProcessHandle::destroyForcibly);
		p.destroyForcibly();
	}
}
