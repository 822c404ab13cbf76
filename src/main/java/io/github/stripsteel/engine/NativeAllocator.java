package io.github.stripsteel.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Tunes the C allocator that PyTorch's tensors come from, from inside the JVM, before the first
 * tensor exists.
 *
 * <p>Why: glibc's malloc serves blocks above its mmap threshold (dynamic, at most 32 MB) with a
 * fresh {@code mmap} and gives them back on {@code free}, and trims the heap top back to the system
 * once more than twice that threshold is free; a ResNet34 at batch 32 allocates and frees
 * activations of 10-80 MB in every layer, so each one page-faults in again (measured: 8,300 minor
 * faults per image at batch 32, 32 MB of zeroed pages per image). Turning mmap off alone
 * ({@code MALLOC_MMAP_MAX_=0}) moves those blocks to the heap top, which is then trimmed after
 * every free above 128 kB, so batch 1 pays the faults instead. Mmap off, a trim threshold of 1 GB
 * and a 64 MB top pad keep the pages: about 1 fault per image at batch 1 and 1,900 at batch 32
 * (what remains: a thread's arena serves requests above 64 MB by mmap whatever the settings).
 * This needs no {@code LD_PRELOAD} and no environment variable, so Fiji's own launcher gets it too
 * (docs/PERFORMANCE.md has the measurements). The price: up to 1 GB of freed native memory stays
 * resident for reuse.</p>
 *
 * <p>{@code -Dstrip.steel.malloc=off} leaves the allocator alone; a list such as
 * {@code mmap_max=0,trim_threshold=1g,top_pad=64m,mmap_threshold=32m,arena_max=2} sets exactly those
 * parameters. Elsewhere than Linux with glibc, or when another allocator (tcmalloc, jemalloc) is
 * preloaded, nothing is changed and {@link #describe()} says so.</p>
 */
public final class NativeAllocator {

	/** The system property that chooses the settings. */
	public static final String PROPERTY = "strip.steel.malloc";
	/** The settings applied unless {@link #PROPERTY} says otherwise. */
	public static final String DEFAULT_SETTINGS = "mmap_max=0,trim_threshold=1g,top_pad=64m";

	// glibc's malloc.h
	private static final Map<String, Integer> PARAMETERS = Map.of("trim_threshold", -1, "top_pad", -2,
		"mmap_threshold", -3, "mmap_max", -4, "arena_test", -7, "arena_max", -8);

	private static String description;

	private NativeAllocator() {}

	/** glibc's entry points, through JNA (which DJL already ships, as does Fiji). */
	public interface LibC extends Library {

		int mallopt(int param, int value);

		String gnu_get_libc_version();
	}

	/**
	 * Applies the settings once per JVM (later calls return the first outcome).
	 *
	 * @return what is in use, e.g. {@code glibc 2.36 mallopt(mmap_max=0, trim_threshold=1g)}
	 */
	public static synchronized String configure() {
		if (description == null) description = apply(System.getProperty(PROPERTY, "auto"));
		return description;
	}

	/** What {@link #configure()} did, or what it would do when it has not run yet. */
	public static synchronized String describe() {
		return description != null ? description : "not configured yet (" + System.getProperty(PROPERTY,
			"auto") + ")";
	}

	/**
	 * Parses a settings list such as {@code mmap_max=0,trim_threshold=1g} (suffixes k, m, g).
	 *
	 * @throws IllegalArgumentException naming the unknown parameter or bad value and the valid ones
	 */
	public static Map<String, Integer> parse(final String settings) {
		final Map<String, Integer> out = new LinkedHashMap<>();
		for (final String part : settings.split(",")) {
			if (part.isBlank()) continue;
			final String[] kv = part.trim().split("=", 2);
			final String key = kv[0].trim().toLowerCase(Locale.ROOT);
			if (!PARAMETERS.containsKey(key) || kv.length != 2) throw new IllegalArgumentException(
				"-D" + PROPERTY + ": '" + part + "' is not one of " + String.join("=N, ", PARAMETERS
					.keySet()) + "=N (or 'off' / 'auto')");
			out.put(key, size(kv[1].trim(), part));
		}
		return out;
	}

	// -- Helper methods --

	private static String apply(final String setting) {
		if (setting.equalsIgnoreCase("off")) return "system default (" + PROPERTY + "=off)";
		final Map<String, Integer> params = parse(setting.equalsIgnoreCase("auto") ? DEFAULT_SETTINGS
			: setting);
		final String other = preloadedAllocator();
		if (other != null) return other + " (preloaded; malloc settings not applied)";
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"))
			return "system default (not Linux)";
		final LibC libc;
		final String version;
		try {
			libc = Native.load("c", LibC.class);
			version = libc.gnu_get_libc_version();
		}
		catch (final UnsatisfiedLinkError | RuntimeException e) {
			return "system default (no glibc: " + e.getMessage() + ")";
		}
		final StringBuilder done = new StringBuilder();
		for (final Map.Entry<String, Integer> p : params.entrySet()) {
			final boolean ok = libc.mallopt(PARAMETERS.get(p.getKey()), p.getValue()) == 1;
			if (done.length() > 0) done.append(", ");
			done.append(p.getKey()).append('=').append(human(p.getValue())).append(ok ? "" : " (refused)");
		}
		return "glibc " + version + " mallopt(" + done + ")";
	}

	/** tcmalloc or jemalloc mapped into this process, or null. */
	private static String preloadedAllocator() {
		try {
			final String maps = Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1);
			if (maps.contains("libtcmalloc")) return "tcmalloc";
			if (maps.contains("libjemalloc")) return "jemalloc";
		}
		catch (final IOException | RuntimeException e) {
			// not Linux: nothing is preloaded that we could know of
		}
		return null;
	}

	private static int size(final String value, final String part) {
		final String v = value.toLowerCase(Locale.ROOT);
		final int shift = v.endsWith("k") ? 10 : v.endsWith("m") ? 20 : v.endsWith("g") ? 30 : 0;
		try {
			final long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1)) << shift;
			if (n < 0 || n > Integer.MAX_VALUE) throw new NumberFormatException();
			return (int) n;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("-D" + PROPERTY + ": '" + part +
				"' needs a value between 0 and 2g (suffixes k, m, g)");
		}
	}

	private static String human(final int v) {
		if (v >= 1 << 30 && v % (1 << 30) == 0) return (v >> 30) + "g";
		if (v >= 1 << 20 && v % (1 << 20) == 0) return (v >> 20) + "m";
		if (v >= 1 << 10 && v % (1 << 10) == 0) return (v >> 10) + "k";
		return Integer.toString(v);
	}
}
