package io.github.stripsteel.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.stripsteel.image.ImageDecoder.DecodedImage;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;

/** The committed sample images: 3 a class, all decodable. */
class SampleImagesTest {

	private static final Path SAMPLES = Path.of(System.getProperty("project.dir", ".")).resolve(
		"sample-images");

	@Test
	void everySampleDecodes() throws IOException {
		for (final String dataset : List.of("neu-cls", "x-sdd")) {
			final LabelledImageFolder data = LabelledImageFolder.scan(SAMPLES.resolve(dataset));
			assertEquals(dataset.equals("neu-cls") ? 6 : 7, data.classNames().size());
			data.counts().forEach((c, n) -> assertEquals(3, n, dataset + "/" + c));
			for (final LabelledFile f : data.files()) {
				final DecodedImage d = ImageDecoder.read(f.file());
				assertEquals((long) d.width() * d.height(), d.gray().size());
				assertTrue(d.height() == 200 || d.height() == 128, f.file().toString());
			}
		}
	}
}
