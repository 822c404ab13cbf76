package io.github.stripsteel.preprocess;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;

/**
 * Two neighbouring pixels of an 8-bit image, {@code a[i]} and {@code a[i + 1]}, read as one unsigned
 * 16-bit value ({@code a[i]} in bits 0-7): the gather of the 8-bit resize, which reads such a pair
 * per output column from scattered positions of large source rows.
 * <p>
 * Reads go through {@code sun.misc.Unsafe} (module {@code jdk.unsupported}, present in every Java 17
 * runtime) when it can be obtained, else through a byte-array view {@link VarHandle}. Both give the
 * same values; the first has no bounds check per read, which measured 25 % of the resize's time
 * (docs/PREPROCESSING.md, "Resize"). <b>Callers check the range</b>: {@link #get} may only be called
 * with {@code 0 <= i} and {@code i + 1 < a.length}, which {@link #checkRange} verifies once for a whole
 * sampling plan before any read.
 */
final class BytePairs {

	private static final VarHandle VIEW = MethodHandles.byteArrayViewVarHandle(short[].class,
		ByteOrder.LITTLE_ENDIAN);

	private static final sun.misc.Unsafe UNSAFE = unsafe();

	private static final long BASE = UNSAFE == null ? 0 : UNSAFE.arrayBaseOffset(byte[].class);

	/** Whether reads skip the bounds check (the platform is little-endian and Unsafe was obtained). */
	static final boolean UNCHECKED = UNSAFE != null && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN &&
		!"false".equalsIgnoreCase(System.getProperty("strip.steel.unchecked", ""));

	private BytePairs() {}

	/** {@code (a[i] & 0xff) | (a[i + 1] & 0xff) << 8}; needs {@code 0 <= i && i + 1 < a.length}. */
	static int get(final byte[] a, final int i) {
		if (UNCHECKED) return UNSAFE.getShort(a, BASE + i) & 0xffff;
		return (short) VIEW.get(a, i) & 0xffff;
	}

	/**
	 * Verifies that every read {@code get(a, row + column)} for {@code row} in {@code rowStarts} and
	 * {@code column} in {@code columns[0 .. n)} stays in {@code a}.
	 *
	 * @throws IllegalStateException naming the first offending index (a bug in the caller's plan)
	 */
	static void checkRange(final byte[] a, final int[] rowStarts, final int[] columns, final int n) {
		if (n == 0) return;
		int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
		for (int x = 0; x < n; x++) {
			lo = Math.min(lo, columns[x]);
			hi = Math.max(hi, columns[x]);
		}
		for (final int row : rowStarts)
			if (row + lo < 0 || (long) row + hi + 1 >= a.length) throw new IllegalStateException(
				"8-bit resize plan reads pixel pair " + (row + lo < 0 ? row + lo : (long) row + hi) + " of a " + a.length +
					"-byte image");
	}

	private static sun.misc.Unsafe unsafe() {
		try {
			final Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
			f.setAccessible(true);
			return (sun.misc.Unsafe) f.get(null);
		}
		catch (final ReflectiveOperationException | RuntimeException | LinkageError e) {
			return null;
		}
	}
}
