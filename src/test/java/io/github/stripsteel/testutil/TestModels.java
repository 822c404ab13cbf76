package io.github.stripsteel.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.model.Architectures;
import io.github.stripsteel.model.ClassifierNet;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.preprocess.PreprocessingChain;

/** Small, deterministic model packages for tests (random weights, fixed seed). */
public final class TestModels {

	public static final List<String> NEU_CLASSES = List.of("crazing", "inclusion", "patches",
		"pitted_surface", "rolled-in_scale", "scratches");

	private TestModels() {}

	/** The project folder, as Surefire passes it (the shared folder: {@link SharedData}). */
	public static Path projectDir() {
		return Path.of(System.getProperty("project.dir", "."));
	}

	/** Writes a ResNet34 package with random weights for {@code classes} at input size x size. */
	public static ModelPackage writeRandomPackage(final Path dir, final List<String> classes,
		final int size) throws IOException
	{
		DeepLearningEngine.get().setRandomSeed(1);
		try (NDManager manager = DeepLearningEngine.get().newBaseManager()) {
			final ClassifierNet net = Architectures.create("resnet34", classes.size());
			net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, size, size));
			return ModelPackage.write(dir, packageJson(classes, size), net, DataType.FLOAT16);
		}
	}

	/** The {@code model.json} fields a package needs besides its weights. */
	public static JsonObject packageJson(final List<String> classes, final int size) {
		return packageJson("resnet34", classes, size);
	}

	/** The same for another architecture. */
	public static JsonObject packageJson(final String arch, final List<String> classes,
		final int size)
	{
		final JsonObject json = new JsonObject();
		json.addProperty("id", "test-" + arch + "-" + classes.size() + "-" + size);
		json.addProperty("architecture", arch);
		final JsonArray names = new JsonArray();
		classes.forEach(names::add);
		json.add("classes", names);
		final JsonObject input = new JsonObject();
		input.addProperty("channels", 1);
		input.addProperty("width", size);
		input.addProperty("height", size);
		json.add("input", input);
		json.add("preprocessing", PreprocessingChain.parse("resize(width=" + size + ",height=" + size +
			")").toJson());
		final JsonObject norm = new JsonObject();
		norm.addProperty("scale", 1.0 / 255);
		norm.addProperty("mean", 0.5);
		norm.addProperty("std", 0.25);
		json.add("normalization", norm);
		final JsonObject training = new JsonObject();
		training.addProperty("seed", 42);
		training.addProperty("val_fraction", 0.2);
		training.addProperty("protocol", "test");
		json.add("training", training);
		return json;
	}
}
