package io.github.stripsteel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

	@Test
	void figuresWorkedByHand() {
		// truth:     a a a a b b c c c c
		// predicted: a a a b b a c c c a
		final int[] truth = { 0, 0, 0, 0, 1, 1, 2, 2, 2, 2 };
		final int[] predicted = { 0, 0, 0, 1, 1, 0, 2, 2, 2, 0 };
		final ClassificationMetrics m = ClassificationMetrics.of(List.of("a", "b", "c"), truth,
			predicted);
		assertEquals(0.7, m.accuracy(), 1e-12);
		// recalls 3/4, 1/2, 3/4; precisions 3/5, 1/2, 3/3
		assertEquals(0.75, m.recall(0), 1e-12);
		assertEquals(0.5, m.recall(1), 1e-12);
		assertEquals(0.6, m.precision(0), 1e-12);
		assertEquals(1.0, m.precision(2), 1e-12);
		// F1: a = 2*.6*.75/1.35 = 0.6667, b = 0.5, c = 2*1*.75/1.75 = 0.857142...
		assertEquals((2 * 0.6 * 0.75 / 1.35 + 0.5 + 1.5 / 1.75) / 3, m.macroF1(), 1e-12);
		// G-mean = (0.75 * 0.5 * 0.75)^(1/3) = 0.28125^(1/3) = 0.655185...
		assertEquals(Math.cbrt(0.28125), m.gmean(), 1e-12);
		assertEquals(1, m.rarestClass());
		assertEquals(2, m.confusion()[1][1] + m.confusion()[1][0]);
	}

	@Test
	void gmeanIsZeroWhenAClassIsNeverRecalled() {
		final ClassificationMetrics m = ClassificationMetrics.of(List.of("a", "b"), new int[] { 0, 0,
			1 }, new int[] { 0, 0, 0 });
		assertEquals(0.0, m.gmean());
		assertEquals(2.0 / 3, m.accuracy(), 1e-12);
		assertEquals(0.0, ClassificationMetrics.gmean(new double[] { 1, 0.9, 0 }));
	}

	@Test
	void jsonHasTheDocumentedKeys() {
		final var json = ClassificationMetrics.of(List.of("a", "b"), new int[] { 0, 1 }, new int[] {
			0, 1 }).toJson();
		for (final String key : List.of("accuracy", "macro_f1", "gmean", "per_class", "confusion"))
			assertEquals(true, json.has(key), key);
		assertEquals(1.0, json.getAsJsonObject("per_class").getAsJsonObject("b").get("recall")
			.getAsDouble());
	}
}
