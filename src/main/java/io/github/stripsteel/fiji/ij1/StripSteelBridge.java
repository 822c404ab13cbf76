package io.github.stripsteel.fiji.ij1;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;
import org.scijava.widget.Button;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.github.stripsteel.fiji.ClassifyStripFolder;
import io.github.stripsteel.fiji.ClassifyStripImage;
import io.github.stripsteel.fiji.ClassifyStripTiles;
import io.github.stripsteel.fiji.EvaluateModel;
import io.github.stripsteel.fiji.PreprocessStripImage;
import io.github.stripsteel.fiji.StripSteelEngineInfo;
import io.github.stripsteel.fiji.command.CommandHelp;
import io.github.stripsteel.fiji.command.HandledOutputs;
import io.github.stripsteel.fiji.command.MacroOptions;
import io.github.stripsteel.fiji.train.DistillStudent;
import io.github.stripsteel.fiji.train.MigrateSamples;
import io.github.stripsteel.fiji.train.TrainCycleGan;
import io.github.stripsteel.fiji.train.TrainTeacher;

/**
 * Runs the Strip Steel SciJava commands from plain ImageJ 1 (its {@code plugins.config} lives at
 * {@code META-INF/ij1/plugins.config}, where Fiji's imagej-legacy does not look, so Fiji shows the
 * SciJava commands only). The argument picks the command; macro options use the commands'
 * parameter names as keys; without options a dialog asks for them and the Recorder records them.
 * The command runs without SciJava pre- and post-processing, so the Recorder keeps ImageJ 1's
 * {@code run("Label", "...")} line.
 */
public class StripSteelBridge implements PlugIn {

	/** Bridge argument → command; the labels match the commands' menu labels. */
	public static final Map<String, Class<? extends Command>> COMMANDS = Map.of("image",
		ClassifyStripImage.class, "folder", ClassifyStripFolder.class, "tiles",
		ClassifyStripTiles.class, "info", StripSteelEngineInfo.class, "train-teacher",
		TrainTeacher.class, "distill-student", DistillStudent.class, "train-cyclegan",
		TrainCycleGan.class, "migrate-samples", MigrateSamples.class, "preprocess",
		PreprocessStripImage.class, "evaluate", EvaluateModel.class);

	@Override
	public void run(final String arg) {
		final Class<? extends Command> type = COMMANDS.get(arg == null ? "" : arg.trim());
		if (type == null) {
			report("Strip Steel", "unknown bridge argument '" + arg + "'; use one of " + COMMANDS
				.keySet() + " in plugins.config");
			return;
		}
		final String options = Macro.getOptions();
		final ClassLoader previous = Thread.currentThread().getContextClassLoader();
		Thread.currentThread().setContextClassLoader(getClass().getClassLoader());
		String title = type.getSimpleName();
		try {
			final Context context = BridgeContext.get();
			final CommandInfo info = context.service(CommandService.class).getCommand(type);
			title = info.getMenuPath().getLeaf().getName();
			final Module module = context.service(ModuleService.class).createModule(info);
			if (!setInputs(module, info, options, title)) return;
			module.run();
			if (module instanceof Cancelable c && c.isCanceled()) report(title, c.getCancelReason());
			else showImages(module, info);
		}
		catch (final RuntimeException | LinkageError e) {
			final String what = e.getMessage() == null ? e.toString() : e.getMessage();
			report(title, what + " (details in the Console / standard error)");
			// Fiji's LogService writes errors with their stack trace to the Console; our own
			// context keeps them at debug level (the one-line report is what the user needs)
			final LogService log = BridgeContext.get().service(LogService.class);
			if (BridgeContext.isOwn()) log.debug(e);
			else log.error(title + " failed", e);
		}
		finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
	}

