package io.github.stripsteel.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.github.stripsteel.testutil.TestModels;

/** Test fixtures for the Fiji layer: a small model package and sample image paths. */
public final class TestModel {

	public static final List<String> NEU_CLASSES = TestModels.NEU_CLASSES;

	private TestModel() {}

	/** Writes a ResNet34 package (32x32 input, seed 1, float16 weights) into {@code dir}. */
	public static Path write(final Path dir) throws IOException {
		TestModels.writeRandomPackage(dir, NEU_CLASSES, 32);
		return dir;
	}

	public static Path projectDir() {
		return TestModels.projectDir();
	}

	/** A NEU image from {@code sample-images/neu-cls/<cls>/<name>}. */
	public static Path sample(final String cls, final String name) {
		return projectDir().resolve("sample-images").resolve("neu-cls").resolve(cls).resolve(name);
	}
}
