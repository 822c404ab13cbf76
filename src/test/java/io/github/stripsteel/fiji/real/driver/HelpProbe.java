package io.github.stripsteel.fiji.real.driver;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.platform.PlatformService;

import ij.IJ;

/**
 * Fiji's two Help paths for a Strip Steel command, run inside a real Fiji (installed with the
 * dialog driver's jar) and called from a macro with {@code call(...)}; nothing opens a browser or
 * a window. Not part of the plugin.
 */
public final class HelpProbe {

	private HelpProbe() {}

	/**
	 * The Help action of Fiji's search bar for the command {@code label}: scijava-search's own
	 * {@code HelpSearchActionFactory} on a module search result, run with a platform service that
	 * records the URL it would open and a log that records its errors.
	 *
	 * @return {@code opens URL}, or {@code error ...}
	 */
	public static String searchBarHelp(final String label) {
		try {
			final CommandInfo info = command(label);
			final Class<?> factoryClass = Class.forName("org.scijava.search.module.HelpSearchActionFactory");
			final Object factory = factoryClass.getDeclaredConstructor().newInstance();
			final List<Object> opened = new ArrayList<>();
			final List<Object> errors = new ArrayList<>();
			set(factory, "platformService", Proxy.newProxyInstance(HelpProbe.class.getClassLoader(),
				new Class<?>[] { PlatformService.class }, (p, m, a) -> {
					if (m.getName().equals("open")) opened.add(a[0]);
					return null;
				}));
			set(factory, "log", Proxy.newProxyInstance(HelpProbe.class.getClassLoader(), new Class<?>[] {
				LogService.class }, (p, m, a) -> {
					if (m.getName().equals("error")) errors.add(a[0]);
					return m.getReturnType() == boolean.class ? false : m.getReturnType() == int.class ? 0
						: null;
				}));
			final Object result = Class.forName("org.scijava.search.module.ModuleSearchResult")
				.getConstructor(org.scijava.module.ModuleInfo.class, String.class).newInstance(info, "");
			final Class<?> resultType = Class.forName("org.scijava.search.SearchResult");
			if (!(boolean) factoryClass.getMethod("supports", resultType).invoke(factory, result))
				return "error: the factory does not support the result";
			final Runnable action = (Runnable) factoryClass.getMethod("create", resultType).invoke(factory,
				result);
			action.run();
			if (!errors.isEmpty()) return "error " + errors;
			return opened.size() == 1 && opened.get(0) instanceof URL u ? "opens " + u : "error opened " +
				opened;
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return "error " + e;
		}
	}

	/**
	 * Presses the Help button of the command's SciJava dialog: its input's callback, as the Swing
	 * button widget calls it (headless: the section goes to the log).
	 *
	 * @return the button's input type, label and callback, or {@code error ...}
	 */
	public static String pressHelp(final String label) {
		try {
			final CommandInfo info = command(label);
			final ModuleItem<?> help = info.getInput("help");
			if (help == null) return "error: no help input";
			final Module module = context().service(ModuleService.class).createModule(info);
			help.callback(module);
			return help.getType().getName() + " " + help.getLabel() + " " + help.getCallback();
		}
		catch (final Exception e) {
			return "error " + e;
		}
	}

	// -- Helper methods --

	private static Context context() {
		return (Context) IJ.runPlugIn("org.scijava.Context", "");
	}

	private static CommandInfo command(final String label) {
		for (final CommandInfo c : context().service(CommandService.class).getCommands())
			if (c.getMenuPath() != null && c.getMenuPath().getLeaf() != null && label.equals(c
				.getMenuPath().getLeaf().getName()) && c.getClassName().startsWith("io.github.stripsteel."))
				return c;
		throw new IllegalArgumentException("no command " + label);
	}

	private static void set(final Object target, final String name, final Object value)
		throws ReflectiveOperationException
	{
		final Field f = target.getClass().getDeclaredField(name);
		f.setAccessible(true);
		f.set(target, value);
	}
}
