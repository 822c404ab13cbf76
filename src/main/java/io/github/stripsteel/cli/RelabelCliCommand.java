package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.stripsteel.model.PackageMeaning;

/**
 * {@code relabel}: renames the classes of a model package on purpose (a hand edit of
 * {@code model.json} is refused when the package is opened).
 */
public final class RelabelCliCommand implements CliCommand {

	@Override
	public String name() {
		return "relabel";
	}

	@Override
	public String usage() {
		return "relabel --model DIR --classes NAME,NAME,...";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("model", "classes"), Set.of());
		if (!a.positionals().isEmpty()) throw new UsageException("unexpected argument '" + a
			.positionals().get(0) + "'");
		final Path dir = Path.of(a.require("model"));
		final List<String> classes = new ArrayList<>();
		for (final String name : a.require("classes").split(",", -1))
			classes.add(name.trim());
		final List<String> before = PackageMeaning.relabel(dir, classes);
		if (before.equals(classes)) io.out().println("recorded the checksums of " + dir.resolve(
			"model.json") + " (classes unchanged: " + String.join(", ", classes) + ")");
		else for (int i = 0; i < classes.size(); i++)
			io.out().println(String.format("output %d: %s -> %s", i, before.get(i), classes.get(i)));
		return 0;
	}
}
