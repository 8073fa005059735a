package org.rnn4j.param;

import java.util.random.RandomGenerator;

/** Modified Gram–Schmidt QR in double precision, for {@link Init.Orthogonal}. */
final class Orthogonalizer {
    private Orthogonalizer() {}

    /** A {@code rows × cols} matrix with orthonormal columns (rows ≥ cols) or rows (rows < cols). */
    static double[][] orthogonal(int rows, int cols, RandomGenerator rng) {
        boolean transpose = rows < cols;
        int n = transpose ? cols : rows; // tall dimension
        int m = transpose ? rows : cols; // columns to orthonormalise
        double[][] a = new double[m][n]; // column vectors
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) a[j][i] = rng.nextGaussian();
        }
        for (int j = 0; j < m; j++) {
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += a[p][i] * a[j][i];
                for (int i = 0; i < n; i++) a[j][i] -= dot * a[p][i];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += a[j][i] * a[j][i];
            norm = Math.sqrt(norm);
            // R's diagonal is positive here by construction; torch multiplies Q by sign(diag R),
            // which for this Gram–Schmidt is +1, so the distribution is Haar.
            for (int i = 0; i < n; i++) a[j][i] /= norm;
        }
        double[][] out = new double[rows][cols];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                if (transpose) out[j][i] = a[j][i];
                else out[i][j] = a[j][i];
            }
        }
        return out;
    }
}
