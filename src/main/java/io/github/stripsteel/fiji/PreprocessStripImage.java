package io.github.stripsteel.fiji;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.Previewable;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.thread.ThreadService;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import io.github.stripsteel.fiji.command.CurrentImage;
import io.github.stripsteel.fiji.command.HandledOutputs;
import io.github.stripsteel.fiji.command.StripCommand;
import io.github.stripsteel.preprocess.HistogramOps;
import io.github.stripsteel.preprocess.Images;
import io.github.stripsteel.preprocess.PreprocessingChain;
import io.github.stripsteel.preprocess.PreprocessingStep;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Runs one OpenCV-equivalent preprocessing operation, or a whole chain, on the current plane of
 * an image (converted to 8-bit grey as for classification) into a new image titled
 * {@code <title>-<operation>}. The parameters are those of {@link PreprocessingStep}; each
 * operation reads only its own. Previewable: the dialog shows the result on the image itself and
 * puts the original pixels back on cancel (and before the real run).
 */
@Plugin(type = Command.class, headless = true,
	menuPath = "Plugins>Strip Steel>Preprocess Strip Image")
public class PreprocessStripImage extends StripCommand implements Previewable {

	/** The {@code operation} value that runs the {@code chain} spec. */
	public static final String CHAIN = "chain";

	/** The output image's property holding the chain spec that made it. */
	public static final String PROP_CHAIN = "preprocessing";

	/** The output image's property holding Otsu's level (when the chain has an otsu step). */
	public static final String PROP_THRESHOLD = "otsu_threshold";

	@Parameter
	private ImagePlus imp;

	@Parameter(required = false)
	private ThreadService threadService;

	@Parameter(label = "Operation", choices = { "gaussian", "median", "equalize", "clahe", "resize",
		"sobel-magnitude", "canny", "otsu", CHAIN })
	private String operation = "clahe";

	@Parameter(label = "Sigma (gaussian)", stepSize = "0.1")
	private double sigma = 1;

	@Parameter(label = "Kernel size (gaussian: 0 = from sigma; median: odd)")
	private int ksize = 3;

	@Parameter(label = "Clip limit (clahe; 0 = none)", stepSize = "0.5")
	private double clip = 2;

	@Parameter(label = "Tiles (clahe, WxH)")
	private String tiles = "8x8";

	@Parameter(label = "Width (resize)")
	private int width = 128;

	@Parameter(label = "Height (resize)")
	private int height = 128;

	@Parameter(label = "Low threshold (canny)")
	private double low = 50;

	@Parameter(label = "High threshold (canny)")
	private double high = 150;

	@Parameter(label = "Chain (operation = chain)",
		description = "Steps separated by >, e.g. clahe(clip=2,tiles=8x8) > resize(width=128,height=128)")
	private String chain = "clahe(clip=2,tiles=8x8) > resize(width=128,height=128)";

	@Parameter(label = "Threads", min = "1")
	private int threads = Runtime.getRuntime().availableProcessors();

	/** Shown by the command itself ({@link CurrentImage}), so Fiji's display postprocessor skips it. */
	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private ImagePlus output;

	/** Otsu's level (the last otsu step of a chain), -1 without one; logged, not shown. */
	@Parameter(type = ItemIO.OUTPUT, attrs = @Attr(name = HandledOutputs.ATTR, value = "true"))
	private int threshold = -1;

	private ImagePreview preview;

	@Override
	protected String subject() {
		return imp == null ? null : imp.getTitle();
	}

