package io.github.stripsteel.fiji.real.driver;

import java.awt.Component;
import java.awt.Container;
import java.awt.Window;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.swing.AbstractButton;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JSpinner;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

import org.scijava.Context;
import org.scijava.convert.ConvertService;
import org.scijava.convert.Converter;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
import org.scijava.widget.InputWidget;

import ij.IJ;
import ij.plugin.frame.Recorder;

/**
 * Runs inside a real Fiji GUI (the test copies this package into the throw-away Fiji.app as a jar
 * of its own): runs commands as a menu click does ({@code IJ.doCommand}), fills the SciJava
 * dialog that appears as a user would (through its Swing widgets, found by their labels), clicks
 * OK, and writes the line the Macro Recorder wrote for each run to a file. A plan file lists the
 * steps; each step may run a macro before and after (the "after" macro's return value is the
 * step's result). A step may click the dialog's Help button first ({@code help}: the docs window
 * must open) or, instead of waiting for the Recorder, have the test press Esc while the command
 * runs ({@code escape-after-rows N}: once the step's {@code output_folder/results.csv} holds N rows,
 * whatever the machine's speed). {@code shot NAME} lines ask the test for a screenshot and wait for
 * {@code NAME.done} in the output's folder. Not part of the plugin.
 *
 * <p>
 * The cut-down Fiji of {@code ../shared/fiji} lacks {@code imagej-mesh}, which a full Fiji 2.16
 * ships and which is not on Maven Central; imagej-ops' converters to {@code net.imagej.mesh.Mesh}
 * then throw NoClassDefFoundError when the input harvester asks every converter for its types.
 * {@link #start} and {@link #prepare} remove exactly those converters (the ones whose types fail to
 * load), and the date widget that cannot be created without its jar, before the first dialog; the
 * harvester then works as in a full Fiji for our commands' inputs.
 * </p>
 */
public final class DialogDriver {

	private final Context context;
	private final Path out;

	private DialogDriver(final Context context, final Path out) {
		this.context = context;
		this.out = out;
	}

	/** Macro entry: {@code call("...DialogDriver.start", plan, output)}; returns at once. */
	public static String start(final String plan, final String output) {
		final Context context = (Context) IJ.runPlugIn("org.scijava.Context", "");
		final DialogDriver d = new DialogDriver(context, Path.of(output));
		final Thread t = new Thread(() -> d.runPlan(Path.of(plan)), "strip-steel dialog driver");
		t.start();
		return "started";
	}

	/**
	 * Macro entry: {@code call("...DialogDriver.prepare")} removes the plugins of the cut-down Fiji
	 * that cannot load (see above) and returns their class names.
	 */
	public static String prepare() {
		final Context context = (Context) IJ.runPlugIn("org.scijava.Context", "");
		return String.join(" ", removeBrokenPlugins(context));
	}

	private void runPlan(final Path plan) {
		try {
			write("removed plugins " + removeBrokenPlugins(context));
			IJ.run("Record...");
			for (final Step step : Step.read(plan))
				runStep(step);
			write("== done");
		}
		catch (final Throwable t) {
			write("error " + t);
			for (final StackTraceElement e : t.getStackTrace())
				write("error   at " + e);
			write("== done");
		}
	}

	private void runStep(final Step step) throws Exception {
		write("== " + step.id);
		if (step.before != null) IJ.runMacro(step.before);
		if (step.label != null) {
			final ModuleInfo info = command(step.label);
			final Map<String, String> byLabel = new LinkedHashMap<>();
			for (final Map.Entry<String, String> e : step.values.entrySet()) {
				final ModuleItem<?> item = info.getInput(e.getKey());
				if (item == null) throw new IllegalArgumentException(step.label + " has no input " + e
					.getKey());
				byLabel.put(item.getLabel() == null || item.getLabel().isEmpty() ? e.getKey() : item
					.getLabel(), e.getValue());
			}
			waitForNoModuleRunning();
			final int before = recorderText().length();
			IJ.doCommand(step.label);
			final JDialog dialog = waitForDialog(info.getTitle());
			if (step.help) help(dialog, step.label);
			SwingUtilities.invokeAndWait(() -> fill(dialog, byLabel));
			if (step.shot != null) shot(step.shot);
			SwingUtilities.invokeAndWait(() -> button(dialog, "OK").doClick());
			if (step.shotWhileRunning != null) {
				Thread.sleep(step.shotDelayMillis);
				shot(step.shotWhileRunning);
			}
			if (step.escapeAfterRows >= 0) {
				// the test presses Esc in Fiji's main window; the run stops between mini-batches
				waitForRows(Path.of(step.values.get("output_folder"), "results.csv"), step.escapeAfterRows);
				request("escape", "escape");
				waitForNoModuleRunning();
				write("escaped");
			}
			else write("recorded " + waitForRecording(step.label, before));
		}
		else if (step.shot != null) shot(step.shot);
		if (step.after != null) write("result " + IJ.runMacro(step.after));
	}

