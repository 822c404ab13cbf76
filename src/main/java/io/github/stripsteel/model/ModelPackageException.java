package io.github.stripsteel.model;

import java.io.IOException;

/** A model package that cannot be used; the message names the file and what is wrong. */
public class ModelPackageException extends IOException {

	public ModelPackageException(final String message) {
		super(message);
	}
}
