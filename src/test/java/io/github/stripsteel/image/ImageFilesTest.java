package io.github.stripsteel.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

	@TempDir
	Path dir;

	private Path mixed;

	@BeforeEach
	void mixedFolder() throws IOException {
		mixed = Files.createDirectory(dir.resolve("mixed folder"));
		for (final String name : List.of("b.png", "A.JPG", "c.jpeg", "d.Bmp", "e.tif", "f.TIFF",
			"g.gif", "notes.txt", "model.params", ".hidden.png", "sub dir/h.png", "sub dir/deeper/i.jpg",
			".git/j.png", "sub dir/.k.png"))
		{
			final Path file = mixed.resolve(name);
			Files.createDirectories(file.getParent());
			Files.writeString(file, "x");
		}
	}

	@Test
	void folderIsExpandedSortedWithoutHiddenOrOtherFiles() throws IOException {
		assertEquals(names("A.JPG", "b.png", "c.jpeg", "d.Bmp", "e.tif", "f.TIFF", "g.gif"),
			ImageFiles.collect(List.of(mixed), false));
	}

	@Test
	void recursiveSearchesSubFolders() throws IOException {
		assertEquals(names("A.JPG", "b.png", "c.jpeg", "d.Bmp", "e.tif", "f.TIFF", "g.gif",
			"sub dir/deeper/i.jpg", "sub dir/h.png"), ImageFiles.collect(List.of(mixed), true));
	}

	@Test
	void namedFilesAreKeptWhateverTheirExtension() throws IOException {
		final Path txt = mixed.resolve("notes.txt");
		final Path hidden = mixed.resolve(".hidden.png");
		final List<Path> files = ImageFiles.collect(List.of(txt, mixed, hidden, txt), false);
		assertEquals(9, files.size(), files.toString());
		assertEquals(txt, files.get(0));
		assertEquals(hidden, files.get(8));
	}

	@Test
	void missingInputIsNamed() {
		final Path gone = dir.resolve("gone.png");
		final NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ImageFiles
			.collect(List.of(mixed, gone), false));
		assertTrue(e.getMessage().startsWith(gone + ": no such file or folder"), e.getMessage());
	}

	@Test
	void folderWithoutImagesIsAnError() throws IOException {
		final Path empty = Files.createDirectory(dir.resolve("empty"));
		Files.writeString(empty.resolve("readme.txt"), "x");
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.collect(List.of(
			empty), true));
		assertEquals("folder " + empty +
			" contains no image files (png, jpg, jpeg, bmp, tif, tiff, gif)", e.getMessage());

		final Path nested = Files.createDirectories(dir.resolve("nested/inner"));
		Files.writeString(nested.resolve("a.png"), "x");
		final IOException e2 = assertThrows(IOException.class, () -> ImageFiles.collect(List.of(
			dir.resolve("nested")), false));
		assertTrue(e2.getMessage().contains("its sub-folders were not searched"), e2.getMessage());
		assertEquals(1, ImageFiles.collect(List.of(dir.resolve("nested")), true).size());
	}

	// -- Helper methods --

	private List<Path> names(final String... names) {
		return java.util.Arrays.stream(names).map(mixed::resolve).toList();
	}
}
