package org.rnn4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One randomized GEMM problem for kernel tests: shape, transposes, padded leading dimensions,
 * nonzero offsets, random contents (including the padding, which must never be read into C or
 * written), and a double-precision reference result.
 */
public record GemmCase(boolean transA, boolean transB, int m, int n, int k,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float[] c0, int cOff, int ldc, boolean accumulate) {

    /** A case with random leading-dimension padding (0..5) and offsets (0..7); values uniform in [−1, 1]. */
    public static GemmCase random(boolean transA, boolean transB, int m, int n, int k, boolean accumulate, Random rnd) {
        int lda = (transA ? m : k) + rnd.nextInt(6);
        int ldb = (transB ? k : n) + rnd.nextInt(6);
        int ldc = n + rnd.nextInt(6);
        int aOff = rnd.nextInt(8), bOff = rnd.nextInt(8), cOff = rnd.nextInt(8);
        float[] a = values(aOff + (transA ? k : m) * lda + 3, rnd);
        float[] b = values(bOff + (transB ? n : k) * ldb + 3, rnd);
        float[] c = values(cOff + m * ldc + 3, rnd);
        return new GemmCase(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * About 100 shapes (M ≤ 150, N ≤ 300, K ≤ 700): the edge sizes 1, 7, 8, 17, 33 … around the
     * register tile and the blocking (MR = 8, NR = 32, KC = 256, MC = 128), then random ones.
     */
    public static List<int[]> shapes(Random rnd) {
        List<int[]> shapes = new ArrayList<>();
        int[] edges = {1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 129};
        for (int i = 0; i < edges.length; i++) {
            shapes.add(new int[] {edges[i], edges[(i + 5) % edges.length], edges[(i + 9) % edges.length]});
        }
        shapes.add(new int[] {150, 300, 700});
        shapes.add(new int[] {129, 257, 513});
        shapes.add(new int[] {128, 256, 256});
        shapes.add(new int[] {1, 300, 700});
        shapes.add(new int[] {150, 1, 700});
        shapes.add(new int[] {150, 300, 1});
        while (shapes.size() < 100) {
            shapes.add(new int[] {1 + rnd.nextInt(150), 1 + rnd.nextInt(300), 1 + rnd.nextInt(700)});
        }
        return shapes;
    }

    private static float[] values(int size, Random rnd) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = rnd.nextFloat() * 2 - 1;
        return x;
    }

    /** A fresh copy of the initial C (so each implementation starts from the same array). */
    public float[] freshC() {
        return c0.clone();
    }

    /** op(A)[i, p]. */
    public float opA(int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    /** op(B)[p, j]. */
    public float opB(int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** The expected C (whole array, padding included) computed in double. */
    public double[] reference() {
        double[] r = new double[c0.length];
        for (int i = 0; i < c0.length; i++) r[i] = c0[i];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c0[cOff + i * ldc + j] : 0;
                for (int p = 0; p < k; p++) s += (double) opA(i, p) * opB(p, j);
                r[cOff + i * ldc + j] = s;
            }
        }
        return r;
    }

    /**
     * The tolerance for |C − reference|: 1e−5·√(K+1)·max|value|, where every value of A, B and C₀
     * is in [−1, 1] (float32 round-off of a K-term sum grows like √K·ε·magnitude, ε ≈ 6e−8; a
     * wrong index gives O(1) errors).
     */
    public double tolerance() {
        return 1e-5 * Math.sqrt(k + 1.0);
    }

    /** Max |got − expected| over the whole array; elements outside the [M, N] block must match exactly. */
    public double maxError(float[] got, double[] expected) {
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            int rel = i - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside && got[i] != (float) expected[i]) return Double.POSITIVE_INFINITY;
            worst = Math.max(worst, Math.abs(got[i] - expected[i]));
        }
        return worst;
    }

    @Override
    public String toString() {
        return "[M=" + m + ", N=" + n + ", K=" + k + "] transA=" + transA + " transB=" + transB
                + " accumulate=" + accumulate + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc
                + " offsets=" + aOff + "," + bOff + "," + cOff;
    }
}
