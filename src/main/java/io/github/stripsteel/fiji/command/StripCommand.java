package io.github.stripsteel.fiji.command;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.log.Logger;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;
import org.scijava.task.Task;
import org.scijava.task.TaskService;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;
import org.scijava.widget.Button;

import ij.IJ;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.util.InvalidSettingException;
import io.github.stripsteel.util.Progress;

/**
 * The one base of the Strip Steel commands. It owns what every command needs around its work: the
 * plugin's sub-logger, the status bar, a {@link Task} with progress, cancel (the module, its task,
 * or Esc in ImageJ), the plugin's options (Edit > Options > Strip Steel...) and error reporting.
 * A command implements {@link #execute()} and maps its {@code @Parameter}s onto the library.
 *
 * <p>Errors, as Fiji plugins such as ilastik4ij report them: a failure is one log line naming the
 * image (or else the command), the file at fault and the fix ({@link #fail}); its stack trace goes
 * to the debug level only, since a missing folder or an unreadable file is not a bug. The module is
 * cancelled with the same line (scripts read it with {@code getCancelReason()}); run from the menu
 * with a display, a dialog shows it too. A macro is never stopped by it (a batch goes on, as with
 * the folder command's error rows) and reads it with
 * {@code call("io.github.stripsteel.fiji.command.StripCommand.lastError")}: empty after a
 * successful run.</p>
 */
public abstract class StripCommand extends ContextCommand {

	/** The sub-logger's name: the log prefix of every line of this plugin. */
	public static final String LOG_NAME = "Strip Steel";

	/** The {@code device} choices of the commands: {@code default} is the options' device. */
	public static final String DEFAULT_DEVICE = "default";

	/** The name of the Help button input (not a macro key: never recorded, never read). */
	public static final String HELP = "help";

	private static volatile String lastError = "";

	/**
	 * The dialog's Help button: this command's section of docs/FIJI.md, offline. A button has no
	 * value, so the Macro Recorder never writes it; macros and scripts never set it, and
	 * {@link HelpButton} keeps it from opening a dialog of its own.
	 */
	@Parameter(label = "Help", callback = "help", required = false, persist = false,
		description = "Shows this command's section of docs/FIJI.md (keys, defaults, examples)")
	private Button help;

	@Parameter
	private LogService logService;

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(required = false)
	private TaskService taskService;

	@Parameter(required = false)
	private UIService uiService;

	@Parameter(required = false)
	private PrefService prefService;

	private Logger log;
	private Task task;
	private long startNanos;

	@Override
	public final void run() {
		startNanos = System.nanoTime();
		lastError = "";
		IJ.resetEscape();
		options().applyThreads();
		try {
			execute();
		}
		catch (final CancellationException e) {
			cancelled(cancelMessage(e));
		}
		catch (final UncheckedIOException e) {
			log().debug(e);
			fail(describe(e.getCause()));
		}
		catch (final Exception e) {
			log().debug(e);
			fail(describe(e));
		}
		finally {
			if (task != null) task.finish();
			task = null;
			if (statusService != null) statusService.clearStatus();
		}
	}

	/**
	 * The last error or cancel line of a Strip Steel command, empty after a successful run; for
	 * macros: {@code call("io.github.stripsteel.fiji.command.StripCommand.lastError")}.
	 */
	public static String lastError() {
		return lastError;
	}

	// -- Methods for the commands --

	/**
	 * The command's work. Any exception ends it with one error line ({@link #describe}); a
	 * {@link CancellationException} (from a {@link #progress()} that was cancelled) with a warning.
	 */
	protected abstract void execute() throws Exception;

	/** The menu label (the leaf of the menu path), for log, status and error lines. */
	protected String title() {
		return menuLabel();
	}

	/** What an error is about (the image's title), or null; named after the title in errors. */
	protected String subject() {
		return null;
	}

	/** The plugin's sub-logger. */
	protected final Logger log() {
		if (log == null) log = logService.subLogger(LOG_NAME);
		return log;
	}

	/** The plugin's options (model, device, threads), from the SciJava preferences. */
	protected final StripSteelOptions options() {
		return new StripSteelOptions(prefService);
	}

