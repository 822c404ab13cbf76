package io.github.stripsteel.preprocess;

import java.util.Arrays;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Median 3x3 and 5x5 ({@code BORDER_REPLICATE}) with sorting networks on byte vectors: loaded only
 * when {@link Simd} allows it (this class refers to {@code jdk.incubator.vector}).
 * <p>
 * Per output row and column strip, every padded column of the k rows is first sorted (shared by the
 * k windows that contain the column), with the bytes XORed by 0x80 so that the signed lanewise
 * {@code min}/{@code max} of Java 17 order them as unsigned. Each window then needs only a network
 * on k sorted columns: for 3x3 the classic median of (max of minima, median of medians, min of
 * maxima); for 5x5 sorting the ranks across the five columns leaves 13 candidates, whose median is
 * taken by an odd-even merge network pruned to the one output (116 min/max operations; generated
 * and checked on every column-sorted 0/1 window, by the 0/1 principle, by
 * {@code docs/median5_network.py}; tested against the scalar path). Images narrower than one vector
 * are left to the scalar code by the caller.
 */
final class SimdMedian {

	private static final VectorSpecies<Byte> S = ByteVector.SPECIES_PREFERRED;

	/** Column strip width (the k sorted rows of a strip stay in L1). */
	private static final int STRIP = 2048;

	private SimdMedian() {}

	/** Smallest image width this class handles (one vector). */
	static int minWidth() {
		return S.length();
	}

	/** {@code ksize} 3 or 5, {@code w >= minWidth()}, {@code src != dst}. */
	static void blur(final byte[] src, final byte[] dst, final int w, final int h, final int ksize,
		final int threads)
	{
		final int r = ksize / 2;
		final int strips = (w + STRIP - 1) / STRIP;
		Parallel.forBands(h, Parallel.bands(h, w, threads), (y0, y1) -> {
			final int maxCols = (w + strips - 1) / strips;
			final byte[][] sorted = new byte[ksize][maxCols + 2 * r];
			final int[] rowOff = new int[ksize];
			for (int s = 0; s < strips; s++) {
				// balanced strips: each at least one vector wide when w is
				final int x0 = (int) ((long) w * s / strips), x1 = (int) ((long) w * (s + 1) / strips);
				final int n = x1 - x0;
				for (int y = y0; y < y1; y++) {
					for (int j = 0; j < ksize; j++)
						rowOff[j] = BorderMode.REPLICATE.index(y - r + j, h) * w;
					if (ksize == 3) {
						sortColumns3(src, rowOff, w, x0, n, sorted);
						windows3(sorted, dst, y * w + x0, n);
					}
					else {
						sortColumns5(src, rowOff, w, x0, n, sorted);
						windows5(sorted, dst, y * w + x0, n);
					}
				}
			}
		});
	}

	// -- Helper methods --

	/** Loads 16..64 bytes and flips the sign bit (unsigned order becomes signed order). */
	private static ByteVector load(final byte[] a, final int i) {
		return ByteVector.fromArray(S, a, i).lanewise(VectorOperators.XOR, (byte) 0x80);
	}

