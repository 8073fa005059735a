package org.rnn4j.kernel;

/**
 * Plain-Java GEMM, the scalar twin of {@code org.rnn4j.kernel.simd.SimdGemm}.
 * <pre>
 *   C[M, N] = (accumulate ? C : 0) + op(A)[M, K] · op(B)[K, N]
 * </pre>
 * Each element of C is computed from its old value (or 0) by adding the products
 * {@code op(A)[i, p] · op(B)[p, j]} one at a time in increasing p, so the result for an element does
 * not depend on which sub-block of C a call covers (callers may split C into tiles freely).
 */
public final class ScalarGemm {
    private ScalarGemm() {}

    /**
     * {@code C[M, N] = (accumulate ? C : 0) + op(A)·op(B)}, all row-major.
     * A is [M, K] (lda ≥ K) or, if transA, stored as [K, M] (lda ≥ M).
     * B is [K, N] (ldb ≥ N) or, if transB, stored as [N, K] (ldb ≥ K). C is [M, N] (ldc ≥ N).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        assert m >= 0 && n >= 0 && k >= 0 : "negative size";
        assert ldc >= n && lda >= (transA ? m : k) && ldb >= (transB ? k : n) : "leading dimension too small";
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
            if (transB) {
                // B stored [N, K]: each C element is a dot product of two K-vectors.
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = c[ci + j];
                    if (transA) {
                        for (int p = 0; p < k; p++) s += a[aOff + p * lda + i] * b[bj + p];
                    } else {
                        int ai = aOff + i * lda;
                        for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                    }
                    c[ci + j] = s;
                }
            } else {
                // B stored [K, N]: row i of C += A[i, p] · row p of B, for p = 0..K-1 (ikj order).
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }
}
