package io.github.stripsteel.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.github.stripsteel.preprocess.PreprocessingChain;
import io.github.stripsteel.util.AtomicFiles;

/**
 * A trained model on disk: a folder with {@code model.json} and a weights file. {@code model.json}
 * records the architecture, the class names in output order, the input size and channels, the
 * preprocessing chain and normalisation, the training protocol and seed, validation metrics,
 * lineage, the weights' SHA-256, the checksum of the fields that give the outputs their meaning
 * ({@link PackageMeaning}) and the format version. See {@code docs/MODEL-PACKAGE.md}.
 *
 * <p>{@link #read} checks all of it before any weight is loaded and says exactly what is wrong.</p>
 */
public final class ModelPackage {

	public static final String MODEL_JSON = "model.json";
	public static final int FORMAT_VERSION = 1;
	/**
	 * The field of {@code metrics} that a run with a weight average adds: the same epoch's figures of
	 * the trained weights, i.e. the same run without the average.
	 */
	public static final String TRAINED_WEIGHTS = "trained_weights";
	/**
	 * The field with the figures of the test part that training held out and never read
	 * ({@code training.test_fraction}), measured once on the package's weights.
	 */
	public static final String TEST_METRICS = "test_metrics";
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
		.create();

	private final Path dir;
	private final JsonObject json;
	private final List<String> classes;
	private final PreprocessingChain chain;
	private final TestTimeAugmentation tta;

	private ModelPackage(final Path dir, final JsonObject json, final List<String> classes,
		final PreprocessingChain chain, final TestTimeAugmentation tta)
	{
		this.dir = dir;
		this.json = json;
		this.classes = classes;
		this.chain = chain;
		this.tta = tta;
	}

	/**
	 * Reads and validates a package (not the weights' values: see {@link #verifyWeights()}, which
	 * {@link LoadedModel#open} calls).
	 */
	public static ModelPackage read(final Path dir) throws ModelPackageException {
		return read(dir, true);
	}

	/**
	 * Reads and validates the {@code model.json} of a run record: a package folder, or a folder that
	 * keeps a finished run's {@code model.json} without its weights (docs/results). For the figures
	 * and settings it records; a record without weights cannot be opened for classifying.
	 */
	public static ModelPackage readRecord(final Path dir) throws ModelPackageException {
		return read(dir, false);
	}

