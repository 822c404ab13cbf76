package io.github.stripsteel.localise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The tile grid: steps, overlap, flush edges, small images, parsing. */
class TileGridTest {

	@Test
	void tilesStepByTheSizeLessOverlapAndEndFlushWithTheEdge() {
		assertArrayEquals(new int[] { 0, 200 }, TileGrid.starts(400, 200, 0), "exact fit");
		assertArrayEquals(new int[] { 0, 200, 250 }, TileGrid.starts(450, 200, 0), "last moved back");
		assertArrayEquals(new int[] { 0, 150, 250 }, TileGrid.starts(450, 200, 50));
		assertArrayEquals(new int[] { 0, 150, 300 }, TileGrid.starts(500, 200, 50));
		assertArrayEquals(new int[] { 0 }, TileGrid.starts(200, 200, 0));
		assertArrayEquals(new int[] { 0 }, TileGrid.starts(120, 200, 50), "shorter than a tile");
	}

	@Test
	void everyPixelIsCoveredAndTilesAreFullSize() {
		for (final int[] c : new int[][] { { 4096, 1024, 200, 0 }, { 4096, 20000, 200, 50 }, { 1000,
			150, 200, 20 }, { 333, 777, 64, 63 } })
		{
			final List<Box> tiles = TileGrid.tiles(c[0], c[1], c[2], c[3]);
			final boolean[] covered = new boolean[c[0] * c[1]];
			for (final Box t : tiles) {
				assertEquals(Math.min(c[2], c[0]), t.width());
				assertEquals(Math.min(c[2], c[1]), t.height());
				assertTrue(t.x() >= 0 && t.y() >= 0 && t.x() + t.width() <= c[0] && t.y() + t
					.height() <= c[1], t.toString());
				for (int y = t.y(); y < t.y() + t.height(); y++)
					java.util.Arrays.fill(covered, y * c[0] + t.x(), y * c[0] + t.x() + t.width(), true);
			}
			for (int i = 0; i < covered.length; i++)
				if (!covered[i]) throw new AssertionError("pixel " + i % c[0] + "," + i / c[0] + " of " +
					c[0] + "x" + c[1] + " uncovered");
		}
		assertEquals(21 * 6, TileGrid.tiles(4096, 1024, 200, 0).size());
		assertEquals(new Box(3896, 824, 200, 200), TileGrid.tiles(4096, 1024, 200, 0).get(125));
	}

	@Test
	void parsesSizeAndOverlap() {
		assertArrayEquals(new int[] { 200, 0 }, TileGrid.parse("200", 128));
		assertArrayEquals(new int[] { 256, 32 }, TileGrid.parse(" 256:32 ", 128));
		assertArrayEquals(new int[] { 128, 32 }, TileGrid.parse(":32", 128), "model input size");
		assertArrayEquals(new int[] { 128, 0 }, TileGrid.parse("input", 128));
		for (final String bad : List.of("abc", "200:200", "4", "200:-1", "1:2:3", "200:x"))
			assertThrows(IllegalArgumentException.class, () -> TileGrid.parse(bad, 128), bad);
	}
}
