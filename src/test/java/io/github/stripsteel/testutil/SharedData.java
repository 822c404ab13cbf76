package io.github.stripsteel.testutil;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The workspace's shared folder ({@code ../shared}, or the system property {@code shared.dir} that
 * Surefire sets): datasets and OpenCV reference images. A test that needs a part of it asks here;
 * when the part is absent the test is skipped with a message naming the path (a clone outside the
 * workspace still passes {@code mvn test}), except under {@code CI=true}, where it fails: CI
 * always has the folder, so a missing part there is a broken set-up, not a reason to skip.
 */
public final class SharedData {

	private SharedData() {}

	/** The shared folder (absolute), whether or not it exists. */
	public static Path dir() {
		return Path.of(System.getProperty("shared.dir", "../shared")).toAbsolutePath().normalize();
	}

	/** {@code relative} inside the shared folder; skips (fails under CI) when it does not exist. */
	public static Path require(final String relative) {
		final Path path = dir().resolve(relative);
		if (Files.exists(path)) return path;
		final String why = path + " does not exist (the shared datasets and reference images; set " +
			"-Dshared.dir to their folder)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but " + why);
		Assumptions.abort("skipped: " + why);
		throw new AssertionError("unreachable");
	}

	/** {@code opencv-reference}: OpenCV 4.6 results on the 200x200 input. */
	public static Path opencvReference() {
		return require("opencv-reference");
	}

	/** {@code datasets/<name>}, e.g. {@code neu-cls} or {@code x-sdd}. */
	public static Path dataset(final String name) {
		return require("datasets/" + name);
	}
}