	/**
	 * Sets the module's inputs from the macro options, or from a dialog when there are none and a
	 * display is present; otherwise the defaults stay.
	 *
	 * @return false when the user cancelled the dialog or no image is open
	 */
	static boolean setInputs(final Module module, final CommandInfo info, final String options,
		final String title)
	{
		final List<ModuleItem<?>> items = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			// the SciJava Help button: the ImageJ 1 dialog has its own (GenericDialog.addHelp)
			if (Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item
				.getType()) || Button.class.isAssignableFrom(item.getType())) continue;
			if (ImagePlus.class.isAssignableFrom(item.getType())) {
				final ImagePlus imp = WindowManager.getCurrentImage();
				if (imp == null) {
					report(title, "no image is open; open a strip image first (File > Open)");
					return false;
				}
				module.setInput(item.getName(), imp);
				module.resolveInput(item.getName());
				continue;
			}
			items.add(item);
		}
		final Map<String, Object> values;
		if (options != null) values = fromOptions(module, items, new MacroOptions(options));
		else if (!GraphicsEnvironment.isHeadless()) {
			values = fromDialog(module, items, title);
			if (values == null) return false;
		}
		else values = Map.of();
		for (final Map.Entry<String, Object> e : values.entrySet()) {
			module.setInput(e.getKey(), e.getValue());
			module.resolveInput(e.getKey());
		}
		return true;
	}

	/** Values given in the options, converted to the inputs' types; absent keys keep defaults. */
	static Map<String, Object> fromOptions(final Module module, final List<ModuleItem<?>> items,
		final MacroOptions options)
	{
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final ModuleItem<?> item : items) {
			final String name = item.getName();
			final Class<?> t = item.getType();
			if (t == boolean.class || t == Boolean.class) {
				values.put(name, options.flag(name));
				continue;
			}
			final String text = options.value(name);
			if (text != null) values.put(name, MacroOptions.convert(name, text, t));
		}
		return values;
	}

	// -- Helper methods --

	/** Shows new images (outputs), as Fiji's display postprocessor would; the last becomes current. */
	private static void showImages(final Module module, final CommandInfo info) {
		for (final ModuleItem<?> item : info.outputs())
			if (!"true".equals(item.get(HandledOutputs.ATTR)) && module.getOutput(item.getName()) instanceof ImagePlus imp) imp.show();
	}

	private static Map<String, Object> fromDialog(final Module module,
		final List<ModuleItem<?>> items, final String title)
	{
		final GenericDialog gd = new GenericDialog(title);
		for (final ModuleItem<?> item : items) {
			final String name = item.getName();
			final Object v = module.getInput(name);
			final Class<?> t = item.getType();
			if (t == File.class) {
				if ("directory".equals(item.getWidgetStyle())) gd.addDirectoryField(name, v == null ? ""
					: v.toString());
				else gd.addFileField(name, v == null ? "" : v.toString());
			}
			else if (t == boolean.class || t == Boolean.class) gd.addCheckbox(name, Boolean.TRUE.equals(
				v));
			else if (t == int.class || t == Integer.class) gd.addNumericField(name, v == null ? 0
				: ((Number) v).doubleValue(), 0);
			else if (t == double.class || t == Double.class) gd.addNumericField(name, v == null ? 0
				: ((Number) v).doubleValue(), 3);
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
				final String[] choices = item.getChoices().stream().map(Object::toString).toArray(
					String[]::new);
				gd.addChoice(name, choices, v == null ? choices[0] : v.toString());
			}
			else gd.addStringField(name, v == null ? "" : v.toString(), 30);
		}
		try {
			gd.addHelp(CommandHelp.html(title)); // the dialog's Help button shows the docs, offline
		}
		catch (final IOException | IllegalArgumentException e) {
			// no help section: the dialog has no Help button
		}
		gd.showDialog(); // records name=value pairs when the Recorder is on
		if (gd.wasCanceled()) return null;
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final ModuleItem<?> item : items) {
			final Class<?> t = item.getType();
			final String name = item.getName();
			if (t == File.class) values.put(name, new File(gd.getNextString()));
			else if (t == boolean.class || t == Boolean.class) values.put(name, gd.getNextBoolean());
			else if (t == int.class || t == Integer.class) values.put(name, (int) Math.round(gd
				.getNextNumber()));
			else if (t == double.class || t == Double.class) values.put(name, gd.getNextNumber());
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) values.put(name, gd
				.getNextChoice());
			else values.put(name, gd.getNextString());
		}
		return values;
	}

	/** One line to the user: a dialog with a display, the Log window (or stdout) headless. */
	static void report(final String title, final String message) {
		if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) IJ.log(title + ": " +
			message);
		else IJ.error(title, message);
	}
}
