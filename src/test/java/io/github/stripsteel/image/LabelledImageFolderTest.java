package io.github.stripsteel.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.stripsteel.image.LabelledImageFolder.LabelledFile;
import io.github.stripsteel.image.LabelledImageFolder.Split;
import io.github.stripsteel.testutil.SharedData;

class LabelledImageFolderTest {


	@TempDir
	Path dir;

	@Test
	void scansXsdd() throws IOException {
		final LabelledImageFolder data = LabelledImageFolder.scan(xsdd());
		final Map<String, Integer> expected = new LinkedHashMap<>();
		expected.put("finishing roll printing", 162);
		expected.put("iron sheet ash", 98);
		expected.put("oxide scale of plate system", 50);
		expected.put("oxide scale of temperature system", 162);
		expected.put("red iron", 310);
		expected.put("slag inclusion", 190);
		expected.put("surface scratch", 107);
		assertEquals(List.copyOf(expected.keySet()), data.classNames());
		assertEquals(expected, data.counts());
		assertEquals(1079, data.files().size());
		for (final LabelledFile f : data.files())
			assertEquals(data.classNames().get(f.label()), f.file().getParent().getFileName()
				.toString());
	}

	@Test
	void stratifiedSplitIsDeterministicAndStratified() throws IOException {
		final LabelledImageFolder data = LabelledImageFolder.scan(xsdd());
		final Split split = data.stratifiedSplit(0.2, 42);
		assertEquals(split, data.stratifiedSplit(0.2, 42));
		assertEquals(split, LabelledImageFolder.scan(xsdd()).stratifiedSplit(0.2, 42));
		assertNotEquals(split.val(), data.stratifiedSplit(0.2, 43).val());

		final int[] val = new int[data.classNames().size()];
		for (final LabelledFile f : split.val())
			val[f.label()]++;
		int c = 0;
		for (final int n : data.counts().values())
			assertEquals(Math.round(n * 0.2), val[c], data.classNames().get(c++));

		final Set<LabelledFile> all = new HashSet<>(split.train());
		all.addAll(split.val());
		assertEquals(split.train().size() + split.val().size(), all.size(), "disjoint");
		assertEquals(new HashSet<>(data.files()), all);
	}

	@Test
	void splitOfOneClassDoesNotDependOnTheOthers() throws IOException {
		for (final String name : List.of("a/1.png", "a/2.png", "a/3.png", "a/4.png", "a/5.png",
			"b/1.png", "b/2.png", "c/x.png"))
			write(dir.resolve("set1").resolve(name));
		for (final String name : List.of("a/1.png", "a/2.png", "a/3.png", "a/4.png", "a/5.png",
			"z/1.png", "z/2.png", "z/3.png"))
			write(dir.resolve("set2").resolve(name));
		final Split s1 = LabelledImageFolder.scan(dir.resolve("set1")).stratifiedSplit(0.4, 7);
		final Split s2 = LabelledImageFolder.scan(dir.resolve("set2")).stratifiedSplit(0.4, 7);
		assertEquals(names(s1.val(), 0), names(s2.val(), 0));
		assertEquals(2, names(s1.val(), 0).size());
		assertEquals(1, names(s1.val(), 1).size(), "at least one of a class of 2");
		assertEquals(0, names(s1.val(), 2).size(), "a class of 1 goes to training");
		assertEquals(1, names(s1.train(), 2).size());
	}

	@Test
	void aTestPartComesFromTrainingAndLeavesValidationAsItWas() throws IOException {
		final int[] sizes = { 23, 10, 3, 2 };
		final LabelledImageFolder data = classes(sizes);
		final Split plain = data.stratifiedSplit(0.2, 42);
		assertEquals(plain, data.stratifiedSplit(0.2, 0, 42), "no test fraction: the split of before");
		assertTrue(plain.test().isEmpty());

		final Split held = data.stratifiedSplit(0.2, 0.2, 42);
		assertEquals(held, data.stratifiedSplit(0.2, 0.2, 42), "deterministic");
		assertEquals(plain.val(), held.val());
		final Set<LabelledFile> trainOrTest = new HashSet<>(held.train());
		for (final LabelledFile f : held.test())
			assertTrue(trainOrTest.add(f), "test file also in training: " + f);
		assertEquals(new HashSet<>(plain.train()), trainOrTest, "the test part is taken from training");
		// per class: round(23 * 0.2) = 5, round(10 * 0.2) = 2; a class of 3: 1 val, at least 1 test,
		// 1 trains; a class of 2: 1 val, 1 trains, none to test
		assertEquals(List.of(5, 2, 1, 0), List.of(names(held.test(), 0).size(), names(held.test(), 1)
			.size(), names(held.test(), 2).size(), names(held.test(), 3).size()));
		assertEquals(List.of(13, 6, 1, 1), List.of(names(held.train(), 0).size(), names(held.train(), 1)
			.size(), names(held.train(), 2).size(), names(held.train(), 3).size()));

		final String m = assertThrows(IllegalArgumentException.class, () -> data.stratifiedSplit(0.5,
			0.5, 42)).getMessage();
		assertTrue(m.contains("leave images to train"), m);
	}

