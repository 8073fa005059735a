package org.rnn4j.testing;

/**
 * Finite differences of whole-graph LSTM state gradients: perturbing {@code c_t} must also move
 * {@code h_t = o⊙tanh(c_t)} of the same step, as autograd sees it. The gate {@code o} is recovered
 * from the unperturbed state ({@code o = h / tanh(c)}); with peepholes {@code o = σ(zo + wco⊙c)},
 * its pre-activation {@code zo} recovered the same way.
 */
public final class LstmStates {
    private LstmStates() {}

    /**
     * {@code mid} ({@code B} rows {@code [h | c]} of width 2H) with every perturbed c carried into
     * its h; {@code base} is the unperturbed state, {@code wco [H]} the peephole weights or null.
     */
    public static float[] carryCIntoH(float[] base, float[] mid, int B, int H, float[] wco) {
        float[] st = mid.clone();
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) {
                int h = b * 2 * H + j, c = h + H;
                if (mid[c] == base[c]) continue;
                double o = base[h] / Math.tanh(base[c]);
                if (wco != null) {
                    double zo = Math.log(o / (1 - o)) - wco[j] * base[c];
                    o = 1 / (1 + Math.exp(-(zo + wco[j] * mid[c])));
                }
                st[h] = (float) (o * Math.tanh(mid[c]) + (mid[h] - base[h]));
            }
        }
        return st;
    }
}
