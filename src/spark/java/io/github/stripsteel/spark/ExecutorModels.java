package io.github.stripsteel.spark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.TestTimeAugmentation;

/**
 * The models loaded in one executor JVM: one per model package and test-time augmentation, shared
 * by every task of the executor. Each runs on a thread of its own ({@link ModelThread}, which says
 * why), which takes the tasks' batches one after another and runs each on all the executor's cores
 * (PyTorch's intra-op threads); the tasks decode and preprocess their next batch meanwhile. They are
 * closed when the JVM exits.
 */
final class ExecutorModels {

	private static final Map<String, ModelThread> MODELS = new HashMap<>();
	private static int opened;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll,
			"strip-steel-models-close"));
	}

	private ExecutorModels() {}

	/** The executor's model for the package and test-time augmentation, loaded on first use. */
	static ModelThread get(final Path modelDir, final TestTimeAugmentation tta)
		throws ModelPackageException
	{
		final String key = modelDir.toAbsolutePath().normalize() + "|" + tta.key();
		synchronized (MODELS) {
			ModelThread model = MODELS.get(key);
			if (model == null) {
				model = ModelThread.open(modelDir, tta);
				MODELS.put(key, model);
				opened++;
			}
			return model;
		}
	}

	/** How many models this JVM has loaded since it started. */
	static int opened() {
		synchronized (MODELS) {
			return opened;
		}
	}

	/** Closes every model this JVM loaded (the driver calls it after a local job). */
	static void closeAll() {
		synchronized (MODELS) {
			for (final ModelThread m : MODELS.values())
				m.close();
			MODELS.clear();
		}
	}
}
