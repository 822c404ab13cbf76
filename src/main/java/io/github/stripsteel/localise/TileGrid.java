package io.github.stripsteel.localise;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the tiles of a large image lie: a regular grid with a step of {@code size - overlap}, whose
 * last column and row are moved back to end flush with the image edge, so every tile is full size
 * and no pixel is left out. An image side shorter than the tile gets one tile of that side's length
 * (the model's preprocessing resizes it).
 */
public final class TileGrid {

	private TileGrid() {}

	/**
	 * Parses {@code SIZE[:OVERLAP]}, e.g. {@code 200}, {@code 200:50}; a SIZE of {@code input} (or
	 * none, as in {@code :50}) means {@code inputSize}, the model's input width.
	 *
	 * @return {size, overlap}
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static int[] parse(final String spec, final int inputSize) {
		final String[] parts = spec.trim().split(":", -1);
		try {
			if (parts.length > 2) throw new NumberFormatException();
			final String first = parts[0].trim();
			final int size = first.isEmpty() || first.equals("input") ? inputSize : Integer.parseInt(
				first);
			final int overlap = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : 0;
			check(size, overlap);
			return new int[] { size, overlap };
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("tiles must be SIZE or SIZE:OVERLAP in pixels, e.g. 200, " +
				"200:50 or input:50 (the model's input size); got '" + spec + "'");
		}
	}

	/** @throws IllegalArgumentException unless {@code size >= 8} and {@code 0 <= overlap < size} */
	public static void check(final int size, final int overlap) {
		if (size < 8) throw new IllegalArgumentException("tile size must be at least 8 pixels, got " +
			size);
		if (overlap < 0 || overlap >= size) throw new IllegalArgumentException(
			"tile overlap must be at least 0 and less than the tile size " + size + ", got " + overlap);
	}

	/** The tile origins along one side of {@code length} pixels. */
	public static int[] starts(final int length, final int size, final int overlap) {
		check(size, overlap);
		if (length <= size) return new int[] { 0 };
		final List<Integer> s = new ArrayList<>();
		final int step = size - overlap;
		for (int p = 0; p + size < length; p += step)
			s.add(p);
		if (s.get(s.size() - 1) != length - size) s.add(length - size);
		return s.stream().mapToInt(Integer::intValue).toArray();
	}

	/** The tiles of a {@code width x height} image, row by row. */
	public static List<Box> tiles(final int width, final int height, final int size,
		final int overlap)
	{
		final List<Box> out = new ArrayList<>();
		final int tw = Math.min(size, width), th = Math.min(size, height);
		for (final int y : starts(height, size, overlap))
			for (final int x : starts(width, size, overlap))
				out.add(new Box(x, y, tw, th));
		return out;
	}
}
