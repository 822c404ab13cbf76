package io.github.stripsteel.fiji.install;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Installs the Fiji archive that {@code mvn package} makes ({@code src/assembly/fiji.xml}) into a
 * {@code Fiji.app}: what a user gets by unzipping it there, plus the removal of other versions of
 * the same jars (the ImageJ Updater, and Java's class path, expect one {@code jars/NAME-VERSION.jar}
 * per NAME). No ImageJ class is needed, so {@code bin/strip-steel install-fiji} uses it as well.
 */
public final class FijiInstaller {

	/** {@code NAME-VERSION.jar}: the version starts at the first "-digit". */
	private static final Pattern JAR_NAME = Pattern.compile("(.+?)-(\\d.*)\\.jar");

	private FijiInstaller() {}

	/**
	 * The archive beside the plugin jar this class was loaded from (a build's {@code target/}).
	 *
	 * @throws IOException naming the folder and the build command when there is none
	 */
	public static Path archiveBesideJar() throws IOException {
		final Path dir;
		try {
			dir = Path.of(FijiInstaller.class.getProtectionDomain().getCodeSource().getLocation()
				.toURI()).getParent();
		}
		catch (final URISyntaxException | RuntimeException e) {
			throw new IOException("cannot locate the plugin jar; give the archive with --archive", e);
		}
		final List<Path> found = new ArrayList<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "Strip_Steel_Defects-*-fiji-*.zip")) {
			s.forEach(found::add);
		}
		if (found.size() != 1) throw new IOException((found.isEmpty() ? "no" : "more than one") +
			" Fiji archive Strip_Steel_Defects-*-fiji-*.zip in " + dir + "; run 'mvn -B package -DskipTests'" +
			" (or give the archive with --archive)");
		return found.get(0);
	}

	/**
	 * Unzips {@code archive} over {@code fijiDir}, replacing files of the same name and removing other
	 * versions of the jars it brings.
	 *
	 * @return the files written, relative to {@code fijiDir}
	 * @throws IOException naming the folder or entry at fault
	 */
	public static List<Path> install(final Path archive, final Path fijiDir) throws IOException {
		final Path jars = fijiDir.resolve("jars");
		if (!Files.isDirectory(jars)) throw new IOException(fijiDir + " is not a Fiji.app (it has no " +
			"jars/ folder); give the folder that holds Fiji's jars/ and ImageJ launcher");
		if (!Files.isRegularFile(archive)) throw new IOException(archive + " does not exist; run " +
			"'mvn -B package -DskipTests' first");
		final Path root = fijiDir.toAbsolutePath().normalize();
		final List<Path> written = new ArrayList<>();
		try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
			for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
				final Path target = root.resolve(e.getName()).normalize();
				if (!target.startsWith(root)) throw new IOException(archive + ": entry " + e.getName() +
					" points outside the Fiji folder");
				if (e.isDirectory()) {
					Files.createDirectories(target);
					continue;
				}
				if (target.getParent().equals(jars.toAbsolutePath().normalize())) removeOtherVersions(
					target);
				write(zip, target);
				written.add(root.relativize(target));
			}
		}
		if (written.isEmpty()) throw new IOException(archive + " is empty; rebuild it with 'mvn package'");
		return written;
	}

	/** The NAME part of {@code jars/NAME-VERSION.jar}, or the file name without {@code .jar}. */
	public static String baseName(final String fileName) {
		final Matcher m = JAR_NAME.matcher(fileName);
		if (m.matches()) return m.group(1);
		return fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
	}

	// -- Helper methods --

	private static void removeOtherVersions(final Path jar) throws IOException {
		final String name = jar.getFileName().toString();
		final String base = baseName(name);
		try (DirectoryStream<Path> s = Files.newDirectoryStream(jar.getParent(), "*.jar")) {
			for (final Path p : s) {
				final String other = p.getFileName().toString();
				if (!other.equals(name) && baseName(other).equals(base)) Files.delete(p);
			}
		}
	}

	/** Writes through a temporary file and a rename, and never through a symbolic link. */
	private static void write(final InputStream in, final Path target) throws IOException {
		Files.createDirectories(target.getParent());
		final Path tmp = Files.createTempFile(target.getParent(), ".strip-steel-", ".part");
		try {
			Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
			Files.deleteIfExists(target); // a link is removed, not followed
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}
}
