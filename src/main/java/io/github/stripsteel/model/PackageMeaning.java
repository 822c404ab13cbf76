package io.github.stripsteel.model;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.stripsteel.util.AtomicFiles;

/**
 * The checksum of what a package's outputs mean. The weights file has its SHA-256 in
 * {@code model.json}; the fields that say how to feed the network and how to read its outputs —
 * {@code classes} (names and order), {@code input}, {@code preprocessing} and
 * {@code normalization} — have theirs in {@code meaning_sha256}, one digest per field over a
 * canonical serialisation (object keys sorted, numbers without trailing zeros, no spaces), so a
 * reformatted file still matches and an edited one names the field that changed. A deliberate
 * renaming of classes goes through {@link #relabel}, which records it.
 */
public final class PackageMeaning {

	public static final String FIELD = "meaning_sha256";
	/** The fields covered, in the order they are checked and reported. */
	public static final List<String> COVERED = List.of("classes", "input", "preprocessing",
		"normalization");

	private PackageMeaning() {}

	/** Adds (or replaces) {@code meaning_sha256} for the covered fields of {@code json}. */
	public static JsonObject seal(final JsonObject json) {
		final JsonObject digests = new JsonObject();
		for (final String field : COVERED)
			if (json.has(field)) digests.addProperty(field, digest(field, json.get(field)));
		json.add(FIELD, digests);
		return json;
	}

	/**
	 * Checks the covered fields against {@code meaning_sha256}.
	 *
	 * @param jsonFile named in the messages
	 * @throws ModelPackageException naming the file, the changed field and the way out
	 */
	public static void check(final JsonObject json, final Path jsonFile)
		throws ModelPackageException
	{
		final Path dir = jsonFile.toAbsolutePath().getParent();
		if (!json.has(FIELD) || !json.get(FIELD).isJsonObject()) throw new ModelPackageException(
			jsonFile + ": no '" + FIELD + "' (the checksum of classes, input, preprocessing and " +
				"normalization), so nothing shows that these fields still belong to the weights. " +
				"If they are right (compare with the training record), record them by relabelling the " +
				"package with its classes as they are (" + String.join(",", names(json)) + ")",
			new ModelPackageException.Remedy(ModelPackageException.Action.RELABEL, dir, names(json)));
		final JsonObject digests = json.getAsJsonObject(FIELD);
		for (final String field : COVERED) {
			final JsonElement expected = digests.get(field);
			if (expected == null || !expected.isJsonPrimitive()) throw new ModelPackageException(
				jsonFile + ": '" + FIELD + "' has no digest for '" + field + "'; restore model.json " +
					"from the model's source");
			if (expected.getAsString().equalsIgnoreCase(digest(field, json.get(field)))) continue;
			final boolean classes = field.equals("classes");
			throw new ModelPackageException(jsonFile + ": field '" + field + "' was changed after the " +
				"model was written (it no longer matches " + FIELD + "." + field + ")" + hint(field,
					json) + "; the weights' outputs would be read wrongly. Restore model.json from the " +
				"model's source" + (classes ? ", or rename classes on purpose by relabelling the package"
					: ""), classes ? new ModelPackageException.Remedy(ModelPackageException.Action.RELABEL,
						dir, List.of()) : null);
		}
	}

	/**
	 * Renames the classes of a package (same count, same order of outputs): rewrites
	 * {@code model.json} atomically with the new names, renamed metrics, a {@code relabelled}
	 * record and fresh checksums. With the names as they are, only records the checksums (for a
	 * package written before they existed). The other covered fields must still match their checksums.
	 *
	 * @return the names before
	 */
	public static List<String> relabel(final Path dir, final List<String> newClasses)
		throws IOException
	{
		final Path jsonFile = dir.resolve(ModelPackage.MODEL_JSON);
		final JsonObject json;
		try {
			json = JsonParser.parseString(Files.readString(jsonFile, StandardCharsets.UTF_8))
				.getAsJsonObject();
		}
		catch (final JsonParseException | IllegalStateException e) {
			throw new ModelPackageException(jsonFile + ": not valid JSON (" + e.getMessage() +
				"); restore the file from the model's source");
		}
		final List<String> old = names(json);
		if (newClasses.size() != old.size()) throw new ModelPackageException(jsonFile + " lists " +
			old.size() + " classes " + old + ", the new list has " + newClasses.size() +
			"; relabelling renames classes, it cannot add or remove outputs");
		if (newClasses.stream().distinct().count() != newClasses.size() || newClasses.stream()
			.anyMatch(String::isBlank)) throw new ModelPackageException("class names must be " +
				"distinct and not empty, got " + newClasses);
		final JsonObject metrics = json.has("metrics") && json.get("metrics").isJsonObject() ? json
			.getAsJsonObject("metrics") : null;
		if (metrics != null && metrics.has("classes") && metrics.getAsJsonArray("classes")
			.size() != newClasses.size()) throw new ModelPackageException(jsonFile + ": metrics.classes " +
				"lists " + metrics.getAsJsonArray("classes").size() + " classes, the new list has " +
				newClasses.size() + "; restore model.json from the model's source");
		if (json.has(FIELD) && json.get(FIELD).isJsonObject()) {
			// only 'classes' may differ: relabelling does not vouch for anything else
			final JsonObject digests = json.getAsJsonObject(FIELD).deepCopy();
			digests.addProperty("classes", digest("classes", json.get("classes")));
			final JsonObject probe = json.deepCopy();
			probe.add(FIELD, digests);
			check(probe, jsonFile);
		}
		if (!old.equals(newClasses)) {
			json.add("classes", array(newClasses));
			if (metrics != null) renameMetrics(metrics, newClasses);
			final JsonObject record = new JsonObject();
			record.add("from", array(old));
			record.add("to", array(newClasses));
			record.addProperty("at", Instant.now().toString());
			final JsonArray history = json.has("relabelled") && json.get("relabelled").isJsonArray()
				? json.getAsJsonArray("relabelled") : new JsonArray();
			history.add(record);
			json.add("relabelled", history);
		}
		seal(json);
		AtomicFiles.writeString(jsonFile, ModelPackage.toJsonText(json));
		return old;
	}