	/** {@code out[j][i]} = the j-th smallest (sign-flipped) of the 3 rows at column {@code x0 - 1 + i}. */
	private static void sortColumns3(final byte[] src, final int[] rowOff, final int w, final int x0, final int n,
		final byte[][] out)
	{
		final byte[] o0 = out[0], o1 = out[1], o2 = out[2];
		final int pn = n + 2;
		// padded index i reads source column x0 - 1 + i; vectors cover [lo, hi), where all are inside
		// the image (the last vector overlaps the previous one), the replicated border is scalar
		final int lo = Math.max(0, 1 - x0), hi = Math.min(pn, w + 1 - x0);
		final int r0 = rowOff[0] + x0 - 1, r1 = rowOff[1] + x0 - 1, r2 = rowOff[2] + x0 - 1;
		final int last = hi - S.length();
		for (int i = lo; lo <= last; i += S.length()) {
			if (i > last) i = last;
			ByteVector a = load(src, r0 + i), b = load(src, r1 + i), c = load(src, r2 + i), t;
			t = a.min(b); b = a.max(b); a = t;
			t = b.min(c); c = b.max(c); b = t;
			t = a.min(b); b = a.max(b); a = t;
			a.intoArray(o0, i);
			b.intoArray(o1, i);
			c.intoArray(o2, i);
			if (i == last) break;
		}
		final int[] v = new int[3];
		for (int k = 0; k < lo; k++)
			sortColumn(src, rowOff, w, x0 - 1 + k, out, k, v);
		for (int k = lo <= last ? hi : lo; k < pn; k++)
			sortColumn(src, rowOff, w, x0 - 1 + k, out, k, v);
	}

	private static void windows3(final byte[][] sorted, final byte[] dst, final int off, final int n) {
		final byte[] s0 = sorted[0], s1 = sorted[1], s2 = sorted[2];
		final int last = n - S.length();
		for (int x = 0;; x += S.length()) {
			// the last vector overlaps the previous one instead of leaving a scalar tail
			if (x > last) x = last;
			final ByteVector lo = ByteVector.fromArray(S, s0, x).max(ByteVector.fromArray(S, s0, x + 1)).max(
				ByteVector.fromArray(S, s0, x + 2));
			final ByteVector hi = ByteVector.fromArray(S, s2, x).min(ByteVector.fromArray(S, s2, x + 1)).min(
				ByteVector.fromArray(S, s2, x + 2));
			final ByteVector mid = med3(ByteVector.fromArray(S, s1, x), ByteVector.fromArray(S, s1, x + 1),
				ByteVector.fromArray(S, s1, x + 2));
			med3(lo, mid, hi).lanewise(VectorOperators.XOR, (byte) 0x80).intoArray(dst, off + x);
			if (x == last) break;
		}
	}

	private static ByteVector med3(final ByteVector a, final ByteVector b, final ByteVector c) {
		return a.min(b).max(a.max(b).min(c));
	}

	/** As {@link #sortColumns3} for five rows (optimal 9-comparator network). */
	private static void sortColumns5(final byte[] src, final int[] rowOff, final int w, final int x0, final int n,
		final byte[][] out)
	{
		final int pn = n + 4;
		final int lo = Math.max(0, 2 - x0), hi = Math.min(pn, w + 2 - x0);
		final int last = hi - S.length();
		for (int i = lo; lo <= last; i += S.length()) {
			if (i > last) i = last;
			ByteVector a = load(src, rowOff[0] + x0 - 2 + i), b = load(src, rowOff[1] + x0 - 2 + i);
			ByteVector c = load(src, rowOff[2] + x0 - 2 + i), d = load(src, rowOff[3] + x0 - 2 + i);
			ByteVector e = load(src, rowOff[4] + x0 - 2 + i), t;
			t = a.min(b); b = a.max(b); a = t;
			t = d.min(e); e = d.max(e); d = t;
			t = c.min(e); e = c.max(e); c = t;
			t = c.min(d); d = c.max(d); c = t;
			t = a.min(d); d = a.max(d); a = t;
			t = a.min(c); c = a.max(c); a = t;
			t = b.min(e); e = b.max(e); b = t;
			t = b.min(d); d = b.max(d); b = t;
			t = b.min(c); c = b.max(c); b = t;
			a.intoArray(out[0], i);
			b.intoArray(out[1], i);
			c.intoArray(out[2], i);
			d.intoArray(out[3], i);
			e.intoArray(out[4], i);
			if (i == last) break;
		}
		final int[] v = new int[5];
		for (int k = 0; k < lo; k++)
			sortColumn(src, rowOff, w, x0 - 2 + k, out, k, v);
		for (int k = lo <= last ? hi : lo; k < pn; k++)
			sortColumn(src, rowOff, w, x0 - 2 + k, out, k, v);
	}

