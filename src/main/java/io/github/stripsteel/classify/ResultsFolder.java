package io.github.stripsteel.classify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.stripsteel.util.FolderLock;
import io.github.stripsteel.util.IoErrors;
import io.github.stripsteel.util.AtomicFiles;

/**
 * The output folder of a batch run: {@code results.csv}, {@code overlays/}, and the lock that keeps
 * a second run out while this one writes. Rows are appended whole and forced to disk batch by batch,
 * so a killed run leaves every row it reported and at most one torn last line, which the next
 * {@link Existing#SKIP} run cuts off. Temporary files of interrupted overlay or CSV writes are
 * deleted when the folder is opened and when it is closed.
 */
public final class ResultsFolder implements AutoCloseable {

	public static final String RESULTS_CSV = "results.csv";
	public static final String OVERLAYS = "overlays";
	/**
	 * The columns of {@code results.csv}; {@code cam_x ... box_h} (the class activation map's maximum
	 * and box, image pixels) are filled when the batch has a {@link BatchClassifier.Locator} and
	 * empty otherwise.
	 */
	public static final String CSV_HEADER =
		"file,predicted_class,confidence,top_k,ms,model,status,error,cam_x,cam_y,box_x,box_y,box_w,box_h";

	/** What to do with the results of an earlier run found in the folder. */
	public enum Existing {
		/** refuse to start ({@link ExistingResultsException}) */
		REFUSE,
		/** keep them and do only the files without a result ("continue") */
		SKIP,
		/** delete them ({@code results.csv} and the overlays) and start afresh */
		OVERWRITE
	}

	/** The folder holds results and neither continuing nor replacing them was asked for. */
	public static final class ExistingResultsException extends IOException {

		private static final long serialVersionUID = 1L;
		private final Path dir;
		private final String found;

		ExistingResultsException(final Path dir, final String found) {
			super(dir + " already holds the results of an earlier run (" + found + "); continue " +
				"that run (skip existing results) or replace them (overwrite), or choose another folder");
			this.dir = dir;
			this.found = found;
		}

		public Path dir() {
			return dir;
		}

		/** What was found, e.g. {@code results.csv with 800 rows, 800 overlays}. */
		public String found() {
			return found;
		}
	}

	private final Path dir;
	private final Path csv;
	private final FolderLock lock;
	private final Map<String, String> earlier;
	private boolean duplicates;
	private FileChannel channel;

	private ResultsFolder(final Path dir, final FolderLock lock) {
		this.dir = dir;
		this.csv = dir.resolve(RESULTS_CSV);
		this.lock = lock;
		this.earlier = new LinkedHashMap<>();
	}

	/**
	 * Creates the folder if needed, takes its lock, removes leftovers of interrupted writes and
	 * deals with earlier results as {@code existing} says.
	 *
	 * @throws FolderLock.BusyException when another run writes into the folder
	 * @throws ExistingResultsException with {@link Existing#REFUSE} when there are earlier results
	 * @throws IOException naming the path and the reason (not a folder, read-only, no space left)
	 */
	public static ResultsFolder open(final Path dir, final Existing existing) throws IOException {
		if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException(dir +
			" is a file, not a folder; the output must be a folder (it is created if missing)");
		IoErrors.call(dir, "create the output folder", () -> Files.createDirectories(dir));
		final FolderLock lock = FolderLock.acquire(dir, "output folder");
		try {
			removeLeftovers(dir);
			final ResultsFolder folder = new ResultsFolder(dir, lock);
			switch (existing) {
				case REFUSE -> refuseEarlierResults(dir);
				case OVERWRITE -> deleteResults(dir);
				case SKIP -> folder.readEarlierRows();
			}
			if (existing != Existing.SKIP || !Files.exists(folder.csv)) folder.startCsv();
			return folder;
		}
		catch (final IOException | RuntimeException e) {
			lock.close();
			throw e;
		}
	}

	public Path dir() {
		return dir;
	}

	public Path csvFile() {
		return csv;
	}

	/** The earlier row of {@code file} with status {@code ok} ({@link Existing#SKIP} only), or null. */
	public String earlierOkRow(final Path file) {
		final String row = earlier.get(file.toString());
		if (row == null) return null;
		final List<String> cells = parseCsvLine(row);
		return cells.size() >= 7 && (cells.get(6).equals("ok") || cells.get(6).equals(
			Prediction.UNCERTAIN)) ? row : null;
	}

	/**
	 * Drops the earlier rows of the files in {@code redone} (errors, rows whose overlay is gone) and
	 * duplicate rows with one atomic rewrite, so that every file has one row once the run has
	 * appended its new ones. Call before the first {@link #append}; no rewrite when nothing is
	 * dropped.
	 */
	public void dropEarlierRows(final Set<String> redone) throws IOException {
		if (!duplicates && earlier.keySet().stream().noneMatch(redone::contains)) return;
		if (channel != null) throw new IllegalStateException("rows were appended already");
		earlier.keySet().removeAll(redone);
		final StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
		for (final String row : earlier.values())
			sb.append(row).append('\n');
		IoErrors.call(csv, "write", () -> {
			AtomicFiles.writeString(csv, sb.toString());
			return null;
		});
		duplicates = false;
	}

