package org.rnn4j.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.GroupGemv;
import org.rnn4j.kernel.ScalarGemm;

/**
 * The grouped one-row product against the dense one (W [4H, K], z = zx + h·Wᵀ): the SIMD kernel
 * gives each listed row the bits of {@link SimdGemm}'s one-row product, the scalar twin those of
 * {@link ScalarGemm}, and the twins agree to rounding. K = 300 crosses a KC = 256 slice; H = 7 leaves
 * a last group with 3 padding units; listed groups out of order, counts of vector columns that take
 * the kernel's 8-, 4- and 1-column paths.
 */
class SimdGroupGemvTest {

    @Test
    void listedRowsGetTheDenseProductsBitsAndTheTwinsAgree() {
        Random rnd = new Random(7);
        for (int[] s : new int[][] {{7, 300}, {13, 5}, {16, 256}, {3, 1}, {40, 300}, {57, 20}}) {
            int H = s[0], K = s[1], N = 4 * H;
            float[] w = new float[N * K], a = new float[K + 2], zx = new float[N];
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() * 2 - 1;
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() * 2 - 1;
            for (int i = 0; i < N; i++) zx[i] = rnd.nextFloat() * 2 - 1;
            int[] order = new int[H];
            for (int j = 0; j < H; j++) order[j] = j;                             // identity ...
            for (int j = H - 1; j > 0; j--) {                                     // ... shuffled
                int r = rnd.nextInt(j + 1), t = order[j];
                order[j] = order[r];
                order[r] = t;
            }
            int G = GroupGemv.groups(H);
            float[] panels = new float[G * K * GroupGemv.WIDTH];
            GroupGemv.pack(w, 0, K, H, K, order, panels);
            // the dense products, SIMD and scalar: z = zx + a·Wᵀ (a from offset 2)
            float[] bp = new float[SimdGemm.packedSize(K, N)];
            SimdGemm.packB(true, K, N, w, 0, K, bp, 0);
            float[] zSimd = zx.clone(), zScalar = zx.clone();
            SimdGemm.gemmPacked(false, 1, N, K, a, 2, K, bp, 0, zSimd, 0, N, true, new GemmWorkspace());
            ScalarGemm.gemm(false, true, 1, N, K, a, 2, K, w, 0, K, zScalar, 0, N, true);
            int[] groups = new int[G];
            int n = 0;
            for (int q = G - 1; q >= 0; q--) if (q != 1) groups[n++] = q;          // all but group 1, backwards
            float[] outSimd = new float[n * 16], outScalar = new float[n * 16];
            for (int i = 0; i < n; i++) {
                for (int l = 0; l < 16; l++) {
                    int unit = groups[i] * 4 + l % 4, gate = l / 4;
                    float v = unit < H ? zx[gate * H + order[unit]] : 0f;
                    outSimd[i * 16 + l] = outScalar[i * 16 + l] = v;
                }
            }
            SimdGroupGemv.gemv(K, a, 2, panels, groups, n, outSimd);
            GroupGemv.gemv(K, a, 2, panels, groups, n, outScalar);
            for (int i = 0; i < n; i++) {
                for (int l = 0; l < 16; l++) {
                    int unit = groups[i] * 4 + l % 4, gate = l / 4;
                    String at = "H=" + H + " K=" + K + " group " + groups[i] + " lane " + l;
                    float simd = outSimd[i * 16 + l], scalar = outScalar[i * 16 + l];
                    assertEquals(scalar, simd, 1e-5f * K, "twins agree, " + at);
                    if (unit >= H) {
                        assertEquals(0f, simd, "padding stays 0, " + at);
                        continue;
                    }
                    int row = gate * H + order[unit];
                    assertEquals(Float.floatToRawIntBits(zSimd[row]), Float.floatToRawIntBits(simd), "SIMD bits, " + at);
                    assertEquals(Float.floatToRawIntBits(zScalar[row]), Float.floatToRawIntBits(scalar), "scalar bits, " + at);
                }
            }
        }
    }
}
