package io.github.stripsteel.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.github.stripsteel.image.ImageDecoder.DecodedImage;
import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.testutil.SharedData;

/** Every image of the shared NEU-CLS and X-SDD folders decodes (about 2 s). */
class SharedDatasetsDecodeTest {

	@Test
	void everyDatasetImageDecodes() throws IOException {
		final Map<String, Integer> kinds = new TreeMap<>();
		for (final String dataset : List.of("neu-cls", "x-sdd")) {
			final LabelledImageFolder data = LabelledImageFolder.scan(SharedData.dataset(dataset));
			for (final LabelledFile f : data.files()) {
				final DecodedImage d = ImageDecoder.read(f.file());
				assertEquals((long) d.width() * d.height(), d.gray().size());
				kinds.merge(dataset + " " + d.format() + " " + d.bitDepth() + "-bit x" + d.channels() +
					" " + d.width() + "x" + d.height(), 1, Integer::sum);
			}
		}
		assertEquals(Map.of(
			"neu-cls BMP 8-bit x1 200x200", 1439,
			"x-sdd JPEG 8-bit x3 128x128", 958,
			"x-sdd JPEG 8-bit x3 122x128", 1,
			"x-sdd JPEG 8-bit x3 130x128", 1,
			"x-sdd PNG 8-bit x3 128x128", 119), kinds);
	}
}
