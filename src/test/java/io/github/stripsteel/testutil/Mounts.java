package io.github.stripsteel.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a temporary folder, for tests of full and read-only file systems. Needs
 * the right to mount (root in a container that allows it); otherwise the test is skipped with a
 * message saying so.
 */
public final class Mounts implements AutoCloseable {

	private final Path dir;

	private Mounts(final Path dir) {
		this.dir = dir;
	}

	/** Mounts a tmpfs with {@code options} (e.g. {@code size=64k} or {@code ro}) on {@code dir}. */
	public static Mounts tmpfs(final Path dir, final String options) throws IOException,
		InterruptedException
	{
		Files.createDirectories(dir);
		final String out = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
		Assumptions.assumeTrue(out == null, () -> "cannot mount a tmpfs here (" + out +
			"), so this file-system fault is not tested");
		return new Mounts(dir);
	}

	public Path dir() {
		return dir;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		// lazy: a file still open in this JVM must not keep the mount
		final String out = run("umount", "-l", dir.toString());
		if (out != null) throw new IOException("umount " + dir + ": " + out);
	}

	/** Null when the command succeeds, else its output. */
	private static String run(final String... command) throws IOException, InterruptedException {
		final List<String> c = new ArrayList<>(List.of(command));
		final Process p;
		try {
			p = new ProcessBuilder(c).redirectErrorStream(true).start();
		}
		catch (final IOException e) {
			return e.getMessage();
		}
		final String out = new String(p.getInputStream().readAllBytes()).trim();
		if (!p.waitFor(30, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			return String.join(" ", c) + " did not finish";
		}
		return p.exitValue() == 0 ? null : out.isEmpty() ? "exit " + p.exitValue() : out;
	}
}
