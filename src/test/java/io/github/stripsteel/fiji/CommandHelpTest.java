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

import io.github.stripsteel.fiji.command.CommandHelp;

/**
 * Every command of the plugin has its section of docs/FIJI.md in the jar's resources, as HTML for
 * the Help button; headless, showing it logs the text and throws nothing.
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
