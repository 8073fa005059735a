package org.rnn4j.cell;

import java.util.Arrays;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.GroupGemv;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PackedMatrix;
import org.rnn4j.kernel.TimeGateKernels;

/**
 * The inference step of a time-gated LSTM ({@link GaussianLstm}, {@link PhasedLstm}) that computes
 * only its open units: for one row whose openness k [H] the cell has already written, the units
 * with k &gt; ε get the dense step, the others keep (h, c).
 * <pre>
 *   open groups = the groups of 4 units (in the packing order) holding a unit with k &gt; ε
 *   z[open] += hPrev·Wh[open]ᵀ      (Kernels.groupGemv: Wh's gate rows packed once per pass)
 *   the LSTM step and the time-gate blend on the open groups' units, gathered into compact rows
 *   (h, c) = (hPrev, cPrev) for every other unit
 * </pre>
 * With ε = 0 the result is the dense step's: a skipped unit has k = 0 and the dense blend
 * {@code 0·c̃ + 1·cPrev} gives the value it keeps (bit for bit, except a {@code cPrev} of −0, which
 * the blend turns into +0, and a non-finite c̃, which it turns into NaN); a computed unit gets the
 * dense bits, because {@code Kernels.groupGemv} follows the one-row numerics of the GEMM in use and
 * the element-wise kernels give an element the same bits at any position. Exception: with the SIMD
 * GEMM and B ≥ 8, rows in the dense product's full 8-row tiles sum from z rather than from 0 and
 * agree to rounding only. With ε &gt; 0 a skipped unit with 0 &lt; k ≤ ε misses
 * {@code k⊙(c̃ − cPrev)} (and the same in h): an approximation. Writes nothing to the cache beyond
 * k (inference has no backward). One row at a time, on the calling thread; allocates only in
 * {@link #prepare}.
 */
final class OpenUnitStep {
    private static final int W = GroupGemv.WIDTH, U = GroupGemv.UNITS;
    private final int H;
    /**
     * Above this fraction of the units in open groups a row runs densely (the same bits; gathering
     * and scattering cost more than the rows saved: docs/benchmarks.md, "Skipping closed units");
     * tests set it to 1 to run the gathered path with every unit open.
     */
    double denseAbove = 0.75;
    /** Units in packing order (units open at the same time should share groups); unit → its group. */
    private final int[] order, groupOf;
    /** Wh's gate rows in groups of 4 units ({@link GroupGemv#pack}). */
    private final float[] panels;
    /** Per row: the open groups, a stamp per group, the groups' gate sums [n, 16]. */
    private final int[] openGroups, groupStamp;
    private int stamp;
    /** Compact rows of the open groups' units: z [4, Hc] (i | f | g | o), state [hPrev | cPrev | h | c], k, tanh c̃, c̃ | h̃. */
    private final float[] sums, zc, sc, kc, tc, saved;
    /** Units computed by the last row (a multiple of 4; for tests and benchmarks). */
    int lastComputedUnits;

    OpenUnitStep(int H) {
        this.H = H;
        int G = GroupGemv.groups(H), Hmax = G * U;
        order = new int[H];
        groupOf = new int[H];
        panels = new float[G * H * W];
        openGroups = new int[G];
        groupStamp = new int[G];
        sums = new float[G * W];
        zc = new float[4 * Hmax];
        sc = new float[4 * Hmax];
        kc = new float[Hmax];
        tc = new float[Hmax];
        saved = new float[2 * Hmax];
    }

    /**
     * Orders the units by {@code key} (ascending; ties by index) and packs {@code Wh [4H, H]} at
     * {@code w[whOff]} in groups of that order. Once per pass: the weights are fixed during it.
     */
    void prepare(float[] w, int whOff, double[] key) {
        Integer[] units = new Integer[H];
        for (int j = 0; j < H; j++) units[j] = j;
        Arrays.sort(units, (a, b) -> Double.compare(key[a], key[b]));
        for (int n = 0; n < H; n++) {
            order[n] = units[n];
            groupOf[units[n]] = n / U;
        }
        GroupGemv.pack(w, whOff, H, H, H, order, panels);
    }

    /**
     * One row: {@code z[zi..zi+4H)} holds zx, {@code s[hPrev..hPrev+2H)} the previous (h, c),
     * {@code s[h..h+2H)} receives the new one, {@code cache[k..k+H)} holds k.
     *
     * @param whT Whᵀ packed for the dense row (used when most units are open)
     */
    void row(float[] z, int zi, float[] s, int hPrev, int h, float[] cache, int k, float eps,
             Compute compute, PackedMatrix whT) {
        final int cPrev = hPrev + H, c = h + H;
        System.arraycopy(s, hPrev, s, h, 2 * H);                                   // closed units keep (h, c)
        if (++stamp == 0) {                                                         // after 2³² rows: restart the stamps
            Arrays.fill(groupStamp, 0);
            stamp = 1;
        }
        int n = 0;
        for (int j = 0; j < H; j++) {
            if (!(cache[k + j] <= eps)) {
                int q = groupOf[j];
                if (groupStamp[q] != stamp) {
                    groupStamp[q] = stamp;
                    openGroups[n++] = q;
                }
            }
        }
        final int Hc = n * U;
        lastComputedUnits = Hc;
        if (n == 0) return;
        if (Hc > denseAbove * H) {                                                 // most units open: the dense row
            compute.gemmPacked(false, 1, s, hPrev, 2 * H, whT, z, zi, 4 * H, true);
            Kernels.sigmoid(z, zi, z, zi, 2 * H);
            Kernels.lstmForwardCell(z, zi, H, s, cPrev, c, h, cache, k + H);
            TimeGateKernels.forward(cache, k, s, hPrev, cPrev, h, c, cache, k + 2 * H, k + 3 * H, H);
            return;
        }
        for (int i = 0; i < n; i++) {                                               // gather zx, hPrev, cPrev, k
            int q = openGroups[i];
            for (int u = 0; u < U; u++) {
                int idx = q * U + u, pos = i * U + u;
                if (idx < H) {
                    int j = order[idx];
                    for (int g = 0; g < 4; g++) sums[i * W + g * U + u] = z[zi + g * H + j];
                    sc[pos] = s[hPrev + j];
                    sc[Hc + pos] = s[cPrev + j];
                    kc[pos] = cache[k + j];
                } else {                                                             // padding lanes of the last group
                    for (int g = 0; g < 4; g++) sums[i * W + g * U + u] = 0f;
                    sc[pos] = sc[Hc + pos] = kc[pos] = 0f;
                }
            }
        }
        Kernels.groupGemv(H, s, hPrev, panels, openGroups, n, sums);                  // z += hPrev·Whᵀ, open rows only
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < 4; g++) System.arraycopy(sums, i * W + g * U, zc, g * Hc + i * U, U);
        }
        Kernels.sigmoid(zc, 0, zc, 0, 2 * Hc);                                         // i, f
        Kernels.lstmForwardCell(zc, 0, Hc, sc, Hc, 3 * Hc, 2 * Hc, tc, 0);            // c̃, h̃ into the compact new state
        TimeGateKernels.forward(kc, 0, sc, 0, Hc, 2 * Hc, 3 * Hc, saved, 0, Hc, Hc);
        for (int i = 0; i < n; i++) {                                               // scatter the new (h, c)
            for (int u = 0; u < U; u++) {
                int idx = openGroups[i] * U + u, pos = i * U + u;
                if (idx >= H) continue;
                int j = order[idx];
                s[h + j] = sc[2 * Hc + pos];
                s[c + j] = sc[3 * Hc + pos];
            }
        }
    }
}