	private static ModelPackage read(final Path dir, final boolean withWeights)
		throws ModelPackageException
	{
		if (!Files.isDirectory(dir)) throw new ModelPackageException("model folder " + dir +
			" does not exist or is not a folder; choose a folder that holds model.json");
		final Path jsonFile = dir.resolve(MODEL_JSON);
		final JsonObject json;
		try {
			json = JsonParser.parseString(Files.readString(jsonFile, StandardCharsets.UTF_8))
				.getAsJsonObject();
		}
		catch (final NoSuchFileException e) {
			throw new ModelPackageException(jsonFile + " is missing; a model package is a folder with " +
				"model.json and its weights file");
		}
		catch (final IOException e) {
			throw new ModelPackageException(jsonFile + ": cannot be read (" + e.getMessage() + ")");
		}
		catch (final JsonParseException | IllegalStateException e) {
			throw new ModelPackageException(jsonFile + ": not valid JSON (" + e.getMessage() +
				"); restore the file from the model's source");
		}
		final String where = jsonFile.toString();
		final int version = intField(json, "format_version", where);
		if (version != FORMAT_VERSION) throw new ModelPackageException(where + ": format_version " +
			version + " is not supported by this plugin (supports " + FORMAT_VERSION +
			"); update the plugin or re-export the model");
		final String arch = stringField(json, "architecture", where);
		if (!Architectures.names().contains(arch)) throw new ModelPackageException(where +
			": unknown architecture '" + arch + "'; known: " + String.join(", ", Architectures
				.names()));
		final JsonArray classArray = arrayField(json, "classes", where);
		final List<String> classes = new ArrayList<>();
		for (final JsonElement e : classArray)
			classes.add(e.getAsString());
		if (classes.size() < 2) throw new ModelPackageException(where +
			": 'classes' must list at least 2 class names, found " + classes.size());
		final JsonObject input = objectField(json, "input", where);
		final int channels = intField(input, "channels", where + " input");
		if (channels != 1) throw new ModelPackageException(where + ": input.channels is " +
			channels + "; this plugin's networks take 1 grey channel");
		final int w = intField(input, "width", where + " input"), h = intField(input, "height",
			where + " input");
		if (w < 8 || h < 8 || w > 4096 || h > 4096) throw new ModelPackageException(where +
			": input size " + w + "x" + h + " is outside 8..4096");
		final PreprocessingChain chain;
		try {
			chain = PreprocessingChain.fromJson(arrayField(json, "preprocessing", where));
		}
		catch (final IllegalArgumentException e) {
			throw new ModelPackageException(where + ": bad preprocessing chain: " + e.getMessage());
		}
		final JsonObject norm = objectField(json, "normalization", where);
		final double std = doubleField(norm, "std", where + " normalization");
		doubleField(norm, "mean", where + " normalization");
		if (!(std > 0)) throw new ModelPackageException(where + ": normalization.std must be > 0");
		final JsonObject weights = objectField(json, "weights", where);
		final String file = stringField(weights, "file", where + " weights");
		stringField(weights, "sha256", where + " weights");
		final String dtype = stringField(weights, "dtype", where + " weights");
		if (!dtype.equals("float16") && !dtype.equals("float32")) throw new ModelPackageException(
			where + ": weights.dtype must be float16 or float32, got " + dtype);
		if (withWeights && !Files.isRegularFile(dir.resolve(file))) throw new ModelPackageException(
			dir.resolve(file) + " is missing (model.json names it as the weights file); copy the whole " +
			"model folder again");
		TestTimeAugmentation tta = TestTimeAugmentation.NONE;
		if (json.has("inference")) {
			final JsonObject inference = objectField(json, "inference", where);
			try {
				if (inference.has("tta")) tta = TestTimeAugmentation.parse(stringField(inference, "tta",
					where + " inference"));
			}
			catch (final IllegalArgumentException e) {
				throw new ModelPackageException(where + ": inference.tta: " + e.getMessage());
			}
			if (tta == TestTimeAugmentation.DIHEDRAL8 && w != h) throw new ModelPackageException(where +
				": inference.tta dihedral8 needs a square input, the model takes " + w + "x" + h);
		}
		PackageMeaning.check(json, jsonFile);
		return new ModelPackage(dir, json, List.copyOf(classes), chain, tta);
	}

	/**
	 * Writes a package: weights first (under a name carrying their checksum), then
	 * {@code model.json} atomically, then removes the previous weights file. A reader sees the
	 * old package or the new one, never a mix.
	 *
	 * @param json everything but {@code weights} and {@code format_version}, which this fills in
	 */
	public static ModelPackage write(final Path dir, final JsonObject json, final ClassifierNet net,
		final DataType storage) throws IOException
	{
		json.addProperty("format_version", FORMAT_VERSION);
		PackageMeaning.seal(json);
		writeWithWeights(dir, MODEL_JSON, json, net, "weights-", storage);
		return read(dir);
	}

