package io.github.stripsteel.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the files and folders a user names into a list of image files.
 * <p>
 * A named file is kept whatever its extension (the decoder goes by content). A named folder is
 * expanded to the image files in it, sorted by path: files whose extension is one of
 * {@link #EXTENSIONS} (any case), skipping hidden files and hidden folders (names starting with
 * a dot). Sub-folders are searched only when {@code recursive} is true.
 * </p>
 */
public final class ImageFiles {

	/** The extensions (lower case, no dot) that mark a file in a folder as an image. */
	public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "tif",
		"tiff", "gif");

	private ImageFiles() {}

	/**
	 * Expands files and folders into image files: the inputs in their order, each folder's images
	 * sorted by path, duplicates dropped.
	 *
	 * @param inputs files and folders
	 * @param recursive whether to search the sub-folders of folders too
	 * @throws NoSuchFileException when an input does not exist (the message names it)
	 * @throws IOException when a folder holds no image files, or cannot be listed
	 */
	public static List<Path> collect(final List<Path> inputs, final boolean recursive)
		throws IOException
	{
		final Set<Path> files = new LinkedHashSet<>();
		for (final Path input : inputs) {
			if (Files.isDirectory(input)) {
				final List<Path> images = imagesIn(input, recursive);
				if (images.isEmpty()) throw new IOException(noImagesMessage(input, recursive));
				files.addAll(images);
			}
			else if (Files.exists(input)) files.add(input);
			else throw new NoSuchFileException(input.toString(), null,
				"no such file or folder; check the path");
		}
		return new ArrayList<>(files);
	}

	/** Whether the file name ends with one of {@link #EXTENSIONS}, in any case. */
	public static boolean hasImageExtension(final Path file) {
		final Path name = file.getFileName();
		if (name == null) return false;
		final String s = name.toString();
		final int dot = s.lastIndexOf('.');
		return dot >= 0 && EXTENSIONS.contains(s.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	// -- Helper methods --

	/** The non-hidden image files in a folder (and its non-hidden sub-folders), sorted by path. */
	static List<Path> imagesIn(final Path folder, final boolean recursive) throws IOException {
		try (Stream<Path> walk = Files.walk(folder, recursive ? Integer.MAX_VALUE : 1)) {
			return walk.filter(p -> !p.equals(folder))
				.filter(p -> !hiddenBelow(folder, p))
				.filter(Files::isRegularFile)
				.filter(ImageFiles::hasImageExtension)
				.sorted()
				.toList();
		}
	}

	static String noImagesMessage(final Path folder, final boolean recursive) throws IOException {
		boolean hasSubFolders;
		try (Stream<Path> list = Files.list(folder)) {
			hasSubFolders = list.anyMatch(Files::isDirectory);
		}
		return "folder " + folder + " contains no image files (" + String.join(", ", EXTENSIONS) +
			")" + (!recursive && hasSubFolders ? "; its sub-folders were not searched" : "");
	}

	/** Whether any name between the folder and the file starts with a dot. */
	private static boolean hiddenBelow(final Path folder, final Path file) {
		for (final Path part : folder.relativize(file))
			if (part.toString().startsWith(".")) return true;
		return false;
	}
}
