package io.github.stripsteel.fiji;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * A temporary preview of a processed version of an image's current plane. On an 8-bit grey image
 * and a result of the same size the preview replaces the plane's pixels (a copy is kept and
 * {@link #restore()} puts it back byte for byte); otherwise (colour, 16/32-bit, another size) it
 * is an {@link ImageRoi} in the overlay and the pixels are never touched. Not thread-safe: the
 * command synchronizes.
 */
final class ImagePreview {

	/** The name of the overlay element of an overlay preview. */
	static final String ROI_NAME = "Strip Steel preview";

	private final ImagePlus imp;

	/** The grey version of the untouched plane, read once per preview session. */
	private ArrayImg<UnsignedByteType, ByteArray> source;
	/** In-place preview: the plane's pixel array and a copy of its original content. */
	private byte[] target;
	private byte[] original;
	/** Overlay preview. */
	private ImageRoi roi;
	private boolean ownOverlay;

	ImagePreview(final ImagePlus imp) {
		this.imp = imp;
	}

	/** The grey input of the current preview session (the original pixels, even while shown). */
	ArrayImg<UnsignedByteType, ByteArray> source() {
		if (source == null) source = ImagePlusGray.of(imp);
		return source;
	}

	/** Shows {@code result} (a {@code w x h} grey image) on the image, replacing an earlier preview. */
	void show(final byte[] result, final int w, final int h) {
		final ImageProcessor ip = imp.getProcessor();
		final boolean inPlace = imp.getType() == ImagePlus.GRAY8 && ip instanceof ByteProcessor && ip
			.getWidth() == w && ip.getHeight() == h && (target == null || target == ip.getPixels());
		if (inPlace) {
			removeRoi();
			if (target == null) {
				target = (byte[]) ip.getPixels();
				original = target.clone();
			}
			System.arraycopy(result, 0, target, 0, target.length);
		}
		else {
			restorePixels();
			final ImageRoi next = new ImageRoi(0, 0, new ByteProcessor(w, h, result.clone()));
			next.setName(ROI_NAME);
			Overlay overlay = imp.getOverlay();
			if (overlay == null) {
				overlay = new Overlay();
				imp.setOverlay(overlay);
				ownOverlay = true;
			}
			if (roi != null) overlay.remove(roi);
			overlay.add(next);
			roi = next;
		}
		imp.updateAndDraw();
	}

	/** True while a preview is shown. */
	boolean active() {
		return target != null || roi != null;
	}

	/** Puts the original pixels back, removes an overlay preview and ends the session. */
	void restore() {
		final boolean was = active();
		restorePixels();
		removeRoi();
		source = null;
		if (was) imp.updateAndDraw();
	}

	// -- Helper methods --

	private void restorePixels() {
		if (target == null) return;
		System.arraycopy(original, 0, target, 0, target.length);
		target = null;
		original = null;
	}

	private void removeRoi() {
		if (roi == null) return;
		final Overlay overlay = imp.getOverlay();
		if (overlay != null) {
			overlay.remove(roi);
			if (ownOverlay && overlay.size() == 0) imp.setOverlay(null);
		}
		roi = null;
		ownOverlay = false;
	}
}
