package io.github.stripsteel.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageRoi;
import io.github.stripsteel.preprocess.HistogramOps;
import io.github.stripsteel.preprocess.Images;
import io.github.stripsteel.preprocess.PreprocessingChain;

/** Preprocess Strip Image through CommandService with the macro keys, and its preview. */
class PreprocessCommandTest {

	/** Every key of the command, as a macro gives them; each operation reads only its own. */
	private static Map<String, Object> keys(final ImagePlus imp, final String operation) {
		final Map<String, Object> in = new HashMap<>();
		in.put("imp", imp);
		in.put("operation", operation);
		in.put("sigma", 1.5);
		in.put("ksize", 5);
		in.put("clip", 2.0);
		in.put("tiles", "4x6");
		in.put("width", 97);
		in.put("height", 61);
		in.put("low", 30.0);
		in.put("high", 90.0);
		in.put("chain", "clahe(clip=2,tiles=8x8) > resize(width=128,height=128) > otsu");
		in.put("threads", 2);
		return in;
	}

	@Test
	void eachOperationMatchesTheLibraryBitExactly() throws Exception {
		final ImagePlus imp = sample();
		final byte[] before = pixels(imp).clone();
		final Map<String, String> specs = Map.of("gaussian", "gaussian(sigma=1.5,ksize=5)", "median",
			"median(ksize=5)", "equalize", "equalize", "clahe", "clahe(clip=2,tiles=4x6)", "resize",
			"resize(width=97,height=61)", "sobel-magnitude", "sobel-magnitude", "canny",
			"canny(low=30,high=90)", "otsu", "otsu", "chain",
			"clahe(clip=2,tiles=8x8) > resize(width=128,height=128) > otsu");
		try (Context context = CommandsTest.context()) {
			for (final Map.Entry<String, String> e : specs.entrySet()) {
				final String op = e.getKey();
				final Module m = CommandsTest.run(context, PreprocessStripImage.class, keys(imp, op));
				assertFalse(((Cancelable) m).isCanceled(), () -> op + ": " + ((Cancelable) m)
					.getCancelReason());
				final ImagePlus out = (ImagePlus) m.getOutput("output");
				final var expected = PreprocessingChain.parse(e.getValue()).apply(ImagePlusGray.of(imp));
				assertEquals("Cr_1.bmp-" + op, out.getTitle());
				assertEquals(ImagePlus.GRAY8, out.getType(), op);
				assertEquals(Images.width(expected), out.getWidth(), op);
				assertEquals(Images.height(expected), out.getHeight(), op);
				assertArrayEquals(Images.bytes(expected), pixels(out), op);
				assertEquals(e.getValue(), out.getProp(PreprocessStripImage.PROP_CHAIN), op);
				final int threshold = (Integer) m.getOutput("threshold");
				if (op.equals("otsu")) {
					assertEquals(HistogramOps.otsu(ImagePlusGray.of(imp), 1).threshold(), threshold);
					assertTrue(threshold > 0 && threshold < 255, "threshold " + threshold);
					assertEquals(String.valueOf(threshold), out.getProp(PreprocessStripImage.PROP_THRESHOLD));
				}
				else if (op.equals("chain")) {
					final var resized = PreprocessingChain.parse(
						"clahe(clip=2,tiles=8x8) > resize(width=128,height=128)").apply(ImagePlusGray.of(imp));
					assertEquals(HistogramOps.otsu(resized, 1).threshold(), threshold);
				}
				else {
					assertEquals(-1, threshold, op);
					assertNull(out.getProp(PreprocessStripImage.PROP_THRESHOLD), op);
				}
				assertTrue(m.isOutputResolved("threshold"), "no window for the threshold");
			}
		}
		assertArrayEquals(before, pixels(imp), "the input is not changed");
	}

