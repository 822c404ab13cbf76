package io.github.stripsteel.preprocess;

/**
 * Decides once whether the Vector API kernels ({@code jdk.incubator.vector}, an incubator module of
 * Java 17) are used. They are when the JVM was started with {@code --add-modules
 * jdk.incubator.vector} and the system property {@code strip.steel.simd} is not {@code false}.
 * Otherwise the scalar code runs; both give identical bytes.
 * <p>
 * Only the classes {@link SimdMedian} and {@link VectorKernels} refer to the module, and only
 * after this gate said yes, so everything else loads and runs without it.
 */
final class Simd {

	/** {@code true} when the Vector API kernels are used by default. */
	static final boolean ENABLED = decide(available(), System.getProperty("strip.steel.simd"));

	private Simd() {}

	/** Whether {@code jdk.incubator.vector} is in the boot layer (whatever the system property says). */
	static boolean available() {
		return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
	}

	/** The rule of {@link #ENABLED}: the module is there and the property is not {@code false}. */
	static boolean decide(final boolean available, final String property) {
		return available && !"false".equalsIgnoreCase(property == null ? "" : property.trim());
	}
}
