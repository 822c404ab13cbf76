package io.github.stripsteel.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;

import io.github.stripsteel.fiji.ClassifyStripFolder;
import io.github.stripsteel.fiji.command.MacroOptions;

/** The bridge's reading of ImageJ 1 macro options. */
class MacroOptionsTest {

	@Test
	void bracketsSpacesAndFlags() {
		final MacroOptions o = new MacroOptions(
			"input_folder=[/data/strip images/day 1] output_folder=/tmp/out file_filter=[*.png;*.bmp] " +
				"recursive top_k=5 model=[C:\\Fiji.app\\models\\neu cls]");
		assertEquals("/data/strip images/day 1", o.value("input_folder"));
		assertEquals("/tmp/out", o.value("output_folder"));
		assertEquals("*.png;*.bmp", o.value("file_filter"));
		assertEquals("5", o.value("top_k"));
		assertEquals("C:\\Fiji.app\\models\\neu cls", o.value("model"));
		assertTrue(o.flag("recursive"));
		assertFalse(o.flag("skip_existing"), "an absent checkbox is false, as in ImageJ dialogs");
		assertNull(o.value("device"));
		assertTrue(new MacroOptions("skip_existing=true").flag("skip_existing"));
		assertFalse(new MacroOptions("skip_existing=false").flag("skip_existing"));
	}

	@Test
	void keysAreWholeWords() {
		final MacroOptions o = new MacroOptions("my_model=[/a] model=[/b c]");
		assertEquals("/b c", o.value("model"));
	}

	@Test
	void keysInsideBracketsAreIgnored() {
		final MacroOptions o = new MacroOptions(
			"operation=chain chain=[gaussian(sigma=2, ksize=5) > resize(width=64, height=32)] ksize=3");
		assertEquals("gaussian(sigma=2, ksize=5) > resize(width=64, height=32)", o.value("chain"));
		assertEquals("3", o.value("ksize"));
		assertNull(o.value("width"));
		assertNull(o.value("height"));
	}

	@Test
	void optionsBecomeTypedInputs() {
		try (Context context = new Context(CommandService.class, ModuleService.class,
			org.scijava.app.StatusService.class, org.scijava.log.LogService.class)) {
			final CommandInfo info = context.service(CommandService.class).getCommand(
				ClassifyStripFolder.class);
			final Module module = context.service(ModuleService.class).createModule(info);
			final List<ModuleItem<?>> items = new ArrayList<>();
			for (final ModuleItem<?> item : info.inputs())
				if (!Service.class.isAssignableFrom(item.getType())) items.add(item);
			final Map<String, Object> v = StripSteelBridge.fromOptions(module, items, new MacroOptions(
				"input_folder=[/in dir/x] output_folder=[/out dir] batch_size=4 top_k=2 device=cpu " +
					"skip_existing"));
			assertEquals(new File("/in dir/x"), v.get("input_folder"));
			assertEquals(new File("/out dir"), v.get("output_folder"));
			assertEquals(4, v.get("batch_size"));
			assertEquals(2, v.get("top_k"));
			assertEquals("cpu", v.get("device"));
			assertEquals(true, v.get("skip_existing"));
			assertEquals(false, v.get("recursive"));
			assertFalse(v.containsKey("model"), "absent keys keep the default");
		}
	}
}
