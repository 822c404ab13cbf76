package io.github.stripsteel.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per folder: an operating-system lock on {@code <folder>/.strip-steel.lock}. The lock
 * dies with the process, so a run killed with {@code kill -9} leaves a lock file that the next run
 * simply takes over; a finished run deletes it. The file holds the owner's process id and start
 * time, quoted when another run is refused. Runs in one JVM are kept apart by a table of the
 * folders it holds: a POSIX lock belongs to the process, and closing any channel of the file in
 * it would drop the lock.
 */
public final class FolderLock implements AutoCloseable {

	public static final String LOCK_FILE = ".strip-steel.lock";

	/** The folders locked by this JVM. */
	private static final Map<Path, FolderLock> HELD = new ConcurrentHashMap<>();

	private final Path key;
	private final Path file;
	private final FileChannel channel;
	private final FileLock lock;

	private FolderLock(final Path key, final Path file, final FileChannel channel,
		final FileLock lock)
	{
		this.key = key;
		this.file = file;
		this.channel = channel;
		this.lock = lock;
	}

	/** Thrown when another run holds the folder. */
	public static final class BusyException extends IOException {

		private static final long serialVersionUID = 1L;

		BusyException(final String message) {
			super(message);
		}
	}

	/**
	 * Takes the folder's lock without waiting.
	 *
	 * @param what what the folder is, for the message (e.g. "output folder")
	 * @throws BusyException when another run (in this or another process) holds it
	 */
	public static FolderLock acquire(final Path dir, final String what) throws IOException {
		IoErrors.call(dir, "create the " + what, () -> Files.createDirectories(dir));
		final Path file = dir.resolve(LOCK_FILE);
		final Path key = dir.toAbsolutePath().normalize();
		// POSIX locks belong to the process and any close of the file in it drops them, so a run in
		// this JVM is found here, without opening the file
		final FolderLock mine = HELD.get(key);
		if (mine != null) throw busy(what, dir, file, "process " + ProcessHandle.current().pid() +
			", this one");
		// a holder deletes the file while it still holds the lock; whoever opened the old file in
		// that moment sees the path change under it and tries again
		for (int attempt = 0; attempt < 10; attempt++) {
			final Object before = fileKey(file, true);
			if (before == null) continue;
			final FileChannel channel;
			try {
				channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
			}
			catch (final NoSuchFileException e) {
				continue;
			}
			catch (final IOException e) {
				throw IoErrors.explain(file, "open the lock file", e);
			}
			try {
				final FileLock lock = channel.tryLock();
				if (lock == null) {
					final String owner = owner(channel);
					channel.close();
					throw busy(what, dir, file, owner);
				}
				if (!before.equals(fileKey(file, false))) {
					lock.release();
					channel.close();
					continue;
				}
				channel.truncate(0);
				channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + Instant.now() + "\n")
					.getBytes(StandardCharsets.UTF_8)), 0);
				channel.force(false);
				final FolderLock held = new FolderLock(key, file, channel, lock);
				if (HELD.putIfAbsent(key, held) == null) return held;
				lock.release();
				channel.close();
				throw busy(what, dir, file, "process " + ProcessHandle.current().pid() + ", this one");
			}
			catch (final OverlappingFileLockException e) {
				channel.close();
				throw busy(what, dir, file, "process " + ProcessHandle.current().pid() + ", this one");
			}
			catch (final BusyException e) {
				throw e;
			}
			catch (final IOException e) {
				channel.close();
				throw IoErrors.explain(file, "take the folder's lock", e);
			}
		}
		throw new BusyException(what + " " + dir + " is being locked and unlocked by other runs; " +
			"try again");
	}

	@Override
	public void close() throws IOException {
		try {
			Files.deleteIfExists(file);
		}
		finally {
			try {
				lock.release();
				channel.close();
			}
			finally {
				HELD.remove(key, this);
			}
		}
	}

	// -- Helper methods --

	private static BusyException busy(final String what, final Path dir, final Path file,
		final String owner)
	{
		return new BusyException(what + " " + dir + " is in use by another run (" + owner + "); wait " +
			"for it to finish or choose another folder. The lock is " + file + "; it is released when " +
			"that run ends, also when it is killed");
	}

	/** The file's identity (device and inode); null when it vanished. */
	private static Object fileKey(final Path file, final boolean create) throws IOException {
		try {
			if (create) try {
				Files.createFile(file);
			}
			catch (final FileAlreadyExistsException e) {
				// another run's lock file, or a killed run's
			}
			final Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
			// without file keys (not POSIX) nothing can replace the file under an open channel anyway
			return key == null ? "" : key;
		}
		catch (final NoSuchFileException e) {
			return null;
		}
		catch (final IOException e) {
			throw IoErrors.explain(file, "create the lock file", e);
		}
	}

	/** What the holder wrote into the lock file, read through the refused run's own channel. */
	private static String owner(final FileChannel channel) {
		try {
			final ByteBuffer buffer = ByteBuffer.allocate(200);
			channel.read(buffer, 0);
			final String line = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
				.strip();
			if (line.isEmpty()) return "its process id is not yet written";
			final String[] parts = line.split(" ");
			return "process " + parts[0] + (parts.length > 1 ? ", started " + parts[1] : "");
		}
		catch (final IOException e) {
			return "its process id cannot be read: " + e.getMessage();
		}
	}
}
