package io.github.stripsteel.fiji;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;

import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

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
			"default model of Edit > Options > Strip Steel (else Fiji.app/models/neu-cls)")
	private File model;

	@Parameter(label = "Device", choices = { DEFAULT_DEVICE, "auto", "cpu", "gpu" },
		description = "default: the device of Edit > Options > Strip Steel; auto uses a CUDA GPU " +
			"when PyTorch sees one")
	private String device = DEFAULT_DEVICE;

	/** The model folder: the {@code model} parameter, else the options' default model. */
	protected Path modelDir() {
		return model == null || model.getPath().isBlank() ? options().model() : model.toPath();
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
