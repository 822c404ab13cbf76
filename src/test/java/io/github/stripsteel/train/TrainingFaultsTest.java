package io.github.stripsteel.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.log.StderrLogService;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.testutil.TextureDataset;
import io.github.stripsteel.util.FolderLock;

/**
 * Faults 4 and 5 of issue 21 for training: leftovers of a killed run are removed, damaged or
 * missing checkpoints are named (and never silently trained over), a second run into the same
 * output folder is refused.
 */
class TrainingFaultsTest {

	@TempDir
	static Path tmp;
	static Path data;
	/** A run stopped after its first epoch of two (as a kill after the checkpoint leaves it). */
	static Path stopped;

	@BeforeAll
	static void firstEpoch() throws IOException {
		data = TextureDataset.write(tmp.resolve("data"), 8);
		stopped = tmp.resolve("stopped");
		new TrainingRun(config(stopped, 1, false), new CrossEntropyObjective(), log()).run();
	}

	@Test
	void leftoversOfAKilledRunAreRemovedAndAFinishedRunLeavesNone() throws IOException {
		final Path out = copy("leftovers");
		final List<Path> leftovers = List.of(out.resolve(".weights123.tmp"), out.resolve(
			"checkpoints/.epoch-003.weights456.tmp"), out.resolve("checkpoints/.epoch-003.momentum7.tmp"),
			out.resolve(".log.csv99.tmp"));
		for (final Path p : leftovers)
			Files.writeString(p, "x");
		Files.writeString(out.resolve(FolderLock.LOCK_FILE), "12345 2026-01-01T00:00:00Z\n");
		new TrainingRun(config(out, 2, true), new CrossEntropyObjective(), log()).run();
		assertEquals(3, Files.readAllLines(out.resolve("log.csv")).size(), "resumed: epoch 2 added");
		try (Stream<Path> s = Files.walk(out)) {
			final List<Path> hidden = s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
			assertTrue(hidden.isEmpty(), "left behind: " + hidden);
		}
	}

	@Test
	void aHalfWrittenLatestJsonIsNamed() throws IOException {
		final Path out = copy("half");
		final Path latest = out.resolve("checkpoints/latest.json");
		final String text = Files.readString(latest);
		Files.writeString(latest, text.substring(0, text.length() / 2));
		final IOException e = assertThrows(IOException.class, () -> new TrainingRun(config(out, 2,
			true), new CrossEntropyObjective(), log()).run());
		assertTrue(e.getMessage().contains(latest + " is damaged") && e.getMessage().contains(
			"resuming cannot use it"), e.getMessage());
	}

	@Test
	void resumingWithoutLatestJsonRefusesInsteadOfStartingOver() throws IOException {
		final Path out = copy("deleted");
		Files.delete(out.resolve("checkpoints/latest.json"));
		final List<String> log = Files.readAllLines(out.resolve("log.csv"));
		final IOException e = assertThrows(IOException.class, () -> new TrainingRun(config(out, 2,
			true), new CrossEntropyObjective(), log()).run());
		assertTrue(e.getMessage().contains("nothing to resume in " + out) && e.getMessage().contains(
			"latest.json does not exist"), e.getMessage());
		assertEquals(log, Files.readAllLines(out.resolve("log.csv")), "nothing retrained");
	}

	@Test
	void aTruncatedCheckpointNamesTheCheckpoint() throws IOException {
		final Path out = copy("truncated");
		final Path weights = out.resolve("checkpoints/epoch-001.weights");
		final byte[] bytes = Files.readAllBytes(weights);
		Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		final IOException e = assertThrows(IOException.class, () -> new TrainingRun(config(out, 2,
			true), new CrossEntropyObjective(), log()).run());
		final String m = e.getMessage();
		assertTrue(m.contains("checkpoint of epoch 1") && m.contains("epoch-001.weights") && m.contains(
			"truncated") && m.contains("resuming cannot use it") && !m.contains("download"), m);
	}

	@Test
	void aSecondRunIntoTheSameFolderIsRefused() throws IOException {
		final Path out = copy("twin");
		try (FolderLock first = FolderLock.acquire(out, "training output folder")) {
			final IOException e = assertThrows(FolderLock.BusyException.class, () -> new TrainingRun(
				config(out, 2, true), new CrossEntropyObjective(), log()).run());
			assertTrue(e.getMessage().contains("in use by another run"), e.getMessage());
		}
		assertEquals(2, Files.readAllLines(out.resolve("log.csv")).size(), "the refused run changed nothing");
	}

	@Test
	void aBatchLargerThanTheTrainingSetIsNamed() {
		final Path out = tmp.resolve("big-batch");
		final TrainingConfig config = TrainingConfig.defaults(data, out).withArch("resnet34")
			.withSchedule(1, 500, 0.01f).withInput(TextureDataset.SIZE, 0.25, 42).withRun(DeviceChoice.CPU,
				false);
		final io.github.stripsteel.util.InvalidSettingException e = assertThrows(
			io.github.stripsteel.util.InvalidSettingException.class, () -> new TrainingRun(config,
				new CrossEntropyObjective(), log()).run());
		assertTrue(e.getMessage().matches("batch size 500 is larger than the \\d+ training images; " +
			"lower batch size to at most \\d+ or add images"), e.getMessage());
		assertEquals("--batch 500 is larger", e.message(k -> "--" + k).substring(0, 21));
	}

	// -- Helper methods --

	private static TrainingConfig config(final Path out, final int epochs, final boolean resume) {
		return TrainingConfig.defaults(data, out).withArch("resnet34").withSchedule(epochs, 8, 0.01f)
			.withInput(TextureDataset.SIZE, 0.25, 42).withRun(DeviceChoice.CPU, resume);
	}

	private static Path copy(final String name) throws IOException {
		final Path to = tmp.resolve(name);
		try (Stream<Path> s = Files.walk(stopped)) {
			for (final Path p : s.toList()) {
				final Path target = to.resolve(stopped.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target);
			}
		}
		assertFalse(Files.exists(to.resolve(FolderLock.LOCK_FILE)));
		return to;
	}

	private static org.scijava.log.Logger log() {
		return new StderrLogService().subLogger("test");
	}
}
