package org.rnn4j.kernel;

/**
 * The time gate shared by the Phased LSTM (Neil, Pfeiffer &amp; Liu 2016, eqs. 10–11) and the
 * g-LSTM (Thornton, Anumula &amp; Liu 2019): per unit an openness {@code k ∈ [0, 1]} blends the
 * state an LSTM step proposes, {@code (h̃, c̃)}, with the previous state, for one row (one example
 * at one step). How k is computed is each cell's own.
 * <pre>
 *   c = k⊙c̃ + (1 − k)⊙cPrev          h = k⊙h̃ + (1 − k)⊙hPrev
 * </pre>
 * Backward, with dc, dh the gradients of the new state:
 * <pre>
 *   dk     = dc⊙(c̃ − cPrev) + dh⊙(h̃ − hPrev)
 *   dc̃     = k⊙dc          dh̃ = k⊙dh          (then the LSTM backward of the step)
 *   dcPrev ∋ (1 − k)⊙dc    dhPrev ∋ (1 − k)⊙dh    (the direct paths)
 * </pre>
 * Plain float multiplies and adds in this order; allocates nothing.
 */
public final class TimeGateKernels {
    private TimeGateKernels() {}

    /**
     * The blend of one row. On entry the new state's slots {@code s[h..h+H)} and {@code s[c..c+H)}
     * hold the LSTM step's {@code h̃} and {@code c̃}; they are saved to {@code saved} (for backward)
     * and replaced by the blended h and c.
     *
     * @param k      openness of the row's units at kOff, [H]
     * @param s      the state buffer: hPrev, cPrev (the previous row) and h, c (the new row), [H] each
     * @param saved  receives c̃ at cTilde and h̃ at hTilde, [H] each
     */
    public static void forward(float[] k, int kOff, float[] s, int hPrev, int cPrev, int h, int c,
                               float[] saved, int cTilde, int hTilde, int H) {
        assert H >= 0 && kOff + H <= k.length && cTilde + H <= saved.length && hTilde + H <= saved.length;
        for (int j = 0; j < H; j++) {
            float kj = k[kOff + j], ct = s[c + j], ht = s[h + j];
            saved[cTilde + j] = ct;
            saved[hTilde + j] = ht;
            s[c + j] = kj * ct + (1 - kj) * s[cPrev + j];
            s[h + j] = kj * ht + (1 - kj) * s[hPrev + j];
        }
    }

    /**
     * The backward of {@link #forward} for one row: writes {@code dk}, the direct path of dhPrev
     * (overwriting {@code dPrev[dhPrev..)}) and of dcPrev (into {@code keep}: the caller adds it
     * after the LSTM backward, which overwrites dcPrev), and scales {@code dNext} in place from
     * (dh, dc) to (dh̃, dc̃) = (k⊙dh, k⊙dc).
     *
     * @param saved  c̃ at cTilde and h̃ at hTilde, as {@link #forward} saved them
     * @param s      the state buffer: hPrev and cPrev of the row
     * @param dNext  dh at dh and dc at dc on entry; k⊙dh and k⊙dc on return
     * @param dPrev  receives (1 − k)⊙dh at dhPrev
     * @param dk     receives dk at dkOff, [H]
     * @param keep   receives (1 − k)⊙dc at keepOff, [H]
     */
    public static void backward(float[] k, int kOff, float[] saved, int cTilde, int hTilde, float[] s, int hPrev, int cPrev,
                                float[] dNext, int dh, int dc, float[] dPrev, int dhPrev, float[] dk, int dkOff,
                                float[] keep, int keepOff, int H) {
        assert H >= 0 && dkOff + H <= dk.length && keepOff + H <= keep.length;
        for (int j = 0; j < H; j++) {
            float kj = k[kOff + j], dhj = dNext[dh + j], dcj = dNext[dc + j];
            dk[dkOff + j] = dcj * (saved[cTilde + j] - s[cPrev + j]) + dhj * (saved[hTilde + j] - s[hPrev + j]);
            dPrev[dhPrev + j] = (1 - kj) * dhj;
            keep[keepOff + j] = (1 - kj) * dcj;
            dNext[dh + j] = kj * dhj;
            dNext[dc + j] = kj * dcj;
        }
    }

    /** {@code dst[dstOff + j] += src[srcOff + j]} for j in [0, n): the kept direct path of dcPrev. */
    public static void add(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        assert n >= 0 && srcOff + n <= src.length && dstOff + n <= dst.length;
        for (int j = 0; j < n; j++) dst[dstOff + j] += src[srcOff + j];
    }

    /**
     * The mean openness {@code (1/(rows·H)) Σ k} of {@code rows} cache rows of stride {@code cw},
     * whose first H floats are k (the time-gated cells' cache layout), summed in double in order.
     */
    public static double meanOpenness(float[] cache, int off, int rows, int cw, int H) {
        double sum = 0;
        for (int r = 0, k = off; r < rows; r++, k += cw) {
            for (int j = 0; j < H; j++) sum += cache[k + j];
        }
        return sum / ((double) rows * H);
    }

    /** The fraction of the unit-steps of {@link #meanOpenness}'s rows with {@code k > eps}. */
    public static double fractionAbove(float[] cache, int off, int rows, int cw, int H, double eps) {
        long n = 0;
        for (int r = 0, k = off; r < rows; r++, k += cw) {
            for (int j = 0; j < H; j++) if (cache[k + j] > eps) n++;
        }
        return n / ((double) rows * H);
    }
}
