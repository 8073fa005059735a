package org.rnn4j.kernel;

/**
 * A one-row product against a chosen subset of a weight matrix's rows, for inference that skips
 * the closed units of a time-gated cell (g-LSTM): the rows are packed once in groups of
 * {@link #WIDTH} (the 4 gates of 4 units), and a step multiplies only the groups it lists.
 * The scalar twin of {@code org.rnn4j.kernel.simd.SimdGroupGemv}.
 * <pre>
 *   out[i·W + l] += Σ_p a[p] · panels[groups[i]·K·W + p·W + l]     i &lt; n, l &lt; W = 16
 *   panels: [G, K, W], group q's lane l = W rows of the original matrix (see pack)
 * </pre>
 * Numerics: those of {@link ScalarGemm} for one row, each element summed from its old value in
 * increasing p by separate multiplies and adds, so a listed row gets the bits the scalar GEMM
 * gives it in the dense product.
 */
public final class GroupGemv {
    private GroupGemv() {}

    /** Floats per group and per k: 4 gates × 4 units. */
    public static final int WIDTH = 16;
    /** Units per group. */
    public static final int UNITS = 4;

    /**
     * Packs the gate rows of {@code W [4H, K]} (row stride {@code ld}, from {@code wOff}; blocks
     * i | f | g | o of H rows each) into {@code ceil(H / 4)} groups [K][16]: group q's lane
     * {@code g·4 + u} is row {@code g·H + order[4q + u]}; lanes past H are 0.
     *
     * @param order the units in packing order (a permutation of [0, H))
     * @param dst   receives the panels, at least {@code ceil(H / 4)·K·16} floats
     */
    public static void pack(float[] w, int wOff, int ld, int H, int K, int[] order, float[] dst) {
        assert order.length >= H && dst.length >= groups(H) * K * WIDTH;
        int G = groups(H);
        for (int q = 0; q < G; q++) {
            int base = q * K * WIDTH;
            for (int u = 0; u < UNITS; u++) {
                int n = q * UNITS + u;
                for (int g = 0; g < 4; g++) {
                    int lane = g * UNITS + u;
                    if (n >= H) {
                        for (int p = 0; p < K; p++) dst[base + p * WIDTH + lane] = 0f;
                    } else {
                        int row = wOff + (g * H + order[n]) * ld;
                        for (int p = 0; p < K; p++) dst[base + p * WIDTH + lane] = w[row + p];
                    }
                }
            }
        }
    }

    /** Groups of 4 units for H units. */
    public static int groups(int H) {
        return (H + UNITS - 1) / UNITS;
    }

    /**
     * {@code out[i·16 + l] += Σ_p a[aOff + p]·panels[groups[i]·K·16 + p·16 + l]} for i &lt; n;
     * see the class comment for the numerics.
     */
    public static void gemv(int K, float[] a, int aOff, float[] panels, int[] groups, int n, float[] out) {
        assert n <= groups.length && out.length >= n * WIDTH;
        for (int i = 0; i < n; i++) {
            int base = groups[i] * K * WIDTH, o = i * WIDTH;
            for (int l = 0; l < WIDTH; l++) {
                float s = out[o + l];
                for (int p = 0; p < K; p++) s += a[aOff + p] * panels[base + p * WIDTH + l];
                out[o + l] = s;
            }
        }
    }
}