	// -- The dialog --

	private static void fill(final Container dialog, final Map<String, String> byLabel) {
		final List<Component> all = new ArrayList<>();
		flatten(dialog, all);
		for (final Map.Entry<String, String> e : byLabel.entrySet()) {
			Component widget = null;
			for (int i = 0; i < all.size() && widget == null; i++)
				if (all.get(i) instanceof JLabel l && l.getText() != null && l.getText().strip()
					.replaceAll(":$", "").equals(e.getKey()))
				{
					for (int j = i + 1; j < all.size() && widget == null; j++)
						if (editable(all.get(j))) widget = all.get(j);
				}
			if (widget == null) throw new IllegalStateException("no widget labelled '" + e.getKey() +
				"' in the dialog " + labels(all));
			set(widget, e.getValue());
		}
	}

	/**
	 * Clicks the dialog's Help button (a SciJava button widget) and waits for the window with the
	 * command's section of the docs; writes its title and closes it.
	 */
	private void help(final JDialog dialog, final String label) throws Exception {
		SwingUtilities.invokeAndWait(() -> button(dialog, "Help").doClick());
		final String title = label + " - Strip Steel help";
		for (int i = 0; i < 300; i++) {
			for (final Window w : Window.getWindows())
				if (w instanceof java.awt.Dialog d && d.isShowing() && title.equals(d.getTitle())) {
					write("help-window " + title);
					SwingUtilities.invokeAndWait(d::dispose);
					return;
				}
			Thread.sleep(100);
		}
		write("help-window none for " + label);
	}

	private static boolean editable(final Component c) {
		return c instanceof JSpinner || c instanceof JComboBox || c instanceof JCheckBox ||
			(c instanceof JTextComponent t && t.isEditable() && !(SwingUtilities.getAncestorOfClass(
				JSpinner.class, c) != null));
	}

	private static void set(final Component c, final String value) {
		if (c instanceof JSpinner s) {
			final Object now = s.getValue();
			s.setValue(now instanceof Integer ? Integer.valueOf(value) : now instanceof Long ? Long
				.valueOf(value) : now instanceof Float ? Float.valueOf(value) : now instanceof BigInteger
					? new BigInteger(value) : now instanceof BigDecimal ? new BigDecimal(value) : Double
						.valueOf(value));
		}
		else if (c instanceof JComboBox<?> b) {
			b.setSelectedItem(value);
			if (!value.equals(String.valueOf(b.getSelectedItem()))) throw new IllegalStateException(
				"choice '" + value + "' is not offered");
		}
		else if (c instanceof JCheckBox b) b.setSelected(Boolean.parseBoolean(value));
		else ((JTextComponent) c).setText(value);
	}

	private static AbstractButton button(final Container dialog, final String text) {
		final List<Component> all = new ArrayList<>();
		flatten(dialog, all);
		for (final Component c : all)
			if (c instanceof JButton b && text.equals(b.getText())) return b;
		throw new IllegalStateException("no " + text + " button in the dialog");
	}

	private static void flatten(final Component c, final List<Component> all) {
		all.add(c);
		if (c instanceof Container k) for (final Component child : k.getComponents())
			flatten(child, all);
	}

	private static List<String> labels(final List<Component> all) {
		return all.stream().filter(c -> c instanceof JLabel).map(c -> ((JLabel) c).getText())
			.toList();
	}

	private static JDialog waitForDialog(final String title) throws InterruptedException {
		for (int i = 0; i < 1200; i++) {
			for (final Window w : Window.getWindows())
				if (w instanceof JDialog d && d.isShowing() && title.equals(d.getTitle())) {
					Thread.sleep(500); // the panel is laid out and its listeners are in place
					return d;
				}
			Thread.sleep(100);
		}
		throw new IllegalStateException("no dialog '" + title + "' within 120 s");
	}

