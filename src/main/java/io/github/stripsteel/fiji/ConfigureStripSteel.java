package io.github.stripsteel.fiji;

import java.io.File;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;
import org.scijava.widget.FileWidget;

import io.github.stripsteel.fiji.command.MacroDefaults;
import io.github.stripsteel.fiji.command.StripCommand;
import io.github.stripsteel.fiji.command.StripSteelOptions;

/**
 * Edit > Options > Strip Steel...: the plugin's options, as ilastik4ij's Configure: the default
 * model folder and device of every command whose {@code model} is empty or whose {@code device} is
 * {@code default}, and PyTorch's threads. The dialog shows the stored values; a macro changes only
 * the keys it names ({@code run("Strip Steel...", "device=cpu")} keeps the stored model and
 * threads). The fields start unset so that the stored values fill them (never over values a
 * script gave).
 */
@Plugin(type = Command.class, headless = true, menuPath = "Edit>Options>Strip Steel...",
	initializer = "loadStored")
public class ConfigureStripSteel extends StripCommand implements MacroDefaults.StoredValues {

	@Parameter
	private PrefService prefService;

	@Parameter(label = "Default model folder", style = FileWidget.DIRECTORY_STYLE, required = false,
		persist = false, description = "Used when a command's model is empty; empty: " +
			"Fiji.app/models/neu-cls")
	private File model;

	@Parameter(label = "Default device", choices = { "auto", "cpu", "gpu" }, persist = false,
		description = "Used when a command's device is 'default'; auto uses a CUDA GPU when PyTorch " +
			"sees one")
	private String device;

	@Parameter(label = "PyTorch threads (0 = all processors)", min = "0", max = "1024",
		persist = false, description = "Intra-op threads of the engine; applies from the next start " +
			"of Fiji")
	private int threads = -1;

	@Override
	protected String title() {
		return "Strip Steel options";
	}

	@Override
	protected void execute() {
		loadStored();
		final String folder = model == null ? "" : model.getPath().trim();
		if (!folder.isEmpty() && !new File(folder).isDirectory()) throw new IllegalArgumentException(
			"model folder " + folder + " does not exist; choose a model package folder (with " +
				"model.json), or leave it empty for the built-in default");
		final StripSteelOptions options = options();
		options.save(folder, device, threads);
		log().info(String.format("options: default model %s, device %s, threads %s", folder.isEmpty()
			? options.model() + " (built-in)" : folder, device, threads == 0 ? "all processors"
				: threads));
	}

	/** Fills the fields still unset from the stored options (the dialog's initial values). */
	public void loadStored() {
		loadStoredValues(prefService);
	}

	@Override
	public void loadStoredValues(final PrefService prefs) {
		final StripSteelOptions stored = new StripSteelOptions(prefs);
		if (model == null && !stored.storedModel().isBlank()) model = new File(stored.storedModel());
		if (device == null) device = stored.device();
		if (threads < 0) threads = stored.threads();
	}
}
