package io.github.stripsteel.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.log.LogLevel;
import org.scijava.log.StderrLogService;

/** Entry point of {@code bin/strip-steel}: dispatches to the sub-commands. */
public final class StripSteelCli {

	private StripSteelCli() {}

	/** All sub-commands, in the order {@code help} lists them. */
	public static Map<String, CliCommand> commands() {
		final Map<String, CliCommand> commands = new LinkedHashMap<>();
		final List<CliCommand> all = new java.util.ArrayList<>();
		// -- sub-commands: keep one per line (merges stay trivial) --
		all.add(new ClassifyCliCommand());
		all.add(new EvaluateCliCommand());
		all.add(new LocalisationCliCommand());
		all.add(new CalibrateCliCommand());
		all.add(new TrainCliCommand());
		all.add(new DistillCliCommand());
		all.add(new CvSummaryCliCommand());
		all.add(new CycleGanCliCommand());
		all.add(new MigrateCliCommand());
		all.add(new PreprocessCliCommand());
		all.add(new BenchCliCommand());
		all.add(new InfoCliCommand());
		all.add(new RelabelCliCommand());
		all.add(new InstallFijiCliCommand());
		for (final CliCommand c : all)
			commands.put(c.name(), c);
		return commands;
	}

	public static void main(final String... args) {
		final StderrLogService logService = new StderrLogService();
		logService.setLevel(System.getenv("STRIP_STEEL_DEBUG") != null ? LogLevel.DEBUG : LogLevel.INFO);
		final CliIO io = new CliIO(System.out, System.err, logService.subLogger("strip-steel"));
		System.exit(run(Arrays.asList(args), io));
	}

	/** Runs one command line and returns the exit code; never calls {@code System.exit}. */
	public static int run(final List<String> args, final CliIO io) {
		final Map<String, CliCommand> commands = commands();
		if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
			io.out().println("usage: strip-steel COMMAND [OPTIONS]");
			for (final CliCommand c : commands.values())
				io.out().println("  " + c.usage());
			return args.isEmpty() ? 2 : 0;
		}
		final CliCommand command = commands.get(args.get(0));
		if (command == null) {
			io.err().println("strip-steel: unknown command '" + args.get(0) + "' (try: strip-steel help)");
			return 2;
		}
		try {
			return command.run(args.subList(1, args.size()), io);
		}
		catch (final UsageException e) {
			io.err().println("strip-steel " + command.name() + ": " + e.getMessage());
			io.err().println("usage: strip-steel " + command.usage());
			return 2;
		}
		catch (final Exception e) {
			io.log().debug(e);
			io.err().println("strip-steel " + command.name() + ": " + CliMessages.of(e));
			return 1;
		}
	}
}
