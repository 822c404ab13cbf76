package io.github.stripsteel.fiji.command;

import java.awt.GraphicsEnvironment;

import org.scijava.thread.ThreadService;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * Makes a command's new image the current image, as an ImageJ 1 plugin's {@code show()} does. With
 * a display (no batch mode) its window becomes the active image. In a macro in batch mode or
 * headless, the macro's next line reads its own thread's current image, while Fiji runs a command
 * on a pool thread: the image becomes the current image of the calling thread (SciJava's
 * {@link ThreadService} knows it), not of the pool thread, whose next command would otherwise take
 * it as its input. A script without display and macro only gets the output.
 */
public final class CurrentImage {

	private CurrentImage() {}

	public static void show(final ImagePlus imp, final ThreadService threads) {
		final boolean batch = Interpreter.isBatchMode();
		if (!batch && !GraphicsEnvironment.isHeadless()) {
			imp.show();
			return;
		}
		if (!batch && !IJ.isMacro()) return;
		final Thread caller = threads == null ? null : threads.getParent(Thread.currentThread());
		Interpreter.addBatchModeImage(imp);
		WindowManager.setTempCurrentImage(caller != null ? caller : Thread.currentThread(), imp);
	}
}
