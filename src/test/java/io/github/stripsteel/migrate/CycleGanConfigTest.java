package io.github.stripsteel.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.github.stripsteel.engine.DeviceChoice;

/**
 * The {@code with} methods of {@link CycleGanConfig}: each sets its own components and carries
 * every other one over.
 */
class CycleGanConfigTest {

	@Test
	void eachWithSetsItsComponentsAndKeepsTheOthers() {
		final Path data = Path.of("data"), out = Path.of("out");
		final CycleGanConfig defaults = CycleGanConfig.defaults(data, "plenty", "scarce", out);
		assertEquals(new CycleGanConfig(data, "scarce", data, "plenty", "custom", out, 128, 64, 32, 64,
			6, 10, 10, 2e-4f, 50, 10f, 5f, false, 0.2, 0, 0, 42, DeviceChoice.AUTO, false), defaults);
		// every component away from its default, one method after the other: a method that lost
		// another's value would show here
		final CycleGanConfig changed = defaults.withSourceData(Path.of("other")).withProtocol("neu-lt")
			.withImages(96, 48).withNetworks(8, 16, 2).withSchedule(3, 4, 1e-4f).withLosses(7, 9f, 2f)
			.withDiffAugment(true).withSplit(0.3, 7).withFold(5, 4).withRun(DeviceChoice.CPU, true);
		assertEquals(new CycleGanConfig(data, "scarce", Path.of("other"), "plenty", "neu-lt", out, 96,
			48, 8, 16, 2, 3, 4, 1e-4f, 7, 9f, 2f, true, 0.3, 5, 4, 7, DeviceChoice.CPU, true), changed);
		// and back, in the opposite order
		assertEquals(defaults, changed.withRun(DeviceChoice.AUTO, false).withFold(0, 0).withSplit(0.2,
			42).withDiffAugment(false).withLosses(50, 10f, 5f).withSchedule(10, 10, 2e-4f).withNetworks(
				32, 64, 6).withImages(128, 64).withProtocol("custom").withSourceData(data));
	}
}
