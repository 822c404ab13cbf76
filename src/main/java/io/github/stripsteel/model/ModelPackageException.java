package io.github.stripsteel.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model package that cannot be used; the message names the file, what is wrong and, in plain
 * words, what would mend it. Where the mend is one of the faces' own commands, {@link #remedy()}
 * says which, so that each face can name its command (the CLI's {@code relabel} and
 * {@code calibrate}) without the library knowing any of them.
 */
public class ModelPackageException extends IOException {

	/** The mends a face may offer as a command of its own. */
	public enum Action {
		/** Record the classes' names (and the checksum of what the outputs mean) anew. */
		RELABEL,
		/** Compute the package's out-of-distribution statistics anew. */
		CALIBRATE
	}

	/**
	 * A mend of {@code model}, the package folder.
	 *
	 * @param classes for {@link Action#RELABEL}, the names to record as they are; empty when the
	 *          user chooses them
	 */
	public record Remedy(Action action, Path model, List<String> classes) {

		public Remedy {
			classes = List.copyOf(classes);
		}
	}

	private final transient Remedy remedy;

	public ModelPackageException(final String message) {
		this(message, null);
	}

	/** @param remedy the command that would mend the package, or null */
	public ModelPackageException(final String message, final Remedy remedy) {
		super(message);
		this.remedy = remedy;
	}

	/** The command that would mend the package, or null. */
	public Remedy remedy() {
		return remedy;
	}

	/** The first remedy in {@code e} or its causes, or null. */
	public static Remedy remedyOf(final Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause())
			if (t instanceof ModelPackageException m && m.remedy() != null) return m.remedy();
		return null;
	}
}
