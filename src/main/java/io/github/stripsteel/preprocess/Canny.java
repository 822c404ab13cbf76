package io.github.stripsteel.preprocess;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * OpenCV {@code Canny(src, low, high)} with {@code apertureSize=3} and the L1 gradient: Sobel with
 * {@code BORDER_REPLICATE}, {@code m = |dx| + |dy|} (0 outside the image), non-maximum suppression
 * with OpenCV's fixed-point tangent test and its asymmetric comparisons ({@code >} towards left/up,
 * {@code >=} towards right/down), hysteresis through 8-connected candidates. Output 0/255.
 */
public final class Canny {

	private static final int TG22 = (int) (0.4142135623730950488016887242097 * (1 << 15) + 0.5);

	private static final byte NONE = 0, WEAK = 1, STRONG = 2, EDGE = 3;

	private Canny() {}

	public static ArrayImg<UnsignedByteType, ByteArray> detect(final ArrayImg<UnsignedByteType, ByteArray> in,
		final double lowThreshold, final double highThreshold, final int threads)
	{
		return detect(in, Images.newBytes(in), lowThreshold, highThreshold, threads);
	}

	/** As {@link #detect(ArrayImg, double, double, int)}, written into {@code out} (same size), which is returned. */
	public static ArrayImg<UnsignedByteType, ByteArray> detect(final ArrayImg<UnsignedByteType, ByteArray> in,
		final ArrayImg<UnsignedByteType, ByteArray> out, final double lowThreshold, final double highThreshold,
		final int threads)
	{
		if (Double.isNaN(lowThreshold) || Double.isNaN(highThreshold)) throw new IllegalArgumentException(
			"canny: thresholds must be numbers");
		double lo = lowThreshold, hi = highThreshold;
		if (lo > hi) {
			final double t = lo;
			lo = hi;
			hi = t;
		}
		final int low = (int) Math.floor(Math.max(lo, -1e9)), high = (int) Math.floor(Math.min(hi, 1e9));
		final int w = Images.width(in), h = Images.height(in);
		final byte[] src = Images.bytes(in);
		final int mw = w + 2; // map with a one-pixel NONE frame
		final byte[] map = new byte[mw * (h + 2)];

		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final Sobel.Rows rows = new Sobel.Rows(w);
			final int[] classes = new int[w];
			// ring of three rows (y-1, y, y+1): derivatives and the magnitude row as three aligned
			// copies (left neighbour, centre, right neighbour; 0 outside the image)
			int[][][] mag = new int[3][3][w];
			int[][] gx = new int[3][w], gy = new int[3][w];
			gradient(src, w, h, y0 - 1, rows, gx[0], gy[0], mag[0]);
			gradient(src, w, h, y0, rows, gx[1], gy[1], mag[1]);
			for (int y = y0; y < y1; y++) {
				gradient(src, w, h, y + 1, rows, gx[2], gy[2], mag[2]);
				nmsRow(mag[0], mag[1], mag[2], gx[1], gy[1], low, high, map, (y + 1) * mw + 1, w, classes);
				mag = rotate(mag);
				gx = rotate(gx);
				gy = rotate(gy);
			}
		});

		// hysteresis: flood from strong pixels through weak ones (8-connected). Each band floods its own
		// rows; a step into another band's rows is deferred and finished on the whole map afterwards.
		// The edge set (everything connected to a strong pixel) does not depend on the order.
		final int bands = Parallel.bands(h, w, threads);
		final List<IntStack> deferred = Collections.synchronizedList(new ArrayList<>());
		Parallel.forBands(h, bands, (y0, y1) -> {
			final IntStack crossing = new IntStack(64);
			flood(map, mw, (y0 + 1) * mw, (y1 + 1) * mw, crossing);
			deferred.add(crossing);
		});
		final IntStack stack = new IntStack(Math.max(16, w * 4));
		for (final IntStack d : deferred)
			for (int i = 0; i < d.size; i++) {
				visit(map, d.items[i], stack);
				// over the whole map nothing crosses: the NONE frame stops every flood
				spread(map, mw, stack, 0, map.length, null);
			}
		final byte[] dst = Images.outputBytes(out, in, "canny");
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				final int mo = (y + 1) * mw + 1, off = y * w;
				for (int x = 0; x < w; x++)
					dst[off + x] = map[mo + x] == EDGE ? (byte) 255 : 0;
			}
		});
		return out;
	}

	// -- Helper methods --

	/** A growable stack of map positions. */
	private static final class IntStack {

		int[] items;
		int size;

		IntStack(final int capacity) {
			items = new int[capacity];
		}

		void push(final int v) {
			if (size == items.length) items = Arrays.copyOf(items, size * 2);
			items[size++] = v;
		}
	}

	/** Long words of the map whose bytes are all below 2 (no STRONG or EDGE) are skipped whole. */
	private static final long BIT1 = 0x0202020202020202L;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
		ByteOrder.LITTLE_ENDIAN);

	/**
	 * Floods from every STRONG pixel in map positions {@code [from, to)}, marking EDGE; neighbours
	 * outside {@code [from, to)} go to {@code crossing} unread.
	 */
	private static void flood(final byte[] map, final int mw, final int from, final int to,
		final IntStack crossing)
	{
		final IntStack stack = new IntStack(Math.max(16, mw * 4));
		int p = from;
		while (p < to) {
			if (p + 8 <= to && ((long) LONGS.get(map, p) & BIT1) == 0) {
				p += 8;
				continue;
			}
			if (map[p] == STRONG) {
				map[p] = EDGE;
				stack.push(p);
				spread(map, mw, stack, from, to, crossing);
			}
			p++;
		}
	}

	/**
	 * Empties {@code stack}, marking WEAK and STRONG 8-neighbours in {@code [from, to)} as EDGE and
	 * pushing them; neighbours in the rows above {@code from} or from {@code to} on go to
	 * {@code crossing} (never read here). {@code from} and {@code to} are row starts.
	 */
	private static void spread(final byte[] map, final int mw, final IntStack stack, final int from, final int to,
		final IntStack crossing)
	{
		while (stack.size > 0) {
			final int q = stack.items[--stack.size];
			visit(map, q - 1, stack);
			visit(map, q + 1, stack);
			neighbourRow(map, q - mw, q - mw >= from, stack, crossing);
			neighbourRow(map, q + mw, q + mw < to, stack, crossing);
		}
	}

	/** The three neighbours centred on {@code c}: visited when {@code inside}, else deferred to {@code crossing}. */
	private static void neighbourRow(final byte[] map, final int c, final boolean inside, final IntStack stack,
		final IntStack crossing)
	{
		if (inside) {
			visit(map, c - 1, stack);
			visit(map, c, stack);
			visit(map, c + 1, stack);
		}
		else {
			crossing.push(c - 1);
			crossing.push(c);
			crossing.push(c + 1);
		}
	}

	/** WEAK (1) or STRONG (2) at {@code n} becomes EDGE and is pushed: {@code (v + 1) & 2} is set for 1 and 2 only. */
	private static void visit(final byte[] map, final int n, final IntStack stack) {
		if (((map[n] + 1) & 2) != 0) {
			map[n] = EDGE;
			stack.push(n);
		}
	}

	private static <T> T[] rotate(final T[] ring) {
		final T first = ring[0];
		ring[0] = ring[1];
		ring[1] = ring[2];
		ring[2] = first;
		return ring;
	}

	/** Derivatives and L1 magnitude of row y as {left, centre, right} copies; all zero outside the image. */
	private static void gradient(final byte[] src, final int w, final int h, final int y, final Sobel.Rows rows,
		final int[] gx, final int[] gy, final int[][] mag)
	{
		final int[] l = mag[0], c = mag[1], r = mag[2];
		if (y < 0 || y >= h) {
			Arrays.fill(l, 0);
			Arrays.fill(c, 0);
			Arrays.fill(r, 0);
			return;
		}
		rows.derivatives(src, w, h, y, BorderMode.REPLICATE, gx, gy);
		for (int x = 0; x < w; x++)
			c[x] = Math.abs(gx[x]) + Math.abs(gy[x]);
		l[0] = 0;
		System.arraycopy(c, 0, l, 1, w - 1);
		System.arraycopy(c, 1, r, 0, w - 1);
		r[w - 1] = 0;
	}

	/**
	 * Non-maximum suppression of one row, branch-free on the shifted copies of the magnitude rows so
	 * that all arrays are read at the same {@code x} (C2 vectorises it; on noisy images the
	 * branchy form was dominated by mispredictions). All quantities fit in int: {@code |dy| << 15}
	 * and {@code |dx| * TG22 + (|dx| << 16)} are below 2^27 for 8-bit input. The diagonal case's
	 * {@code m > b} is {@code m >= b + 1}, so every case reads {@code m > a && m >= b'}.
	 */
	private static void nmsRow(final int[][] up, final int[][] mid, final int[][] down, final int[] gx,
		final int[] gy, final int low, final int high, final byte[] map, final int mapOff, final int w,
		final int[] out)
	{
		final int[] ul = up[0], uc = up[1], ur = up[2], ml = mid[0], mc = mid[1], mr = mid[2], dl = down[0],
			dc = down[1], dr = down[2];
		for (int x = 0; x < w; x++) {
			final int xs = gx[x], ys = gy[x], m = mc[x];
			final int ax = Math.abs(xs);
			final int ay = Math.abs(ys) << 15;
			final int tg22x = ax * TG22;
			final int tg67x = tg22x + (ax << 16);
			final int hm = (ay - tg22x) >> 31; // -1: horizontal gradient
			final int vm = (tg67x - ay) >> 31; // -1: vertical (never together with hm)
			final int dm = ~(hm | vm);
			final int sm = (xs ^ ys) >> 31; // -1: s = -1 (neighbours up-right and down-left)
			final int ad = (ur[x] & sm) | (ul[x] & ~sm);
			final int bd = ((dl[x] & sm) | (dr[x] & ~sm)) + 1;
			final int na = (ml[x] & hm) | (uc[x] & vm) | (ad & dm);
			final int nb = (mr[x] & hm) | (dc[x] & vm) | (bd & dm);
			final int isMax = ((low - m) >> 31) & ((na - m) >> 31) & ~((m - nb) >> 31);
			out[x] = isMax & (1 + (((high - m) >> 31) & 1));
		}
		// a separate narrowing loop: mixing int arithmetic and byte stores stops C2 vectorising
		for (int x = 0; x < w; x++)
			map[mapOff + x] = (byte) out[x];
	}
}
