package io.github.stripsteel.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.stripsteel.engine.DeepLearningEngine;
import io.github.stripsteel.util.AtomicFiles;

/**
 * Reads and writes a block's parameters (including batch-norm running statistics) by their
 * hierarchical names, in float32 or float16, in a small self-describing format:
 * magic {@code SSDW}, version, count, then per array name, data type, shape and little-endian
 * data. Names rather than DJL's per-instance parameter ids make the file independent of the
 * Java object that wrote it.
 */
public final class WeightsFile {

	private static final int MAGIC = 0x53534457; // "SSDW"
	private static final int VERSION = 1;
	private static final NDIndex ALL = new NDIndex("...");

	private WeightsFile() {}

	/** Writes every parameter of {@code block}, converted to {@code storage} (FLOAT16 or FLOAT32). */
	public static void write(final Block block, final Path file, final DataType storage)
		throws IOException
	{
		final Map<String, NDArray> arrays = new LinkedHashMap<>();
		for (final Pair<String, Parameter> p : block.getParameters())
			arrays.put(p.getKey(), p.getValue().getArray());
		write(arrays, file, storage);
	}

	/** Writes named arrays atomically (temporary file, then rename). */
	public static void write(final Map<String, NDArray> arrays, final Path file,
		final DataType storage) throws IOException
	{
		if (storage != DataType.FLOAT16 && storage != DataType.FLOAT32) throw new IllegalArgumentException(
			"weights are stored as float16 or float32, not " + storage);
		AtomicFiles.write(file, out -> {
			final DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 20));
			data.writeInt(MAGIC);
			data.writeInt(VERSION);
			data.writeInt(arrays.size());
			for (final Map.Entry<String, NDArray> e : arrays.entrySet()) {
				final NDArray array = e.getValue();
				data.writeUTF(e.getKey());
				data.writeUTF(storage.name());
				final long[] shape = array.getShape().getShape();
				data.writeInt(shape.length);
				for (final long d : shape)
					data.writeLong(d);
				try (NDArray converted = array.toType(storage, true)) {
					final byte[] bytes = converted.toByteArray();
					data.writeInt(bytes.length);
					data.write(bytes);
				}
			}
			data.flush();
		});
	}

	/**
	 * Loads every parameter of {@code block} from {@code file}; names and shapes must match
	 * exactly.
	 *
	 * @throws IOException naming the file and the first mismatch
	 */
	public static void load(final Block block, final Path file) throws IOException {
		final Map<String, Parameter> byName = parametersByName(block);
		final Map<String, NDArray> arrays = read(file, managerOf(block));
		try (var off = DeepLearningEngine.gradientsOff()) {
			copyInto(byName, arrays, file);
		}
		if (arrays.size() != byName.size()) throw new IOException(file.getFileName() + ": has " +
			arrays.size() + " parameters, the network has " + byName.size() +
			"; the file was written for a different architecture");
	}

	/**
	 * Starts {@code block} from another network's weights: copies every stored array whose name and
	 * shape match a parameter of {@code block}, leaves the other parameters as they are. Used to
	 * initialise a network from a related model (a SARSN from a ResNet34 of the same layout, or a
	 * model for another dataset, whose classification head has another class count).
	 *
	 * @return the names of the stored arrays that were not used (shape or name not in the network)
	 * @throws IOException when nothing matches, or when more than the classification head is unused
	 */
	public static List<String> loadMatching(final Block block, final Path file) throws IOException {
		final Map<String, Parameter> byName = parametersByName(block);
		final Map<String, NDArray> arrays = read(file, managerOf(block));
		final Map<String, Parameter> matching = new LinkedHashMap<>();
		final List<String> unused = new ArrayList<>();
		for (final Map.Entry<String, NDArray> e : arrays.entrySet()) {
			final Parameter target = byName.get(e.getKey());
			if (target != null && target.getArray().getShape().equals(e.getValue().getShape())) matching
				.put(e.getKey(), target);
			else unused.add(e.getKey());
		}
		final List<String> notHead = unused.stream().filter(n -> !n.matches("(\\d\\d)?fc_.*"))
			.toList();
		if (matching.isEmpty() || !notHead.isEmpty()) {
			arrays.values().forEach(NDArray::close);
			throw new IOException(file + ": cannot start from these weights: " + (matching.isEmpty()
				? "no parameter matches the network"
				: notHead.size() + " arrays do not fit the network (first: '" + notHead.get(0) + "')") +
				"; initialise only from a model of the same layout");
		}
		try (var off = DeepLearningEngine.gradientsOff()) {
			copyInto(matching, arrays, file);
		}
		for (final String name : unused)
			arrays.get(name).close();
		return unused;
	}

	private static Map<String, Parameter> parametersByName(final Block block) {
		final Map<String, Parameter> byName = new LinkedHashMap<>();
		for (final Pair<String, Parameter> p : block.getParameters())
			byName.put(p.getKey(), p.getValue());
		return byName;
	}

	/** The manager that holds the block's (initialised) parameters. */
	private static NDManager managerOf(final Block block) {
		return block.getParameters().get(0).getValue().getArray().getManager();
	}

	private static void copyInto(final Map<String, Parameter> byName,
		final Map<String, NDArray> arrays, final Path file) throws IOException
	{
		for (final Map.Entry<String, Parameter> e : byName.entrySet()) {
			final NDArray loaded = arrays.get(e.getKey());
			if (loaded == null) throw new IOException(file.getFileName() + ": parameter '" + e
				.getKey() + "' is missing; the file was written for a different architecture");
			final NDArray target = e.getValue().getArray();
			if (!loaded.getShape().equals(target.getShape()) && e.getKey().endsWith("fc_weight"))
				throw new ModelPackageException(file.getFileName() + ": class count mismatch: the " +
					"network is built for " + target.getShape().get(0) + " classes but the weights have " +
					loaded.getShape().get(0) + " outputs; model.json's 'classes' does not belong to " +
					"these weights");
			if (!loaded.getShape().equals(target.getShape())) throw new IOException(file
				.getFileName() + ": parameter '" + e.getKey() + "' has shape " + loaded.getShape() +
				", the network expects " + target.getShape() + " (different class count or input?)");
			// indexed assignment copies bits exactly (signed zeros too); NDArray.set(Buffer) and
			// copyTo would make PyTorch print a deprecation warning on every start
			try (NDArray converted = loaded.toType(target.getDataType(), false)) {
				target.set(ALL, converted);
			}
			loaded.close();
		}
	}

	/** Reads all named arrays (as stored) into {@code manager}. */
	public static Map<String, NDArray> read(final Path file, final NDManager manager)
		throws IOException
	{
		final Map<String, NDArray> arrays = new LinkedHashMap<>();
		try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(
			new BufferedInputStream(in, 1 << 20)))
		{
			if (data.readInt() != MAGIC) throw new IOException(file.getFileName() +
				": not a Strip Steel weights file (bad magic number); re-export the model");
			final int version = data.readInt();
			if (version != VERSION) throw new IOException(file.getFileName() +
				": weights format version " + version + " is not supported (expected " + VERSION + ")");
			final int count = data.readInt();
			for (int i = 0; i < count; i++) {
				final String name = data.readUTF();
				final DataType type = DataType.valueOf(data.readUTF());
				final long[] shape = new long[data.readInt()];
				for (int d = 0; d < shape.length; d++)
					shape[d] = data.readLong();
				final byte[] bytes = new byte[data.readInt()];
				data.readFully(bytes);
				final ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder
					.nativeOrder());
				buffer.put(bytes).flip();
				arrays.put(name, manager.create(buffer, new Shape(shape), type));
			}
			if (data.read() != -1) throw new IOException(file.getFileName() +
				": trailing bytes after the last parameter; the file is damaged");
		}
		catch (final EOFException e) {
			throw new IOException(file.getFileName() +
				": truncated weights file (it ends before its last parameter)");
		}
		catch (final IllegalArgumentException e) {
			throw new IOException(file.getFileName() + ": damaged weights file (" + e.getMessage() +
				")");
		}
		return arrays;
	}

}