	/**
	 * Writes a folder of a description file and the weights it names: weights first, under
	 * {@code prefix + sha256[0..12] + .f16|.f32}, then the description with its {@code weights}
	 * object ({@code file, dtype, sha256, parameters}) atomically, then removes the weights file
	 * the previous description named. A reader sees the old folder or the new one, never a mix.
	 * Temporary files of an interrupted earlier write are removed first.
	 * Shared by model packages and CycleGAN generator packages.
	 */
	public static void writeWithWeights(final Path dir, final String jsonName, final JsonObject json,
		final Block block, final String prefix, final DataType storage) throws IOException
	{
		Files.createDirectories(dir);
		// what an interrupted write of this folder left (a killed training run's .weights…tmp)
		AtomicFiles.removeLeftovers(dir);
		final String previous = previousWeightsFile(dir.resolve(jsonName));
		final Path tmp = Files.createTempFile(dir, ".weights", ".tmp");
		try {
			WeightsFile.write(block, tmp, storage);
			final String sha = sha256(tmp);
			final String name = prefix + sha.substring(0, 12) + (storage == DataType.FLOAT16 ? ".f16"
				: ".f32");
			AtomicFiles.move(tmp, dir.resolve(name));
			final JsonObject weights = new JsonObject();
			weights.addProperty("file", name);
			weights.addProperty("dtype", storage == DataType.FLOAT16 ? "float16" : "float32");
			weights.addProperty("sha256", sha);
			weights.addProperty("parameters", Networks.countTrainable(block));
			json.add("weights", weights);
			AtomicFiles.writeString(dir.resolve(jsonName), GSON.toJson(json) + "\n");
			if (previous != null && !previous.equals(name)) Files.deleteIfExists(dir.resolve(previous));
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Checks the weights file against the SHA-256 in {@code model.json}. */
	public void verifyWeights() throws ModelPackageException {
		final Path file = weightsFile();
		final String expected = json.getAsJsonObject("weights").get("sha256").getAsString();
		final String actual;
		try {
			actual = sha256(file);
		}
		catch (final IOException e) {
			throw new ModelPackageException(file + ": cannot be read (" + e.getMessage() + ")");
		}
		if (!actual.equalsIgnoreCase(expected)) throw new ModelPackageException(file +
			": checksum mismatch (model.json says " + expected.substring(0, 12) + "..., file is " +
			actual.substring(0, 12) + "...); the file is damaged or was replaced: copy the model " +
			"folder again");
	}

	public Path dir() {
		return dir;
	}

	/** A copy of {@code model.json}. */
	public JsonObject json() {
		return json.deepCopy();
	}

	public String id() {
		return json.has("id") ? json.get("id").getAsString() : dir.getFileName().toString();
	}

	public String architecture() {
		return json.get("architecture").getAsString();
	}

	public List<String> classes() {
		return classes;
	}

	public int inputWidth() {
		return json.getAsJsonObject("input").get("width").getAsInt();
	}

	public int inputHeight() {
		return json.getAsJsonObject("input").get("height").getAsInt();
	}

	public PreprocessingChain chain() {
		return chain;
	}

	public float normalizationMean() {
		return json.getAsJsonObject("normalization").get("mean").getAsFloat();
	}

	public float normalizationStd() {
		return json.getAsJsonObject("normalization").get("std").getAsFloat();
	}

	/**
	 * How the model is meant to be applied: {@code "inference": {"tta": "dihedral8"}} in
	 * {@code model.json}; {@code none} when absent.
	 */
	public TestTimeAugmentation testTimeAugmentation() {
		return tta;
	}

	/**
	 * Where another model came from, for its lineage: {@code id}, {@code architecture}, {@code path},
	 * {@code weights_sha256}, and the training {@code method} and {@code protocol} when recorded.
	 */
	public JsonObject provenance() {
		final JsonObject p = new JsonObject();
		p.addProperty("id", id());
		p.addProperty("architecture", architecture());
		p.addProperty("path", dir.toAbsolutePath().normalize().toString());
		p.addProperty("weights_sha256", json.getAsJsonObject("weights").get("sha256").getAsString());
		final JsonObject training = training();
		if (training.has("method")) p.add("method", training.get("method"));
		if (training.has("protocol")) p.add("protocol", training.get("protocol"));
		return p;
	}

	public Path weightsFile() {
		return dir.resolve(json.getAsJsonObject("weights").get("file").getAsString());
	}

	/** The {@code training} object (protocol, seed, split, method...), or an empty one. */
	public JsonObject training() {
		return json.has("training") ? json.getAsJsonObject("training").deepCopy() : new JsonObject();
	}

	/**
	 * The epoch whose weights the package holds ({@code training.epoch}; {@code best_epoch} in
	 * packages that do not record it), or -1 when the package records no training.
	 */
	public int keptEpoch() {
		final JsonObject t = training();
		return t.has("epoch") ? t.get("epoch").getAsInt() : t.has("best_epoch") ? t.get("best_epoch")
			.getAsInt() : -1;
	}

	/** How the faces name the kept epoch: {@code epoch 80 (last)}, {@code epoch 57 (best)}. */
	public String keptEpochText() {
		final JsonObject t = training();
		return "epoch " + keptEpoch() + " (" + (t.has("keep") ? t.get("keep").getAsString() : "best") +
			")";
	}

	/** The validation metrics recorded at training time, or an empty object. */
	public JsonObject metrics() {
		return json.has("metrics") ? json.getAsJsonObject("metrics").deepCopy() : new JsonObject();
	}

	/**
	 * The figures of the test part its training held out ({@link #TEST_METRICS}), or null when it
	 * held out none.
	 */
	public JsonObject testMetrics() {
		return json.has(TEST_METRICS) ? json.getAsJsonObject(TEST_METRICS).deepCopy() : null;
	}

	/** The JSON text used for {@code model.json} files. */
	public static String toJsonText(final JsonElement json) {
		return GSON.toJson(json) + "\n";
	}

	/** Hex SHA-256 of a file. */
	public static String sha256(final Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest
			.getInstance("SHA-256")))
		{
			final byte[] buffer = new byte[1 << 16];
			while (in.read(buffer) >= 0) {
				// digesting
			}
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	// -- Helper methods --

	private static String previousWeightsFile(final Path jsonFile) {
		try {
			final JsonObject old = JsonParser.parseString(Files.readString(jsonFile)).getAsJsonObject();
			return old.getAsJsonObject("weights").get("file").getAsString();
		}
		catch (final IOException | RuntimeException e) {
			return null;
		}
	}

	private static JsonElement field(final JsonObject o, final String key, final String where)
		throws ModelPackageException
	{
		final JsonElement e = o.get(key);
		if (e == null || e.isJsonNull()) throw new ModelPackageException(where + ": field '" + key +
			"' is missing");
		return e;
	}

	private static String stringField(final JsonObject o, final String key, final String where)
		throws ModelPackageException
	{
		final JsonElement e = field(o, key, where);
		if (!e.isJsonPrimitive()) throw new ModelPackageException(where + ": field '" + key +
			"' must be a string");
		return e.getAsString();
	}

	private static int intField(final JsonObject o, final String key, final String where)
		throws ModelPackageException
	{
		try {
			return field(o, key, where).getAsInt();
		}
		catch (final RuntimeException e) {
			throw new ModelPackageException(where + ": field '" + key + "' must be a whole number");
		}
	}

	private static double doubleField(final JsonObject o, final String key, final String where)
		throws ModelPackageException
	{
		try {
			return field(o, key, where).getAsDouble();
		}
		catch (final RuntimeException e) {
			throw new ModelPackageException(where + ": field '" + key + "' must be a number");
		}
	}

	private static JsonArray arrayField(final JsonObject o, final String key, final String where)
		throws ModelPackageException
	{
		final JsonElement e = field(o, key, where);
		if (!e.isJsonArray()) throw new ModelPackageException(where + ": field '" + key +
			"' must be a list");
		return e.getAsJsonArray();
	}

	private static JsonObject objectField(final JsonObject o, final String key, final String where)
		throws ModelPackageException
	{
		final JsonElement e = field(o, key, where);
		if (!e.isJsonObject()) throw new ModelPackageException(where + ": field '" + key +
			"' must be an object");
		return e.getAsJsonObject();
	}
}
