package io.github.stripsteel.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader never sees a half-written one: data go to a temporary file in the
 * same folder, which is then renamed over the target.
 */
public final class AtomicFiles {

	private AtomicFiles() {}

	public static void write(final Path target, final StreamWriter writer)
		throws IOException
	{
		final Path dir = target.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		final Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(tmp)) {
				writer.write(out);
			}
			try {
				// temporary files are private; the result is an ordinary file
				Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
			}
			catch (final UnsupportedOperationException e) {
				// not a POSIX file system
			}
			move(tmp, target);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	public static void writeString(final Path target, final String text) throws IOException {
		write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Deletes what interrupted writes left in {@code dir} (not in sub-folders): the temporary
	 * files named {@code .<name><digits>.tmp} by {@link #write} and {@code ModelPackage}. Call it only
	 * while no other writer uses the folder.
	 *
	 * @return the number of files deleted
	 */
	public static int removeLeftovers(final Path dir) throws IOException {
		if (!Files.isDirectory(dir)) return 0;
		int removed = 0;
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.tmp")) {
			for (final Path p : s)
				if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) removed++;
		}
		return removed;
	}

	/** Renames atomically where the file system allows it. */
	public static void move(final Path source, final Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Writes a file's content through a stream. */
	@FunctionalInterface
	public interface StreamWriter {

		void write(OutputStream out) throws IOException;
	}
}