	@Test
	void rgbInputIsConvertedLikeForClassification() throws Exception {
		final ImagePlus grey = sample();
		final ImagePlus rgb = new ImagePlus("rgb", grey.getProcessor().convertToColorProcessor());
		final int[] px = (int[]) rgb.getProcessor().getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] ^= ((i * 37) & 0xff) << 16;
		try (Context context = CommandsTest.context()) {
			final Module m = CommandsTest.run(context, PreprocessStripImage.class, keys(rgb,
				"equalize"));
			final var expected = PreprocessingChain.parse("equalize").apply(ImagePlusGray.of(rgb));
			assertArrayEquals(Images.bytes(expected), pixels((ImagePlus) m.getOutput("output")));
		}
	}

	@Test
	void badParametersFailWithOneClearLine() throws Exception {
		final ImagePlus imp = sample();
		final Map<String, Map<String, Object>> cases = new java.util.LinkedHashMap<>();
		cases.put("ksize must be an odd whole number 1..255, got '4'", with(keys(imp, "median"),
			"ksize", 4));
		cases.put("tiles must be WxH with whole numbers 1..256, e.g. 8x8, got '8by8'", with(keys(imp,
			"clahe"), "tiles", "8by8"));
		cases.put("clip must be a number >= 0 (0 = no clipping), got '-1'", with(keys(imp, "clahe"),
			"clip", -1.0));
		cases.put("width must be a whole number 1..65535, got '0'", with(keys(imp, "resize"), "width",
			0));
		cases.put("operation must be one of gaussian, median, equalize, clahe, resize, " +
			"sobel-magnitude, canny, otsu, chain; got 'blur'", with(keys(imp, "blur"), "ksize", 3));
		cases.put("unknown operation 'sharpen'; allowed: gaussian, median", with(keys(imp, "chain"),
			"chain", "clahe > sharpen"));
		cases.put("threads must be >= 1, got 0", with(keys(imp, "equalize"), "threads", 0));
		try (Context context = CommandsTest.context()) {
			final List<String> errors = new ArrayList<>();
			context.service(LogService.class).addLogListener(msg -> {
				if (msg.level() == LogLevel.ERROR) errors.add(msg.text());
			});
			for (final Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
				errors.clear();
				final Module m = CommandsTest.run(context, PreprocessStripImage.class, c.getValue());
				final String reason = ((Cancelable) m).getCancelReason();
				assertTrue(((Cancelable) m).isCanceled(), c.getKey());
				assertTrue(reason.startsWith("Cr_1.bmp: "), reason);
				assertTrue(reason.contains(c.getKey()), reason);
				assertFalse(reason.contains("\n"), reason);
				assertEquals(List.of(reason), errors);
				assertNull(m.getOutput("output"));
			}
		}
	}

	@Test
	void previewShowsTheResultAndCancelRestoresThePixels() throws Exception {
		final ImagePlus imp = sample();
		final byte[] original = pixels(imp).clone();
		try (Context context = CommandsTest.context()) {
			final Module m = module(context, keys(imp, "clahe"));
			m.preview();
			final byte[] clahe = Images.bytes(PreprocessingChain.parse("clahe(clip=2,tiles=4x6)").apply(
				ImagePlusGray.of(sample())));
			assertArrayEquals(clahe, pixels(imp), "preview in place on an 8-bit image");
			assertNull(imp.getOverlay());

			m.setInput("operation", "median"); // a change of the dialog: preview from the original
			m.preview();
			assertArrayEquals(Images.bytes(PreprocessingChain.parse("median(ksize=5)").apply(
				ImagePlusGray.of(sample()))), pixels(imp));

			m.setInput("operation", "resize"); // another size: an overlay, the pixels come back
			m.preview();
			assertArrayEquals(original, pixels(imp));
			assertNotNull(imp.getOverlay());
			final ImageRoi roi = (ImageRoi) imp.getOverlay().get(ImagePreview.ROI_NAME);
			assertEquals(97, roi.getProcessor().getWidth());
			assertEquals(61, roi.getProcessor().getHeight());

			m.setInput("operation", "median");
			m.setInput("ksize", 4); // invalid while typing: no preview, original shown
			m.preview();
			assertArrayEquals(original, pixels(imp));
			assertNull(imp.getOverlay());

			m.setInput("ksize", 5);
			m.preview();
			m.cancel();
			assertArrayEquals(original, pixels(imp), "cancel restores the original pixels exactly");
			assertNull(imp.getOverlay());
			assertFalse(((Cancelable) m).isCanceled(), "cancelling a preview is not a failure");
		}
	}

	@Test
	void runAfterPreviewReadsTheOriginalPixels() throws Exception {
		final ImagePlus imp = sample();
		final byte[] original = pixels(imp).clone();
		try (Context context = CommandsTest.context()) {
			final Module m = module(context, keys(imp, "equalize"));
			m.preview();
			assertFalse(java.util.Arrays.equals(original, pixels(imp)));
			m.run();
			assertArrayEquals(original, pixels(imp));
			assertArrayEquals(Images.bytes(PreprocessingChain.parse("equalize").apply(ImagePlusGray.of(
				imp))), pixels((ImagePlus) m.getOutput("output")));
		}
	}

	@Test
	void previewOfAnRgbImageIsAnOverlay() throws Exception {
		final ImagePlus rgb = new ImagePlus("rgb", sample().getProcessor().convertToColorProcessor());
		final int[] original = ((int[]) rgb.getProcessor().getPixels()).clone();
		try (Context context = CommandsTest.context()) {
			final Module m = module(context, keys(rgb, "canny"));
			m.preview();
			assertNotNull(rgb.getOverlay().get(ImagePreview.ROI_NAME));
			assertArrayEquals(original, (int[]) rgb.getProcessor().getPixels());
			m.cancel();
			assertNull(rgb.getOverlay());
		}
	}

	// -- Helper methods --

	private static ImagePlus sample() {
		return IJ.openImage(TestModel.sample("crazing", "Cr_1.bmp").toString());
	}

	private static byte[] pixels(final ImagePlus imp) {
		return (byte[]) imp.getProcessor().getPixels();
	}

	private static Map<String, Object> with(final Map<String, Object> in, final String key,
		final Object value)
	{
		in.put(key, value);
		return in;
	}

	/** A module with its inputs set, as the dialog has it before OK or Cancel. */
	private static Module module(final Context context, final Map<String, Object> inputs) {
		final var info = context.service(CommandService.class).getCommand(PreprocessStripImage.class);
		final Module m = context.service(ModuleService.class).createModule(info);
		inputs.forEach(m::setInput);
		return m;
	}
}
