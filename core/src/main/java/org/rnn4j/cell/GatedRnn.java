package org.rnn4j.cell;

import java.util.List;
import java.util.Optional;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.param.Init;
import org.rnn4j.param.Init.ChronoGates.Gate;
import org.rnn4j.param.ParamSpec;

/**
 * Gated RNN step (Tallec &amp; Ollivier 2018, "Can recurrent neural networks warp time?", eqs. 8–10):
 * a leaky RNN whose per-unit leak rate is a gate g computed from the input and the state, the
 * learnable time warping of their §1 (the "LSTM-lite" with tied input and forget gates).
 * <pre>
 *   z = x·Wxᵀ + bx + hPrev·Whᵀ           z: [B, 2H], blocks g | c
 *   g = σ(z_g)       c̃ = tanh(z_c)
 *   h = g⊙c̃ + (1 − g)⊙hPrev
 * </pre>
 * {@code 1/g} is the local forgetting time.
 * <p>Params: {@code Wx [2H, I]}, {@code bx [2H]}, {@code Wh [2H, H]}. State: {@code h}, S = H.
 * Saved per step: g and c̃ in {@code z}; nothing in the cache. Init: weights and the candidate
 * bias {@code b_c} PyTorch's {@code U(±1/√H)} (as {@link ElmanRnn}); the gate bias {@code b_g = 0}
 * ({@code g ≈ 1/2}); with chrono ({@link GatedRnnConfig#chrono()}) {@code b_g = −log T}, T drawn per
 * unit ({@link Init.Chrono}), so {@code σ(b_g) = 1/(1 + T)}; {@code b_c} keeps its default (the
 * paper: "all other biases as usual"). With time scales ({@link GatedRnnConfig#timeScales()})
 * {@code b_g = −b(T)}, so the initial retention {@code 1 − σ(b_g) = σ(b(T))}; with their
 * {@code freeze} {@code b_g} stays fixed.
 */
public final class GatedRnn extends CellBase {
    private static final int WX = 0, BX = 1, WH = 2;

    private final GatedRnnConfig cfg;
    private final int I, H;

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public GatedRnn(GatedRnnConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
    }

    /** The configuration this cell was built from. */
    public GatedRnnConfig config() {
        return cfg;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return 2 * H; }
    @Override public int stateSize() { return H; }
    @Override public int cacheSize() { return 0; }

    /** The gate g weighs the candidate, so 1 − g keeps h; g is saved at block 0 of z (g, c̃). */
    @Override
    public Optional<RetentionGate> retentionGate() {
        return Optional.of(new RetentionGate("h", 0, true, GateFunction.SIGMOID, List.of("bx")));
    }

    @Override
    public List<ParamSpec> params() {
        Init u = new Init.FanInUniform(H);
        Gate[] roles = {Gate.INPUT};                                    // b_g = −log T, −b(T)
        Init bg = cfg.chrono().isPresent() ? new Init.ChronoGates(cfg.chrono().get(), roles, 0)
                : cfg.timeScales().isPresent() ? new Init.TimeScaleGates(cfg.timeScales().get(), roles, 0)
                : new Init.Constant(0);
        ParamSpec bx = ParamSpec.vector("bx", 2 * H, new Init.Segments(new int[] {H, H}, new Init[] {bg, u}));
        if (cfg.timeScales().isPresent() && cfg.timeScales().get().freeze()) bx = bx.withFrozen(0, H);   // b_g
        return List.of(
                ParamSpec.matrix("Wx", 2 * H, I, u),
                bx,
                ParamSpec.matrix("Wh", 2 * H, H, u));
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        packRecurrent(off[WH], 2 * H, H, training);
    }

    @Override
    public void forward(int t) {
        final float[] z = seq.z(), s = seq.states();
        final int P = 2 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1);
        compute.gemmPacked(false, B, s, prev0, H, whT, z, z0, P, true);      // z += hPrev·Whᵀ
        for (int b = 0; b < B; b++) {
            final int zg = z0 + b * P, zc = zg + H, hPrev = prev0 + b * H, h = next0 + b * H;
            Kernels.sigmoid(z, zg, z, zg, H);                                  // g
            Kernels.tanh(z, zc, z, zc, H);                                     // c̃
            for (int j = 0; j < H; j++) {
                float g = z[zg + j];
                s[h + j] = g * z[zc + j] + (1 - g) * s[hPrev + j];             // h = g⊙c̃ + (1 − g)⊙hPrev
            }
        }
    }

    /**
     * <pre>
     *   dz_g   = dh⊙(c̃ − hPrev)⊙g(1 − g)      dz_c = dh⊙g⊙(1 − c̃²)
     *   dhPrev = dh⊙(1 − g) + dz·Wh
     * </pre>
     */
    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        final float[] z = seq.z(), s = seq.states();
        final int P = 2 * H;
        final int z0 = zOff(t), prev0 = stateOff(t);
        for (int b = 0; b < B; b++) {
            final int zg = z0 + b * P, zc = zg + H, hPrev = prev0 + b * H, dh = b * H;
            for (int j = 0; j < H; j++) {
                float g = z[zg + j], c = z[zc + j], dhj = dNext[dh + j];
                z[zg + j] = dhj * (c - s[hPrev + j]) * g * (1 - g);
                z[zc + j] = dhj * g * (1 - c * c);
                dPrev[dh + j] = dhj * (1 - g);                                 // direct path (1 − g)⊙hPrev
            }
        }
        compute.gemmPacked(false, B, z, z0, P, wh, dPrev, 0, H, true);        // dhPrev += dz·Wh
    }

    @Override
    public void finishBackward() {
        addRecurrentWeightGradient(seq.z(), 2 * H, 2 * H, H, off[WH]); // dWh += Σ_t dzᵀ·hPrev
    }
}
