package io.github.stripsteel.fiji.ij1;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.task.TaskService;

import ij.IJ;

/**
 * The SciJava context the ImageJ 1 bridge runs commands in: Fiji's own when imagej-legacy is
 * present (found by name, so there is no compile dependency), else one private minimal context
 * whose log messages and progress go to ImageJ's Log window and progress bar.
 */
final class BridgeContext {

	private static final String LEGACY_SERVICE = "net.imagej.legacy.LegacyService";

	private static Context context;
	private static boolean own;
	private static Object progressForwarder;

	private BridgeContext() {}

	static synchronized Context get() {
		if (context != null) return context;
		final ClassLoader loader = BridgeContext.class.getClassLoader();
		final ClassLoader previous = Thread.currentThread().getContextClassLoader();
		// SciJava discovers plugins through the context class loader; in plain ImageJ 1 that is
		// not the loader of the plugins folder.
		Thread.currentThread().setContextClassLoader(loader);
		try {
			if (legacyPresent(loader)) {
				final Object fiji = IJ.runPlugIn(Context.class.getName(), "");
				if (fiji instanceof Context c) {
					context = c;
					own = false;
					return context;
				}
			}
			context = new Context(CommandService.class, LogService.class, StatusService.class,
				TaskService.class, EventService.class);
			own = true;
			forwardToImageJ(context);
			return context;
		}
		finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
	}

	/** True when this is the bridge's own context (not Fiji's). */
	static synchronized boolean isOwn() {
		return own;
	}

	// -- Helper methods --

	private static boolean legacyPresent(final ClassLoader loader) {
		try {
			Class.forName(LEGACY_SERVICE, false, loader);
			return true;
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	private static void forwardToImageJ(final Context c) {
		c.service(LogService.class).addLogListener(message -> {
			if (message.level() > LogLevel.INFO) return;
			final String prefix = message.level() <= LogLevel.ERROR ? "ERROR: " : message
				.level() == LogLevel.WARN ? "WARNING: " : "";
			IJ.log(prefix + message.text());
		});
		final ProgressForwarder forwarder = new ProgressForwarder();
		c.service(EventService.class).subscribe(forwarder);
		progressForwarder = forwarder; // keep it reachable: subscriptions are weak references
	}

	/** Status events to ImageJ's status line and progress bar. */
	static final class ProgressForwarder {

		@EventHandler
		void onStatus(final StatusEvent e) {
			if (e.getProgressMaximum() > 0) IJ.showProgress(e.getProgressValue(), e
				.getProgressMaximum());
			if (e.getStatusMessage() != null && !e.getStatusMessage().isEmpty()) IJ.showStatus(e
				.getStatusMessage());
		}
	}
}
