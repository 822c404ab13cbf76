package io.github.stripsteel.fiji.command;

import java.nio.file.Path;

import org.scijava.prefs.PrefService;

import io.github.stripsteel.classify.ModelLocations;
import io.github.stripsteel.engine.DeviceChoice;

/**
 * The plugin's options (Edit > Options > Strip Steel...): the default model folder, the default
 * device and PyTorch's threads, used by every command whose macro or dialog leaves {@code model}
 * or {@code device} at {@code default}. Stored in the plugin's own node of the SciJava preferences
 * ({@link PrefService}, keyed by this class), so Fiji keeps them between sessions and tests with an
 * isolated preferences root never see the user's. Without a {@link PrefService} (a minimal
 * context) the built-in defaults apply.
 */
public final class StripSteelOptions {

	/** Preference keys. */
	static final String MODEL = "model", DEVICE = "device", THREADS = "threads";

	/** The engine setting the thread count goes to (read when PyTorch starts). */
	static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

	private final PrefService prefs;

	public StripSteelOptions(final PrefService prefs) {
		this.prefs = prefs;
	}

	/** The stored default model folder, or empty when none is stored. */
	public String storedModel() {
		return prefs == null ? "" : prefs.get(StripSteelOptions.class, MODEL, "");
	}

	/** The default model: the stored folder, else {@link ModelLocations#defaultModel()}. */
	public Path model() {
		final String stored = storedModel();
		return stored.isBlank() ? ModelLocations.defaultModel() : Path.of(stored);
	}

	/** The default device: {@code auto}, {@code cpu} or {@code gpu} ({@code auto} when none stored). */
	public String device() {
		final String d = prefs == null ? null : prefs.get(StripSteelOptions.class, DEVICE, null);
		return d == null || d.isBlank() ? DeviceChoice.AUTO.toString() : d;
	}

	/** PyTorch's intra-op threads; 0 (the default) leaves the engine's choice (all processors). */
	public int threads() {
		return prefs == null ? 0 : prefs.getInt(StripSteelOptions.class, THREADS, 0);
	}

	/**
	 * Stores the options. {@code model} empty forgets the stored folder.
	 *
	 * @throws IllegalArgumentException naming the value and the allowed ones
	 */
	public void save(final String model, final String device, final int threads) {
		DeviceChoice.parse(device);
		if (threads < 0) throw new IllegalArgumentException("threads must be 0 (all processors) or " +
			"more, got " + threads);
		if (prefs == null) throw new IllegalStateException("no preference service: options cannot be stored");
		if (model == null || model.isBlank()) prefs.remove(StripSteelOptions.class, MODEL);
		else prefs.put(StripSteelOptions.class, MODEL, model);
		prefs.put(StripSteelOptions.class, DEVICE, device);
		prefs.put(StripSteelOptions.class, THREADS, threads);
	}

	/**
	 * Gives PyTorch the stored thread count (system property {@value #THREADS_PROPERTY}; the
	 * environment variable of that name wins): the engine reads it when it starts, so a change
	 * applies from the next start of Fiji (Strip Steel Engine Info shows the count in use).
	 */
	void applyThreads() {
		final int n = threads();
		if (n > 0 && System.getenv(THREADS_PROPERTY) == null) System.setProperty(THREADS_PROPERTY,
			Integer.toString(n));
	}
}