	/**
	 * Waits until no module runs (at start-up Fiji's "Up-to-date check" does; the Recorder's options
	 * are global, so a module finishing during our run would write its inputs into our line).
	 */
	/** Waits until {@code csv} holds {@code rows} rows below its header. */
	private static void waitForRows(final Path csv, final int rows) throws InterruptedException {
		final long deadline = System.nanoTime() + 300_000_000_000L;
		while (System.nanoTime() < deadline) {
			try {
				if (Files.isRegularFile(csv) && Files.readAllLines(csv).size() > rows) return;
			}
			catch (final IOException e) {
				// being written: read again
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("no " + rows + " rows in " + csv + " after 300 s");
	}

	private static void waitForNoModuleRunning() throws InterruptedException {
		for (int i = 0; i < 1200; i++) {
			boolean running = false;
			for (final StackTraceElement[] stack : Thread.getAllStackTraces().values())
				for (final StackTraceElement e : stack)
					running |= e.getClassName().equals("org.scijava.module.ModuleRunner");
			if (!running) return;
			Thread.sleep(100);
		}
		throw new IllegalStateException("a module is still running after 120 s");
	}

	// -- The recorder --

	private static String recorderText() {
		final Recorder r = Recorder.getInstance();
		return r == null || r.getText() == null ? "" : r.getText();
	}

	private static String waitForRecording(final String label, final int before)
		throws InterruptedException
	{
		for (int i = 0; i < 6000; i++) {
			final String text = recorderText();
			if (text.length() > before) for (final String line : text.substring(before).split("\n"))
				if (line.startsWith("run(\"" + label + "\"")) return line;
			Thread.sleep(100);
		}
		throw new IllegalStateException("the Recorder wrote no run(\"" + label + "\") line within 10 min");
	}

	// -- Fiji --

	private ModuleInfo command(final String label) {
		for (final ModuleInfo info : context.service(ModuleService.class).getModules())
			if (info.getMenuPath() != null && info.getMenuPath().getLeaf() != null && label.equals(info
				.getMenuPath().getLeaf().getName())) return info;
		throw new IllegalArgumentException("no command labelled " + label);
	}

	/**
	 * Removes the converters whose input or output type cannot be loaded and the input widgets that
	 * cannot be created (a jar of a full Fiji missing); returns their class names.
	 */
	private static List<String> removeBrokenPlugins(final Context context) {
		final List<PluginInfo<?>> broken = new ArrayList<>();
		for (final Converter<?, ?> c : context.service(ConvertService.class).getInstances()) {
			try {
				c.getInputType();
				c.getOutputType();
			}
			catch (final LinkageError e) {
				broken.add(c.getInfo());
			}
		}
		final PluginService plugins = context.service(PluginService.class);
		for (final PluginInfo<InputWidget> info : plugins.getPluginsOfType(InputWidget.class)) {
			try {
				info.loadClass().getDeclaredConstructor().newInstance();
			}
			catch (final Exception | LinkageError e) {
				broken.add(info);
			}
		}
		plugins.removePlugins(broken);
		return broken.stream().map(PluginInfo::getClassName).toList();
	}

	private void shot(final String name) throws InterruptedException {
		request("shot", name);
	}

	/** Asks the test for {@code what} ({@code shot NAME}, {@code escape}) and waits until done. */
	private void request(final String what, final String name) throws InterruptedException {
		write(what.equals(name) ? what : what + " " + name);
		final Path done = out.resolveSibling(name + ".done");
		for (int i = 0; i < 600 && !Files.exists(done); i++)
			Thread.sleep(100);
	}

	private synchronized void write(final String line) {
		try {
			Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** One step of a plan: {@code key value} lines, a step starting with {@code step ID}. */
	static final class Step {

		String id;
		String before;
		String label;
		final Map<String, String> values = new LinkedHashMap<>();
		String after;
		String shot;
		String shotWhileRunning;
		long shotDelayMillis;
		boolean help;
		int escapeAfterRows = -1;

		static List<Step> read(final Path plan) throws IOException {
			final List<Step> steps = new ArrayList<>();
			Step s = null;
			for (final String line : Files.readAllLines(plan, StandardCharsets.UTF_8)) {
				if (line.isBlank()) continue;
				final int sp = line.indexOf(' ');
				final String key = sp < 0 ? line : line.substring(0, sp);
				final String value = sp < 0 ? "" : line.substring(sp + 1).replace("\\n", "\n");
				if (key.equals("step")) {
					s = new Step();
					s.id = value;
					steps.add(s);
				}
				else if (s == null) throw new IllegalArgumentException("plan must start with 'step'");
				else if (key.equals("before")) s.before = value;
				else if (key.equals("command")) s.label = value;
				else if (key.equals("set")) s.values.put(value.substring(0, value.indexOf('=')), value
					.substring(value.indexOf('=') + 1));
				else if (key.equals("after")) s.after = value;
				else if (key.equals("shot")) s.shot = value;
				else if (key.equals("shot-running")) {
					final String[] p = value.split(" ", 2);
					s.shotDelayMillis = Long.parseLong(p[0]);
					s.shotWhileRunning = p[1];
				}
				else if (key.equals("help")) s.help = true;
				else if (key.equals("escape-after-rows")) s.escapeAfterRows = Integer.parseInt(value);
				else throw new IllegalArgumentException("unknown plan key " + key);
			}
			return steps;
		}
	}
}
