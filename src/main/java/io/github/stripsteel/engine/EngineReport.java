package io.github.stripsteel.engine;

import java.util.List;

import ai.djl.engine.Engine;

/** The engine lines of {@code info} and of the Fiji "Engine Info" command. */
public final class EngineReport {

	private EngineReport() {}

	/** Engine and versions, native flavour, the device {@code choice} gives, threads, allocator. */
	public static List<String> lines(final DeviceChoice choice) {
		final Engine engine = DeepLearningEngine.get();
		String device;
		try {
			device = DeepLearningEngine.device(choice).toString();
		}
		catch (final IllegalStateException e) {
			device = "unavailable: " + e.getMessage();
		}
		return List.of("engine        " + engine.getEngineName() + " " + engine.getVersion() +
			" (DJL " + Engine.getDjlVersion() + ")", "natives       " + DeepLearningEngine
				.nativeFlavor() + ", offline=" + System.getProperty("ai.djl.offline"), "device        " +
					device + " (requested " + choice + ", GPUs visible: " + engine.getGpuCount() + ")",
			"threads       " + DeepLearningEngine.threads() + " intra-op, " + DeepLearningEngine
				.interopThreads() + " inter-op", "allocator     " + NativeAllocator.describe());
	}
}
