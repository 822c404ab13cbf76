package io.github.stripsteel.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The empty (0-byte) files among the job's inputs. Spark's file index drops them before any data
 * source sees them (SPARK-27291), so {@code binaryFile} never gives them a row; this listing finds
 * them with the same rules (recursive, the name glob, names starting with {@code _} or {@code .}
 * skipped), so that each becomes an error row like any other broken file. It streams the listing
 * on the driver and keeps only the empty files.
 */
final class EmptyFiles {

	private EmptyFiles() {}

	/** The empty files as fully qualified paths, the form {@code binaryFile} gives. */
	static List<String> find(final Configuration conf, final List<String> inputs, final String glob)
		throws IOException
	{
		final GlobFilter names = new GlobFilter(glob);
		final List<String> empty = new ArrayList<>();
		for (final String input : inputs) {
			final Path path = new Path(input);
			final FileSystem fs = path.getFileSystem(conf);
			final FileStatus[] matches = fs.globStatus(path);
			if (matches == null) continue; // Spark reports the missing path itself
			for (final FileStatus m : matches) {
				if (!m.isDirectory()) {
					if (m.getLen() == 0 && names.accept(m.getPath())) empty.add(m.getPath().toString());
					continue;
				}
				final RemoteIterator<LocatedFileStatus> files = fs.listFiles(m.getPath(), true);
				while (files.hasNext()) {
					final LocatedFileStatus f = files.next();
					if (f.getLen() == 0 && names.accept(f.getPath()) && !hidden(m.getPath(), f.getPath()))
						empty.add(f.getPath().toString());
				}
			}
		}
		return empty;
	}

	/** Whether a name between the root and the file starts with {@code _} or {@code .}. */
	private static boolean hidden(final Path root, final Path file) {
		final int depth = root.depth();
		for (Path p = file; p != null && p.depth() > depth; p = p.getParent())
			if (p.getName().startsWith("_") || p.getName().startsWith(".")) return true;
		return false;
	}
}
