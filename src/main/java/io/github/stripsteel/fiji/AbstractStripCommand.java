package io.github.stripsteel.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import io.github.stripsteel.classify.ModelChoice;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.fiji.command.StripCommand;
import io.github.stripsteel.model.ModelPackageException;

/**
 * The commands that run a model: the {@code model} and {@code device} parameters (each left empty
 * or {@code default} takes the plugin's options, Edit > Options > Strip Steel...) and the cached
 * classifier.
 */
public abstract class AbstractStripCommand extends StripCommand {

	@Parameter(label = "Model folder", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "A model package: a folder with model.json and its weights file; empty: the " +
			"default model of Edit > Options > Strip Steel (else Fiji.app/models/neu-cls); auto: per " +
			"image, the nearest of the packages beside the default model")
	private File model;

	@Parameter(label = "Device", choices = { DEFAULT_DEVICE, "auto", "cpu", "gpu" },
		description = "default: the device of Edit > Options > Strip Steel; auto uses a CUDA GPU " +
			"when PyTorch sees one")
	private String device = DEFAULT_DEVICE;

	/**
	 * The {@code model} value that chooses a model per image among the packages of the models
	 * folder (the folder of the default model), as the CLI's {@code classify --model auto}.
	 */
	public static final String AUTO_MODEL = "auto";

	/** The model folder: the {@code model} parameter, else the options' default model. */
	protected Path modelDir() {
		requireOneModel(title());
		return model == null || model.getPath().isBlank() ? options().model() : model.toPath();
	}

	/**
	 * Refuses {@code model=auto} for {@code what} (a command or an option) that needs one model.
	 *
	 * @throws IllegalArgumentException when {@code model} is {@value #AUTO_MODEL}
	 */
	protected void requireOneModel(final String what) {
		if (autoModel()) throw new IllegalArgumentException("model=" + AUTO_MODEL + " chooses a model " +
			"per image; " + what + " needs one model: give model=[/path/to/model-folder]");
	}

	/** True when {@code model} is {@value #AUTO_MODEL}. */
	protected boolean autoModel() {
		return model != null && AUTO_MODEL.equals(model.getPath().strip());
	}

	/**
	 * Runs {@code task} with the models that classify: with {@code model=auto} every package in the
	 * folder of the default model (opened for this run; with more than one, each needs its
	 * out-of-distribution statistics), else the cached classifier of {@link #modelDir()}.
	 */
	protected <T> T withModels(final Function<ModelChoice, T> task) throws ModelPackageException,
		IOException
	{
		if (!autoModel()) return withClassifier(c -> task.apply(ModelChoice.of(c)));
		final Path folder = options().model().toAbsolutePath().normalize().getParent();
		try (ModelChoice models = ModelChoice.open(ModelChoice.packagesIn(folder), deviceChoice())) {
			return task.apply(models);
		}
	}

	/** The device choice, or an {@link IllegalArgumentException} naming the valid values. */
	protected DeviceChoice deviceChoice() {
		return deviceChoice(device);
	}

	/** Runs {@code task} with the cached classifier for {@code model} and {@code device}. */
	protected <T> T withClassifier(final Function<StripClassifier, T> task)
		throws ModelPackageException
	{
		return ClassifierCache.get().use(modelDir(), deviceChoice(), task);
	}
}
