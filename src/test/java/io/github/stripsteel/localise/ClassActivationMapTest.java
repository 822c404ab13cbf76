package io.github.stripsteel.localise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.classify.Prediction;
import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.model.Dihedral;
import io.github.stripsteel.model.LoadedModel.LastStage;
import io.github.stripsteel.model.TestTimeAugmentation;
import io.github.stripsteel.testutil.TestModels;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Class activation maps: exact for a GAP + linear head, resampled and boxed correctly. */
class ClassActivationMapTest {

	@Test
	void camOfEveryClassAveragesToItsLogitAndTheLogitsAreTheNetworks(@TempDir final Path dir)
		throws IOException
	{
		TestModels.writeRandomPackage(dir, TestModels.NEU_CLASSES, 64);
		try (StripClassifier c = StripClassifier.open(dir, DeviceChoice.CPU)) {
			c.testTimeAugmentation(TestTimeAugmentation.NONE);
			final Random random = new Random(3);
			final float[][] inputs = new float[3][64 * 64];
			for (final float[] in : inputs)
				for (int i = 0; i < in.length; i++)
					in[i] = (float) random.nextGaussian();
			final LastStage stage = c.lastStage(inputs);
			assertEquals(512, stage.channels());
			assertEquals(2, stage.width(), "64 px / 32");
			final List<Prediction> predictions = c.predict(inputs);
			for (int n = 0; n < inputs.length; n++) {
				double norm = 0;
				for (final float v : stage.logits()[n])
					norm += Math.exp(v);
				for (int k = 0; k < 6; k++) {
					final float[] map = ClassActivationMap.compute(stage, n, k);
					double mean = 0;
					for (final float v : map)
						mean += v / map.length;
					assertEquals(stage.logits()[n][k], mean + stage.bias()[k], 1e-3, "CAM mean + bias = logit");
					// the same logits as the classifier's own pass
					assertEquals(predictions.get(n).probabilities()[k], Math.exp(stage.logits()[n][k]) / norm,
						1e-4);
				}
			}
		}
	}

	@Test
	void theMapOfARotatedOrMirroredImageIsTheRotatedOrMirroredMap(@TempDir final Path dir)
		throws IOException
	{
		// the map is the mean over the eight dihedral views, so it turns with the image exactly (a
		// single view's map does not: strides and padding are not symmetric); with dihedral
		// test-time augmentation the predicted class does not change either
		TestModels.writeRandomPackage(dir, TestModels.NEU_CLASSES, 64);
		try (StripClassifier c = StripClassifier.open(dir, DeviceChoice.CPU)) {
			c.testTimeAugmentation(TestTimeAugmentation.DIHEDRAL8);
			final Random random = new Random(5);
			final float[] px = new float[64 * 64];
			for (int i = 0; i < px.length; i++)
				px[i] = random.nextInt(256);
			final Localiser localiser = new Localiser(c);
			final Localiser.Localisation original = localiser.localise(List.of(image(px))).get(0);
			for (final int v : new int[] { 1, 5 }) { // rotation by 90°, left-right
				final Localiser.Localisation turned = localiser.localise(List.of(image(Dihedral.apply(px, 64,
					64, v)))).get(0);
				assertEquals(original.prediction().classIndex(), turned.prediction().classIndex());
				final float[] expected = Dihedral.apply(original.map(), 64, 64, v);
				float range = 0;
				for (final float m : expected)
					range = Math.max(range, Math.abs(m));
				for (int i = 0; i < expected.length; i++)
					assertEquals(expected[i], turned.map()[i], 1e-4 * range, "view " + v + ", pixel " + i);
			}
		}
	}

	private static ArrayImg<UnsignedByteType, ByteArray> image(final float[] values) {
		final byte[] b = new byte[values.length];
		for (int i = 0; i < b.length; i++)
			b[i] = (byte) values[i];
		return ArrayImgs.unsignedBytes(b, 64, 64);
	}

