package io.github.stripsteel.fiji.command;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;
import org.scijava.widget.InputHarvester;

/**
 * The Help button of the Strip Steel dialogs ({@link StripCommand#HELP}) belongs to a dialog that
 * asks for something else. SciJava's input harvester shows a dialog for every input still
 * unresolved, a button too; so when every other input is already set (a macro, a script that
 * gives all values, a recorded line replayed in the GUI) the button is marked resolved here, just
 * before the harvester runs, and no dialog opens for it alone.
 */
@Plugin(type = PreprocessorPlugin.class, priority = InputHarvester.PRIORITY + 1)
public class HelpButton extends AbstractPreprocessorPlugin {

	@Override
	public void process(final Module module) {
		if (!(module.getDelegateObject() instanceof StripCommand) || module.getInfo().getInput(
			StripCommand.HELP) == null) return;
		for (final ModuleItem<?> item : module.getInfo().inputs())
			if (!item.getName().equals(StripCommand.HELP) && !module.isInputResolved(item.getName()))
				return; // a dialog asks for this input: the button stays in it
		module.resolveInput(StripCommand.HELP);
	}
}
