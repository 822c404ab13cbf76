package io.github.stripsteel.fiji;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A file-name filter such as {@code *.png;*.bmp;*.jpg}: glob patterns separated by {@code ;} or
 * {@code ,}, matched case-insensitively against the file name only. Empty means every file.
 */
public final class FileGlob {

	private final List<PathMatcher> matchers = new ArrayList<>();

	public FileGlob(final String filter) {
		if (filter == null) return;
		for (final String part : filter.split("[;,]")) {
			final String p = part.trim().toLowerCase(Locale.ROOT);
			if (!p.isEmpty()) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
		}
	}

	public boolean matches(final Path file) {
		if (matchers.isEmpty()) return true;
		final Path name = Path.of(file.getFileName().toString().toLowerCase(Locale.ROOT));
		return matchers.stream().anyMatch(m -> m.matches(name));
	}

	public List<Path> filter(final List<Path> files) {
		return files.stream().filter(this::matches).toList();
	}
}
