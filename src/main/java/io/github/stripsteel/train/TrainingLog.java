package io.github.stripsteel.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.stripsteel.util.AtomicFiles;

/**
 * A run's {@code log.csv}: a header, then one row per epoch whose first cell is the epoch number.
 * Each row is added by rewriting the file atomically, so a reader never sees half a row; a
 * resumed run first drops the rows after its checkpoint (it writes them again). The classifier's
 * columns are {@link EpochRecord}'s, the CycleGAN's its five losses.
 */
public final class TrainingLog {

	/** The file name inside a run's output folder. */
	public static final String FILE = "log.csv";

	private final Path file;

	/** The log of the run whose output folder is {@code out}. */
	public TrainingLog(final Path out) {
		this.file = out.resolve(FILE);
	}

	public Path file() {
		return file;
	}

	/**
	 * Prepares the log for a run: a new run ({@code resumedAfter} null) removes an earlier log,
	 * a run resumed after epoch {@code resumedAfter} keeps the rows up to it.
	 */
	public void start(final Integer resumedAfter) throws IOException {
		if (resumedAfter == null) Files.deleteIfExists(file);
		else truncateAfter(resumedAfter);
	}

	/** Drops the rows after {@code lastEpoch}; the header and earlier rows stay. */
	public void truncateAfter(final int lastEpoch) throws IOException {
		if (!Files.exists(file)) return;
		final List<String> kept = new ArrayList<>();
		for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			final String first = line.split(",", 2)[0];
			if (!first.matches("\\d+") || Integer.parseInt(first) <= lastEpoch) kept.add(line);
		}
		AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
	}

	/** Adds one row ({@code header} first when the file is new); neither ends with a newline. */
	public void append(final String header, final String row) throws IOException {
		final String previous = Files.exists(file) ? Files.readString(file) : header + "\n";
		AtomicFiles.writeString(file, previous + row + "\n");
	}

	/** The rows so far, each a map from column name to cell (no rows when there is no log). */
	public List<Map<String, String>> rows() throws IOException {
		final List<Map<String, String>> rows = new ArrayList<>();
		if (!Files.exists(file)) return rows;
		final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		if (lines.isEmpty()) return rows;
		final String[] header = lines.get(0).split(",");
		for (final String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) continue;
			final String[] cells = line.split(",");
			if (!cells[0].matches("\\d+")) continue;
			final Map<String, String> row = new LinkedHashMap<>();
			for (int i = 0; i < header.length && i < cells.length; i++)
				row.put(header[i], cells[i]);
			rows.add(row);
		}
		return rows;
	}
}
