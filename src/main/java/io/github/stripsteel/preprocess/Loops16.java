package io.github.stripsteel.preprocess;

/**
 * Single-loop kernels on 16-bit lanes (arithmetic modulo 2^16) behind one dispatcher.
 * <p>
 * Why this shape: HotSpot C2 (Java 17) vectorises each of these loops when it compiles them on
 * their own, but the same loop inlined into a caller that holds other loops (a loop nest, or several
 * loops in a row) ran 5-10x slower on this project's AVX-512 host (Gaussian 8-bit: 130 ms instead
 * of 20 ms for 4096x1024). {@link #run} holds every loop behind a switch and is larger than C2's
 * {@code FreqInlineSize} (325 bytes of bytecode), so it is never inlined; it is called once per row
 * and tap, which makes the call overhead negligible.
 */
final class Loops16 {

	private Loops16() {}

	static final int MUL = 0, ADD_PAIR = 1, SPLIT = 2, MUL_AT = 3, ADD_PAIR_AT = 4, WIDEN = 5, ROUND_HL = 6;

	/** All loops behind one entry point whose bytecode exceeds C2's inlining limit (325 bytes). */
	static void run(final int op, final char[] a, final char[] b, final int s, final int u, final int k,
		final char[] c, final short[] o, final short[] o2, final byte[] d, final int off, final int n)
	{
		switch (op) {
			case MUL:
				for (int x = 0; x < n; x++)
					c[x] = (char) (k * a[x]);
				break;
			case ADD_PAIR:
				for (int x = 0; x < n; x++)
					c[x] = (char) (c[x] + k * (a[x] + b[x]));
				break;
			case SPLIT:
				for (int x = 0; x < n; x++) {
					final int v = a[x];
					c[x] = (char) (v >>> 8);
					a[x] = (char) (v & 255);
				}
				break;
			case MUL_AT:
				for (int x = 0; x < n; x++)
					o[x] = (short) (k * a[x + s]);
				break;
			case ADD_PAIR_AT:
				for (int x = 0; x < n; x++)
					o[x] = (short) (o[x] + k * (a[x + s] + a[x + u]));
				break;
			case WIDEN: // c[s + x] = d[off + x] as unsigned
				for (int x = 0; x < n; x++)
					c[s + x] = (char) (d[off + x] & 0xff);
				break;
			case ROUND_HL: // d[off + x] = (256 o + o2 + 32768) >> 16 for the split sums of GaussianBlur
				for (int x = 0; x < n; x++)
					d[off + x] = (byte) ((o[x] + ((o2[x] & 0xffff) >>> 8) + 128 & 0xffff) >>> 8);
				break;
			default:
				throw new IllegalArgumentException("op " + op);
		}
	}
}
