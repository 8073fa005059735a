package org.rnn4j.kernel;

import org.rnn4j.kernel.simd.SimdGemm;

/**
 * A right GEMM operand op(B)[K, N] packed once for repeated use (e.g. a recurrent weight matrix
 * reused for all T steps). Made by {@link Compute#pack}, refreshed in place by
 * {@link Compute#repack} (after an optimizer step), consumed by {@link Compute#gemmPacked}.
 * The layout is private to the kernel in use: NR-column panels [K][NR] for SIMD, plain row-major
 * op(B) [K, N] for scalar. Read-only during GEMMs, so any number of threads may use it at once.
 */
public final class PackedMatrix {
    private final int k;
    private final int n;
    private final boolean transB;
    final boolean simd;
    final float[] data;

    PackedMatrix(boolean transB, int k, int n, boolean simd) {
        this.k = k;
        this.n = n;
        this.transB = transB;
        this.simd = simd;
        this.data = new float[simd ? SimdGemm.packedSize(k, n) : k * n];
    }

    /** K: rows of op(B), the inner dimension of the GEMMs it serves. */
    public int rows() {
        return k;
    }

    /** N: columns of op(B), the output columns of the GEMMs it serves. */
    public int cols() {
        return n;
    }

    /** Whether it was packed from B stored as [N, K] (transB) rather than [K, N]. */
    public boolean transposed() {
        return transB;
    }

    /** Copies op(B) from b into data (b is [K, N] with ldb ≥ N, or stored [N, K] with ldb ≥ K if transposed). */
    void fill(float[] b, int bOff, int ldb) {
        if (simd) {
            SimdGemm.packB(transB, k, n, b, bOff, ldb, data, 0);
        } else if (transB) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) data[p * n + j] = b[bOff + j * ldb + p];
            }
        } else {
            for (int p = 0; p < k; p++) System.arraycopy(b, bOff + p * ldb, data, p * n, n);
        }
    }

    /** Offset in data of column j (a multiple of the split unit NR when simd). */
    int columnOffset(int j) {
        return simd ? (j / SimdGemm.NR) * SimdGemm.NR * k : j;
    }
}
