package io.github.stripsteel.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.github.stripsteel.util.InvalidSettingException;

/**
 * How often each class's training images come up in an epoch. An epoch always has as many draws as
 * there are training images; the class of a draw has probability proportional to {@code n_k^q},
 * where {@code n_k} is the class's number of images:
 * <ul>
 * <li>{@code uniform} (q = 1): every image once, shuffled — the class frequencies of the data;</li>
 * <li>{@code sqrt} (q = 1/2): rare classes more often, common ones less (Mahajan et al., 2018);</li>
 * <li>{@code balanced} (q = 0): every class equally often.</li>
 * </ul>
 * A class's quota is filled by going through its images in a shuffled order, again and again, so
 * that each of its images is drawn the same number of times (give or take one); quotas are rounded
 * by largest remainder and sum to the epoch length.
 */
public enum ClassSampling {

	UNIFORM(1), SQRT(0.5), BALANCED(0);

	private final double power;

	ClassSampling(final double power) {
		this.power = power;
	}

	/** The name the faces take and {@code train-config.json} records. */
	public String label() {
		return InvalidSettingException.label(this);
	}

	public static ClassSampling parse(final String name) {
		return InvalidSettingException.choice("sampler", values(), name);
	}

	/** Draws per class in an epoch of {@code sum(counts)} draws. */
	public int[] quotas(final int[] counts) {
		int total = 0;
		double norm = 0;
		for (final int n : counts) {
			total += n;
			if (n > 0) norm += Math.pow(n, power);
		}
		final int[] quota = new int[counts.length];
		final double[] remainder = new double[counts.length];
		int assigned = 0;
		for (int k = 0; k < counts.length; k++) {
			if (counts[k] == 0) continue;
			final double exact = total * Math.pow(counts[k], power) / norm;
			quota[k] = (int) Math.floor(exact);
			remainder[k] = exact - quota[k];
			assigned += quota[k];
		}
		for (; assigned < total; assigned++) {
			int best = -1;
			for (int k = 0; k < counts.length; k++)
				if (counts[k] > 0 && (best < 0 || remainder[k] > remainder[best])) best = k;
			quota[best]++;
			remainder[best] = -1;
		}
		return quota;
	}

	/**
	 * The image indices of one epoch, in training order. For {@code uniform} this is a shuffle of
	 * all indices (what every run before this option did, draw for draw).
	 *
	 * @param labels class index of each training image
	 * @param classes number of classes
	 */
	public List<Integer> epochOrder(final int[] labels, final int classes, final Random random) {
		final List<Integer> order = new ArrayList<>();
		if (this == UNIFORM) {
			for (int i = 0; i < labels.length; i++)
				order.add(i);
			Collections.shuffle(order, random);
			return order;
		}
		final List<List<Integer>> members = new ArrayList<>();
		for (int k = 0; k < classes; k++)
			members.add(new ArrayList<>());
		for (int i = 0; i < labels.length; i++)
			members.get(labels[i]).add(i);
		final int[] counts = members.stream().mapToInt(List::size).toArray();
		final int[] quota = quotas(counts);
		for (int k = 0; k < classes; k++) {
			final List<Integer> pool = new ArrayList<>(members.get(k));
			for (int drawn = 0; drawn < quota[k]; drawn++) {
				if (drawn % pool.size() == 0) Collections.shuffle(pool, random);
				order.add(pool.get(drawn % pool.size()));
			}
		}
		Collections.shuffle(order, random);
		return order;
	}
}