	/** A device parameter's value: {@code default} (or empty) is the options' device. */
	protected final DeviceChoice deviceChoice(final String device) {
		return DeviceChoice.parse(device == null || device.isBlank() || DEFAULT_DEVICE.equals(device)
			? options().device() : device);
	}

	/**
	 * Starts the command's task (Fiji's task list) with {@code total} units and returns the
	 * progress to hand to the library: each update goes to the status bar and the task
	 * ({@link #showProgress}); it is cancelled when the module or the task is cancelled or Esc was
	 * pressed in ImageJ.
	 */
	protected final Progress progress(final long total) {
		if (task == null && taskService != null) {
			task = taskService.createTask(title());
			task.setProgressMaximum(Math.max(1, total));
			task.start();
		}
		return Progress.of(this::showProgress, this::cancelRequested);
	}

	/** True when the module or its task was cancelled, or Esc was pressed in ImageJ. */
	protected final boolean cancelRequested() {
		return isCanceled() || task != null && task.isCanceled() || IJ.escapePressed();
	}

	/** One progress update: status bar and task; commands with their own display add to it. */
	protected void showProgress(final long done, final long total, final String message) {
		status(done, total, title() + ": " + message);
		if (task != null) {
			task.setProgressMaximum(total);
			task.setProgressValue(done);
			task.setStatusMessage(message);
		}
	}

	/** The status bar: a message and, when {@code total > 0}, the progress bar. */
	protected final void status(final long done, final long total, final String message) {
		if (statusService == null) return;
		if (total > 0) statusService.showProgress((int) Math.min(Integer.MAX_VALUE, done), (int) Math
			.min(Integer.MAX_VALUE, total));
		if (message != null) statusService.showStatus(message);
	}

	/**
	 * Ends the command with one error line: logged, the module cancelled with it, and shown in a
	 * dialog when a person started the command from the menu.
	 */
	protected final void fail(final String message) {
		log().error(message);
		lastError = message;
		cancel(message);
		if (interactive()) uiService.showDialog(message, title(), DialogPrompt.MessageType.ERROR_MESSAGE);
	}

	/** Ends a cancelled command with one warning line saying what is kept. */
	protected final void cancelled(final String message) {
		log().warn(message);
		lastError = message;
		cancel(message); // the reason says what is kept, also when the module was cancelled first
	}

	/** The line logged for a cancel; commands say what is kept and how to go on. */
	protected String cancelMessage(final CancellationException e) {
		return title() + " cancelled: " + messageOf(e);
	}

	/**
	 * The error line for {@code e}: the first line of its message after what it is about, the
	 * {@link #subject()} (the image) or else the command's title.
	 */
	protected String describe(final Throwable e) {
		final String subject = subject();
		return (subject == null ? title() : subject) + ": " + messageOf(e);
	}

	/** The name of this command's parameter that sets the library setting {@code key}. */
	protected String parameterName(final String key) {
		return key;
	}

	/**
	 * The first line of an exception's message (a refused setting named by its parameter,
	 * {@link #parameterName}), or its class name.
	 */
	protected final String messageOf(final Throwable e) {
		final String m = e instanceof InvalidSettingException s ? s.message(this::parameterName) : e
			.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
	}

	/** Milliseconds since the command started. */
	protected final double millis() {
		return (System.nanoTime() - startNanos) / 1e6;
	}

	/** Wraps an {@link IOException} of a library call made inside a lambda. */
	protected static UncheckedIOException unchecked(final IOException e) {
		return new UncheckedIOException(e);
	}

	// -- Helper methods --

	/** The Help button's callback (found by name through the module item's callback). */
	@SuppressWarnings("unused")
	private void help() {
		CommandHelp.show(menuLabel(), log()::info);
	}

	/** The leaf of the menu path, the label that names the command's help section. */
	private String menuLabel() {
		final Plugin p = getClass().getAnnotation(Plugin.class);
		final String path = p == null ? "" : p.menuPath();
		return path.isEmpty() ? getClass().getSimpleName() : path.substring(path.lastIndexOf('>') + 1)
			.trim();
	}

	private boolean interactive() {
		return uiService != null && !GraphicsEnvironment.isHeadless() && !uiService.isHeadless() &&
			!IJ.isMacro() && uiService.isVisible();
	}
}
