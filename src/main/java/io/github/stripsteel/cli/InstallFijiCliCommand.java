package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.stripsteel.fiji.install.FijiInstaller;

/** {@code install-fiji FIJI_DIR}: unzips the Fiji archive of this build over a Fiji.app. */
public final class InstallFijiCliCommand implements CliCommand {

	@Override
	public String name() {
		return "install-fiji";
	}

	@Override
	public String usage() {
		return "install-fiji FIJI_DIR [--archive ZIP]";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final CliArgs a = CliArgs.parse(args, Set.of("archive"), Set.of());
		if (a.positionals().size() != 1) throw new UsageException(
			"give one Fiji folder (the Fiji.app that holds jars/)");
		final Path fiji = Path.of(a.positionals().get(0));
		final Path archive = a.has("archive") ? Path.of(a.get("archive", null)) : FijiInstaller
			.archiveBesideJar();
		final List<Path> written = FijiInstaller.install(archive, fiji);
		io.out().println("installed " + archive.getFileName() + " into " + fiji.toAbsolutePath()
			.normalize() + " (" + written.size() + " files); restart Fiji");
		return 0;
	}
}
