package io.github.stripsteel.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.widget.Button;

import io.github.stripsteel.fiji.command.CommandHelp;
import io.github.stripsteel.fiji.command.HelpButton;
import io.github.stripsteel.fiji.command.StripCommand;

/**
 * Every command of the plugin has its section of docs/FIJI.md in the jar's resources, as HTML for
 * the Help button of the ImageJ 1 bridge's dialogs and of the SciJava dialogs; headless, showing it
 * logs the text and throws nothing.
 */
class CommandHelpTest {

	@Test
	void everyCommandHasItsSection() throws Exception {
		final List<String> labels = new ArrayList<>();
		try (Context context = new Context(CommandService.class)) {
			for (final CommandInfo info : context.service(CommandService.class).getCommands())
				if (info.getClassName().startsWith("io.github.stripsteel.fiji.") && info.getMenuPath() !=
					null && info.getMenuPath().getLeaf() != null) labels.add(info.getMenuPath().getLeaf()
						.getName());
		}
		assertTrue(labels.size() >= 11, labels.toString());
		for (final String label : labels) {
			final String section = CommandHelp.section(label);
			assertTrue(section.startsWith("#"), label + ": " + section);
			final String key = label.equals("Strip Steel...") ? "Strip Steel..." : label.replaceAll(
				"\\s*\\(.*\\)$", "");
			assertTrue(section.contains(key), label + " not named in its section");
			final String html = CommandHelp.html(label);
			assertTrue(html.startsWith("<html>") && html.contains("<h"), label);
			assertFalse(html.contains("```"), label);
		}
		assertTrue(CommandHelp.html("Classify Strip Tiles").contains("<td><code>tile_size</code></td>"),
			"the keys table as HTML");
		assertTrue(CommandHelp.section("Classify Strip Tiles").contains("uncertain_below"));
		assertFalse(CommandHelp.section("Classify Strip Tiles").contains("## Options"),
			"a section ends at the next heading of its level");
	}

	/**
	 * Each SciJava dialog has a Help button: a {@link Button} input with a callback that logs the
	 * section headless; no value, never persisted or required; resolved by {@link HelpButton} once
	 * every other input is set, so a macro or script that sets them gets no dialog for it alone.
	 */
	@Test
	void everyDialogHasAHelpButton() throws Exception {
		try (Context context = new Context(CommandService.class, ModuleService.class,
			LogService.class))
		{
			final List<String> logged = new ArrayList<>();
			context.service(LogService.class).addLogListener(m -> logged.add(m.text()));
			int commands = 0;
			for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
				if (!info.getClassName().startsWith("io.github.stripsteel.fiji.") || info
					.getMenuPath() == null || info.getMenuPath().getLeaf() == null) continue;
				commands++;
				final String label = info.getMenuPath().getLeaf().getName();
				final ModuleItem<?> help = info.getInput(StripCommand.HELP);
				assertTrue(help != null && help.getType() == Button.class, label);
				assertEquals("Help", help.getLabel(), label);
				assertFalse(help.isRequired() || help.isPersisted(), label);
				final Module module = context.service(ModuleService.class).createModule(info);
				logged.clear();
				help.callback(module);
				assertTrue(logged.stream().anyMatch(l -> l.startsWith(label + " (docs/FIJI.md):\n#")),
					label + ": " + logged);
				assertEquals(null, module.getInput(StripCommand.HELP), "a button has no value to record");

				final HelpButton button = new HelpButton();
				button.process(module);
				assertFalse(module.isInputResolved(StripCommand.HELP), label +
					": a dialog that asks for other inputs keeps its Help button");
				for (final ModuleItem<?> item : info.inputs())
					if (!item.getName().equals(StripCommand.HELP)) module.resolveInput(item.getName());
				button.process(module);
				assertTrue(module.isInputResolved(StripCommand.HELP), label +
					": no dialog for the Help button alone");
			}
			assertTrue(commands >= 11, "commands: " + commands);
		}
	}

	@Test
	void headlessHelpLogsTheSection() {
		final List<String> log = new ArrayList<>();
		CommandHelp.show("Preprocess Strip Image", log::add);
		assertEquals(1, log.size());
		assertTrue(log.get(0).contains("chain="), log.get(0));
		CommandHelp.show("No Such Command", log::add);
		assertTrue(log.get(1).startsWith("no help for No Such Command"), log.get(1));
	}
}