	/** Scalar column sort at source column {@code sx} (replicated into the image) into {@code out[*][k]}. */
	private static void sortColumn(final byte[] src, final int[] rowOff, final int w, final int sx,
		final byte[][] out, final int k, final int[] v)
	{
		final int cx = Math.min(w - 1, Math.max(0, sx));
		for (int j = 0; j < v.length; j++)
			v[j] = (byte) (src[rowOff[j] + cx] ^ 0x80);
		Arrays.sort(v);
		for (int j = 0; j < v.length; j++)
			out[j][k] = (byte) v[j];
	}

	/**
	 * Median of each 5x5 window from the five sorted columns {@code x .. x+4}: the ranks are sorted
	 * across the columns (the columns stay sorted), then the median of the 13 remaining candidates.
	 * Network printed by {@code docs/median5_network.py}; {@code aCR} is column C, rank R.
	 */
	private static void windows5(final byte[][] sorted, final byte[] dst, final int off, final int n) {
		final byte[] s0 = sorted[0], s1 = sorted[1], s2 = sorted[2], s3 = sorted[3], s4 = sorted[4];
		final int last = n - S.length();
		for (int x = 0;; x += S.length()) {
			if (x > last) x = last;
			ByteVector t;
			ByteVector a00 = ByteVector.fromArray(S, s0, x + 0);
			ByteVector a01 = ByteVector.fromArray(S, s1, x + 0);
			ByteVector a02 = ByteVector.fromArray(S, s2, x + 0);
			ByteVector a03 = ByteVector.fromArray(S, s3, x + 0);
			ByteVector a04 = ByteVector.fromArray(S, s4, x + 0);
			ByteVector a10 = ByteVector.fromArray(S, s0, x + 1);
			ByteVector a11 = ByteVector.fromArray(S, s1, x + 1);
			ByteVector a12 = ByteVector.fromArray(S, s2, x + 1);
			ByteVector a13 = ByteVector.fromArray(S, s3, x + 1);
			ByteVector a14 = ByteVector.fromArray(S, s4, x + 1);
			ByteVector a20 = ByteVector.fromArray(S, s0, x + 2);
			ByteVector a21 = ByteVector.fromArray(S, s1, x + 2);
			ByteVector a22 = ByteVector.fromArray(S, s2, x + 2);
			ByteVector a23 = ByteVector.fromArray(S, s3, x + 2);
			ByteVector a24 = ByteVector.fromArray(S, s4, x + 2);
			ByteVector a30 = ByteVector.fromArray(S, s0, x + 3);
			ByteVector a31 = ByteVector.fromArray(S, s1, x + 3);
			ByteVector a32 = ByteVector.fromArray(S, s2, x + 3);
			ByteVector a33 = ByteVector.fromArray(S, s3, x + 3);
			ByteVector a34 = ByteVector.fromArray(S, s4, x + 3);
			ByteVector a40 = ByteVector.fromArray(S, s0, x + 4);
			ByteVector a41 = ByteVector.fromArray(S, s1, x + 4);
			ByteVector a42 = ByteVector.fromArray(S, s2, x + 4);
			ByteVector a43 = ByteVector.fromArray(S, s3, x + 4);
			ByteVector a44 = ByteVector.fromArray(S, s4, x + 4);
			t = a00.min(a10); a10 = a00.max(a10); a00 = t;
			t = a30.min(a40); a40 = a30.max(a40); a30 = t;
			t = a20.min(a40); a40 = a20.max(a40); a20 = t;
			a30 = a20.max(a30);
			a30 = a00.max(a30);
			t = a10.min(a40); a40 = a10.max(a40); a10 = t;
			a30 = a10.max(a30);
			t = a01.min(a11); a11 = a01.max(a11); a01 = t;
			t = a31.min(a41); a41 = a31.max(a41); a31 = t;
			t = a21.min(a41); a41 = a21.max(a41); a21 = t;
			t = a21.min(a31); a31 = a21.max(a31); a21 = t;
			t = a01.min(a31); a31 = a01.max(a31); a01 = t;
			a21 = a01.max(a21);
			t = a11.min(a41); a41 = a11.max(a41); a11 = t;
			t = a11.min(a31); a31 = a11.max(a31); a11 = t;
			a21 = a11.max(a21);
			t = a02.min(a12); a12 = a02.max(a12); a02 = t;
			t = a32.min(a42); a42 = a32.max(a42); a32 = t;
			t = a22.min(a42); a42 = a22.max(a42); a22 = t;
			t = a22.min(a32); a32 = a22.max(a32); a22 = t;
			t = a02.min(a32); a32 = a02.max(a32); a02 = t;
			a22 = a02.max(a22);
			a12 = a12.min(a42);
			t = a12.min(a32); a32 = a12.max(a32); a12 = t;
			t = a12.min(a22); a22 = a12.max(a22); a12 = t;
			t = a03.min(a13); a13 = a03.max(a13); a03 = t;
			t = a33.min(a43); a43 = a33.max(a43); a33 = t;
			t = a23.min(a43); a43 = a23.max(a43); a23 = t;
			t = a23.min(a33); a33 = a23.max(a33); a23 = t;
			t = a03.min(a33); a33 = a03.max(a33); a03 = t;
			t = a03.min(a23); a23 = a03.max(a23); a03 = t;
			a13 = a13.min(a43);
			a13 = a13.min(a33);
			t = a13.min(a23); a23 = a13.max(a23); a13 = t;
			t = a04.min(a14); a14 = a04.max(a14); a04 = t;
			t = a34.min(a44); a44 = a34.max(a44); a34 = t;
			t = a24.min(a44); a44 = a24.max(a44); a24 = t;
			t = a24.min(a34); a34 = a24.max(a34); a24 = t;
			t = a04.min(a34); a34 = a04.max(a34); a04 = t;
			t = a04.min(a24); a24 = a04.max(a24); a04 = t;
			a14 = a14.min(a44);
			a14 = a14.min(a34);
			a14 = a14.min(a24);
			t = a41.min(a12); a12 = a41.max(a12); a41 = t;
			t = a23.min(a04); a04 = a23.max(a04); a23 = t;
			t = a30.min(a21); a21 = a30.max(a21); a30 = t;
			t = a40.min(a31); a31 = a40.max(a31); a40 = t;
			a12 = a12.min(a32);
			t = a40.min(a21); a21 = a40.max(a21); a40 = t;
			t = a12.min(a22); a22 = a12.max(a22); a12 = t;
			t = a13.min(a23); a23 = a13.max(a23); a13 = t;
			t = a30.min(a41); a41 = a30.max(a41); a30 = t;
			t = a40.min(a12); a12 = a40.max(a12); a40 = t;
			t = a21.min(a41); a41 = a21.max(a41); a21 = t;
			t = a31.min(a12); a12 = a31.max(a12); a31 = t;
			t = a40.min(a21); a21 = a40.max(a21); a40 = t;
			t = a31.min(a41); a41 = a31.max(a41); a31 = t;
			t = a12.min(a22); a22 = a12.max(a22); a12 = t;
			t = a04.min(a14); a14 = a04.max(a14); a04 = t;
			a03 = a30.max(a03);
			a13 = a40.max(a13);
			a23 = a21.max(a23);
			a31 = a31.min(a04);
			a41 = a41.min(a14);
			a03 = a41.max(a03);
			a12 = a12.min(a13);
			a22 = a22.min(a23);
			a12 = a31.max(a12);
			a22 = a22.min(a03);
			a22 = a12.max(a22);
			a22.lanewise(VectorOperators.XOR, (byte) 0x80).intoArray(dst, off + x);
			if (x == last) break;
		}
	}
}
