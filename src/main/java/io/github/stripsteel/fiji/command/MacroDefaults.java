package io.github.stripsteel.fiji.command;

import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.scijava.Cancelable;
import org.scijava.Priority;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModuleItem;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;

/**
 * The macro rule of the Strip Steel commands in Fiji: a macro names only what it changes. When a
 * command of this plugin runs from a macro, every value input takes its value from the options
 * ({@code key=value}, {@code key=[a b]}, a bare key = true) or else its documented default (the
 * command's initial field value) — never a value remembered from an earlier dialog, and never a
 * chooser. A required input without a default, or a missing image, cancels the command with one
 * log line that says what to add. Runs right after imagej-legacy's {@code MacroPreprocessor}
 * (priority {@code 2 * VERY_HIGH}) and before the remembered values are loaded and the inputs are
 * harvested. Interactive runs are untouched: their dialog still remembers the last values.
 */
@Plugin(type = PreprocessorPlugin.class, priority = 2 * Priority.VERY_HIGH - 1)
public class MacroDefaults extends AbstractPreprocessorPlugin {

	private static final String PACKAGE = "io.github.stripsteel.fiji.";

	@Parameter(required = false)
	private LogService logService;

	@Parameter(required = false)
	private PrefService prefService;

	/**
	 * A command whose absent macro keys keep stored values instead of the field defaults (the
	 * options command: a macro that sets the device keeps the stored model).
	 */
	public interface StoredValues {

		/** Sets the fields that are still unset to the stored values. */
		void loadStoredValues(PrefService prefs);
	}

	@Override
	public void process(final Module module) {
		if (!(module.getInfo() instanceof CommandInfo info) || !info.getDelegateClassName()
			.startsWith(PACKAGE)) return;
		final String options = Macro.getOptions();
		if (options == null || !IJ.isMacro()) return;
		final String title = info.getMenuPath() == null || info.getMenuPath().getLeaf() == null ? info
			.getTitle() : info.getMenuPath().getLeaf().getName();
		try {
			apply(module, info, new MacroOptions(options), title);
		}
		catch (final IllegalArgumentException | ReflectiveOperationException e) {
			stop(module, title + ": " + e.getMessage());
		}
	}

	// -- Helper methods --

	private void apply(final Module module, final CommandInfo info, final MacroOptions options,
		final String title) throws ReflectiveOperationException
	{
		final Object defaults = info.loadDelegateClass().getDeclaredConstructor().newInstance();
		if (defaults instanceof StoredValues s) s.loadStoredValues(prefService);
		final List<String> missing = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			final String name = item.getName();
			final Class<?> type = item.getType();
			if (ImagePlus.class.isAssignableFrom(type)) {
				if (WindowManager.getCurrentImage() == null) {
					stop(module, title + ": no image is open; open one first, e.g. open(\"/path/strip.bmp\")");
					return;
				}
				continue;
			}
			if (!isValueType(type) || !(item instanceof CommandModuleItem<?> ci)) continue;
			final String text = options.value(name);
			final Object value;
			if (text != null) value = MacroOptions.convert(name, text, type);
			else if ((type == boolean.class || type == Boolean.class) && options.flag(name)) value = true;
			else value = defaultOf(ci.getField(), defaults);
			if (value == null && item.isRequired()) {
				missing.add(name + "=[...]");
				continue;
			}
			module.setInput(name, value);
			module.resolveInput(name);
		}
		if (!missing.isEmpty()) stop(module, title + ": the macro options lack " + String.join(" ",
			missing) + "; add them (docs/FIJI.md lists the keys)");
	}

	private static Object defaultOf(final Field field, final Object defaults)
		throws IllegalAccessException
	{
		field.setAccessible(true);
		return field.get(defaults);
	}

	private static boolean isValueType(final Class<?> t) {
		return t == File.class || t == String.class || t.isPrimitive() || Number.class
			.isAssignableFrom(t) || t == Boolean.class;
	}

	/** Logs why and cancels the module, so that nothing else runs and no chooser opens. */
	private void stop(final Module module, final String message) {
		if (logService != null) logService.error(message);
		else IJ.log(message);
		if (module.getDelegateObject() instanceof Cancelable c) c.cancel(message);
		else if (module instanceof Cancelable c) c.cancel(message);
	}
}
