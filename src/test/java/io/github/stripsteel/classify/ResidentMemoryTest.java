package io.github.stripsteel.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.log.StderrLogService;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.engine.ProcessMemory;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.model.TestTimeAugmentation;
import io.github.stripsteel.testutil.TestModels;
import io.github.stripsteel.util.Progress;

/**
 * A few hundred images classified in one JVM, with overlays written: resident memory outside the
 * Java heap stops growing after the first batches (every batch's tensors are freed, the allocator reuses its pages). A leak
 * of one batch's activations or inputs per batch would add well over the margin in the second half.
 */
class ResidentMemoryTest {

	private static final int FILES = 288, BATCH = 16;
	private static final double MARGIN_MB = 100;

	@Test
	void residentMemoryStopsGrowing(@TempDir final Path tmp) throws Exception {
		Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")),
			"needs Linux's /proc to read resident memory");
		final Path root = TestModels.projectDir();
		final List<Path> samples = ImageFiles.collect(List.of(root.resolve("sample-images/neu-cls")), true);
		final Path in = Files.createDirectories(tmp.resolve("in"));
		final List<Path> files = new ArrayList<>();
		for (int i = 0; i < FILES; i++) {
			final Path src = samples.get(i % samples.size());
			files.add(Files.copy(src, in.resolve(i + "_" + src.getFileName())));
		}
		final double[] rss = new double[FILES / BATCH], heap = new double[FILES / BATCH];
		try (StripClassifier classifier = StripClassifier.open(root.resolve("models/neu-cls"),
			DeviceChoice.CPU))
		{
			classifier.testTimeAugmentation(TestTimeAugmentation.NONE);
			final var results = new BatchClassifier(classifier, new StderrLogService().subLogger("test"))
				.outputFolder(tmp.resolve("out")).batchSize(BATCH).progress(Progress.of((done, total,
					message) -> {
					if (done % BATCH == 0) {
						rss[(int) done / BATCH - 1] = ProcessMemory.residentMb();
						heap[(int) done / BATCH - 1] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
							.getCommitted() / 1048576.0;
					}
				}, () -> false)).run(files);
			assertEquals(FILES, results.stream().filter(BatchClassifier.FileResult::ok).count());
		}
		// the Java heap may grow as the garbage collector sizes it (up to -Xmx); what must stay flat is
		// the rest: native tensors, the allocator's pages, buffers
		double firstHalf = 0, secondHalf = 0;
		for (int i = 0; i < rss.length; i++)
			if (i < rss.length / 2) firstHalf = Math.max(firstHalf, rss[i] - heap[i]);
			else secondHalf = Math.max(secondHalf, rss[i] - heap[i]);
		assertTrue(secondHalf <= firstHalf + MARGIN_MB, String.format(
			"resident memory outside the Java heap grew from %.0f MB (first half) to %.0f MB (second " +
				"half); resident per batch: %s; Java heap committed: %s", firstHalf, secondHalf,
			Arrays.toString(rss), Arrays.toString(heap)));
	}
}
