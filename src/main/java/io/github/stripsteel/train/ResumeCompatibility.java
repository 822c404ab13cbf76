package io.github.stripsteel.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The check made before {@code --resume} continues a run from its last checkpoint: the settings that
 * shape the run (network, input, split, data) must be those the checkpoint was made with.
 */
public final class ResumeCompatibility {

	private ResumeCompatibility() {
		// static utility
	}

	/**
	 * Throws if any of {@code keys} has a different value in {@code saved} (the checkpoint's
	 * configuration) than in {@code now} (this run's); the message names the setting and the fix.
	 *
	 * @param out the run's output folder, named in the message
	 */
	public static void requireSame(final JsonObject saved, final JsonObject now,
		final Collection<String> keys, final Path out) throws IOException
	{
		for (final String key : keys) {
			final JsonElement before = saved.get(key), after = now.get(key);
			if (!Objects.equals(String.valueOf(before), String.valueOf(after))) throw new IOException(
				"cannot resume: checkpoint in " + out + " was made with " + key + " = " + before +
					", this run has " + after + "; use the same settings or a new output folder");
		}
	}
}
