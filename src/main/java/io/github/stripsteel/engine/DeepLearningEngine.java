package io.github.stripsteel.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place where the deep-learning engine is configured: offline, quiet, explicit threads,
 * and the device the user asked for.
 *
 * <p>DJL tries to reach the network on its first {@link Engine} call unless told otherwise, so every
 * entry point that touches DJL calls {@link #get()} first.</p>
 */
public final class DeepLearningEngine {

	public static final String ENGINE_NAME = "PyTorch";

	static {
		setIfAbsent("ai.djl.offline", "true");
		setIfAbsent("OPT_OUT_TRACKING", "true");
		setIfAbsent("ai.djl.default_engine", ENGINE_NAME);
		setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(defaultThreads()));
		setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
	}

	private DeepLearningEngine() {}

	/** The configured PyTorch engine (loads the native library on first call, offline). */
	public static Engine get() {
		// before the first tensor: the allocator's settings decide how fast large tensors are
		NativeAllocator.configure();
		final ClassLoader previous = Thread.currentThread().getContextClassLoader();
		// ServiceLoader (DJL's engine discovery) uses the context class loader; in plain ImageJ 1
		// that is not the plugin's loader.
		Thread.currentThread().setContextClassLoader(DeepLearningEngine.class.getClassLoader());
		try {
			return Engine.getEngine(ENGINE_NAME);
		}
		finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
	}

	/**
	 * Resolves a device choice: {@code auto} (GPU when PyTorch sees one, else CPU), {@code cpu} or
	 * {@code gpu} (fails with a clear message when no CUDA device is usable).
	 */
	public static Device device(final DeviceChoice choice) {
		final Engine engine = get();
		final int gpus = engine.getGpuCount();
		switch (choice) {
			case CPU:
				return Device.cpu();
			case GPU:
				if (gpus == 0) throw new IllegalStateException(
					"device gpu requested but PyTorch sees no CUDA GPU (this build has the CPU natives " +
						"'" + nativeFlavor() + "'); rebuild with 'mvn -Pcuda package' on a machine with an " +
						"NVIDIA GPU and driver, or use device cpu/auto");
				return Device.gpu();
			default:
				return gpus > 0 ? Device.gpu() : Device.cpu();
		}
	}

	/**
	 * Switches PyTorch's autograd recording off for the current thread until the returned handle is
	 * closed. Grad mode is per thread and on by default in every thread but the one that started
	 * the engine, so inference and in-place weight updates on Fiji's or a task's threads must say so.
	 */
	public static GradientsOff gradientsOff() {
		get();
		final boolean previous = JniUtils.isGradMode();
		JniUtils.setGradMode(false);
		return () -> JniUtils.setGradMode(previous);
	}

	/** Restores the previous grad mode on close. */
	@FunctionalInterface
	public interface GradientsOff extends AutoCloseable {

		@Override
		void close();
	}

	/** Number of inter-op threads PyTorch uses. */
	public static int interopThreads() {
		return Integer.parseInt(setting("ai.djl.pytorch.num_interop_threads"));
	}

	/** Number of intra-op threads PyTorch uses. */
	public static int threads() {
		return Integer.parseInt(setting("ai.djl.pytorch.num_threads"));
	}

	/** A one-line description of the native flavour DJL loaded, e.g. {@code cpu-linux-x86_64}. */
	public static String nativeFlavor() {
		final String flavor = System.getProperty("PYTORCH_FLAVOR", "cpu");
		return flavor + "-" + System.getProperty("os.name").toLowerCase().replace(' ', '-') + "-" +
			System.getProperty("os.arch");
	}

	// -- Helper methods --

	private static int defaultThreads() {
		return Math.max(1, Runtime.getRuntime().availableProcessors());
	}

	/** A setting as DJL reads it: the system property, else the environment variable. */
	private static String setting(final String key) {
		final String p = System.getProperty(key);
		return p != null ? p : System.getenv(key);
	}

	private static void setIfAbsent(final String key, final String value) {
		if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key,
			value);
	}
}