	@Test
	void foldsAreStratifiedDisjointCompleteAndDeterministic() throws IOException {
		final int[] sizes = { 23, 10, 7, 5 };
		final LabelledImageFolder data = classes(sizes);
		final int folds = 5;
		final Set<LabelledFile> seen = new HashSet<>();
		int valTotal = 0;
		for (int fold = 0; fold < folds; fold++) {
			final Split split = data.stratifiedFold(folds, fold, 42);
			assertEquals(split, data.stratifiedFold(folds, fold, 42), "deterministic");
			final Set<LabelledFile> train = new HashSet<>(split.train());
			for (final LabelledFile f : split.val()) {
				assertTrue(!train.contains(f), "validation file also in training: " + f);
				assertTrue(seen.add(f), "file in two validation folds: " + f);
			}
			assertEquals(data.files().size(), split.train().size() + split.val().size(), "complete");
			final int[] val = new int[sizes.length];
			for (final LabelledFile f : split.val())
				val[f.label()]++;
			for (int c = 0; c < sizes.length; c++)
				assertTrue(Math.abs(val[c] - sizes[c] / (double) folds) < 1, "class " + c + " fold " +
					fold + ": " + val[c] + " of " + sizes[c]);
			valTotal += split.val().size();
		}
		assertEquals(new HashSet<>(data.files()), seen, "the folds cover every file");
		assertEquals(data.files().size(), valTotal);
		assertNotEquals(data.stratifiedFold(folds, 0, 42).val(), data.stratifiedFold(folds, 0, 43)
			.val());
		// fold 0 of 5 is the 80/20 split's validation part where both roundings agree
		assertEquals(names(data.stratifiedSplit(0.2, 42).val(), 1), names(data.stratifiedFold(5, 0, 42)
			.val(), 1));

		assertThrows(IllegalArgumentException.class, () -> data.stratifiedFold(5, 5, 1));
		assertThrows(IllegalArgumentException.class, () -> data.stratifiedFold(1, 0, 1));
		final String m = assertThrows(IllegalArgumentException.class, () -> data.stratifiedFold(6, 0,
			1)).getMessage();
		assertTrue(m.contains("class 'class3' has 5 images, fewer than the 6 folds"), m);
	}

	@Test
	void errorsNameTheFolder() throws IOException {
		final Path gone = dir.resolve("gone");
		assertTrue(assertThrows(NoSuchFileException.class, () -> LabelledImageFolder.scan(gone))
			.getMessage().startsWith(gone.toString()));

		final Path file = write(dir.resolve("file.png"));
		assertTrue(assertThrows(IOException.class, () -> LabelledImageFolder.scan(file))
			.getMessage().startsWith(file + ": not a folder"));

		final Path one = dir.resolve("one");
		write(one.resolve("only class/a.png"));
		final String m = assertThrows(IOException.class, () -> LabelledImageFolder.scan(one))
			.getMessage();
		assertTrue(m.startsWith(one + ": found 1 class folder ('only class')"), m);

		write(one.resolve("empty class/readme.txt"));
		final String m2 = assertThrows(IOException.class, () -> LabelledImageFolder.scan(one))
			.getMessage();
		assertTrue(m2.startsWith("class 'empty class': folder " + one.resolve("empty class") +
			" contains no image files"), m2);

		write(one.resolve("empty class/b.png"));
		assertThrows(IllegalArgumentException.class, () -> LabelledImageFolder.scan(one)
			.stratifiedSplit(1.0, 1));
	}

	// -- Helper methods --

	private static Path write(final Path file) throws IOException {
		Files.createDirectories(file.getParent());
		return Files.writeString(file, "x");
	}

	/** A folder of classes {@code class0, class1, ...} with {@code sizes[c]} empty images each. */
	private LabelledImageFolder classes(final int[] sizes) throws IOException {
		for (int c = 0; c < sizes.length; c++)
			for (int i = 0; i < sizes[c]; i++)
				write(dir.resolve("data/class" + c + "/img" + i + ".png"));
		return LabelledImageFolder.scan(dir.resolve("data"));
	}

	private static List<String> names(final List<LabelledFile> files, final int label) {
		final List<String> names = new ArrayList<>();
		for (final LabelledFile f : files)
			if (f.label() == label) names.add(f.file().getFileName().toString());
		return names;
	}

	private static Path xsdd() {
		return SharedData.dataset("x-sdd");
	}
}
