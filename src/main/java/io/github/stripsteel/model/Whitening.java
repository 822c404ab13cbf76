package io.github.stripsteel.model;

/**
 * The linear algebra of {@link FeatureDistance}: a covariance shrunk towards a multiple of the
 * identity (Ledoit-Wolf), and the whitening matrix that turns it into the identity (the inverse of
 * its Cholesky factor), stored lower-triangular and row-major so that
 * {@code |W x - W y|} is the Mahalanobis distance between {@code x} and {@code y}.
 */
final class Whitening {

	private Whitening() {}

	/**
	 * The whitening matrix of centred rows: the inverse Cholesky factor of their shrunk covariance,
	 * {@code d x d}, row-major, zero above the diagonal.
	 */
	static float[] fit(final double[][] centred) {
		final int d = centred[0].length;
		final double[][] w = inverseCholesky(shrunkCovariance(centred));
		final float[] flat = new float[d * d];
		for (int r = 0; r < d; r++)
			for (int c = 0; c <= r; c++)
				flat[r * d + c] = (float) w[r][c];
		return flat;
	}

	/**
	 * Ledoit-Wolf: {@code (1 - s) S + s mu I} with the shrinkage {@code s} that minimises the
	 * expected Frobenius error, estimated from the data (Ledoit and Wolf 2004, lemma 3.2-3.4).
	 */
	static double[][] shrunkCovariance(final double[][] x) {
		final int n = x.length, d = x[0].length;
		final double[][] s = new double[d][d];
		for (final double[] row : x)
			for (int a = 0; a < d; a++) {
				final double ra = row[a];
				if (ra == 0) continue;
				for (int b = 0; b <= a; b++)
					s[a][b] += ra * row[b];
			}
		for (int a = 0; a < d; a++)
			for (int b = 0; b <= a; b++) {
				s[a][b] /= n;
				s[b][a] = s[a][b];
			}
		double mu = 0;
		for (int a = 0; a < d; a++)
			mu += s[a][a];
		mu /= d;
		double delta = 0, sNorm = 0;
		for (int a = 0; a < d; a++)
			for (int b = 0; b < d; b++) {
				final double t = s[a][b] - (a == b ? mu : 0);
				delta += t * t;
				sNorm += s[a][b] * s[a][b];
			}
		// sum over images of |x x^T - S|^2 = |x|^4 - 2 x^T S x + |S|^2
		double beta = 0;
		for (final double[] row : x) {
			double sq = 0, quad = 0;
			for (int a = 0; a < d; a++) {
				sq += row[a] * row[a];
				double sa = 0;
				for (int b = 0; b < d; b++)
					sa += s[a][b] * row[b];
				quad += row[a] * sa;
			}
			beta += sq * sq - 2 * quad + sNorm;
		}
		beta /= (double) n * n;
		final double shrink = delta <= 0 ? 1 : Math.min(1, beta / delta);
		for (int a = 0; a < d; a++)
			for (int b = 0; b < d; b++)
				s[a][b] = (1 - shrink) * s[a][b] + (a == b ? shrink * mu : 0);
		if (mu <= 0) for (int a = 0; a < d; a++)
			s[a][a] += 1e-6; // all embeddings equal their class means
		return s;
	}

	/** The inverse of the Cholesky factor L of {@code a} ({@code a = L L^T}), lower triangular. */
	static double[][] inverseCholesky(final double[][] a) {
		final int d = a.length;
		final double[][] l = new double[d][d];
		for (int i = 0; i < d; i++)
			for (int j = 0; j <= i; j++) {
				double sum = a[i][j];
				for (int k = 0; k < j; k++)
					sum -= l[i][k] * l[j][k];
				if (i == j) {
					if (!(sum > 0)) throw new IllegalStateException(
						"the feature covariance is not positive definite");
					l[i][i] = Math.sqrt(sum);
				}
				else l[i][j] = sum / l[j][j];
			}
		final double[][] inv = new double[d][d];
		for (int c = 0; c < d; c++) {
			inv[c][c] = 1 / l[c][c];
			for (int i = c + 1; i < d; i++) {
				double sum = 0;
				for (int k = c; k < i; k++)
					sum -= l[i][k] * inv[k][c];
				inv[i][c] = sum / l[i][i];
			}
		}
		return inv;
	}

	/** {@code lower x} for a lower-triangular {@code d x d} matrix, row-major. */
	static float[] apply(final float[] lower, final float[] x, final int d) {
		final float[] y = new float[d];
		for (int r = 0; r < d; r++) {
			double s = 0;
			final int off = r * d;
			for (int c = 0; c <= r; c++)
				s += lower[off + c] * x[c];
			y[r] = (float) s;
		}
		return y;
	}

	static float[] toFloat(final double[] v) {
		final float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++)
			f[i] = (float) v[i];
		return f;
	}
}
