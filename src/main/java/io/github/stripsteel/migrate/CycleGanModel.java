package io.github.stripsteel.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.WeightsFile;

/**
 * A CycleGAN migration package: {@code cyclegan.json} (source and target class, generator shape,
 * the training configuration with its data and split, the last epoch's losses) and the source-to-
 * target generator's weights in float16, named by their checksum. Read with every check a model
 * package gets; {@link #open} loads the generator for translating images.
 */
public final class CycleGanModel {

	/** The description file of a migration package. */
	public static final String JSON = "cyclegan.json";

	private final Path dir;
	private final JsonObject json;
	private final int size;
	private final int ngf;
	private final int blocks;

	private CycleGanModel(final Path dir, final JsonObject json, final int size, final int ngf,
		final int blocks)
	{
		this.dir = dir;
		this.json = json;
		this.size = size;
		this.ngf = ngf;
		this.blocks = blocks;
	}

	/**
	 * Reads and checks a migration package (fields, weights present, checksum).
	 *
	 * @throws ModelPackageException naming the file and the fix
	 */
	public static CycleGanModel read(final Path dir) throws ModelPackageException {
		final Path file = dir.resolve(JSON);
		if (!Files.isDirectory(dir)) throw new ModelPackageException("CycleGAN folder " + dir +
			" does not exist or is not a folder; give the output folder of a CycleGAN training");
		final JsonObject json;
		try {
			json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
				.getAsJsonObject();
		}
		catch (final NoSuchFileException e) {
			throw new ModelPackageException(file + " is missing; a CycleGAN package is the output " +
				"folder of a CycleGAN training (cyclegan.json and generator-*.f16)");
		}
		catch (final IOException | JsonParseException | IllegalStateException e) {
			throw new ModelPackageException(file + ": not readable JSON (" + e.getMessage() +
				"); resume that CycleGAN training in the same output folder to rewrite it");
		}
		try {
			final JsonObject generator = json.getAsJsonObject("generator");
			final int size = generator.get("size").getAsInt();
			final int ngf = generator.get("ngf").getAsInt();
			final int blocks = generator.get("blocks").getAsInt();
			json.get("source_class").getAsString();
			json.get("target_class").getAsString();
			final JsonObject weights = json.getAsJsonObject("weights");
			final Path weightsFile = dir.resolve(weights.get("file").getAsString());
			if (!Files.isRegularFile(weightsFile)) throw new ModelPackageException(weightsFile +
				" is missing (" + JSON + " names it); copy the whole CycleGAN folder again");
			final String expected = weights.get("sha256").getAsString();
			final String actual = ModelPackage.sha256(weightsFile);
			if (!actual.equalsIgnoreCase(expected)) throw new ModelPackageException(weightsFile +
				": checksum mismatch (" + JSON + " says " + expected.substring(0, 12) + "..., file is " +
				actual.substring(0, 12) + "...); the file is damaged: copy the folder again");
			return new CycleGanModel(dir, json, size, ngf, blocks);
		}
		catch (final ModelPackageException e) {
			throw e;
		}
		catch (final IOException | RuntimeException e) {
			throw new ModelPackageException(file + ": incomplete or damaged (" + e +
				"); resume that CycleGAN training in the same output folder to rewrite it");
		}
	}

	/** Writes {@code json} and the generator's weights (float16) atomically into {@code dir}. */
	static void write(final Path dir, final JsonObject json, final Block generator)
		throws IOException
	{
		ModelPackage.writeWithWeights(dir, JSON, json, generator, "generator-", DataType.FLOAT16);
	}

	public Path dir() {
		return dir;
	}

	public String id() {
		return json.get("id").getAsString();
	}

	public String name() {
		return json.get("name").getAsString();
	}

	public String sourceClass() {
		return json.get("source_class").getAsString();
	}

	public String targetClass() {
		return json.get("target_class").getAsString();
	}

	/** Width and height the generator was trained for (images are resized to it). */
	public int size() {
		return size;
	}

	/** The training configuration (data folders, protocol, split seed and fraction, ...). */
	public JsonObject training() {
		return json.getAsJsonObject("training");
	}

	/** {@code {id, name, weights_sha256, source_class, target_class}} for provenance records. */
	public JsonObject provenance() {
		final JsonObject p = new JsonObject();
		p.addProperty("id", id());
		p.addProperty("name", name());
		p.addProperty("path", dir.toAbsolutePath().normalize().toString());
		p.addProperty("weights_sha256", json.getAsJsonObject("weights").get("sha256").getAsString());
		p.addProperty("source_class", sourceClass());
		p.addProperty("target_class", targetClass());
		return p;
	}

	/** Loads the generator onto {@code device}. */
	public Generator open(final Device device) throws IOException {
		final NDManager manager = DeepLearningEngine.get().newBaseManager(device);
		try {
			final Block g = CycleGanNetworks.generator(ngf, blocks);
			g.initialize(manager, DataType.FLOAT32, new Shape(1, 1, size, size));
			WeightsFile.load(g, dir.resolve(json.getAsJsonObject("weights").get("file").getAsString()));
			return new Generator(g, manager, size);
		}
		catch (final IOException | RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	/** A loaded generator; close it to free its memory. */
	public static final class Generator implements AutoCloseable {

		private final Block block;
		private final NDManager manager;
		private final ParameterStore store;
		private final int size;

		private Generator(final Block block, final NDManager manager, final int size) {
			this.block = block;
			this.manager = manager;
			this.store = new ParameterStore(manager, false);
			this.size = size;
		}

		/** Translates one {@code size x size} 8-bit image. */
		public byte[] translate(final byte[] image) {
			return CycleGanModel.translate(block, store, manager, new byte[][] { image }, size)[0];
		}

		@Override
		public void close() {
			manager.close();
		}
	}

	/**
	 * Runs a generator on {@code s x s} 8-bit images: {@code x/127.5 - 1} in, {@code (y + 1) *
	 * 127.5} rounded and clamped out.
	 */
	static byte[][] translate(final Block generator, final ParameterStore store,
		final NDManager manager, final byte[][] images, final int s)
	{
		final byte[][] out = new byte[images.length][];
		try (NDManager sub = manager.newSubManager(); var off = DeepLearningEngine.gradientsOff()) {
			for (int i = 0; i < images.length; i++) {
				if (images[i].length != s * s) throw new IllegalArgumentException("the generator takes " +
					s + "x" + s + " images, got " + images[i].length + " pixels");
				final float[] x = new float[s * s];
				for (int p = 0; p < x.length; p++)
					x[p] = CycleGanTraining.toUnit(images[i][p]);
				try (NDManager perImage = sub.newSubManager()) {
					final NDArray y = generator.forward(store, new NDList(perImage.create(x, new Shape(1, 1,
						s, s))), false).singletonOrThrow();
					final float[] v = y.toFloatArray();
					final byte[] b = new byte[v.length];
					for (int p = 0; p < v.length; p++)
						b[p] = (byte) Math.max(0, Math.min(255, Math.round((v[p] + 1) * 127.5f)));
					out[i] = b;
				}
			}
		}
		return out;
	}
}