	/** Canonical text of a JSON value: sorted keys, plain numbers, no white space. */
	public static String canonical(final JsonElement e) {
		final StringBuilder sb = new StringBuilder();
		canonical(e, sb);
		return sb.toString();
	}

	// -- Helper methods --

	private static void canonical(final JsonElement e, final StringBuilder sb) {
		if (e == null || e.isJsonNull()) sb.append("null");
		else if (e.isJsonArray()) {
			sb.append('[');
			final JsonArray a = e.getAsJsonArray();
			for (int i = 0; i < a.size(); i++) {
				if (i > 0) sb.append(',');
				canonical(a.get(i), sb);
			}
			sb.append(']');
		}
		else if (e.isJsonObject()) {
			final Map<String, JsonElement> sorted = new TreeMap<>(e.getAsJsonObject().asMap());
			sb.append('{');
			boolean first = true;
			for (final Map.Entry<String, JsonElement> m : sorted.entrySet()) {
				if (!first) sb.append(',');
				first = false;
				sb.append(new JsonPrimitive(m.getKey())).append(':');
				canonical(m.getValue(), sb);
			}
			sb.append('}');
		}
		else {
			final JsonPrimitive p = e.getAsJsonPrimitive();
			if (p.isNumber()) {
				final BigDecimal d = new BigDecimal(p.getAsString()).stripTrailingZeros();
				sb.append(d.signum() == 0 ? "0" : d.toPlainString());
			}
			else sb.append(p);
		}
	}

	private static String digest(final String field, final JsonElement value) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest((field + "=" +
				canonical(value)).getBytes(StandardCharsets.UTF_8)));
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String hint(final String field, final JsonObject json) {
		if (!field.equals("classes") || !json.has("metrics") || !json.get("metrics").isJsonObject())
			return "";
		final JsonElement recorded = json.getAsJsonObject("metrics").get("classes");
		return recorded != null && recorded.isJsonArray() && !recorded.equals(json.get("classes"))
			? " — it lists " + names(json) + " while metrics.classes, from training, lists " +
				recorded
			: "";
	}

	private static List<String> names(final JsonObject json) {
		final List<String> names = new ArrayList<>();
		if (json.has("classes") && json.get("classes").isJsonArray())
			for (final JsonElement e : json.getAsJsonArray("classes"))
				names.add(e.isJsonPrimitive() ? e.getAsString() : e.toString());
		return names;
	}

	private static JsonArray array(final List<String> values) {
		final JsonArray a = new JsonArray();
		values.forEach(a::add);
		return a;
	}

	/** Renames {@code metrics.classes} and the keys of {@code metrics.per_class} by position. */
	private static void renameMetrics(final JsonObject metrics, final List<String> newClasses) {
		if (!metrics.has("classes") || !metrics.get("classes").isJsonArray()) return;
		final JsonArray before = metrics.getAsJsonArray("classes");
		if (metrics.has("per_class") && metrics.get("per_class").isJsonObject()) {
			final JsonObject perClass = metrics.getAsJsonObject("per_class");
			final JsonObject renamed = new JsonObject();
			for (int i = 0; i < before.size(); i++) {
				final JsonElement v = perClass.get(before.get(i).getAsString());
				if (v != null) renamed.add(newClasses.get(i), v);
			}
			metrics.add("per_class", renamed);
		}
		metrics.add("classes", array(newClasses));
	}
}
