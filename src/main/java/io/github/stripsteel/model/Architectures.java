package io.github.stripsteel.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/** The network architectures a model package may name, by their {@code model.json} name. */
public final class Architectures {

	private static final Map<String, IntFunction<ClassifierNet>> BUILDERS = new LinkedHashMap<>();

	static {
		// -- architectures: keep one per line --
		BUILDERS.put("resnet34", ResNet34::classifier);
		BUILDERS.put("sarsn34", Sarsn::sarsn34);
		BUILDERS.put("sarsn50", Sarsn::sarsn50);
	}

	private Architectures() {}

	public static Set<String> names() {
		return BUILDERS.keySet();
	}

	/**
	 * A fresh, uninitialised network.
	 *
	 * @throws IllegalArgumentException for an unknown name, listing the known ones
	 */
	public static ClassifierNet create(final String name, final int numClasses) {
		final IntFunction<ClassifierNet> builder = BUILDERS.get(name);
		if (builder == null) throw new IllegalArgumentException("unknown architecture '" + name +
			"'; known: " + String.join(", ", names()));
		return builder.apply(numClasses);
	}
}
