package io.github.stripsteel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The in-JVM allocator settings: parsing, and what the engine applied before its first tensor. */
class NativeAllocatorTest {

	@Test
	void parsesSizesWithSuffixes() {
		assertEquals(Map.of("mmap_max", 0, "trim_threshold", 1 << 30, "top_pad", 64 << 20,
			"mmap_threshold", 512 << 10), NativeAllocator.parse(
				"mmap_max=0, trim_threshold=1g,top_pad=64m,mmap_threshold=512k"));
	}

	@Test
	void rejectsUnknownParametersAndBadValuesNamingTheProperty() {
		final Exception unknown = assertThrows(IllegalArgumentException.class, () -> NativeAllocator
			.parse("mmap_maximum=0"));
		assertTrue(unknown.getMessage().contains("strip.steel.malloc") && unknown.getMessage().contains(
			"mmap_max"), unknown.getMessage());
		final Exception big = assertThrows(IllegalArgumentException.class, () -> NativeAllocator.parse(
			"trim_threshold=4g"));
		assertTrue(big.getMessage().contains("trim_threshold=4g"), big.getMessage());
		assertThrows(IllegalArgumentException.class, () -> NativeAllocator.parse("top_pad=lots"));
	}

	@Test
	void engineStartAppliesTheDefaultSettingsOnLinuxWithGlibc() {
		DeepLearningEngine.get();
		final String d = NativeAllocator.describe();
		assertSame(d, NativeAllocator.configure(), "configured once per JVM");
		final boolean linux = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux");
		if (linux && System.getProperty(NativeAllocator.PROPERTY) == null && !d.contains("preloaded")
			&& !d.contains("no glibc"))
		{
			assertTrue(d.startsWith("glibc ") && d.contains("mmap_max=0, trim_threshold=1g, top_pad=64m") &&
				!d.contains("refused"), d);
		}
		else assertTrue(!d.startsWith("not configured"), d);
	}
}
