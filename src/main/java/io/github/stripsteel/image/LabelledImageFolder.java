package io.github.stripsteel.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A dataset folder with one sub-folder per class, e.g. {@code neu-cls/crazing/Cr_1.bmp}.
 * <p>
 * Classes are the non-hidden sub-folders, sorted by name ({@link String#compareTo}, so the label
 * numbers do not depend on the locale); names may contain spaces. A class's images are the
 * non-hidden files with an image extension ({@link ImageFiles#EXTENSIONS}) in its folder and its
 * sub-folders. Files directly in the root are ignored.
 * </p>
 */
public final class LabelledImageFolder {

	/** One image and its class index (into {@link #classNames()}). */
	public record LabelledFile(Path file, int label) {}

	/**
	 * A train / validation / test split; see {@link LabelledImageFolder#stratifiedSplit}. The test
	 * part is empty unless a test fraction was held out.
	 */
	public record Split(List<LabelledFile> train, List<LabelledFile> val, List<LabelledFile> test) {

		/** A split without a test part. */
		public Split(final List<LabelledFile> train, final List<LabelledFile> val) {
			this(train, val, List.of());
		}
	}

	private static final Comparator<LabelledFile> BY_NAME = Comparator
		.comparing((final LabelledFile f) -> String.valueOf(f.file().getFileName()))
		.thenComparing(f -> f.file().toString());

	private final Path root;
	private final List<String> classNames;
	private final List<LabelledFile> files;

	private LabelledImageFolder(final Path root, final List<String> classNames,
		final List<LabelledFile> files)
	{
		this.root = root;
		this.classNames = List.copyOf(classNames);
		this.files = List.copyOf(files);
	}

	/**
	 * Scans a dataset folder.
	 *
	 * @throws NoSuchFileException when {@code root} does not exist
	 * @throws IOException when {@code root} is not a folder, has fewer than 2 class folders, or a
	 *           class folder holds no images (the message names it)
	 */
	public static LabelledImageFolder scan(final Path root) throws IOException {
		if (!Files.exists(root)) throw new NoSuchFileException(root.toString(), null,
			"no such folder; check the path");
		if (!Files.isDirectory(root)) throw new IOException(root +
			": not a folder; give the dataset folder, with one sub-folder of images per class");
		final List<Path> classDirs;
		try (Stream<Path> list = Files.list(root)) {
			classDirs = list.filter(Files::isDirectory)
				.filter(d -> !d.getFileName().toString().startsWith("."))
				.sorted(Comparator.comparing(d -> d.getFileName().toString()))
				.toList();
		}
		if (classDirs.size() < 2) throw new IOException(root + ": found " + classDirs.size() +
			" class folder" + (classDirs.size() == 1 ? " ('" + classDirs.get(0).getFileName() +
				"')" : "s") + "; a dataset needs at least 2 sub-folders, one per class");

		final List<String> names = new ArrayList<>();
		final List<LabelledFile> files = new ArrayList<>();
		for (final Path dir : classDirs) {
			final String name = dir.getFileName().toString();
			final List<Path> images = ImageFiles.imagesIn(dir, true);
			if (images.isEmpty()) throw new IOException("class '" + name + "': " + ImageFiles
				.noImagesMessage(dir, true) + "; add images or remove the folder");
			for (final Path image : images)
				files.add(new LabelledFile(image, names.size()));
			names.add(name);
		}
		return new LabelledImageFolder(root, names, files);
	}

	/**
	 * Scans a folder of extra samples for a dataset with the given classes (e.g. CycleGAN output):
	 * every sub-folder must be named as one of {@code classes}; one sub-folder is enough. Files are
	 * labelled with the index of their folder's name in {@code classes}, sorted by name.
	 *
	 * @throws IOException when {@code root} is not a folder, has no class folder, or names a class
	 *           the dataset does not have
	 */
	public static List<LabelledFile> scanSamplesFor(final Path root, final List<String> classes)
		throws IOException
	{
		if (!Files.isDirectory(root)) throw new NoSuchFileException(root.toString(), null,
			"no such folder of samples; give the output folder of a sample migration");
		final List<Path> dirs;
		try (Stream<Path> list = Files.list(root)) {
			dirs = list.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(
				".")).sorted(Comparator.comparing(d -> d.getFileName().toString())).toList();
		}
		if (dirs.isEmpty()) throw new IOException(root +
			": no class folder; samples go into sub-folders named as the dataset's classes");
		final List<LabelledFile> files = new ArrayList<>();
		for (final Path dir : dirs) {
			final int label = classes.indexOf(dir.getFileName().toString());
			if (label < 0) throw new IOException(root + ": folder '" + dir.getFileName() +
				"' is not a class of the dataset (" + String.join(", ", classes) +
				"); rename or remove it");
			for (final Path image : ImageFiles.imagesIn(dir, true))
				files.add(new LabelledFile(image, label));
		}
		files.sort(BY_NAME);
		return List.copyOf(files);
	}

	/** The dataset folder. */
	public Path root() {
		return root;
	}

	/** The class names (sub-folder names), sorted; a label is an index into this list. */
	public List<String> classNames() {
		return classNames;
	}

	/** All images, by class, each class's files sorted by path. */
	public List<LabelledFile> files() {
		return files;
	}

	/** The number of images of each class, in label order. */
	public Map<String, Integer> counts() {
		final int[] n = new int[classNames.size()];
		for (final LabelledFile f : files)
			n[f.label()]++;
		final Map<String, Integer> counts = new LinkedHashMap<>();
		for (int c = 0; c < n.length; c++)
			counts.put(classNames.get(c), n[c]);
		return counts;
	}

	/**
	 * Splits the images into training and validation sets, stratified by class and deterministic.
	 * <p>
	 * For each class separately: sort its files by file name (then by path), shuffle them with
	 * {@code Collections.shuffle(files, new Random(seed))} (a new {@code Random} per class), and put
	 * the first {@code k = Math.round(n * valFraction)} into validation, the rest into training;
	 * {@code k} is at least 1 and at most {@code n - 1} when {@code n >= 2} (a class of one image
	 * goes to training). Both lists are in label order, each class sorted by file name.
	 * </p>
	 *
	 * @param valFraction fraction of each class for validation, {@code 0 < valFraction < 1}
	 * @param seed the random seed; the same seed gives the same split
	 */
	public Split stratifiedSplit(final double valFraction, final long seed) {
		return stratifiedSplit(valFraction, 0, seed);
	}

	/**
	 * As {@link #stratifiedSplit(double, long)}, and holds out a test part that training never
	 * reads: of each class's shuffled files, the last {@code t = Math.round(n * testFraction)} are
	 * test ({@code t} at least 1 when {@code testFraction > 0} and {@code n >= 3}, and at most what
	 * leaves one training file); validation is the same first {@code k} files as without a test
	 * part, so a test part is taken from what would otherwise train. Both fractions are of the
	 * whole class: 0.2 and 0.2 leave 0.6 to train.
	 *
	 * @param testFraction fraction of each class held out as test, {@code 0 <= testFraction < 1};
	 *          0 gives exactly {@link #stratifiedSplit(double, long)}
	 */
	public Split stratifiedSplit(final double valFraction, final double testFraction,
		final long seed)
	{
		if (!(valFraction > 0 && valFraction < 1)) throw new IllegalArgumentException(
			"validation fraction must be between 0 and 1 (exclusive), got " + valFraction);
		if (!(testFraction >= 0 && valFraction + testFraction < 1)) throw new IllegalArgumentException(
			"test fraction must be at least 0 and leave images to train beside the validation " +
				"fraction " + valFraction + ", got " + testFraction);
		final List<LabelledFile> train = new ArrayList<>();
		final List<LabelledFile> val = new ArrayList<>();
		final List<LabelledFile> test = new ArrayList<>();
		for (int c = 0; c < classNames.size(); c++) {
			final List<LabelledFile> members = shuffledMembers(c, seed);
			final int n = members.size();
			int k = (int) Math.round(n * valFraction);
			if (n >= 2) k = Math.max(1, Math.min(n - 1, k));
			else k = 0;
			int t = testFraction > 0 && n >= 3 ? (int) Math.max(1, Math.round(n * testFraction)) : 0;
			t = Math.max(0, Math.min(n - k - 1, t));
			addSortedByName(val, members.subList(0, k));
			addSortedByName(train, members.subList(k, n - t));
			addSortedByName(test, members.subList(n - t, n));
		}
		return new Split(List.copyOf(train), List.copyOf(val), List.copyOf(test));
	}

	/**
	 * The {@code fold}-th of {@code folds} stratified cross-validation splits: fold {@code fold} is
	 * the validation part, the other folds train.
	 * <p>
	 * For each class separately: sort its files by file name (then by path) and shuffle them with
	 * {@code Collections.shuffle(files, new Random(seed))} (a new {@code Random} per class), as
	 * {@link #stratifiedSplit} does; fold {@code i} takes the positions from
	 * {@code round(n * i / folds)} up to {@code round(n * (i + 1) / folds)}. The folds of a class are
	 * disjoint, cover all its files and differ in size by at most one; fold 0 of 5 is the validation
	 * part of {@code stratifiedSplit(0.2, seed)} for classes whose size makes both roundings agree.
	 * Both lists are in label order, each class sorted by file name.
	 * </p>
	 *
	 * @param folds number of folds, at least 2
	 * @param fold the validation fold, {@code 0 <= fold < folds}
	 * @throws IllegalArgumentException for a fold outside the range, or a class with fewer images
	 *           than folds (the message names it)
	 */
	public Split stratifiedFold(final int folds, final int fold, final long seed) {
		if (folds < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " +
			folds);
		if (fold < 0 || fold >= folds) throw new IllegalArgumentException("fold must be 0 to " +
			(folds - 1) + " for " + folds + " folds, got " + fold);
		final List<LabelledFile> train = new ArrayList<>();
		final List<LabelledFile> val = new ArrayList<>();
		for (int c = 0; c < classNames.size(); c++) {
			final List<LabelledFile> members = shuffledMembers(c, seed);
			final int n = members.size();
			if (n < folds) throw new IllegalArgumentException("class '" + classNames.get(c) + "' has " +
				n + " image" + (n == 1 ? "" : "s") + ", fewer than the " + folds +
				" folds; use fewer folds");
			final int from = (int) Math.round((double) n * fold / folds);
			final int to = (int) Math.round((double) n * (fold + 1) / folds);
			addSortedByName(val, members.subList(from, to));
			final List<LabelledFile> t = new ArrayList<>(members.subList(0, from));
			t.addAll(members.subList(to, n));
			addSortedByName(train, t);
		}
		return new Split(List.copyOf(train), List.copyOf(val));
	}

	// -- Helper methods --

	/** The files of one class, sorted by name, then shuffled with a new {@code Random(seed)}. */
	private List<LabelledFile> shuffledMembers(final int label, final long seed) {
		final List<LabelledFile> members = new ArrayList<>(files.stream()
			.filter(f -> f.label() == label).sorted(BY_NAME).toList());
		Collections.shuffle(members, new Random(seed));
		return members;
	}

	private static void addSortedByName(final List<LabelledFile> into, final List<LabelledFile> part) {
		final List<LabelledFile> sorted = new ArrayList<>(part);
		sorted.sort(BY_NAME);
		into.addAll(sorted);
	}
}
