package io.github.stripsteel.fiji.command;

import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;
import org.slf4j.LoggerFactory;

/**
 * Quiets DJL inside Fiji, whose SLF4J binding is logback: its CUDA probe logs two "Failed to
 * detect GPU count" warnings on every machine without a usable GPU (which pops up Fiji's Console),
 * and its engine start logs thread counts at info level. The plugin reports the device and threads
 * itself (Strip Steel Engine Info). Done once, before the first command of this plugin runs; with
 * another SLF4J binding, that binding's own configuration applies.
 */
@Plugin(type = PreprocessorPlugin.class)
public class DjlLogLevels extends AbstractPreprocessorPlugin {

	private static volatile boolean done;

	@Override
	public void process(final Module module) {
		if (done || !(module.getInfo() instanceof CommandInfo info) || !info.getDelegateClassName()
			.startsWith("io.github.stripsteel.")) return;
		setLevel("ai.djl", "WARN");
		setLevel("ai.djl.util.cuda.CudaUtils", "ERROR");
		done = true;
	}

	/** Sets a logback logger's level through reflection (logback is Fiji's, not a dependency). */
	static void setLevel(final String logger, final String level) {
		try {
			final Object l = LoggerFactory.getLogger(logger);
			if (!l.getClass().getName().equals("ch.qos.logback.classic.Logger")) return;
			final Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", false, l.getClass()
				.getClassLoader());
			l.getClass().getMethod("setLevel", levelClass).invoke(l, levelClass.getField(level).get(null));
		}
		catch (final ReflectiveOperationException | LinkageError | RuntimeException e) {
			// not logback after all: nothing to set
		}
	}
}
