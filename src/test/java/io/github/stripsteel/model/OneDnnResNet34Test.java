package io.github.stripsteel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.image.ImageFiles;
import io.github.stripsteel.testutil.TestModels;

/**
 * The shipped ResNet34 on oneDNN with prepacked weights gives the eager network's probabilities and
 * embeddings (within 1e-4), also for the non-contiguous views of the test-time augmentation and for
 * a batch of more than 16 images (which the program runs in passes of 16), and
 * {@code -Dstrip.steel.network} chooses the path (eager unless asked).
 */
class OneDnnResNet34Test {

	private static final Path MODEL = TestModels.projectDir().resolve("models").resolve("neu-cls");

	@Test
	void oneDnnGivesTheEagerProbabilitiesAndEmbeddings() throws Exception {
		final float[][] inputs = inputs();
		try (LoadedModel onednn = open("auto"); LoadedModel eager = open("eager")) {
			// DJL's CPU build of libtorch for Linux/Windows x86-64 has oneDNN
			if (System.getProperty("os.arch").matches("amd64|x86_64")) assertTrue(onednn.networkPath()
				.startsWith("oneDNN"), onednn.networkPath());
			assertTrue(eager.networkPath().contains("-Dstrip.steel.network=eager"), eager.networkPath());
			for (final TestTimeAugmentation tta : List.of(TestTimeAugmentation.NONE,
				TestTimeAugmentation.DIHEDRAL8))
			{
				onednn.testTimeAugmentation(tta);
				eager.testTimeAugmentation(tta);
				// 18 images: one pass of 16 and one of 2 (without the views, to keep the test short)
				for (final int n : tta == TestTimeAugmentation.NONE ? new int[] { 1, 6, inputs.length }
					: new int[] { 1, 6 })
				{
					final float[][] batch = java.util.Arrays.copyOf(inputs, n);
					assertClose(eager.probabilities(batch), onednn.probabilities(batch), 1e-4, tta + " batch " +
						n);
				}
			}
			final float[][] e = eager.embeddings(inputs), o = onednn.embeddings(inputs);
			double scale = 0;
			for (final float[] row : e)
				for (final float v : row)
					scale = Math.max(scale, Math.abs(v));
			assertClose(e, o, 1e-4 * scale, "embeddings");
		}
	}

	@Test
	void bfloat16GivesTheEagerClassesWithinItsPrecision() throws Exception {
		Assumptions.assumeTrue(cpuFlag("avx512_bf16"), "the CPU has no AVX-512 BF16 instructions: " +
			"-Dstrip.steel.network=onednn-bf16 is not tested here");
		final float[][] inputs = inputs();
		try (LoadedModel bf16 = open("onednn-bf16"); LoadedModel eager = open("eager")) {
			assertTrue(bf16.networkPath().startsWith("oneDNN bfloat16"), bf16.networkPath());
			for (final int n : new int[] { 1, inputs.length }) {
				final float[][] batch = java.util.Arrays.copyOf(inputs, n);
				final float[][] e = eager.probabilities(batch), b = bf16.probabilities(batch);
				// bfloat16 keeps 8 bits of mantissa: probabilities to about 0.01, the same classes
				assertClose(e, b, 0.03, "bfloat16 batch " + n);
				for (int i = 0; i < n; i++)
					assertEquals(argmax(e[i]), argmax(b[i]), "image " + i);
			}
		}
	}

	@Test
	void theOneDnnNetworkRunsByDefaultAndEagerWhenAsked() throws Exception {
		try (LoadedModel model = open(null)) {
			assertTrue(model.networkPath().startsWith("oneDNN"), model.networkPath());
		}
		try (LoadedModel model = open("eager")) {
			assertTrue(model.networkPath().startsWith("eager (-Dstrip.steel.network=eager)"), model
				.networkPath());
		}
	}

	@Test
	void anUnknownNetworkSettingIsAClearError() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(
			"fast").close());
		assertTrue(e.getMessage().contains("strip.steel.network") && e.getMessage().contains("onednn-bf16"), e
			.getMessage());
	}

	// -- Helper methods --

	private static LoadedModel open(final String setting) throws Exception {
		final String before = System.getProperty(OneDnnResNet34.PROPERTY);
		if (setting == null) System.clearProperty(OneDnnResNet34.PROPERTY);
		else System.setProperty(OneDnnResNet34.PROPERTY, setting);
		try {
			return LoadedModel.open(MODEL, DeviceChoice.CPU);
		}
		finally {
			if (before == null) System.clearProperty(OneDnnResNet34.PROPERTY);
			else System.setProperty(OneDnnResNet34.PROPERTY, before);
		}
	}

	private static float[][] inputs() throws Exception {
		final var files = ImageFiles.collect(List.of(TestModels.projectDir().resolve("sample-images")
			.resolve("neu-cls")), true);
		assertTrue(files.size() > 16, "more than 16 sample images expected, found " + files.size());
		try (LoadedModel model = open("eager")) {
			final float[][] inputs = new float[files.size()][];
			for (int i = 0; i < inputs.length; i++)
				inputs[i] = model.toInput(ImageDecoder.read(files.get(i)).gray());
			return inputs;
		}
	}

	private static int argmax(final float[] p) {
		int best = 0;
		for (int i = 1; i < p.length; i++)
			if (p[i] > p[best]) best = i;
		return best;
	}

	private static boolean cpuFlag(final String flag) throws java.io.IOException {
		final Path cpuinfo = Path.of("/proc/cpuinfo");
		return java.nio.file.Files.isReadable(cpuinfo) && java.nio.file.Files.readAllLines(cpuinfo)
			.stream().anyMatch(l -> l.startsWith("flags") && java.util.List.of(l.split("\\s+"))
				.contains(flag));
	}

	private static void assertClose(final float[][] expected, final float[][] actual,
		final double tolerance, final String what)
	{
		assertEquals(expected.length, actual.length, what);
		double worst = 0;
		for (int i = 0; i < expected.length; i++)
			for (int j = 0; j < expected[i].length; j++)
				worst = Math.max(worst, Math.abs(expected[i][j] - actual[i][j]));
		assertTrue(worst <= tolerance, what + ": largest difference " + worst + " > " + tolerance);
	}
}
