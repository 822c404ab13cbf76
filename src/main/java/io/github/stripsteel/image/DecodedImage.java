package io.github.stripsteel.image;

import java.nio.file.Path;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** A decoded image: one 8-bit grey channel plus what the file held. */
public record DecodedImage(Path file, String format, int width, int height, int bitDepth,
	int channels, ArrayImg<UnsignedByteType, ByteArray> gray)
{}
