package io.github.stripsteel.image;

import java.io.IOException;

/** An image file that cannot be decoded; the message names the file and the fix. */
public class ImageDecodeException extends IOException {

	public ImageDecodeException(final String message) {
		super(message);
	}
}
