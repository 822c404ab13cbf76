package io.github.stripsteel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import io.github.stripsteel.preprocess.Images;
import io.github.stripsteel.preprocess.TestImages;
import io.github.stripsteel.testutil.SharedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.log.StderrLogService;

class PreprocessCliCommandTest {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	private int run(final String... args) {
		final CliIO io = new CliIO(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
			StandardCharsets.UTF_8), new StderrLogService());
		return StripSteelCli.run(List.of(args), io);
	}

	@Test
	void clahePngMatchesOpenCv() throws Exception {
		final Path input = SharedData.opencvReference().resolve("input.png");
		final Path output = dir.resolve("clahe.png");
		assertEquals(0, run("preprocess", "--op", "clahe", "--clip", "2", "--tiles", "8x8", "--threads", "2", input
			.toString(), output.toString()), err.toString());
		TestImages.assertSameBytes(TestImages.read8(SharedData.opencvReference().resolve("clahe_clip2_tiles8x8.png")),
			TestImages.read8(output), "cli clahe");
		try (var files = Files.list(dir)) {
			assertEquals(1, files.count(), "no temporary file left behind");
		}
	}

	@Test
	void otsuPrintsThreshold() throws Exception {
		final Path output = dir.resolve("otsu.png");
		assertEquals(0, run("preprocess", "--op", "otsu", SharedData.opencvReference().resolve("input.png").toString(),
			output.toString()));
		assertEquals("threshold=140", out.toString(StandardCharsets.UTF_8).trim());
		TestImages.assertSameBytes(TestImages.read8(SharedData.opencvReference().resolve("otsu_binary.png")), TestImages
			.read8(output), "cli otsu");
	}

	@Test
	void rgbInputUsesOpenCvGrayConversion() throws Exception {
		final BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_3BYTE_BGR);
		rgb.setRGB(0, 0, 0xff0000);
		rgb.setRGB(1, 0, 0x00ff00);
		rgb.setRGB(2, 0, 0x123456);
		final Path input = dir.resolve("rgb.png"), output = dir.resolve("gray.png");
		ImageIO.write(rgb, "png", input.toFile());
		assertEquals(0, run("preprocess", "--op", "resize", "--width", "3", "--height", "1", input.toString(), output
			.toString()));
		final byte[] g = Images.bytes(TestImages.read8(output));
		// (R*4899 + G*9617 + B*1868 + 8192) >> 14
		assertArrayEquals(new byte[] { (byte) 76, (byte) 150, (byte) ((0x12 * 4899 + 0x34 * 9617 + 0x56 * 1868 +
			8192) >> 14) }, g);
	}

	@Test
	void badInputIsOneLineNamingTheFile() throws Exception {
		final Path input = dir.resolve("broken.png");
		Files.writeString(input, "not an image");
		assertEquals(1, run("preprocess", "--op", "equalize", input.toString(), dir.resolve("o.png").toString()));
		final String msg = err.toString(StandardCharsets.UTF_8).trim();
		assertTrue(msg.contains("broken.png") && !msg.contains("\n"), msg);
		assertFalse(Files.exists(dir.resolve("o.png")));
	}

	@Test
	void usageErrors() {
		final Path in = dir.resolve("never-read.png"); // each line is refused before reading
		final List<String[]> bad = new ArrayList<>();
		bad.add(new String[] { "preprocess", "--op", "blur", in.toString(), "o.png" });
		bad.add(new String[] { "preprocess", "--op", "resize", "--width", "10", in.toString(), "o.png" });
		bad.add(new String[] { "preprocess", "--op", "equalize", "--sigma", "2", in.toString(), "o.png" });
		bad.add(new String[] { "preprocess", "--op", "equalize", in.toString() });
		for (final String[] args : bad) {
			err.reset();
			assertEquals(2, run(args), String.join(" ", args));
			assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: strip-steel preprocess"));
		}
	}
}
