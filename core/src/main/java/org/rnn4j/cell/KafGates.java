package org.rnn4j.cell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.rnn4j.kernel.Kaf;
import org.rnn4j.param.ParamSpec;

/**
 * The KAF gates of one cell at run time ({@link KafGate}): their α blocks, and the forward and
 * backward maps around the cell's sigmoid kernels. Forward turns a gate's pre-activation s in
 * place into {@code u = a·s + b·KAF(s)} (the cell's sigmoid then gives g = σ(u)) and saves s in the
 * cache; backward turns the cell's {@code ∂L/∂u} in place into
 * {@code ∂L/∂s = ∂L/∂u·(a + b·∂KAF/∂s)} and saves ∂L/∂u next to s; {@link #addAlphaGradients} then
 * adds {@code dα_ji += Σ_b ∂L/∂u·b·κ(s, d_i)} in batch-row order on one thread (the same sums for
 * any thread count). κ is recomputed in backward, never cached: the cache holds 2H floats per gate
 * and row (s, ∂L/∂u), not H·D.
 */
final class KafGates {
    final Kaf kaf;
    final int H, D, count, cacheBase;
    final float a, b;
    /** Per KAF gate, in the cell's gate order: its name and its block in z. */
    final String[] names;
    final int[] blocks;

    /**
     * @param order     the cell's gate names that may use KAF, in z order
     * @param blockOf   their blocks in z
     * @param cacheBase the first cache column of the KAF slots (2H per gate)
     */
    KafGates(KafGate cfg, Set<String> gates, List<String> order, int[] blockOf, int H, int cacheBase) {
        this.kaf = cfg.kaf();
        this.H = H;
        this.D = kaf.size();
        this.a = (float) cfg.mixA();
        this.b = (float) cfg.mixB();
        this.cacheBase = cacheBase;
        List<String> n = new ArrayList<>();
        List<Integer> bl = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            if (gates.contains(order.get(k))) {
                n.add(order.get(k));
                bl.add(blockOf[k]);
            }
        }
        this.count = n.size();
        this.names = n.toArray(new String[0]);
        this.blocks = bl.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Cache floats per row: s and ∂L/∂u, H each, per gate. */
    int cacheWidth() {
        return 2 * H * count;
    }

    /** The α blocks {@code alpha_<gate> [H, D]}, in gate order. */
    List<ParamSpec> params(KafGate cfg) {
        List<ParamSpec> p = new ArrayList<>();
        for (String n : names) p.add(ParamSpec.matrix("alpha_" + n, H, D, cfg.alphaInit()));
        return p;
    }

    /** Forward for gate k of one row: z[zb + j] = s ↦ a·s + b·KAF_j(s); s saved at cache[cRow + slot]. */
    void forward(int k, float[] z, int zb, float[] cache, int cRow, float[] w, int aOff) {
        final int sOff = cRow + cacheBase + 2 * H * k;
        for (int j = 0; j < H; j++) {
            float s = z[zb + j];
            cache[sOff + j] = s;
            z[zb + j] = (float) (a * (double) s + b * kaf.value(s, w, aOff + j * D));
        }
    }

    /**
     * Backward for gate k of one row: z[zb + j] = ∂L/∂u ↦ ∂L/∂s, also written to {@code z2[z2b + j]}
     * when z2 is not null; ∂L/∂u saved next to s.
     */
    void backward(int k, float[] z, int zb, float[] z2, int z2b, float[] cache, int cRow, float[] w, int aOff) {
        final int sOff = cRow + cacheBase + 2 * H * k;
        for (int j = 0; j < H; j++) {
            float du = z[zb + j];
            cache[sOff + H + j] = du;
            float ds = (float) (du * (a + b * kaf.slope(cache[sOff + j], w, aOff + j * D)));
            z[zb + j] = ds;
            if (z2 != null) z2[z2b + j] = ds;
        }
    }

    /** dα of gate k for one step: rows b = 0..B−1 of the cache at c0 (row stride cw), in order. */
    void addAlphaGradients(int k, float[] cache, int c0, int cw, int rows, float[] dw, int aOff) {
        for (int r = 0; r < rows; r++) {
            final int sOff = c0 + r * cw + cacheBase + 2 * H * k;
            for (int j = 0; j < H; j++) {
                double s = cache[sOff + j], g = b * (double) cache[sOff + H + j];
                if (g == 0) continue;
                kaf.addKernels(s, g, dw, aOff + j * D);
            }
        }
    }
}
