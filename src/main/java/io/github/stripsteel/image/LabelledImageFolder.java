package io.github.stripsteel.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/** Interim: a folder with one sub-folder per class. */
public final class LabelledImageFolder {

	private final Path root;
	private final List<String> classNames;
	private final List<LabelledFile> files;

	private LabelledImageFolder(final Path root, final List<String> classNames,
		final List<LabelledFile> files)
	{
		this.root = root;
		this.classNames = classNames;
		this.files = files;
	}

	public record LabelledFile(Path file, int label) {}

	public record Split(List<LabelledFile> train, List<LabelledFile> val) {}

	public static LabelledImageFolder scan(final Path root) throws IOException {
		final List<Path> dirs;
		try (Stream<Path> s = Files.list(root)) {
			dirs = s.filter(Files::isDirectory).sorted().toList();
		}
		final List<String> names = new ArrayList<>();
		final List<LabelledFile> files = new ArrayList<>();
		for (final Path d : dirs) {
			names.add(d.getFileName().toString());
			try (Stream<Path> s = Files.list(d)) {
				for (final Path f : s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
					.matches(".*\\.(png|jpe?g|bmp|tiff?|gif)")).sorted().toList())
					files.add(new LabelledFile(f, names.size() - 1));
			}
		}
		return new LabelledImageFolder(root, names, files);
	}

	public Path root() {
		return root;
	}

	public List<String> classNames() {
		return classNames;
	}

	public List<LabelledFile> files() {
		return files;
	}

	public Split stratifiedSplit(final double valFraction, final long seed) {
		final List<LabelledFile> train = new ArrayList<>(), val = new ArrayList<>();
		for (int k = 0; k < classNames.size(); k++) {
			final int label = k;
			final List<LabelledFile> cls = new ArrayList<>(files.stream().filter(f -> f
				.label() == label).sorted((a, b) -> a.file().getFileName().toString().compareTo(b.file()
					.getFileName().toString())).toList());
			Collections.shuffle(cls, new Random(seed));
			int nVal = (int) Math.round(cls.size() * valFraction);
			if (nVal == 0 && cls.size() >= 2 && valFraction > 0) nVal = 1;
			val.addAll(cls.subList(0, nVal));
			train.addAll(cls.subList(nVal, cls.size()));
		}
		return new Split(train, val);
	}
}
