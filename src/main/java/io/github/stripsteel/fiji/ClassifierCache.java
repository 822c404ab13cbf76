package io.github.stripsteel.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.model.ModelPackageException;

/**
 * Keeps the last loaded model between command runs, so classifying image after image does not
 * reload 40 MB of weights each time. The key is the model folder, the device and the modification
 * time of {@code model.json} (rewritten atomically whenever the package changes); a different key
 * closes the previous model. Use is serialised: a {@link StripClassifier} is not thread-safe.
 */
public final class ClassifierCache {

	private static final ClassifierCache INSTANCE = new ClassifierCache();

	private String key;
	private StripClassifier classifier;
	private int loads;

	ClassifierCache() {}

	/** The one cache shared by all commands of this plugin. */
	public static ClassifierCache get() {
		return INSTANCE;
	}

	/** Runs {@code task} with the (cached or newly loaded) classifier, holding the cache's lock. */
	public synchronized <T> T use(final Path modelDir, final DeviceChoice device,
		final Function<StripClassifier, T> task) throws ModelPackageException
	{
		final String k = keyOf(modelDir, device);
		if (classifier == null || !k.equals(key)) {
			close();
			classifier = StripClassifier.open(modelDir, device);
			key = k;
			loads++;
		}
		return task.apply(classifier);
	}

	/** How many times a model was loaded (for tests and diagnostics). */
	public synchronized int loads() {
		return loads;
	}

	/** Closes the cached model (the next use loads it again). */
	public synchronized void close() {
		if (classifier != null) classifier.close();
		classifier = null;
		key = null;
	}

	// -- Helper methods --

	private static String keyOf(final Path modelDir, final DeviceChoice device) {
		final Path dir = modelDir.toAbsolutePath().normalize();
		long modified;
		try {
			modified = Files.getLastModifiedTime(dir.resolve(ModelPackage.MODEL_JSON)).toMillis();
		}
		catch (final IOException e) {
			modified = -1; // open() reports the missing file properly
		}
		return dir + "|" + device + "|" + modified;
	}
}
