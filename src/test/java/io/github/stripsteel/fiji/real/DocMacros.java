package io.github.stripsteel.fiji.real;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ImageJ macro blocks of a Markdown file, as written, with example paths substituted. */
final class DocMacros {

	private DocMacros() {}

	/**
	 * Every fenced code block of {@code markdown} that calls {@code run("...")} and is not a SciJava
	 * script (a first line starting with {@code #@}).
	 */
	static List<String> blocks(final Path markdown) throws IOException {
		final List<String> blocks = new ArrayList<>();
		StringBuilder block = null;
		for (final String line : Files.readAllLines(markdown)) {
			if (line.startsWith("```")) {
				if (block == null) block = new StringBuilder();
				else {
					final String text = block.toString();
					if (text.contains("run(\"") && !text.strip().startsWith("#@")) blocks.add(text);
					block = null;
				}
			}
			else if (block != null) block.append(line).append('\n');
		}
		return blocks;
	}

	/** The one block of {@code markdown} that contains {@code marker}. */
	static String block(final Path markdown, final String marker) throws IOException {
		final List<String> found = blocks(markdown).stream().filter(b -> b.contains(marker)).toList();
		if (found.size() != 1) throw new AssertionError(markdown + ": expected one macro block with " +
			marker + ", found " + found.size());
		return found.get(0);
	}

	/** {@code block} with each key of {@code paths} (a path as the docs write it) replaced. */
	static String substitute(final String block, final Map<String, String> paths) {
		String text = block;
		for (final Map.Entry<String, String> e : paths.entrySet())
			text = text.replace(e.getKey(), e.getValue());
		return text;
	}
}
