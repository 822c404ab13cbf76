package io.github.stripsteel.spark;

import java.io.Serializable;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

import io.github.stripsteel.classify.Prediction;

/**
 * How many rows of each status ({@code ok}, {@code uncertain}, {@code error}) the executors handed
 * to the writer: counted row by row as they are produced, so that the driver never reads the
 * written output back to print its summary (which would load the whole output through a second
 * Spark job at the end of the run).
 *
 * <p>Why the counts are exact under task retries: they are Spark accumulators updated in the tasks
 * of the write's own result stage (the job reads, classifies and writes in one stage, with no
 * shuffle in between), and for a result stage Spark merges the accumulator updates of the first
 * successful attempt of each partition only: the updates of failed or killed attempts are dropped
 * (user accumulators do not count failed values), and a speculative or retried copy that succeeds
 * after the partition is done is ignored. Counted in a stage before a shuffle, the updates of a
 * recomputed stage would be added again; the job has no such stage.</p>
 */
final class StatusCounts implements Serializable {

	private static final long serialVersionUID = 1L;

	private final LongAccumulator ok;
	private final LongAccumulator uncertain;
	private final LongAccumulator error;

	private StatusCounts(final LongAccumulator ok, final LongAccumulator uncertain,
		final LongAccumulator error)
	{
		this.ok = ok;
		this.uncertain = uncertain;
		this.error = error;
	}

	/** Three new counters, registered on the driver's context (named as the Spark UI shows them). */
	static StatusCounts register(final SparkContext sc) {
		return new StatusCounts(sc.longAccumulator("strip-steel rows ok"), sc.longAccumulator(
			"strip-steel rows uncertain"), sc.longAccumulator("strip-steel rows error"));
	}

	/** Counts one row by its status; on an executor. */
	void add(final String status) {
		switch (status) {
			case "ok" -> ok.add(1);
			case Prediction.UNCERTAIN -> uncertain.add(1);
			case "error" -> error.add(1);
			default -> throw new IllegalArgumentException("unknown row status '" + status + "'");
		}
	}

	/** Rows counted, of every status; on the driver, once the write has finished. */
	long rows() {
		return ok.value() + uncertain.value() + error.value();
	}

	long uncertain() {
		return uncertain.value();
	}

	long errors() {
		return error.value();
	}
}
