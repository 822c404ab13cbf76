package io.github.stripsteel.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process as Linux reports it ({@code /proc/self/status}): the Java heap plus
 * every native tensor, which the JVM's own counters do not see.
 */
public final class ProcessMemory {

	private ProcessMemory() {}

	/** Current resident set in MB ({@code VmRSS}), or NaN where {@code /proc} is absent. */
	public static double residentMb() {
		return field("VmRSS:");
	}

	/** Peak resident set in MB since the process started ({@code VmHWM}), or NaN. */
	public static double peakResidentMb() {
		return field("VmHWM:");
	}

	/**
	 * Minor page faults of this process so far ({@code /proc/self/stat}), or -1. Each is a page the
	 * kernel had to map and zero: an allocator that hands memory back and takes it again shows here.
	 */
	public static long minorFaults() {
		try {
			final String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.ISO_8859_1);
			// fields after the command name (which may hold spaces) start at state = field 3; minflt is 10
			final String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
			return Long.parseLong(f[10 - 3]);
		}
		catch (final IOException | RuntimeException e) {
			return -1;
		}
	}

	// -- Helper methods --

	private static double field(final String name) {
		try {
			for (final String line : Files.readAllLines(Path.of("/proc/self/status"),
				StandardCharsets.ISO_8859_1))
				if (line.startsWith(name)) return Long.parseLong(line.substring(name.length()).replace("kB",
					"").trim()) / 1024.0;
		}
		catch (final IOException | RuntimeException e) {
			// not Linux
		}
		return Double.NaN;
	}
}
