package io.github.stripsteel.localise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.classify.BatchClassifier;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TestModels;

/** {@code classify --cam}: the CAM picture per image and the cam/box columns of results.csv. */
class ClassifyCamTest {

	private static final Path MODEL = TestModels.projectDir().resolve("models/neu-cls");

	@Test
	void camColumnsAndPicturesMatchTheLocaliser(@TempDir final Path dir) throws IOException {
		final Path images = TestModels.projectDir().resolve("sample-images/neu-cls/scratches");
		final Path out = dir.resolve("out");
		final CliRun run = CliRun.of("classify", "--model", MODEL.toString(), "--cam", "--out", out
			.toString(), images.toString());
		assertEquals(0, run.code(), run.err());
		final List<String> lines = Files.readAllLines(out.resolve("results.csv"));
		assertEquals(BatchClassifier.CSV_HEADER, lines.get(0));
		assertTrue(lines.get(0).endsWith(",cam_x,cam_y,box_x,box_y,box_w,box_h"));
		assertEquals(4, lines.size());
		try (StripClassifier c = StripClassifier.open(MODEL, DeviceChoice.CPU)) {
			final Localiser localiser = new Localiser(c);
			for (final String line : lines.subList(1, lines.size())) {
				final List<String> cells = BatchClassifier.parseCsvLine(line);
				assertEquals(14, cells.size(), line);
				final Path file = Path.of(cells.get(0));
				final Localiser.Localisation l = localiser.localise(List.of(ImageDecoder.read(file).gray()))
					.get(0);
				assertEquals(List.of(l.camX(), l.camY(), l.box().x(), l.box().y(), l.box().width(), l.box()
					.height()), cells.subList(8, 14).stream().map(Integer::valueOf).toList(), line);
				final BufferedImage cam = ImageIO.read(out.resolve("cam").resolve(file.getFileName() +
					".cam.png").toFile());
				assertEquals(200, cam.getWidth(), "the map is drawn at the image's own size");
				assertEquals(200, cam.getHeight());
			}
		}
	}

	@Test
	void withoutCamTheColumnsAreEmptyAndCamNeedsOut(@TempDir final Path dir) throws IOException {
		final Path out = dir.resolve("out");
		final CliRun run = CliRun.of("classify", "--model", MODEL.toString(), "--out", out.toString(),
			TestModels.projectDir().resolve("sample-images/neu-cls/scratches/Sc_1.bmp").toString());
		assertEquals(0, run.code(), run.err());
		final List<String> cells = BatchClassifier.parseCsvLine(Files.readAllLines(out.resolve(
			"results.csv")).get(1));
		assertEquals(List.of("", "", "", "", "", ""), cells.subList(8, 14));
		assertTrue(Files.notExists(out.resolve("cam")));
		assertEquals(2, CliRun.of("classify", "--model", MODEL.toString(), "--cam", TestModels
			.projectDir().resolve("sample-images/neu-cls/scratches/Sc_1.bmp").toString()).code());
	}
}
