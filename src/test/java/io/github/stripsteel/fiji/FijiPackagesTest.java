package io.github.stripsteel.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import io.github.stripsteel.fiji.command.StripCommand;

/**
 * The Fiji face's packages depend one way: {@code fiji.command} (the base and shared helpers) on no
 * other Fiji package, the commands on it, the ImageJ 1 bridge on the commands, and no loop; every
 * command of the plugin extends {@link StripCommand}.
 */
class FijiPackagesTest {

	private static final String ROOT = "io.github.stripsteel.fiji";
	private static final Pattern REFERENCE = Pattern.compile(
		"\\b(io\\.github\\.stripsteel\\.fiji(?:\\.[a-z0-9]+)*)\\.[A-Z]\\w*");

	@Test
	void fijiPackagesHaveNoLoop() throws IOException {
		final Map<String, Set<String>> edges = edges();
		assertTrue(edges.containsKey(ROOT + ".command"), edges.toString());
		assertEquals(Set.of(), edges.get(ROOT + ".command"), "the base package uses no other Fiji package");
		for (final String from : edges.keySet())
			assertFalse(reaches(edges, from, from, new TreeSet<>()), "a package loop through " + from +
				": " + edges);
	}

	@Test
	void everyCommandExtendsTheBase() throws Exception {
		final List<String> commands = new ArrayList<>();
		try (Stream<Path> files = Files.walk(sources())) {
			for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator)
			{
				final String name = ROOT + "." + sources().relativize(f).toString().replace('/', '.')
					.replaceAll("\\.java$", "");
				final Class<?> c = Class.forName(name, false, getClass().getClassLoader());
				final Plugin p = c.getAnnotation(Plugin.class);
				if (p == null || !Command.class.isAssignableFrom(p.type())) continue;
				commands.add(c.getSimpleName());
				assertTrue(StripCommand.class.isAssignableFrom(c), c + " does not extend StripCommand");
			}
		}
		assertTrue(commands.size() >= 9, "the scan found too few commands: " + commands);
	}

	// -- Helper methods --

	private static Path sources() {
		return TestModel.projectDir().resolve("src/main/java/io/github/stripsteel/fiji");
	}

	/** Package → the other Fiji packages its sources name (imports and qualified names). */
	static Map<String, Set<String>> edges() throws IOException {
		final Map<String, Set<String>> edges = new TreeMap<>();
		try (Stream<Path> files = Files.walk(sources())) {
			for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator)
			{
				final Path dir = sources().relativize(f).getParent();
				final String from = dir == null ? ROOT : ROOT + "." + dir.toString().replace('/', '.');
				final Set<String> to = edges.computeIfAbsent(from, k -> new TreeSet<>());
				final Matcher m = REFERENCE.matcher(Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "")
					.replaceAll("//[^\n]*", ""));
				while (m.find())
					if (!m.group(1).equals(from)) to.add(m.group(1));
			}
		}
		return edges;
	}

	private static boolean reaches(final Map<String, Set<String>> edges, final String from,
		final String target, final Set<String> seen)
	{
		for (final String next : edges.getOrDefault(from, Set.of())) {
			if (next.equals(target)) return true;
			if (seen.add(next) && reaches(edges, next, target, seen)) return true;
		}
		return false;
	}
}
