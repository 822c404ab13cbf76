package io.github.stripsteel.spark;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.stripsteel.classify.StripClassifier;
import io.github.stripsteel.engine.DeviceChoice;
import io.github.stripsteel.model.ModelPackageException;
import io.github.stripsteel.model.TestTimeAugmentation;

/**
 * The models loaded in one executor JVM. A task borrows a classifier for its partition and gives it
 * back at the end, so an executor loads a model once per task slot, not once per partition
 * (binaryFile makes partitions of a few dozen small files). A {@link StripClassifier} is
 * thread-confined, so a borrowed one belongs to one task at a time. They are closed when the JVM
 * exits.
 */
final class ExecutorModels {

	private static final Map<String, Deque<StripClassifier>> IDLE = new HashMap<>();
	private static final List<StripClassifier> ALL = new ArrayList<>();
	private static int opened;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll,
			"strip-steel-models-close"));
	}

	private ExecutorModels() {}

	/** An idle classifier for the model and test-time augmentation, or a newly loaded one. */
	static StripClassifier borrow(final Path modelDir, final TestTimeAugmentation tta)
		throws ModelPackageException
	{
		final String key = key(modelDir, tta);
		synchronized (IDLE) {
			final Deque<StripClassifier> idle = IDLE.get(key);
			if (idle != null && !idle.isEmpty()) return idle.pop();
		}
		final StripClassifier classifier = StripClassifier.open(modelDir, DeviceChoice.AUTO);
		try {
			classifier.testTimeAugmentation(tta);
		}
		catch (final IllegalArgumentException e) {
			classifier.close();
			throw e;
		}
		synchronized (IDLE) {
			ALL.add(classifier);
			opened++;
		}
		return classifier;
	}

	/** Gives a borrowed classifier back for the next partition. */
	static void giveBack(final Path modelDir, final TestTimeAugmentation tta,
		final StripClassifier classifier)
	{
		synchronized (IDLE) {
			IDLE.computeIfAbsent(key(modelDir, tta), k -> new ArrayDeque<>()).push(classifier);
		}
	}

	/** How many models this JVM has loaded since it started. */
	static int opened() {
		synchronized (IDLE) {
			return opened;
		}
	}

	/** Closes every model this JVM loaded (the driver calls it after a local job). */
	static void closeAll() {
		synchronized (IDLE) {
			for (final StripClassifier c : ALL)
				c.close();
			ALL.clear();
			IDLE.clear();
		}
	}

	// -- Helper methods --

	private static String key(final Path modelDir, final TestTimeAugmentation tta) {
		return modelDir.toAbsolutePath().normalize() + "|" + tta.key();
	}
}
