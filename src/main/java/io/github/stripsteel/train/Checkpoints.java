package io.github.stripsteel.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.util.AtomicFiles;
import io.github.stripsteel.model.ModelPackage;

/**
 * The checkpoints of a training run (the classifier's and the CycleGAN's), in
 * {@code <out>/checkpoints}: the files of each complete epoch are named {@code epoch-NNN.<part>}
 * ({@code epoch-007.weights}), and {@code latest.json} names the last complete one with its epoch,
 * the run's configuration and whatever else the run needs to continue ({@code {"epoch": 7,
 * "weights": "epoch-007.weights", ..., "config": {...}}}). It is written atomically after all the
 * epoch's files, so an interruption leaves the previous checkpoint in force; then the files of
 * older epochs are removed.
 *
 * <p>A resumed run must have the checkpoint's value for every setting of its configuration but
 * those its caller allows to change (the schedule): {@link #requireCompatible}.</p>
 */
public final class Checkpoints {

	/** The folder of the checkpoints inside a run's output folder. */
	public static final String FOLDER = "checkpoints";

	/** The record of the last complete checkpoint. */
	public static final String LATEST = "latest.json";

	private final Path out;
	private final Path dir;

	/** The checkpoints of the run whose output folder is {@code out}. */
	public Checkpoints(final Path out) {
		this.out = out;
		this.dir = out.resolve(FOLDER);
	}

	/** The checkpoint folder. */
	public Path dir() {
		return dir;
	}

	/** Creates the folder (before the first epoch). */
	public Checkpoints create() throws IOException {
		Files.createDirectories(dir);
		return this;
	}

	/** The file of one part of an epoch's checkpoint, e.g. {@code epoch-007.weights}. */
	public Path file(final int epoch, final String part) {
		return dir.resolve(name(epoch, part));
	}

	/** {@code epoch-NNN.<part>}. */
	public static String name(final int epoch, final String part) {
		return String.format("epoch-%03d.%s", epoch, part);
	}

	/** The file a {@code latest.json} field names (e.g. {@code latest.get("weights")}). */
	public Path resolve(final JsonObject latest, final String field) {
		return dir.resolve(latest.get(field).getAsString());
	}

	/** Whether a complete checkpoint exists. */
	public boolean exists() {
		return Files.exists(dir.resolve(LATEST));
	}

	/**
	 * The record of the last complete checkpoint.
	 *
	 * @throws IOException when there is none or it cannot be read
	 */
	public JsonObject latest() throws IOException {
		return JsonParser.parseString(Files.readString(dir.resolve(LATEST))).getAsJsonObject();
	}

	/** The epoch of the last complete checkpoint in {@code out}, 0 when there is none. */
	public static int lastEpoch(final Path out) {
		final Checkpoints c = new Checkpoints(out);
		try {
			return c.exists() ? c.latest().get("epoch").getAsInt() : 0;
		}
		catch (final IOException | RuntimeException e) {
			return 0;
		}
	}

	/**
	 * Records {@code epoch} as complete, after its files are written: {@code latest.json} with the
	 * epoch, {@code files} (field name to file name) and the configuration; then removes the
	 * files of older epochs.
	 */
	public void commit(final int epoch, final Map<String, JsonElement> fields,
		final JsonObject config) throws IOException
	{
		final JsonObject latest = new JsonObject();
		latest.addProperty("epoch", epoch);
		fields.forEach(latest::add);
		latest.add("config", config);
		AtomicFiles.writeString(dir.resolve(LATEST), ModelPackage.toJsonText(latest));
		final String current = name(epoch, "");
		try (var listing = Files.list(dir)) {
			for (final Path f : listing.toList()) {
				final String n = f.getFileName().toString();
				if (n.startsWith("epoch-") && !n.startsWith(current)) Files.deleteIfExists(f);
			}
		}
	}

	/**
	 * Throws unless {@code now} (this run's configuration) has the value of {@code saved} (the
	 * checkpoint's) for every setting either of them records, except {@code mayChange}; the
	 * message names the setting and the fix.
	 */
	public void requireCompatible(final JsonObject saved, final JsonObject now,
		final Collection<String> mayChange) throws IOException
	{
		final Set<String> keys = new LinkedHashSet<>(now.keySet());
		keys.addAll(saved.keySet());
		keys.removeAll(mayChange);
		for (final String key : keys) {
			final JsonElement before = saved.get(key), after = now.get(key);
			if (!Objects.equals(String.valueOf(before), String.valueOf(after))) throw new IOException(
				"cannot resume: checkpoint in " + out + " was made with " + key + " = " + before +
					", this run has " + after + "; use the same settings or a new output folder");
		}
	}
}
