package org.rnn4j.cell;

import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.param.Init;
import org.rnn4j.param.Init.ChronoGates.Gate;
import org.rnn4j.param.ParamSpec;

/**
 * Leaky RNN step (Tallec &amp; Ollivier 2018, "Can recurrent neural networks warp time?", eq. 5):
 * an Elman RNN whose units leak towards their new value at a learnable constant rate α ∈ (0, 1).
 * <pre>
 *   z = x·Wxᵀ + bx + hPrev·Whᵀ           z: [B, H]
 *   c̃ = tanh(z)       α = σ(a)           α: [H], one constant per unit
 *   h = α⊙c̃ + (1 − α)⊙hPrev
 * </pre>
 * {@code 1/α_j} is unit j's forgetting time. The paper says only "one learnable constant gate in
 * (0, 1) per unit"; rnn4j parametrises it as {@code α = σ(a)} with a free logit {@code a}, so α
 * stays in (0, 1) under any update (an rnn4j choice).
 * <p>Params: {@code Wx [H, I]}, {@code bx [H]}, {@code Wh [H, H]}, {@code a [H]}. State: {@code h},
 * S = H. Saved per step: c̃ in {@code z}; nothing in the cache. Init: {@code Wx}, {@code bx},
 * {@code Wh} PyTorch's {@code U(±1/√H)} (as {@link ElmanRnn}); {@code a = 0} ({@code α = 1/2}); with
 * chrono ({@link LeakyRnnConfig#chrono()}) {@code a = −log T}, T drawn per unit
 * ({@link Init.Chrono}), so {@code α = 1/(1 + T)} (the paper's rule for the gate g of eq. 10); with
 * time scales ({@link LeakyRnnConfig#timeScales()}) {@code a = −b(T)}, so the retention
 * {@code 1 − α = σ(b(T))}, and with their {@code freeze} {@code a} stays fixed (a constant leak).
 */
public final class LeakyRnn extends CellBase {
    private static final int WX = 0, BX = 1, WH = 2, A = 3;

    private final LeakyRnnConfig cfg;
    private final int I, H;
    /** {@code α = σ(a) [H]}, computed once per pass in {@link #prepare}. */
    private final float[] alpha;

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public LeakyRnn(LeakyRnnConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.alpha = new float[H];
    }

    /** The configuration this cell was built from. */
    public LeakyRnnConfig config() {
        return cfg;
    }

    /** {@code α_j = σ(a_j)} as of the last {@link #prepare}. */
    float alpha(int j) {
        return alpha[j];
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return H; }
    @Override public int stateSize() { return H; }
    @Override public int cacheSize() { return 0; }

    @Override
    public List<ParamSpec> params() {
        Init u = new Init.FanInUniform(H);
        Gate[] roles = {Gate.INPUT};                                    // a = −log T, −b(T)
        Init a = cfg.chrono().isPresent() ? new Init.ChronoGates(cfg.chrono().get(), roles, 0)
                : cfg.timeScales().isPresent() ? new Init.TimeScaleGates(cfg.timeScales().get(), roles, 0)
                : new Init.Constant(0);
        ParamSpec pa = ParamSpec.vector("a", H, a);
        if (cfg.timeScales().isPresent() && cfg.timeScales().get().freeze()) pa = pa.withFrozen(0, H);
        return List.of(
                ParamSpec.matrix("Wx", H, I, u),
                ParamSpec.vector("bx", H, u),
                ParamSpec.matrix("Wh", H, H, u),
                pa);
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        packRecurrent(off[WH], H, H, training);
        Kernels.sigmoid(w, off[A], alpha, 0, H);                               // α = σ(a)
    }

    @Override
    public void forward(int t) {
        final float[] z = seq.z(), s = seq.states();
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1);
        compute.gemmPacked(false, B, s, prev0, H, whT, z, z0, H, true);     // z = zx + hPrev·Whᵀ
        for (int b = 0; b < B; b++) {
            final int zc = z0 + b * H, hPrev = prev0 + b * H, h = next0 + b * H;
            Kernels.tanh(z, zc, z, zc, H);                                     // c̃, saved in z
            for (int j = 0; j < H; j++) {
                float al = alpha[j];
                s[h + j] = al * z[zc + j] + (1 - al) * s[hPrev + j];           // h = α⊙c̃ + (1 − α)⊙hPrev
            }
        }
    }

    /**
     * <pre>
     *   da    += dh⊙(c̃ − hPrev)⊙α(1 − α)       summed over the batch rows in order (one thread)
     *   dz     = dh⊙α⊙(1 − c̃²)
     *   dhPrev = dh⊙(1 − α) + dz·Wh
     * </pre>
     */
    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        final float[] z = seq.z(), s = seq.states();
        final int z0 = zOff(t), prev0 = stateOff(t), a0 = off[A];
        for (int b = 0; b < B; b++) {
            final int zc = z0 + b * H, hPrev = prev0 + b * H, dh = b * H;
            for (int j = 0; j < H; j++) {
                float al = alpha[j], c = z[zc + j], dhj = dNext[dh + j];
                dw[a0 + j] += dhj * (c - s[hPrev + j]) * al * (1 - al);
                dPrev[dh + j] = dhj * (1 - al);                                // direct path (1 − α)⊙hPrev
                z[zc + j] = dhj * al * (1 - c * c);                            // dz
            }
        }
        compute.gemmPacked(false, B, z, z0, H, wh, dPrev, 0, H, true);        // dhPrev += dz·Wh
    }

    @Override
    public void finishBackward() {
        addRecurrentWeightGradient(seq.z(), H, H, H, off[WH]); // dWh += Σ_t dzᵀ·hPrev
    }
}
