package io.github.stripsteel.classify;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the default model lives: system property {@code strip.steel.model}, environment variable
 * {@code STRIP_STEEL_MODEL}, {@code <strip.steel.home>/models/neu-cls} (set by {@code bin/strip-steel}),
 * or {@code models/neu-cls} next to the folder holding the plugin jar (a source checkout's
 * {@code target/}, or Fiji's {@code plugins/} / {@code jars/}).
 */
public final class ModelLocations {

	public static final String DEFAULT_MODEL_NAME = "neu-cls";

	private ModelLocations() {}

	/** The candidate folders, in the order they are tried. */
	public static List<Path> candidates() {
		final List<Path> c = new ArrayList<>();
		final String property = System.getProperty("strip.steel.model");
		if (property != null && !property.isBlank()) c.add(Path.of(property));
		final String env = System.getenv("STRIP_STEEL_MODEL");
		if (env != null && !env.isBlank()) c.add(Path.of(env));
		final String home = System.getProperty("strip.steel.home");
		if (home != null && !home.isBlank()) c.add(Path.of(home, "models", DEFAULT_MODEL_NAME));
		try {
			final Path jar = Path.of(ModelLocations.class.getProtectionDomain().getCodeSource()
				.getLocation().toURI());
			final Path parent = jar.getParent();
			if (parent != null && parent.getParent() != null) c.add(parent.getParent().resolve("models")
				.resolve(DEFAULT_MODEL_NAME));
		}
		catch (final URISyntaxException | RuntimeException e) {
			// no code source (unusual class loader): the other candidates remain
		}
		return c;
	}

	/** The default model folder: the first candidate that exists, else the first candidate. */
	public static Path defaultModel() {
		final List<Path> c = candidates();
		for (final Path p : c)
			if (Files.isDirectory(p)) return p;
		return c.isEmpty() ? Path.of("models", DEFAULT_MODEL_NAME) : c.get(0);
	}

	/**
	 * The folder of model packages the default model sits in ({@code models/}): where automatic
	 * model choice ({@link ModelChoice}) looks for candidates.
	 */
	public static Path modelsFolder() {
		final Path model = defaultModel().toAbsolutePath().normalize();
		return model.getParent() == null ? model : model.getParent();
	}
}
