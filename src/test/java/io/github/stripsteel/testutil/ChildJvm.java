package io.github.stripsteel.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the command line in a separate JVM (java of {@code java.home}, this JVM's class path), so a
 * test can kill it with SIGKILL as a user's {@code kill -9} would. Output goes to files.
 */
public final class ChildJvm {

	private ChildJvm() {}

	/** Starts {@code strip-steel ARGS}; stdout and stderr go to {@code logDir/out.txt, err.txt}. */
	public static Process startCli(final Path logDir, final String... args) throws IOException {
		final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
			"bin", "java").toString(), "-Xmx2g", "-Djava.awt.headless=true", "--add-modules",
			"jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
			"io.github.stripsteel.cli.StripSteelCli"));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectOutput(logDir.resolve("out.txt").toFile())
			.redirectError(logDir.resolve("err.txt").toFile()).start();
	}
}
