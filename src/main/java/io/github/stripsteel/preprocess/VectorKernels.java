package io.github.stripsteel.preprocess;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of the preprocessing operations other than the median ({@link SimdMedian}); used
 * only when {@link Simd} allows it (this class refers to {@code jdk.incubator.vector}). Every method
 * gives the same bytes as the scalar loop it replaces.
 * <p>
 * Every element type uses only its preferred species (one vector shape: 64 bytes, 32 shorts, 16 ints
 * or floats with AVX-512); byte vectors widen in parts ({@code convertShape(..., part)}). Measured on
 * this project's host: once a second byte shape (a 32-byte vector for the Gaussian's widening) had
 * run, C2 recompiled the median's kernels with both shapes seen in the shared Vector API code, and
 * the median took 9 ms instead of 5.5 ms.
 */
final class VectorKernels {

	private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
	private static final VectorSpecies<Short> SS = ShortVector.SPECIES_PREFERRED;
	private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
	private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
	/** Lanes of a byte vector; a short vector has half as many, an int or float vector a quarter. */
	private static final int LANES = BYTES.length();
	private static final int HALF = SS.length(), QUARTER = IS.length();

	private VectorKernels() {}

	/** Lanes of an int vector. */
	static int intLanes() {
		return QUARTER;
	}

	/** Pixels per step of the byte kernels (the smallest width they handle). */
	static int lanes() {
		return LANES;
	}

	/** {@code out[s + x] = d[off + x] & 0xff} for {@code x < n} (the Gaussian's widening). */
	static void widen(final byte[] d, final int off, final char[] out, final int s, final int n) {
		final int last = n - LANES;
		if (last < 0) {
			for (int x = 0; x < n; x++)
				out[s + x] = (char) (d[off + x] & 0xff);
			return;
		}
		for (int x = 0;; x += LANES) {
			// the last vector overlaps the previous one instead of leaving a scalar tail
			if (x > last) x = last;
			final ByteVector b = ByteVector.fromArray(BYTES, d, off + x);
			widen(b, 0).intoCharArray(out, s + x);
			widen(b, 1).intoCharArray(out, s + x + HALF);
			if (x == last) break;
		}
	}

	/**
	 * One output row of the 8-bit Gaussian from the widened source rows {@code ring[0..kn)} (padded
	 * by {@code kx.length / 2} columns): the vertical pass and its split into {@code vh = v >> 8},
	 * {@code vl = v & 255} over {@code cols + 2r} columns, then the horizontal pass on both halves
	 * and the rounding {@code (H + (L >> 8) + 128) >> 8}, stored as bytes to
	 * {@code dst[off .. off + cols)}. All in 16-bit lanes, as the scalar passes of
	 * {@link GaussianBlur} (whose comments explain why 16 bits are exact). Needs {@code cols >= lanes()}.
	 */
	static void gaussianRow(final char[][] ring, final short[] ky, final short[] kx, final char[] vh,
		final char[] vl, final byte[] dst, final int off, final int cols)
	{
		final int kn = ky.length, ry = kn / 2, rx = kx.length / 2;
		final int pcols = cols + 2 * rx;
		final int lastV = pcols - HALF;
		for (int x = 0;; x += HALF) {
			if (x > lastV) x = lastV;
			ShortVector v = ShortVector.fromCharArray(SS, ring[ry], x).mul(ky[ry]);
			for (int t = 0; t < ry; t++)
				v = v.add(ShortVector.fromCharArray(SS, ring[t], x).add(ShortVector.fromCharArray(SS, ring[kn - 1 - t],
					x)).mul(ky[t]));
			v.lanewise(VectorOperators.LSHR, 8).intoCharArray(vh, x);
			v.and((short) 255).intoCharArray(vl, x);
			if (x == lastV) break;
		}
		final int last = cols - LANES;
		for (int x = 0;; x += LANES) {
			if (x > last) x = last;
			// two halves of 16-bit results, narrowed into the two halves of one byte vector
			final ByteVector b = round(vh, vl, kx, rx, x).convertShape(VectorOperators.S2B, BYTES, 0)
				.reinterpretAsBytes().or(round(vh, vl, kx, rx, x + HALF).convertShape(VectorOperators.S2B, BYTES, -1)
					.reinterpretAsBytes());
			b.intoArray(dst, off + x);
			if (x == last) break;
		}
	}

	/**
	 * {@code {min, max}} of the unsigned bytes {@code d[from .. to)} (sign-flipped bytes, signed
	 * lanewise min/max, one reduction at the end).
	 */
	static int[] minMax(final byte[] d, final int from, final int to) {
		int min = 255, max = 0, i = from;
		if (to - from >= BYTES.length()) {
			ByteVector mn = ByteVector.broadcast(BYTES, Byte.MAX_VALUE), mx = ByteVector.broadcast(BYTES,
				Byte.MIN_VALUE);
			for (; i <= to - BYTES.length(); i += BYTES.length()) {
				final ByteVector v = ByteVector.fromArray(BYTES, d, i);
				mn = mn.min(v.lanewise(VectorOperators.XOR, (byte) 0x80));
				mx = mx.max(v.lanewise(VectorOperators.XOR, (byte) 0x80));
			}
			min = mn.reduceLanes(VectorOperators.MIN) + 128;
			max = mx.reduceLanes(VectorOperators.MAX) + 128;
		}
		for (; i < to; i++) {
			min = Math.min(min, d[i] & 0xff);
			max = Math.max(max, d[i] & 0xff);
		}
		return new int[] { min, max };
	}

