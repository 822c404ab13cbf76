package io.github.stripsteel.fiji.command;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Marks outputs carrying the attribute {@value #ATTR} as resolved before the display
 * postprocessor runs, so that Fiji does not open a window for each value that the commands also
 * put in the "Strip Defect Results" table. Scripts still read them from the module.
 */
@Plugin(type = PostprocessorPlugin.class, priority = Priority.VERY_HIGH)
public class HandledOutputs extends AbstractPostprocessorPlugin {

	/** The {@code @Parameter} attribute that marks an output as shown elsewhere. */
	public static final String ATTR = "strip-steel-handled";

	@Override
	public void process(final Module module) {
		for (final ModuleItem<?> item : module.getInfo().outputs())
			if ("true".equals(item.get(ATTR))) module.resolveOutput(item.getName());
	}
}
