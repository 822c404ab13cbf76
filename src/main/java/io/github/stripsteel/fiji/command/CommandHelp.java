package io.github.stripsteel.fiji.command;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.gui.HTMLDialog;

/**
 * Offline help for each command: its section of docs/FIJI.md, which the build copies into the jar
 * ({@value #RESOURCE}), rendered to simple HTML and shown in an ImageJ HTML window (no browser, no
 * network). Headless, the section's text goes to the log instead. Used by the ImageJ 1 bridge's
 * dialogs (their Help button) and by the {@code help} of each command.
 */
public final class CommandHelp {

	/** Where the build puts docs/FIJI.md in the jar. */
	public static final String RESOURCE = "/io/github/stripsteel/fiji/help/FIJI.md";

	/** Menu label → the start of the heading of its section in docs/FIJI.md. */
	private static final Map<String, String> SECTIONS = Map.ofEntries(Map.entry(
		"Classify Strip Image", "Menu entries"), Map.entry("Classify Strip Folder", "Menu entries"), Map
			.entry("Evaluate Model", "Menu entries"), Map.entry("Strip Steel Engine Info",
				"Menu entries"), Map.entry("Classify Strip Tiles", "Tiles in Fiji"), Map.entry(
					"Preprocess Strip Image", "Preprocessing in Fiji"), Map.entry("Train Teacher (SARSN)",
						"Training in Fiji"), Map.entry("Distill Student (RKD)", "Training in Fiji"), Map.entry(
							"Train CycleGAN (Migration)", "CycleGAN migration in Fiji"), Map.entry(
								"Migrate Samples (CycleGAN)", "CycleGAN migration in Fiji"), Map.entry(
									"Strip Steel...", "Options (Edit > Options > Strip Steel...)"));

	private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");

	private CommandHelp() {}

	/**
	 * The Markdown section of docs/FIJI.md for the command with menu label {@code label}: its
	 * heading and everything up to the next heading of the same or a higher level.
	 *
	 * @throws IllegalArgumentException when the label has no section
	 * @throws IOException when the jar lacks the docs (a build without resources)
	 */
	public static String section(final String label) throws IOException {
		final String heading = SECTIONS.get(label);
		if (heading == null) throw new IllegalArgumentException("no help section for '" + label + "'");
		final List<String> lines = markdown().lines().toList();
		final StringBuilder out = new StringBuilder();
		int level = 0;
		boolean inCode = false;
		for (final String line : lines) {
			if (line.startsWith("```")) inCode = !inCode;
			final Matcher m = inCode || line.startsWith("```") ? null : HEADING.matcher(line);
			if (m != null && m.matches()) {
				final int l = m.group(1).length();
				if (level > 0 && l <= level) break;
				if (level == 0 && m.group(2).startsWith(heading)) level = l;
			}
			if (level > 0) out.append(line).append('\n');
		}
		if (level == 0) throw new IOException("docs/FIJI.md in the jar has no section '" + heading +
			"'; rebuild the plugin");
		return out.toString();
	}

	/** The section as an HTML page for ImageJ's HTML window (or a dialog's Help button). */
	public static String html(final String label) throws IOException {
		return toHtml(section(label));
	}

	/**
	 * Shows the help of the command {@code label}: an HTML window with a display, else its text
	 * on {@code log}. Never throws: a problem becomes a line on {@code log}.
	 */
	public static void show(final String label, final Consumer<String> log) {
		try {
			final String section = section(label);
			if (GraphicsEnvironment.isHeadless()) log.accept(label + " (docs/FIJI.md):\n" + section);
			else new HTMLDialog(label + " - Strip Steel help", toHtml(section), false);
		}
		catch (final IOException | RuntimeException e) {
			log.accept("no help for " + label + ": " + e.getMessage());
		}
	}

	/**
	 * A small Markdown subset to HTML: headings, paragraphs, tables, lists, code blocks, inline
	 * code, bold and links (their text; the page has no anchors to follow).
	 */
	static String toHtml(final String markdown) {
		final StringBuilder html = new StringBuilder("<html><body>");
		final List<String> paragraph = new ArrayList<>();
		boolean code = false, table = false, list = false;
		for (final String line : markdown.split("\n", -1)) {
			if (line.startsWith("```")) {
				flush(html, paragraph);
				html.append(code ? "</pre>" : "<pre>");
				code = !code;
				continue;
			}
			if (code) {
				html.append(escape(line)).append('\n');
				continue;
			}
			final boolean row = line.startsWith("|");
			if (table && !row) {
				html.append("</table>");
				table = false;
			}
			final boolean item = line.startsWith("- ");
			if (list && !item && !line.startsWith("  ")) {
				flush(html, paragraph);
				html.append("</ul>");
				list = false;
			}
			final Matcher h = HEADING.matcher(line);
			if (h.matches()) {
				flush(html, paragraph);
				final int level = Math.min(4, h.group(1).length());
				html.append("<h").append(level).append('>').append(inline(h.group(2))).append("</h").append(
					level).append('>');
			}
			else if (row) {
				flush(html, paragraph);
				if (line.matches("\\|[-|: ]+\\|?")) continue; // the header separator
				html.append(table ? "" : "<table border=\"1\" cellpadding=\"3\">").append("<tr>");
				table = true;
				final String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1 : line
					.length()).split("\\|");
				for (final String cell : cells)
					html.append("<td>").append(inline(cell.trim())).append("</td>");
				html.append("</tr>");
			}
			else if (item) {
				flush(html, paragraph);
				html.append(list ? "" : "<ul>").append("<li>");
				list = true;
				paragraph.add(line.substring(2));
			}
			else if (line.isBlank()) flush(html, paragraph);
			else paragraph.add(line.trim());
		}
		flush(html, paragraph);
		if (table) html.append("</table>");
		if (list) html.append("</ul>");
		if (code) html.append("</pre>");
		return html.append("</body></html>").toString();
	}

	// -- Helper methods --

	private static String markdown() throws IOException {
		try (InputStream in = CommandHelp.class.getResourceAsStream(RESOURCE)) {
			if (in == null) throw new IOException("the plugin jar lacks " + RESOURCE +
				" (docs/FIJI.md); rebuild it with 'mvn package'");
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static void flush(final StringBuilder html, final List<String> paragraph) {
		if (paragraph.isEmpty()) return;
		html.append("<p>").append(inline(String.join(" ", paragraph))).append("</p>");
		paragraph.clear();
	}

	/** Inline code, bold and links; everything else escaped. */
	private static String inline(final String text) {
		final String escaped = escape(text);
		return escaped.replaceAll("`([^`]+)`", "<code>$1</code>").replaceAll("\\*\\*([^*]+)\\*\\*",
			"<b>$1</b>").replaceAll("\\[([^\\]]+)\\]\\([^)]*\\)", "$1");
	}

	private static String escape(final String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