	/**
	 * {@code out[i] = (float) (d[i] & 0xff) * scale + shift} for {@code i} in {@code [from, to)}:
	 * a multiplication and an addition, each rounded to float as in Java's scalar expression.
	 */
	static void toFloat(final byte[] d, final float[] out, final int from, final int to, final float scale,
		final float shift)
	{
		int i = from;
		for (; i <= to - LANES; i += LANES) {
			final ByteVector b = ByteVector.fromArray(BYTES, d, i);
			for (int part = 0; part < 4; part++) {
				final IntVector v = ((IntVector) b.convertShape(VectorOperators.B2I, IS, part)).and(0xff);
				((FloatVector) v.convert(VectorOperators.I2F, 0)).mul(scale).add(shift).intoArray(out, i + part *
					QUARTER);
			}
		}
		for (; i < to; i++)
			out[i] = (d[i] & 0xff) * scale + shift;
	}

	/**
	 * One output row of the 8-bit resize with strong vertical reduction, from {@code packed[x]}: the
	 * two horizontal neighbours in the upper source row (bits 0-7, 8-15) and in the lower one (bits
	 * 16-23, 24-31). Horizontal sums with the 11-bit weights {@code a0, a1}, then OpenCV's vertical
	 * step {@code ((c0*(h0>>4))>>16) + ((c1*(h1>>4))>>16) + 2) >> 2}, as {@link Resize}'s scalar
	 * loop; the result is in 0..255 without clamping. Writes {@code dst[off .. off + n)} through
	 * {@code values} (at least {@code n} long); needs {@code n >= intLanes()}.
	 */
	static void resizeRow(final int[] packed, final int[] a0, final int[] a1, final int c0, final int c1,
		final int[] values, final byte[] dst, final int off, final int n)
	{
		final int last = n - QUARTER;
		for (int x = 0;; x += QUARTER) {
			// the last vector overlaps the previous one instead of leaving a scalar tail
			if (x > last) x = last;
			resizeQuarter(packed, a0, a1, c0, c1, x).intoArray(values, x);
			if (x == last) break;
		}
		// narrowing in a loop of its own, which C2 vectorises: measured, a byte vector of a second
		// shape (I2B to as many bytes as int lanes) ran at 0.06 ms alone but 0.29 ms once the other
		// kernels had run, and I2B into the preferred byte shape at 0.45 ms
		for (int x = 0; x < n; x++)
			dst[off + x] = (byte) values[x];
	}

	/** {@code out[i] = (d[i] & 0xff) > t ? 255 : 0} for {@code i} in {@code [from, to)}, {@code 0 <= t <= 255}. */
	static void threshold(final byte[] d, final byte[] out, final int from, final int to, final int t) {
		final byte ts = (byte) (t ^ 0x80);
		final ByteVector zero = ByteVector.zero(BYTES);
		int i = from;
		for (; i <= to - BYTES.length(); i += BYTES.length()) {
			final VectorMask<Byte> above = ByteVector.fromArray(BYTES, d, i).lanewise(VectorOperators.XOR, (byte) 0x80)
				.compare(VectorOperators.GT, ts);
			zero.blend((byte) -1, above).intoArray(out, i);
		}
		for (; i < to; i++)
			out[i] = (byte) ((t - (d[i] & 0xff)) >> 31);
	}

	// -- Helper methods --

	/** {@link #resizeRow}'s outputs {@code x .. x + QUARTER} as int lanes. */
	private static IntVector resizeQuarter(final int[] packed, final int[] a0, final int[] a1, final int c0,
		final int c1, final int x)
	{
		final IntVector v = IntVector.fromArray(IS, packed, x);
		final IntVector w0 = IntVector.fromArray(IS, a0, x), w1 = IntVector.fromArray(IS, a1, x);
		final IntVector h0 = v.and(0xff).mul(w0).add(v.lanewise(VectorOperators.LSHR, 8).and(0xff).mul(w1));
		final IntVector h1 = v.lanewise(VectorOperators.LSHR, 16).and(0xff).mul(w0).add(v.lanewise(
			VectorOperators.LSHR, 24).mul(w1));
		return h0.lanewise(VectorOperators.ASHR, 4).mul(c0).lanewise(VectorOperators.ASHR, 16).add(h1.lanewise(
			VectorOperators.ASHR, 4).mul(c1).lanewise(VectorOperators.ASHR, 16)).add(2).lanewise(VectorOperators.ASHR,
				2);
	}

	/** Part {@code part} (0 or 1) of a byte vector as unsigned 16-bit lanes. */
	private static ShortVector widen(final ByteVector b, final int part) {
		return ((ShortVector) b.convertShape(VectorOperators.B2S, SS, part)).and((short) 0xff);
	}

	/** {@code (H + (L >> 8) + 128) >> 8} of the split sums at {@code x ..}. */
	private static ShortVector round(final char[] vh, final char[] vl, final short[] kx, final int rx, final int x) {
		final ShortVector hi = horizontal(vh, kx, rx, x), lo = horizontal(vl, kx, rx, x);
		return hi.add(lo.lanewise(VectorOperators.LSHR, 8)).add((short) 128).lanewise(VectorOperators.LSHR, 8);
	}

	/** {@code sum kx[t] * v[x + t]} (mod 2^16) for the lanes {@code x ..}. */
	private static ShortVector horizontal(final char[] v, final short[] kx, final int rx, final int x) {
		ShortVector acc = ShortVector.fromCharArray(SS, v, x + rx).mul(kx[rx]);
		for (int t = 0; t < rx; t++)
			acc = acc.add(ShortVector.fromCharArray(SS, v, x + t).add(ShortVector.fromCharArray(SS, v, x + 2 * rx - t))
				.mul(kx[t]));
		return acc;
	}
}