	@Test
	void upsamplingKeepsConstantsAndRampsAtPixelCentres() {
		final float[] constant = ClassActivationMap.upsample(new float[] { 2, 2, 2, 2 }, 2, 2, 9, 7);
		for (final float v : constant)
			assertEquals(2f, v);
		// a 2-pixel ramp 0 -> 1 resampled to 8: centres at 1.5 and 5.5, clamped outside
		final float[] ramp = ClassActivationMap.upsample(new float[] { 0, 1 }, 2, 1, 8, 1);
		assertEquals(0f, ramp[0]);
		assertEquals(0f, ramp[1]);
		assertEquals(0.125f, ramp[2], 1e-6);
		assertEquals(0.875f, ramp[5], 1e-6);
		assertEquals(1f, ramp[7]);
	}

	@Test
	void boxIsTheLargestRegionAboveTheFraction() {
		final int w = 40, h = 30;
		final float[] map = new float[w * h];
		// small strong peak (3x3 at 2,2) and a larger weaker plateau (10x6 at 20,15)
		for (int y = 2; y < 5; y++)
			for (int x = 2; x < 5; x++)
				map[y * w + x] = 10;
		for (int y = 15; y < 21; y++)
			for (int x = 20; x < 30; x++)
				map[y * w + x] = 6;
		assertEquals(new Box(20, 15, 10, 6), ClassActivationMap.box(map, w, h, 0.5));
		assertEquals(new Box(2, 2, 3, 3), ClassActivationMap.box(map, w, h, 0.7));
		// a diagonal touch joins two regions (8-connectivity)
		map[5 * w + 5] = 10;
		map[6 * w + 6] = 10;
		map[7 * w + 7] = 10;
		assertEquals(new Box(2, 2, 6, 6), ClassActivationMap.box(map, w, h, 0.7));
		assertEquals(new Box(0, 0, w, h), ClassActivationMap.box(new float[w * h], w, h, 0.5),
			"a flat map says nothing: the whole image");
		assertEquals(2 * w + 2, ClassActivationMap.argmax(map));
	}

	@Test
	void camOfAnImageWhoseDefectSitsInOneCornerPeaksInThatCorner() throws IOException {
		// the 100x100 part of a scratches sample that holds its annotated scratch (NEU-DET box x 26-43,
		// y 12-171) pasted into each corner of a rolled-in-scale and of a pitted-surface sample: the
		// shipped model calls the composite a scratch and its map peaks in the quarter with the scratch
		final byte[] scratch = pixels("scratches/Sc_1");
		try (StripClassifier c = StripClassifier.open(TestModels.projectDir().resolve(
			"models/neu-cls"), DeviceChoice.CPU))
		{
			c.testTimeAugmentation(TestTimeAugmentation.NONE);
			final Localiser localiser = new Localiser(c);
			for (final String background : List.of("rolled-in_scale/RS_1", "pitted_surface/PS_1"))
				for (int corner = 0; corner < 4; corner++) {
					final int ox = corner % 2 * 100, oy = corner / 2 * 100;
					final byte[] px = pixels(background);
					for (int y = 0; y < 100; y++)
						System.arraycopy(scratch, (y + 40) * 200, px, (y + oy) * 200 + ox, 100);
					final ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(px, 200, 200);
					final Localiser.Localisation loc = localiser.localise(List.of(img)).get(0);
					final String what = background + ", corner " + corner + ": " + loc.prediction()
						.className() + " peak at " + loc.camX() + "," + loc.camY() + ", box " + loc.box();
					assertEquals("scratches", loc.prediction().className(), what);
					assertTrue(new Box(ox, oy, 100, 100).contains(loc.camX(), loc.camY()), what);
					assertTrue(new Box(ox, oy, 100, 100).iou(loc.box()) > 0, what);
				}
		}
	}

	private static byte[] pixels(final String sample) throws IOException {
		return ImageDecoder.read(TestModels.projectDir().resolve("sample-images/neu-cls/" + sample +
			".bmp")).gray().update(null).getCurrentStorageArray();
	}
}
