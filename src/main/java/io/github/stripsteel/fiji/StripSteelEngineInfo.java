package io.github.stripsteel.fiji;

import java.nio.file.Files;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.engine.EngineReport;

/** Logs the deep-learning engine, device, threads and default model. */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Strip Steel Engine Info")
public class StripSteelEngineInfo extends AbstractStripCommand {

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() {
		final StringBuilder sb = new StringBuilder();
		for (final String line : EngineReport.lines(deviceChoice()))
			sb.append(line).append('\n');
		final var model = ModelLocations.defaultModel().toAbsolutePath().normalize();
		sb.append("default model ").append(model).append(Files.isDirectory(model) ? ""
			: " (missing: copy a model package there or choose one)").append('\n');
		final String stored = options().storedModel();
		if (!stored.isBlank()) sb.append("options model ").append(stored).append(
			" (Edit > Options > Strip Steel)\n");
		sb.append("chosen model  ").append(modelDir().toAbsolutePath().normalize()).append('\n');
		report = sb.toString();
		report.lines().forEach(log()::info);
		log().debug(String.format("engine info in %.0f ms", millis()));
	}

	@Override
	protected String describe(final Throwable e) {
		return title() + ": engine unavailable: " + messageOf(e);
	}
}
