package io.github.stripsteel.fiji;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;

import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.log.Logger;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.model.ModelPackageException;

/**
 * The shared flow of the Strip Steel commands: the {@code model} and {@code device} parameters, the
 * cached classifier, a sub-logger, and failing with one clear line. A {@link ContextCommand}, so
 * it can be cancelled (and {@code CommandService.run(...).get()} still returns its module).
 */
public abstract class AbstractStripCommand extends ContextCommand {

	@Parameter
	private LogService logService;

	@Parameter(label = "Model folder", style = FileWidget.DIRECTORY_STYLE,
		description = "A model package: a folder with model.json and its weights file")
	private File model = ModelLocations.defaultModel().toFile();

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" },
		description = "auto uses a CUDA GPU when PyTorch sees one")
	private String device = "auto";

	private Logger log;

	/** The sub-logger of this plugin. */
	protected Logger log() {
		if (log == null) log = logService.subLogger("Strip Steel");
		return log;
	}

	protected Path modelDir() {
		return model.toPath();
	}

	/** The device choice, or an {@link IllegalArgumentException} naming the valid values. */
	protected DeviceChoice deviceChoice() {
		return DeviceChoice.parse(device);
	}

	/** Runs {@code task} with the cached classifier for {@code model} and {@code device}. */
	protected <T> T withClassifier(final Function<StripClassifier, T> task)
		throws ModelPackageException
	{
		return ClassifierCache.get().use(modelDir(), deviceChoice(), task);
	}

	/** Logs one error line and cancels the command with it (the ImageJ 1 bridge shows it). */
	protected void fail(final String message) {
		log().error(message);
		cancel(message);
	}

	/** Milliseconds since {@code startNanos}. */
	protected static double millisSince(final long startNanos) {
		return (System.nanoTime() - startNanos) / 1e6;
	}

	/** The first line of an exception's message, or its class name. */
	protected static String messageOf(final Exception e) {
		final String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
	}
}
