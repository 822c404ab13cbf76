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
import io.github.stripsteel.util.IoErrors;
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

	/**
	 * The field of {@code latest.json} with the run's wall time up to that checkpoint, summed over
	 * its sittings.
	 */
	public static final String WALL_SECONDS = "wall_seconds";

	private final Path out;
	private final Path dir;
	private final long started = System.nanoTime();
	private double earlierSeconds; // the sittings before a resume

	/**
	 * The checkpoints of the run whose output folder is {@code out}; the run's wall time counts from
	 * here ({@link #wallSeconds}).
	 */
	public Checkpoints(final Path out) {
		this.out = out;
		this.dir = out.resolve(FOLDER);
	}

	/**
	 * The run's wall time in seconds: since this object was made, plus the earlier sittings' time
	 * that the resumed checkpoint recorded.
	 */
	public long wallSeconds() {
		return Math.round(earlierSeconds + (System.nanoTime() - started) / 1e9);
	}

	/**
	 * Sets the earlier sittings' time, for a resumed checkpoint written before checkpoints recorded
	 * it ({@link #resume} reads it otherwise).
	 */
	public void earlierSeconds(final double seconds) {
		earlierSeconds = seconds;
	}

	/** The checkpoint folder. */
	public Path dir() {
		return dir;
	}

	/**
	 * Creates the folder (before the first epoch) and removes what interrupted writes left in it
	 * and in the output folder ({@code .epoch-003.weights…tmp}, {@code .weights…tmp}). Call it while
	 * holding the output folder's lock.
	 */
	public Checkpoints create() throws IOException {
		IoErrors.call(dir, "create the checkpoint folder", () -> Files.createDirectories(dir));
		for (final Path d : new Path[] { dir, out })
			IoErrors.call(d, "remove temporary files of interrupted writes", () -> AtomicFiles
				.removeLeftovers(d));
		return this;
	}

	/** Restores a run's state from the files of a checkpoint. */
	@FunctionalInterface
	public interface Restorer {

		void restore(JsonObject latest) throws IOException;
	}

	/**
	 * Continues from the last complete checkpoint: reads {@code latest.json}, checks the
	 * configuration ({@link #requireCompatible}) and restores the state with {@code restorer}.
	 *
	 * @return the checkpoint's record
	 * @throws IOException when there is no checkpoint, or it is damaged: the message names the file
	 *           and says that resuming cannot use it
	 */
	public JsonObject resume(final JsonObject now, final Collection<String> mayChange,
		final Restorer restorer) throws IOException
	{
		final Path file = dir.resolve(LATEST);
		if (!Files.exists(file)) throw new IOException("nothing to resume in " + out + ": " + file +
			" does not exist (no epoch was completed, or the file was deleted); train without " +
			"resuming to start at epoch 1");
		final JsonObject latest;
		try {
			latest = latest();
			latest.get("epoch").getAsInt();
			latest.getAsJsonObject("config").size();
		}
		catch (final IOException | RuntimeException e) {
			throw new IOException(file + " is damaged (" + (e instanceof IOException io ? IoErrors
				.reason(io) : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e
					.getMessage())) + "); resuming cannot use it. " + remedy(), e);
		}
		requireCompatible(latest.getAsJsonObject("config"), now, mayChange);
		if (latest.has(WALL_SECONDS)) earlierSeconds = latest.get(WALL_SECONDS).getAsDouble();
		try {
			restorer.restore(latest);
		}
		catch (final IOException | RuntimeException e) {
			throw new IOException("the checkpoint of epoch " + latest.get("epoch") + " in " + dir +
				" is damaged: " + e.getMessage() + "; resuming cannot use it. " + remedy(), e);
		}
		return latest;
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
	 * epoch, {@code files} (field name to file name), the wall time so far and the configuration;
	 * then removes the files of older epochs.
	 */
	public void commit(final int epoch, final Map<String, JsonElement> fields,
		final JsonObject config) throws IOException
	{
		final JsonObject latest = new JsonObject();
		latest.addProperty("epoch", epoch);
		fields.forEach(latest::add);
		latest.addProperty(WALL_SECONDS, wallSeconds());
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

	private String remedy() {
		return "Train without resuming to start at epoch 1 (the damaged checkpoint is replaced), or " +
			"restore " + dir + " from a copy";
	}
}