	@Override
	protected void execute() {
		if (imp == null) throw new IllegalArgumentException(
			"no image is open; open a strip image first (File > Open)");
		restorePreview(); // the preview may have replaced the pixels this run reads
		final PreprocessingChain steps = chain();
		final Result r = apply(steps, ImagePlusGray.of(imp), threads);
		final int w = Images.width(r.image()), h = Images.height(r.image());
		output = new ImagePlus(imp.getTitle() + "-" + operation, new ByteProcessor(w, h, Images.bytes(r
			.image())));
		if (w == imp.getWidth() && h == imp.getHeight()) output.setCalibration(imp.getCalibration());
		threshold = r.threshold();
		// image properties: what macros can read back (Property.get) in ImageJ 1 and Fiji
		output.setProp(PROP_CHAIN, steps.toSpec());
		if (threshold >= 0) output.setProp(PROP_THRESHOLD, threshold);
		log().info(String.format("%s: %s -> %s (%dx%d)%s in %.0f ms", imp.getTitle(), steps.toSpec(),
			output.getTitle(), w, h, threshold >= 0 ? ", threshold=" + threshold : "", millis()));
		CurrentImage.show(output, threadService);
	}

	/**
	 * The chain this command runs: the {@code chain} spec for {@code operation = chain}, else the one
	 * step {@code operation} with its parameters.
	 *
	 * @throws IllegalArgumentException naming the parameter and its allowed values
	 */
	public PreprocessingChain chain() {
		if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
		if (CHAIN.equals(operation)) return PreprocessingChain.parse(chain);
		final PreprocessingStep.Op op;
		try {
			op = PreprocessingStep.Op.of(operation, operation);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("operation must be one of " + PreprocessingStep.Op
				.allowed() + ", " + CHAIN + "; got '" + operation + "'");
		}
		final Map<String, String> raw = new LinkedHashMap<>();
		for (final String key : op.params())
			raw.put(key, value(key));
		return PreprocessingChain.of(List.of(PreprocessingStep.of(op.id(), raw)));
	}

	// -- Previewable methods --

	@Override
	public synchronized void preview() {
		if (imp == null) return;
		try {
			final PreprocessingChain steps = chain();
			if (preview == null) preview = new ImagePreview(imp);
			final ArrayImg<UnsignedByteType, ByteArray> out = apply(steps, preview.source(), threads)
				.image();
			preview.show(Images.bytes(out), Images.width(out), Images.height(out));
			status("Preview: " + steps.toSpec());
		}
		catch (final IllegalArgumentException e) {
			restorePreview();
			status(e.getMessage());
		}
	}

	@Override
	public synchronized void cancel() {
		restorePreview();
	}

	// -- Helper methods --

	/** The result of a chain and the level of its last otsu step (-1 without one). */
	private record Result(ArrayImg<UnsignedByteType, ByteArray> image, int threshold) {}

	/** Like {@link PreprocessingChain#apply}, also keeping Otsu's level (same pixels). */
	private static Result apply(final PreprocessingChain steps,
		final ArrayImg<UnsignedByteType, ByteArray> in, final int threads)
	{
		ArrayImg<UnsignedByteType, ByteArray> img = in;
		int level = -1;
		for (final PreprocessingStep s : steps.steps()) {
			if (s.op() == PreprocessingStep.Op.OTSU) {
				final HistogramOps.OtsuResult r = HistogramOps.otsu(img, threads);
				level = r.threshold();
				img = r.binary();
			}
			else img = s.apply(img, threads);
		}
		if (img == in) img = Images.wrap(Images.bytes(in).clone(), Images.width(in), Images.height(in));
		return new Result(img, level);
	}

	private String value(final String key) {
		switch (key) {
			case "sigma":
				return number(sigma);
			case "ksize":
				return Integer.toString(ksize);
			case "clip":
				return number(clip);
			case "tiles":
				return tiles == null ? "" : tiles.trim();
			case "width":
				return Integer.toString(width);
			case "height":
				return Integer.toString(height);
			case "low":
				return number(low);
			case "high":
				return number(high);
			default:
				throw new IllegalStateException("no parameter " + key);
		}
	}

	/** As a macro writes it: {@code 2}, not {@code 2.0}. */
	private static String number(final double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
	}

	private synchronized void restorePreview() {
		if (preview != null) preview.restore();
	}

	private void status(final String message) {
		status(0, 0, message);
	}
}
