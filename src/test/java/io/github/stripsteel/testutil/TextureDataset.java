package io.github.stripsteel.testutil;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * A deterministic class-folder dataset of 24x24 grey PNG textures for training tests: horizontal
 * stripes, uniform noise, vertical stripes (stripes of period 4–6 with a random phase).
 */
public final class TextureDataset {

	public static final int SIZE = 24;
	public static final List<String> CLASSES = List.of("horizontal", "noise", "vertical");

	private TextureDataset() {}

	/** Writes {@code perClass} images into each class folder of {@code dir}. */
	public static Path write(final Path dir, final int perClass) throws IOException {
		final Random random = new Random(11);
		for (final String name : CLASSES) {
			final Path classDir = Files.createDirectories(dir.resolve(name));
			for (int n = 0; n < perClass; n++) {
				final BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
				final int period = 4 + random.nextInt(3);
				final int phase = random.nextInt(period);
				for (int y = 0; y < SIZE; y++)
					for (int x = 0; x < SIZE; x++) {
						final int noise = random.nextInt(40);
						final int v;
						if (name.equals("noise")) v = random.nextInt(256);
						else {
							final int c = name.equals("horizontal") ? y : x;
							v = ((c + phase) % period < period / 2 ? 200 : 40) + noise - 20;
						}
						img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, v)));
					}
				ImageIO.write(img, "png", classDir.resolve(String.format("%s_%02d.png", name, n))
					.toFile());
			}
		}
		return dir;
	}
}
