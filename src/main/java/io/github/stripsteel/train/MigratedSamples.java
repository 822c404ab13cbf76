package io.github.stripsteel.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.util.InvalidSettingException;

/**
 * The {@code migration-*.json} records of a folder of synthetic samples, as a training run reads
 * them: which generator made the samples, and whether they derive from an image the run validates
 * or tests on. A sample translates a source image with a generator that learned from the images of
 * two classes, so samples derived from a held-out image carry it into training: under
 * cross-validation the samples of fold I belong to the training of fold I only.
 */
public final class MigratedSamples {

	/**
	 * The key of a migration record that lists, as real paths, every image its samples derive from:
	 * the generator's training images of both classes and the translated sources.
	 */
	public static final String DERIVED_FROM = "derived_from";

	private final Path folder;
	private final List<Path> recordFiles = new ArrayList<>();
	private final List<JsonObject> records = new ArrayList<>();

	private MigratedSamples(final Path folder) {
		this.folder = folder;
	}

	/** Reads the records of {@code folder} (none for a folder of samples made otherwise). */
	public static MigratedSamples read(final Path folder) throws IOException {
		final MigratedSamples m = new MigratedSamples(folder);
		try (var files = Files.list(folder)) {
			for (final Path f : files.sorted().toList()) {
				final String name = f.getFileName().toString();
				if (!name.startsWith("migration-") || !name.endsWith(".json")) continue;
				try {
					m.records.add(JsonParser.parseString(Files.readString(f)).getAsJsonObject());
					m.recordFiles.add(f);
				}
				catch (final RuntimeException e) {
					throw new IOException(f + ": not a readable migration record (" + e.getMessage() +
						"); remove it or migrate the samples into this folder again");
				}
			}
		}
		return m;
	}

	/** Per record, its generator's provenance and the number of samples it lists. */
	public JsonArray lineage() throws IOException {
		final JsonArray out = new JsonArray();
		for (int i = 0; i < records.size(); i++) {
			final JsonObject record = records.get(i);
			if (!record.has("cyclegan") || !record.has("files")) throw new IOException(recordFiles.get(
				i) + ": not a migration record (no cyclegan or files); remove it or migrate the " +
				"samples into this folder again");
			final JsonObject entry = record.getAsJsonObject("cyclegan").deepCopy();
			entry.addProperty("samples", record.getAsJsonArray("files").size());
			out.add(entry);
		}
		return out;
	}

	/**
	 * The records that cannot be checked: written without {@link #DERIVED_FROM}, or none at all
	 * (samples made by other means). Their file names, or the folder when it has no record.
	 */
	public List<String> unchecked() {
		final List<String> out = new ArrayList<>();
		if (records.isEmpty()) out.add(folder.toString());
		for (int i = 0; i < records.size(); i++)
			if (!records.get(i).has(DERIVED_FROM)) out.add(recordFiles.get(i).toString());
		return out;
	}

	/**
	 * @throws InvalidSettingException naming the record when its samples derive from one of
	 *           {@code heldOut} (the run's validation and test images)
	 */
	public void requireApartFrom(final List<LabelledFile> heldOut) throws IOException {
		final Set<String> held = new HashSet<>();
		for (final LabelledFile f : heldOut)
			held.add(f.file().toRealPath().toString());
		for (int i = 0; i < records.size(); i++) {
			if (!records.get(i).has(DERIVED_FROM)) continue;
			int n = 0;
			String example = null;
			for (final JsonElement e : records.get(i).getAsJsonArray(DERIVED_FROM))
				if (held.contains(e.getAsString())) {
					n++;
					if (example == null) example = e.getAsString();
				}
			if (n > 0) throw new InvalidSettingException(recordFiles.get(i) + ": the samples derive " +
				"from " + n + " image(s) this run validates or tests on (e.g. " + example + "), so " +
				"they would carry held-out images into training; train the generator on this run's " +
				"split (the same {folds}, {fold} and {seed}, or {val_fraction} and {seed}) and " +
				"migrate again");
		}
	}
}
