package io.github.stripsteel.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.stripsteel.preprocess.HistogramOps;
import io.github.stripsteel.preprocess.Png8;
import io.github.stripsteel.preprocess.PreprocessingStep;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** {@code strip-steel preprocess --op NAME [parameters] INPUT OUTPUT}: one OpenCV-equivalent operation. */
public final class PreprocessCliCommand implements CliCommand {

	private static final Set<String> PARAMS = Set.of("sigma", "ksize", "clip", "tiles", "width", "height", "low",
		"high");

	@Override
	public String name() {
		return "preprocess";
	}

	@Override
	public String usage() {
		return "preprocess --op NAME [--sigma S] [--ksize K] [--clip C] [--tiles WxH] [--width W] [--height H]" +
			" [--low L] [--high H] [--threads N] INPUT OUTPUT   (NAME: " + PreprocessingStep.Op.allowed() + ")";
	}

	@Override
	public int run(final List<String> args, final CliIO io) throws Exception {
		final Set<String> valued = new java.util.HashSet<>(PARAMS);
		valued.add("op");
		valued.add("threads");
		final CliArgs a = CliArgs.parse(args, valued, Set.of());
		if (a.positionals().size() != 2) throw new UsageException("expected INPUT and OUTPUT, got " + a.positionals()
			.size() + " file argument(s)");
		final String opName = a.require("op");
		final int threads = a.getInt("threads", Runtime.getRuntime().availableProcessors());
		if (threads < 1) throw new UsageException("--threads must be >= 1, got " + threads);
		final PreprocessingStep step;
		try {
			final PreprocessingStep.Op op = PreprocessingStep.Op.of(opName, opName);
			final Map<String, String> raw = new LinkedHashMap<>();
			for (final String key : PARAMS) {
				if (!a.has(key)) continue;
				if (!op.params().contains(key)) throw new UsageException("--" + key + " does not apply to --op " +
					opName + " (its options: " + (op.params().isEmpty() ? "none" : "--" + String.join(", --", op
						.params())) + ")");
				raw.put(key, a.get(key, null));
			}
			step = PreprocessingStep.of(opName, raw);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		final Path input = Path.of(a.positionals().get(0)), output = Path.of(a.positionals().get(1));
		final ArrayImg<UnsignedByteType, ByteArray> in = Png8.read(input);
		final long t0 = System.nanoTime();
		final ArrayImg<UnsignedByteType, ByteArray> out;
		if (step.op() == PreprocessingStep.Op.OTSU) {
			final HistogramOps.OtsuResult r = HistogramOps.otsu(in, threads);
			io.out().println("threshold=" + r.threshold());
			out = r.binary();
		}
		else out = step.apply(in, threads);
		io.log().debug(step.toSpec() + " took " + (System.nanoTime() - t0) / 1e6 + " ms");
		Png8.write(out, output);
		return 0;
	}
}
