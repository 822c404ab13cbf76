package io.github.stripsteel.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.classify.ResultsFolder.Existing;
import io.github.stripsteel.util.FolderLock;

/** The output folder on its own: appending, continuing, refusing, replacing, locking, cleaning. */
class ResultsFolderTest {

	@TempDir
	Path tmp;

	private static final String ROW_A = "/in/a.png,crazing,0.9000,crazing:0.9000,1.00,m,ok,";
	private static final String ROW_B = "/in/b.png,patches,0.8000,patches:0.8000,1.00,m,ok,";
	private static final String ROW_C = "/in/c.png,,,,1.00,m,error,/in/c.png: not an image";

	@Test
	void rowsAreAppendedAndTheFolderIsLeftClean() throws IOException {
		final Path dir = tmp.resolve("out");
		try (ResultsFolder f = ResultsFolder.open(dir, Existing.REFUSE)) {
			f.append(List.of(ROW_A));
			assertTrue(Files.exists(dir.resolve(FolderLock.LOCK_FILE)), "locked while open");
			f.append(List.of(ROW_B, ROW_C));
		}
		assertEquals(List.of(ResultsFolder.CSV_HEADER, ROW_A, ROW_B, ROW_C), Files.readAllLines(dir
			.resolve(ResultsFolder.RESULTS_CSV)));
		try (var s = Files.list(dir)) {
			assertEquals(List.of(ResultsFolder.RESULTS_CSV), s.map(p -> p.getFileName().toString())
				.toList(), "no lock, no temporary file");
		}
	}

	@Test
	void earlierResultsAreRefusedUnlessContinuedOrReplaced() throws IOException {
		final Path dir = tmp.resolve("out");
		try (ResultsFolder f = ResultsFolder.open(dir, Existing.REFUSE)) {
			f.append(List.of(ROW_A, ROW_C));
		}
		final var e = assertThrows(ResultsFolder.ExistingResultsException.class, () -> ResultsFolder
			.open(dir, Existing.REFUSE));
		assertTrue(e.getMessage().contains(dir.toString()) && e.found().contains("2 rows"), e
			.getMessage());
		assertEquals(3, Files.readAllLines(dir.resolve(ResultsFolder.RESULTS_CSV)).size(),
			"a refused run changes nothing");
		assertFalse(Files.exists(dir.resolve(FolderLock.LOCK_FILE)), "a refused run releases the lock");
		try (ResultsFolder f = ResultsFolder.open(dir, Existing.OVERWRITE)) {
			f.append(List.of(ROW_B));
		}
		assertEquals(List.of(ResultsFolder.CSV_HEADER, ROW_B), Files.readAllLines(dir.resolve(
			ResultsFolder.RESULTS_CSV)));
	}

	@Test
	void continuingCutsATornLineAndDropsRowsToRedo() throws IOException {
		final Path dir = Files.createDirectories(tmp.resolve("out"));
		final Path csv = dir.resolve(ResultsFolder.RESULTS_CSV);
		// what a run killed in the middle of a write could leave: a torn last line
		Files.writeString(csv, ResultsFolder.CSV_HEADER + "\n" + ROW_A + "\n" + ROW_C + "\n" + ROW_B
			.substring(0, 20));
		try (ResultsFolder f = ResultsFolder.open(dir, Existing.SKIP)) {
			assertEquals(ROW_A, f.earlierOkRow(Path.of("/in/a.png")));
			assertNull(f.earlierOkRow(Path.of("/in/c.png")), "an error row is done again");
			assertNull(f.earlierOkRow(Path.of("/in/b.png")), "the torn row does not count");
			f.dropEarlierRows(Set.of("/in/b.png", "/in/c.png"));
			f.append(List.of(ROW_B, ROW_C.replace("error", "ok")));
		}
		assertEquals(List.of(ResultsFolder.CSV_HEADER, ROW_A, ROW_B, ROW_C.replace("error", "ok")),
			Files.readAllLines(csv), "each file once");
	}

	@Test
	void leftoversOfInterruptedWritesAreRemoved() throws IOException {
		final Path dir = Files.createDirectories(tmp.resolve("out"));
		final Path overlays = Files.createDirectories(dir.resolve(ResultsFolder.OVERLAYS));
		final Path a = Files.writeString(dir.resolve(".results.csv8123456.tmp"), "x");
		final Path b = Files.writeString(overlays.resolve(".a.png.overlay.png99.tmp"), "x");
		final Path keep = Files.writeString(overlays.resolve("a.png.overlay.png"), "x");
		try (ResultsFolder f = ResultsFolder.open(dir, Existing.SKIP)) {
			assertFalse(Files.exists(a) || Files.exists(b));
		}
		assertTrue(Files.exists(keep));
	}

	@Test
	void oneWriterPerFolder() throws IOException {
		final Path dir = tmp.resolve("out");
		try (ResultsFolder f = ResultsFolder.open(dir, Existing.REFUSE)) {
			final var e = assertThrows(FolderLock.BusyException.class, () -> ResultsFolder.open(dir,
				Existing.SKIP));
			assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("in use by " +
				"another run (process " + ProcessHandle.current().pid()), e.getMessage());
		}
		// a lock file left by a killed run holds no lock: the next run takes it over
		Files.writeString(dir.resolve(FolderLock.LOCK_FILE), "99999 2026-01-01T00:00:00Z x\n");
		try (ResultsFolder f = ResultsFolder.open(dir, Existing.SKIP)) {
			f.append(List.of(ROW_A));
		}
		assertFalse(Files.exists(dir.resolve(FolderLock.LOCK_FILE)));
	}

	@Test
	void aFileWhereTheFolderShouldBe() throws IOException {
		final Path file = Files.writeString(tmp.resolve("results"), "x");
		final var e = assertThrows(IOException.class, () -> ResultsFolder.open(file, Existing.REFUSE));
		assertTrue(e.getMessage().contains(file + " is a file, not a folder"), e.getMessage());
	}
}
