package io.github.stripsteel.localise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.testutil.CliRun;
import io.github.stripsteel.testutil.TestModels;

/** Pointing game, IoU and the baselines, on boxes made by hand. */
class LocalisationEvaluationTest {

	@Test
	void pointingIouAndBaselinesOnHandMadeBoxes() {
		final List<Box> truth = List.of(new Box(0, 0, 10, 10), new Box(5, 5, 10, 10));
		// union: 100 + 100 - 25 = 175 of 20x20 = 400
		assertEquals(175 / 400.0, LocalisationEvaluation.coveredFraction(truth, 20, 20), 1e-12);
		assertTrue(LocalisationEvaluation.inside(truth, 14, 14));
		assertFalse(LocalisationEvaluation.inside(truth, 15, 15));
		assertFalse(LocalisationEvaluation.inside(truth, 10, 2));
		// the derived box (5,5,10,10) is the second true box exactly
		assertEquals(1.0, LocalisationEvaluation.bestIou(new Box(5, 5, 10, 10), truth), 1e-12);
		// half overlapping: inter 50, union 150
		assertEquals(50 / 150.0, new Box(0, 0, 10, 10).iou(new Box(5, 0, 10, 10)), 1e-12);
		assertEquals(0.0, new Box(0, 0, 5, 5).iou(new Box(5, 5, 5, 5)), "touching corners share no pixel");

		final Prediction p = new Prediction(List.of("a", "b"), new float[] { 0.9f, 0.1f });
		final Localiser.Localisation hit = new Localiser.Localisation(p, 20, 20, new float[400], 14, 6,
			new Box(5, 5, 10, 10));
		final LocalisationEvaluation.ImageScore s = LocalisationEvaluation.score(Path.of("x.png"), "a",
			hit, truth);
		assertTrue(s.hit());
		assertEquals(1.0, s.iou(), 1e-12);
		assertTrue(s.centreHit(), "(10,10) is in the second box");
		assertEquals(100 / 400.0, s.wholeImageIou(), 1e-12);
		final Localiser.Localisation miss = new Localiser.Localisation(p, 20, 20, new float[400], 19, 19,
			new Box(16, 16, 4, 4));
		assertFalse(LocalisationEvaluation.score(Path.of("y.png"), "b", miss, truth).hit());
		final LocalisationEvaluation.Result r = new LocalisationEvaluation.Result(List.of(s,
			LocalisationEvaluation.score(Path.of("y.png"), "b", miss, truth)), List.of(), "all");
		assertEquals(0.5, r.overall().pointingGame(), 1e-12);
		assertEquals(0.5, r.overall().accuracy(), 1e-12);
		assertEquals(1.0, r.perClass().get("a").pointingGame(), 1e-12);
		assertEquals(0.0, r.perClass().get("b").meanIou(), 1e-12);
	}

	@Test
	void localisationCommandOnSampleImagesWithBoxesWrittenHere(@TempDir final Path dir)
		throws IOException
	{
		// the shipped samples, with boxes that cover the whole image (every point hits) for
		// inclusion and a one-pixel box in the corner for crazing; one image has no annotation
		final Path samples = TestModels.projectDir().resolve("sample-images/neu-cls");
		final Path data = dir.resolve("data"), boxes = dir.resolve("boxes");
		for (final String c : List.of("crazing", "inclusion")) {
			Files.createDirectories(data.resolve(c));
			Files.createDirectories(boxes.resolve(c));
			try (var files = Files.list(samples.resolve(c))) {
				for (final Path f : files.sorted().toList()) {
					Files.copy(f, data.resolve(c).resolve(f.getFileName()));
					final String base = VocAnnotation.baseName(f.getFileName().toString());
					if (base.equals("Cr_101")) continue;
					final String box = c.equals("inclusion") ? "1,1,200,200" : "1,1,1,1";
					final String[] v = box.split(",");
					Files.writeString(boxes.resolve(c).resolve(base + ".xml"), "<annotation>" +
						"<filename>other.jpg</filename><size><width>200</width><height>200</height></size>" +
						"<object><name>" + c + "</name><bndbox><xmin>" + v[0] + "</xmin><ymin>" + v[1] +
						"</ymin><xmax>" + v[2] + "</xmax><ymax>" + v[3] + "</ymax></bndbox></object>" +
						"</annotation>");
				}
			}
		}
		final Path out = dir.resolve("out");
		final CliRun run = CliRun.of("localisation", "--model", TestModels.projectDir().resolve(
			"models/neu-cls").toString(), "--data", data.toString(), "--boxes", boxes.toString(),
			"--out", out.toString(), "--tta", "none");
		assertEquals(0, run.code(), run.err());
		final JsonObject json = JsonParser.parseString(Files.readString(out.resolve(
			"localisation.json"))).getAsJsonObject();
		for (final String key : List.of("pointing_game", "mean_iou", "per_class", "baselines"))
			assertTrue(json.has(key), key);
		assertEquals(1, json.get("unreadable_files").getAsInt(), "Cr_101 has no annotation");
		final JsonObject inclusion = json.getAsJsonObject("per_class").getAsJsonObject("inclusion");
		assertEquals(1.0, inclusion.get("pointing_game").getAsDouble());
		assertEquals(1.0, inclusion.getAsJsonObject("baselines").get("random_point_pointing_game")
			.getAsDouble());
		assertEquals(1.0, inclusion.getAsJsonObject("baselines").get("whole_image_mean_iou")
			.getAsDouble());
		final JsonObject crazing = json.getAsJsonObject("per_class").getAsJsonObject("crazing");
		assertEquals(2, crazing.get("images").getAsInt());
		assertEquals(1 / 40000.0, crazing.getAsJsonObject("baselines").get(
			"random_point_pointing_game").getAsDouble(), 1e-12);
		assertEquals(0.0, crazing.getAsJsonObject("baselines").get("centre_pointing_game")
			.getAsDouble());
		final List<String> rows = Files.readAllLines(out.resolve("localisation.csv"));
		assertEquals(1 + inclusion.get("images").getAsInt() + 2, rows.size());
	}
}
