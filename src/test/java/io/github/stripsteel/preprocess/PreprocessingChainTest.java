package io.github.stripsteel.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreprocessingChainTest {

	@ParameterizedTest
	@ValueSource(strings = { "", "resize(width=128,height=128)", "clahe(clip=2,tiles=8x8) > resize(width=128,height=128)",
		"gaussian(sigma=1.3,ksize=7) > median(ksize=5) > equalize > sobel-magnitude", "canny(low=30.5,high=90) > otsu",
		"gaussian(sigma=0,ksize=5)", "clahe(clip=0,tiles=4x6)" })
	void specAndJsonRoundTrip(final String spec) {
		final PreprocessingChain chain = PreprocessingChain.parse(spec);
		assertEquals(spec, chain.toSpec());
		assertEquals(chain, PreprocessingChain.parse(chain.toSpec()));
		final JsonArray json = JsonParser.parseString(chain.toJson().toString()).getAsJsonArray();
		final PreprocessingChain back = PreprocessingChain.fromJson(json);
		assertEquals(chain, back);
		assertEquals(spec, back.toSpec());
	}

	@Test
	void defaultsAndWhitespace() {
		final PreprocessingChain c = PreprocessingChain.parse(" clahe ( ) >resize( width = 64 , height=32 ) ");
		assertEquals("clahe(clip=40,tiles=8x8) > resize(width=64,height=32)", c.toSpec());
		assertEquals(2, c.steps().size());
		assertEquals(PreprocessingStep.Op.RESIZE, c.steps().get(1).op());
		assertEquals("gaussian(sigma=2,ksize=0)", PreprocessingChain.parse("gaussian(sigma=2)").toSpec());
	}

	@Test
	void jsonShape() {
		assertEquals("[{\"op\":\"resize\",\"width\":128,\"height\":128}]", PreprocessingChain.parse(
			"resize(width=128,height=128)").toJson().toString());
		final PreprocessingChain c = PreprocessingChain.fromJson(JsonParser.parseString(
			"[{\"op\":\"clahe\",\"clip\":2,\"tiles\":[4,6]},{\"op\":\"equalize\"}]").getAsJsonArray());
		assertEquals("clahe(clip=2,tiles=4x6) > equalize", c.toSpec());
	}

	@Test
	void errorsNameStepAndAllowedValues() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.parse(
			"blur(sigma=2)"));
		assertTrue(e.getMessage().contains("blur") && e.getMessage().contains("gaussian, median"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.parse("resize(width=0,height=5)"));
		assertTrue(e.getMessage().contains("resize(width=0,height=5)") && e.getMessage().contains("width must be"), e
			.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.parse("median(ksize=4)"));
		assertTrue(e.getMessage().contains("odd"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.parse("resize(width=5)"));
		assertTrue(e.getMessage().contains("missing parameter 'height'"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.parse("equalize(clip=2)"));
		assertTrue(e.getMessage().contains("unknown parameter 'clip'"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.parse("clahe(tiles=8)"));
		assertTrue(e.getMessage().contains("WxH"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.parse("gaussian(ksize=0)"));
		assertTrue(e.getMessage().contains("sigma > 0"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.parse("equalize >> otsu"));
		assertTrue(e.getMessage().contains("empty step"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.parse("canny(low=x,high=3)"));
		assertTrue(e.getMessage().contains("low must be a number"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> PreprocessingChain.fromJson(JsonParser.parseString(
			"[{\"width\":3}]").getAsJsonArray()));
	}

	@Test
	void applyRunsStepsInOrder() {
		final ArrayImg<UnsignedByteType, ByteArray> img = PreprocessBenchmark.image200();
		final PreprocessingChain chain = PreprocessingChain.parse("clahe(clip=2,tiles=8x8) > resize(width=64,height=48)");
		final ArrayImg<UnsignedByteType, ByteArray> expected = Resize.resize(Clahe.apply(img, 2, 8, 8, 1), 64, 48, 1);
		for (final int threads : new int[] { 1, 2 })
			assertArrayEquals(Images.bytes(expected), Images.bytes(chain.apply(img, threads)));
		final ArrayImg<UnsignedByteType, ByteArray> same = PreprocessingChain.parse("").apply(img);
		assertNotSame(img, same);
		assertArrayEquals(Images.bytes(img), Images.bytes(same));
	}
}
