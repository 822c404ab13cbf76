package io.github.stripsteel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.log.StderrLogService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.util.FolderLock;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.testutil.ChildJvm;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.Mounts;
import io.github.stripsteel.testutil.TestModels;
import io.github.stripsteel.testutil.TextureDataset;

/**
 * The faults of issue 21 on the command line: a run killed with SIGKILL and continued, a second
 * run into the same folder, a rerun, an edited package, leftovers, unusable output folders.
 */
class ClassifyFaultsTest {

	@TempDir
	static Path tmp;
	static Path model;
	static Path images;
	static List<Path> files;

	@BeforeAll
	static void setUp() throws IOException {
		model = tmp.resolve("model");
		TestModels.writeRandomPackage(model, TextureDataset.CLASSES, 64);
		images = TextureDataset.write(tmp.resolve("images"), 60);
		files = ImageFiles.collect(List.of(images), true);
	}

	@Test
	void aKilledRunIsContinuedWithSkipExistingAndATwinIsRefused() throws Exception {
		final Path out = tmp.resolve("killed");
		final Path logs = Files.createDirectories(tmp.resolve("child-logs"));
		final Process child = ChildJvm.startCli(logs, "classify", "--model", model.toString(), "--out",
			out.toString(), "--batch", "2", images.toString());
		final Path csv = out.resolve(BatchClassifier.RESULTS_CSV);
		try {
			final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (rows(csv) < 4) {
				if (!child.isAlive()) fail("the child ended before it could be killed: " + Files
					.readString(logs.resolve("err.txt")));
				if (System.nanoTime() > deadline) fail("no rows after 5 minutes");
				Thread.sleep(20);
			}
			// a twin run into the same folder while the first one writes: refused, nothing changed
			final CliRun twin = CliRun.of("classify", "--model", model.toString(), "--out", out
				.toString(), "--skip-existing", images.toString());
			assertEquals(1, twin.code(), twin.err());
			assertTrue(twin.err().contains("in use by another run (process " + child.pid()), twin.err());
		}
		finally {
			child.destroyForcibly(); // SIGKILL
			child.waitFor();
		}
		final String before = Files.readString(csv);
		final int done = rows(csv);
		Assumptions.assumeTrue(done < files.size(), "the child finished all " + files.size() +
			" files before it was killed; nothing left to continue");
		assertTrue(before.endsWith("\n"), "whole rows only");
		assertTrue(Files.exists(out.resolve(FolderLock.LOCK_FILE)), "the killed run's lock file stays");

		// a rerun without an option refuses and names both
		final CliRun rerun = CliRun.of("classify", "--model", model.toString(), "--out", out
			.toString(), images.toString());
		assertEquals(1, rerun.code());
		assertTrue(rerun.err().contains("--skip-existing") && rerun.err().contains("--overwrite") &&
			rerun.err().contains(done + " rows"), rerun.err());
		assertEquals(before, Files.readString(csv));

		final CliRun resumed = CliRun.of("classify", "--model", model.toString(), "--out", out
			.toString(), "--skip-existing", "--quiet", images.toString());
		assertEquals(0, resumed.code(), resumed.err());
		final String after = Files.readString(csv);
		assertTrue(after.startsWith(before), "the rows of the killed run are kept as they were");
		assertEachFileOnce(csv);
		assertTrue(resumed.out().contains(done + " kept from the earlier run"), resumed.out());
		assertFalse(resumed.err().contains("images/s"), "--quiet: no progress line");
		assertNoLeftovers(out);
	}

	@Test
	void resultsGrowByAppendingWholeRows() throws IOException {
		// fault 6: the file was rewritten (a new file renamed over it) after every mini-batch
		final Path out = tmp.resolve("appended");
		final Path csv = out.resolve(BatchClassifier.RESULTS_CSV);
		final List<Object> keys = new ArrayList<>();
		final List<String> contents = new ArrayList<>();
		try (StripClassifier c = StripClassifier.open(model, DeviceChoice.CPU)) {
			new BatchClassifier(c, new StderrLogService().subLogger("test")).outputFolder(out).batchSize(
				3).onResult(r -> {
					try {
						keys.add(Files.readAttributes(csv, BasicFileAttributes.class).fileKey());
						contents.add(Files.readString(csv));
					}
					catch (final IOException e) {
						throw new UncheckedIOException(e);
					}
				}).run(files.subList(0, 12));
		}
		assertEquals(1, new HashSet<>(keys).size(), "one file, appended to: " + keys);
		for (int i = 1; i < contents.size(); i++)
			assertTrue(contents.get(i).startsWith(contents.get(i - 1)) && contents.get(i).endsWith("\n"));
		assertEquals(13, Files.readAllLines(csv).size());
	}

