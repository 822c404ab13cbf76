package io.github.stripsteel.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.scijava.log.Logger;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.Device;
import io.github.stripsteel.util.PngFiles;
import io.github.stripsteel.image.ImageDecoder;
import io.github.stripsteel.util.AtomicFiles;
import io.github.stripsteel.model.ModelPackage;
import io.github.stripsteel.preprocess.PreprocessingChain;
import io.github.stripsteel.train.MigratedSamples;
import io.github.stripsteel.util.InvalidSettingException;
import io.github.stripsteel.util.Progress;

/**
 * Writes synthetic samples of a CycleGAN's target class: each source image is resized to the
 * generator's size, translated, and written as
 * {@code OUT/<target class>/cyclegan_<package name>_<source class>_<source file>_v<k>.png}, the
 * name carrying its provenance. With more samples asked for than source images, the k-th pass over
 * the sources translates their k-th rotation/reflection ({@code v0} is the image as it is). A file
 * that exists is kept (skipped), an unreadable source is reported and the rest go on; a
 * {@code migration-<package name>.json} beside the class folders records the package and the
 * files. The output is a class-folder tree that a training run adds to its training split
 * ({@code TrainingConfig.withMigrated}).
 */
public final class SampleMigration {

	private final CycleGanModel model;
	private final Logger log;
	private Progress progress = Progress.NONE;

	/** What a run wrote. */
	public record Result(List<Path> written, List<Path> skipped, List<String> failed) {}

	public SampleMigration(final CycleGanModel model, final Logger log) {
		this.model = model;
		this.log = log;
	}

	/** Told after every sample; asked before each whether to stop (the files written so far stay). */
	public SampleMigration progress(final Progress value) {
		this.progress = value;
		return this;
	}

	/**
	 * The sources the package was trained on: the training split of its source class, the training
	 * part of its fold under cross-validation (never a validation image, so the samples can join a
	 * training split of the same dataset: {@link CycleGanTraining#sourceFiles}).
	 */
	public List<Path> trainingSources() throws IOException {
		final List<Path> files = new ArrayList<>();
		CycleGanTraining.sourceFiles(model.training()).forEach(f -> files.add(f.file()));
		return files;
	}

	/**
	 * @param sources source-class images (any size; decoded by content)
	 * @param count samples to write (at most 8 per source)
	 */
	public Result run(final List<Path> sources, final Path outRoot, final int count,
		final Device device) throws IOException
	{
		if (sources.isEmpty()) throw new IOException("no source images to migrate");
		if (count < 1 || count > 8L * sources.size()) throw new InvalidSettingException(
			"{count} must be between 1 and 8 x the " + sources.size() + " source images, got " + count);
		final Path classDir = outRoot.resolve(model.targetClass());
		Files.createDirectories(classDir);
		final int s = model.size();
		final PreprocessingChain chain = PreprocessingChain.parse("resize(width=" + s + ",height=" + s +
			")");
		final List<Path> written = new ArrayList<>(), skipped = new ArrayList<>();
		final List<String> failed = new ArrayList<>();
		try (CycleGanModel.Generator generator = model.open(device)) {
			for (int i = 0; i < count; i++) {
				progress.update(i, count, "sample " + i + "/" + count);
				progress.stopIfCancelled(() -> "migration cancelled after " + written.size() +
					" samples; the files written so far stay");
				final Path source = sources.get(i % sources.size());
				final int view = i / sources.size();
				final Path target = classDir.resolve(fileName(source, view));
				if (Files.exists(target)) {
					skipped.add(target);
					continue;
				}
				try {
					final byte[] pixels = chain.apply(ImageDecoder.read(source).gray()).update(null)
						.getCurrentStorageArray();
					PngFiles.writeGray(generator.translate(dihedral(pixels, s, view)), s, s, target);
					written.add(target);
				}
				catch (final IOException e) {
					failed.add(e.getMessage());
					log.warn("skipped: " + e.getMessage());
				}
			}
		}
		progress.update(count, count, "sample " + count + "/" + count);
		writeRecord(outRoot, sources, count, written, skipped);
		log.info(String.format(Locale.ROOT, "%d samples of '%s' written to %s (%d existed, %d failed)",
			written.size(), model.targetClass(), classDir, skipped.size(), failed.size()));
		return new Result(written, skipped, failed);
	}

	/** The provenance-carrying file name of the {@code view}-th sample of {@code source}. */
	public String fileName(final Path source, final int view) {
		final String stem = source.getFileName().toString().replaceFirst("\\.[^.]*$", "");
		return "cyclegan_" + slug(model.name()) + "_" + slug(model.sourceClass()) + "_" + slug(stem) +
			"_v" + view + ".png";
	}

	/**
	 * One of the 8 rotations/reflections of a square image: bit 0 mirrors x, bit 1 mirrors y, bit 2
	 * transposes.
	 */
	static byte[] dihedral(final byte[] image, final int s, final int view) {
		if (view == 0) return image;
		final byte[] out = new byte[image.length];
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				int u = (view & 1) != 0 ? s - 1 - x : x, v = (view & 2) != 0 ? s - 1 - y : y;
				if ((view & 4) != 0) {
					final int t = u;
					u = v;
					v = t;
				}
				out[y * s + x] = image[v * s + u];
			}
		return out;
	}

	// -- Helper methods --

	private JsonArray derivedFrom(final List<Path> sources) throws IOException {
		final TreeSet<String> paths = new TreeSet<>();
		for (final var f : CycleGanTraining.sourceFiles(model.training()))
			paths.add(f.file().toRealPath().toString());
		for (final var f : CycleGanTraining.targetFiles(model.training()))
			paths.add(f.file().toRealPath().toString());
		for (final Path f : sources)
			paths.add(f.toRealPath().toString());
		final JsonArray array = new JsonArray();
		paths.forEach(array::add);
		return array;
	}

	private static String slug(final String text) {
		return text.replaceAll("[^A-Za-z0-9]+", "-");
	}

	private void writeRecord(final Path outRoot, final List<Path> sources, final int count,
		final List<Path> written, final List<Path> skipped) throws IOException
	{
		final JsonObject record = new JsonObject();
		record.add("cyclegan", model.provenance());
		record.addProperty("target_class", model.targetClass());
		record.addProperty("source_images", sources.size());
		record.addProperty("requested", count);
		final JsonArray files = new JsonArray();
		written.forEach(f -> files.add(f.getFileName().toString()));
		skipped.forEach(f -> files.add(f.getFileName().toString()));
		record.add("files", files);
		record.add(MigratedSamples.DERIVED_FROM, derivedFrom(sources));
		record.addProperty("created", java.time.Instant.now().toString());
		record.addProperty("use", "training only: never evaluate a model on these files");
		AtomicFiles.writeString(outRoot.resolve("migration-" + slug(model.name()) + ".json"),
			ModelPackage.toJsonText(record));
	}
}