	/** Appends whole rows and forces them to disk. */
	public void append(final List<String> rows) throws IOException {
		if (rows.isEmpty()) return;
		if (channel == null) openForAppend();
		final StringBuilder sb = new StringBuilder();
		for (final String row : rows)
			sb.append(row).append('\n');
		final ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
		final long size = IoErrors.call(csv, "append rows", channel::size);
		try {
			while (bytes.hasRemaining())
				channel.write(bytes);
			channel.force(true);
		}
		catch (final IOException e) {
			// a full disk may have taken part of the rows: cut back to whole rows
			try {
				channel.truncate(size);
			}
			catch (final IOException again) {
				e.addSuppressed(again);
			}
			throw IoErrors.explain(csv, "append rows", e);
		}
	}

	/** Closes the CSV, removes leftovers of interrupted writes and releases the folder's lock. */
	@Override
	public void close() throws IOException {
		try {
			if (channel != null) channel.close();
			removeLeftovers(dir);
		}
		finally {
			lock.close();
		}
	}

	/** Splits one CSV line (RFC 4180 quoting). */
	public static List<String> parseCsvLine(final String line) {
		final List<String> cells = new ArrayList<>();
		final StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			final char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				}
				else if (c == '"') quoted = false;
				else cell.append(c);
			}
			else if (c == '"') quoted = true;
			else if (c == ',') {
				cells.add(cell.toString());
				cell.setLength(0);
			}
			else cell.append(c);
		}
		cells.add(cell.toString());
		return cells;
	}

	// -- Helper methods --

	private void startCsv() throws IOException {
		IoErrors.call(csv, "write", () -> {
			AtomicFiles.writeString(csv, CSV_HEADER + "\n");
			return null;
		});
		openForAppend();
	}

	private void openForAppend() throws IOException {
		channel = IoErrors.call(csv, "open for appending", () -> FileChannel.open(csv,
			StandardOpenOption.WRITE, StandardOpenOption.APPEND));
	}

	private static void removeLeftovers(final Path dir) throws IOException {
		for (final Path d : List.of(dir, dir.resolve(OVERLAYS)))
			IoErrors.call(d, "remove temporary files of interrupted writes", () -> AtomicFiles
				.removeLeftovers(d));
	}

	private static void refuseEarlierResults(final Path dir) throws IOException {
		final Path csv = dir.resolve(RESULTS_CSV);
		final int rows = Files.exists(csv) ? rows(csv, IoErrors.call(csv, "read", () -> Files
			.readString(csv, StandardCharsets.UTF_8))).size() : 0;
		final long overlays = countOverlays(dir);
		if (rows > 0 || overlays > 0) throw new ExistingResultsException(dir, RESULTS_CSV + " with " +
			rows + " rows, " + overlays + " overlays");
	}

	private static void deleteResults(final Path dir) throws IOException {
		IoErrors.call(dir.resolve(RESULTS_CSV), "delete", () -> Files.deleteIfExists(dir.resolve(
			RESULTS_CSV)));
		final Path overlays = dir.resolve(OVERLAYS);
		if (!Files.isDirectory(overlays)) return;
		try (DirectoryStream<Path> s = Files.newDirectoryStream(overlays, "*.overlay.png")) {
			for (final Path p : s)
				IoErrors.call(p, "delete", () -> Files.deleteIfExists(p));
		}
	}

	private static long countOverlays(final Path dir) throws IOException {
		final Path overlays = dir.resolve(OVERLAYS);
		if (!Files.isDirectory(overlays)) return 0;
		long n = 0;
		try (DirectoryStream<Path> s = Files.newDirectoryStream(overlays, "*.overlay.png")) {
			for (final Path p : s)
				n++;
		}
		return n;
	}

	/**
	 * Reads the rows of results.csv by file (the last row of a file wins), after cutting off a torn
	 * last line that a killed run may have left.
	 */
	private void readEarlierRows() throws IOException {
		if (!Files.exists(csv)) return;
		final String text = IoErrors.call(csv, "read", () -> Files.readString(csv,
			StandardCharsets.UTF_8));
		final int end = text.lastIndexOf('\n') + 1;
		if (end < text.length()) IoErrors.call(csv, "cut off the torn last line", () -> {
			try (FileChannel c = FileChannel.open(csv, StandardOpenOption.WRITE)) {
				c.truncate(text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
				c.force(true);
			}
			return null;
		});
		final List<String> rows = rows(csv, text.substring(0, end));
		for (final String row : rows)
			duplicates |= earlier.put(parseCsvLine(row).get(0), row) != null;
	}

	/** The data rows of a results file's complete lines. */
	private static List<String> rows(final Path csv, final String text) throws IOException {
		final List<String> rows = new ArrayList<>();
		final String[] lines = text.split("\n");
		if (lines.length == 0 || lines[0].isEmpty()) return rows;
		if (!lines[0].equals(CSV_HEADER)) throw new IOException(csv + " does not start with the " +
			"header this software writes (" + CSV_HEADER + "); it is not a results file of this " +
			"software, or of another version: choose another folder or replace it");
		for (int i = 1; i < lines.length; i++)
			if (!lines[i].isEmpty()) rows.add(lines[i]);
		return rows;
	}
}
