package io.github.stripsteel.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file that cannot be used. The message is one line that names the file (the path as the
 * caller gave it) and says what to do, e.g. {@code Cr_1.bmp: empty file (0 bytes); re-export the image}.
 */
public class ImageDecodeException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path file;

	public ImageDecodeException(final Path file, final String problem) {
		this(file, problem, null);
	}

	public ImageDecodeException(final Path file, final String problem, final Throwable cause) {
		super(file + ": " + problem, cause);
		this.file = file;
	}

	/** The file that could not be decoded. */
	public Path file() {
		return file;
	}
}
