package io.github.stripsteel.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.model.Architectures;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.preprocess.PreprocessingChain;

/** Test fixtures: a small (untrained, deterministic) model package and sample image paths. */
public final class TestModel {

	public static final List<String> NEU_CLASSES = List.of("crazing", "inclusion", "patches",
		"pitted_surface", "rolled-in_scale", "scratches");

	private TestModel() {}

	/** Writes a ResNet34 package (32x32 input, seed 1, float16 weights) into {@code dir}. */
	public static Path write(final Path dir) throws IOException {
		final Engine engine = DeepLearningEngine.get();
		engine.setRandomSeed(1);
		try (NDManager manager = engine.newBaseManager()) {
			final ClassifierNet net = Architectures.create("resnet34", NEU_CLASSES.size());
			net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
			final JsonObject json = new JsonObject();
			json.addProperty("id", "test-neu-resnet34");
			json.addProperty("name", "test model");
			json.addProperty("architecture", "resnet34");
			final JsonArray names = new JsonArray();
			NEU_CLASSES.forEach(names::add);
			json.add("classes", names);
			final JsonObject input = new JsonObject();
			input.addProperty("channels", 1);
			input.addProperty("width", 32);
			input.addProperty("height", 32);
			json.add("input", input);
			json.add("preprocessing", PreprocessingChain.parse("resize(width=32,height=32)").toJson());
			final JsonObject norm = new JsonObject();
			norm.addProperty("scale", 1.0 / 255);
			norm.addProperty("mean", 0.5);
			norm.addProperty("std", 0.25);
			json.add("normalization", norm);
			ModelPackage.write(dir, json, net, DataType.FLOAT16);
		}
		return dir;
	}

	public static Path projectDir() {
		return Path.of(System.getProperty("project.dir", "."));
	}

	/** {@code sample-images/neu-cls/<cls>/<file>} of the project. */
	public static Path sample(final String cls, final String file) {
		final Path p = projectDir().resolve("sample-images/neu-cls").resolve(cls).resolve(file);
		if (!Files.isRegularFile(p)) throw new IllegalStateException("missing sample image " + p);
		return p;
	}
}