	@Test
	void overwriteReplacesAndLeftoversAreRemoved() throws IOException {
		final Path out = tmp.resolve("overwrite");
		final Path one = images.resolve("noise");
		assertEquals(0, CliRun.of("classify", "--model", model.toString(), "--out", out.toString(),
			one.toString()).code());
		// what interrupted atomic writes leave behind
		Files.writeString(out.resolve(".results.csv4711.tmp"), "x");
		Files.writeString(out.resolve("overlays").resolve(".x.png.overlay.png4711.tmp"), "x");
		final CliRun run = CliRun.of("classify", "--model", model.toString(), "--out", out.toString(),
			"--overwrite", images.toString());
		assertEquals(0, run.code(), run.err());
		assertEachFileOnce(out.resolve(BatchClassifier.RESULTS_CSV));
		assertNoLeftovers(out);
		final CliRun both = CliRun.of("classify", "--model", model.toString(), "--out", out.toString(),
			"--overwrite", "--skip-existing", one.toString());
		assertEquals(2, both.code());
	}

	@Test
	void anEditedClassListIsRefused() throws IOException {
		final Path edited = Files.createDirectories(tmp.resolve("edited"));
		try (Stream<Path> s = Files.list(model)) {
			for (final Path f : s.toList())
				Files.copy(f, edited.resolve(f.getFileName()));
		}
		final JsonObject json = JsonParser.parseString(Files.readString(edited.resolve("model.json")))
			.getAsJsonObject();
		final var classes = json.getAsJsonArray("classes");
		final var first = classes.get(0);
		classes.set(0, classes.get(2));
		classes.set(2, first);
		Files.writeString(edited.resolve("model.json"), json.toString());
		final CliRun run = CliRun.of("classify", "--model", edited.toString(), images.resolve("noise")
			.toString());
		assertEquals(1, run.code());
		assertTrue(run.err().contains("'classes' was changed") && run.err().contains("relabel"), run
			.err());
	}

	@Test
	void anOutputThatIsAFileIsNamed() throws IOException {
		final Path file = Files.writeString(tmp.resolve("a-file"), "x");
		final CliRun run = CliRun.of("classify", "--model", model.toString(), "--out", file.toString(),
			images.resolve("noise").toString());
		assertEquals(1, run.code());
		assertTrue(run.err().contains(file + " is a file, not a folder"), run.err());
	}

	@Test
	void aReadOnlyOutputIsNamed() throws Exception {
		final Path parent = tmp.resolve("read-only");
		final boolean root = "root".equals(System.getProperty("user.name"));
		try (Mounts ro = root ? Mounts.tmpfs(parent, "ro,size=64k") : null) {
			if (!root) Files.setPosixFilePermissions(Files.createDirectories(parent), java.nio.file.attribute
				.PosixFilePermissions.fromString("r-xr-xr-x"));
			final Path out = parent.resolve("out");
			final CliRun run = CliRun.of("classify", "--model", model.toString(), "--out", out.toString(),
				images.resolve("noise").toString());
			assertEquals(1, run.code());
			assertTrue(run.err().contains(out.toString()) && (run.err().contains("read-only") || run
				.err().contains("permission denied")), run.err());
		}
	}

	@Test
	void aFullDiskIsNamedAndLeavesWholeRows() throws Exception {
		try (Mounts small = Mounts.tmpfs(tmp.resolve("full"), "size=96k")) {
			final Path out = small.dir().resolve("out");
			final CliRun run = CliRun.of("classify", "--model", model.toString(), "--out", out.toString(),
				"--quiet", images.toString());
			assertEquals(1, run.code(), run.out());
			assertTrue((run.err() + run.out()).contains("no space left on the device"), run.err() + run
				.out());
			assertTrue(run.err().contains(out.toString()) || run.out().contains(out.toString()), run
				.err());
			final Path csv = out.resolve(BatchClassifier.RESULTS_CSV);
			if (Files.exists(csv)) for (final String line : Files.readAllLines(csv).subList(1, Files
				.readAllLines(csv).size()))
				assertEquals(8, BatchClassifier.parseCsvLine(line).size(), line);
			assertNoLeftovers(out);
		}
	}

	// -- Helper methods --

	private static int rows(final Path csv) throws IOException {
		if (!Files.exists(csv)) return 0;
		final String text = Files.readString(csv);
		return (int) text.chars().filter(c -> c == '\n').count() - 1;
	}

	private static void assertEachFileOnce(final Path csv) throws IOException {
		final List<String> lines = Files.readAllLines(csv);
		assertEquals(BatchClassifier.CSV_HEADER, lines.get(0));
		final Set<String> seen = new HashSet<>();
		for (final String line : lines.subList(1, lines.size())) {
			final List<String> cells = BatchClassifier.parseCsvLine(line);
			assertEquals("ok", cells.get(6), line);
			assertTrue(seen.add(cells.get(0)), "twice: " + cells.get(0));
		}
		final Set<String> expected = new HashSet<>();
		files.forEach(f -> expected.add(f.toString()));
		assertEquals(expected, seen);
	}

	private static void assertNoLeftovers(final Path out) throws IOException {
		if (!Files.exists(out)) return;
		try (Stream<Path> s = Files.walk(out)) {
			final List<Path> left = s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
			assertFalse(left.stream().findAny().isPresent(), "left behind: " + left);
		}
	}
}
