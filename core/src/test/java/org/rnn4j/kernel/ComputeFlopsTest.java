package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ComputeFlopsTest {

    @Test
    void countsTwoMnkForEveryGemmAndGemmPackedCall() {
        for (int threads : new int[] {1, 2}) {
            try (Compute c = Compute.create(threads)) {
                assertEquals(0, c.flops(), "a new engine has counted nothing");
                // [M, N, K] = [3, 5, 7]: small, runs on the caller only
                float[] a = new float[3 * 7], b = new float[7 * 5], out = new float[3 * 5];
                c.gemm(false, false, 3, 5, 7, a, 0, 7, b, 0, 5, out, 0, 5, false);
                assertEquals(2L * 3 * 5 * 7, c.flops(), threads + " threads, one small gemm");
                // [100, 512, 128] with B transposed: big enough to be split across threads
                float[] a2 = new float[100 * 128], w = new float[512 * 128], out2 = new float[100 * 512];
                c.gemm(false, true, 100, 512, 128, a2, 0, 128, w, 0, 128, out2, 0, 512, true);
                long expected = 2L * 3 * 5 * 7 + 2L * 100 * 512 * 128;
                assertEquals(expected, c.flops(), threads + " threads, after a split gemm");
                // packing is not a GEMM; the packed call counts K = rows, N = cols of the packed matrix
                PackedMatrix p = c.pack(true, 128, 512, w, 0, 128);
                assertEquals(expected, c.flops(), "pack adds nothing");
                c.gemmPacked(false, 100, a2, 0, 128, p, out2, 0, 512, true);
                c.gemmPacked(true, 128, new float[100 * 128], 0, 128, c.pack(false, 100, 7, new float[100 * 7], 0, 7),
                        new float[128 * 7], 0, 7, false);                 // Aᵀ·B: M = 128, N = 7, K = 100
                expected += 2L * 100 * 512 * 128 + 2L * 128 * 7 * 100;
                assertEquals(expected, c.flops(), threads + " threads, after two gemmPacked calls");
                // element-wise work through parallelFor and empty GEMMs add nothing
                c.parallelFor(1000, 10, (lo, hi) -> { });
                c.gemm(false, false, 0, 5, 7, a, 0, 7, b, 0, 5, out, 0, 5, false);
                assertEquals(expected, c.flops(), "parallelFor and an M = 0 gemm add nothing");
                c.resetFlops();
                assertEquals(0, c.flops(), "reset");
                c.gemm(true, false, 7, 5, 3, a, 0, 7, b, 0, 5, new float[7 * 5], 0, 5, true);
                assertEquals(2L * 7 * 5 * 3, c.flops(), "counting resumes after a reset");
            }
        }
    }
}
