package org.rnn4j.cell;

import java.util.List;
import java.util.Optional;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.FastGate;
import org.rnn4j.kernel.Kaf;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.param.Init;
import org.rnn4j.param.Init.ChronoGates.Gate;
import org.rnn4j.param.ParamSpec;

/**
 * JANET step, the forget-gate-only LSTM (van der Westhuizen &amp; Lasenby 2018, "The unreasonable
 * effectiveness of the forget gate").
 * <pre>
 *   z = x·Wxᵀ + bx + hPrev·Whᵀ                      z: [B, 2H], blocks f | c
 *   f = σ(z_f)     u = σ(z_f − β)     c̃ = tanh(z_c)
 *   h = c = f⊙hPrev + (1 − u)⊙c̃
 * </pre>
 * With {@code β = 0} (the default, as the NRU authors' myTorch {@code JANETCell}) the input gate is
 * tied: {@code 1 − f}. The JANET paper's shift β is the option {@link JanetConfig#beta()}.
 * <p>With the fast gate ({@link JanetConfig#forgetGate()} = {@link GateFunction#FAST}, Ohno, Kanai
 * &amp; Ida 2023) σ is replaced by {@code φ(a) = σ(sinh(clamp(a, −20, 20)))} in both gates:
 * {@code f = φ(z_f)}, {@code u = φ(z_f − β)} — the input gate is the same gate with a shifted
 * pre-activation, so with β = 0 it stays tied, {@code 1 − u = 1 − f}. (The paper makes the LSTM's
 * forget gate fast; carrying it to JANET's tied gates this way is rnn4j's choice.)
 * <p>Params: {@code Wx [2H, I]}, {@code bx [2H]}, {@code Wh [2H, H]}. State: {@code h} (= c),
 * S = H. Saved per step: f and c̃ in {@code z}; per cache row u {@code [H]}, followed with the fast
 * gate by the factors {@code cosh(·)·[|·| ≤ 20]} of f and of u {@code [H]} each (Cw = H, or 3H
 * with FAST). Init: {@code U(±1/√H)}; with chrono ({@link JanetConfig#chrono()}, as the JANET
 * paper) {@code b_f = log T} and {@code b_c = 0}; with the fast gate the initial {@code b_f} (log T
 * or the uniform draw) is stored as {@code asinh(b_f)}, so f starts at the sigmoid cell's
 * {@code σ(b_f)} (and u too when β = 0); with time scales ({@link JanetConfig#timeScales()})
 * {@code b_f = b(T)} (through asinh with the fast gate), {@code b_c = 0}, and with their
 * {@code freeze} {@code b_f} stays fixed in training.
 * <p>KAF gate ({@link JanetConfig#kafGates()} = {f}; {@link KafGate}): {@code g(s) = σ(a·s + b·KAF(s))}
 * replaces σ in both tied gates, {@code f = g(z_f)}, {@code u = g(z_f − β)} (one α per unit; rnn4j's
 * choice, as for the fast gate). z_f is saved at cache column Cw₀ (Cw₀ = H or 3H above, Cw = Cw₀ + H);
 * backward recomputes κ at z_f and z_f − β. Params then end with {@code alpha_f [H, D]}.
 */
public final class Janet extends CellBase {
    private static final int WX = 0, BX = 1, WH = 2;

    private final JanetConfig cfg;
    private final int I, H;
    private final float beta;
    /** The fast gate is on; Cw: cache floats per row ([u | f's factor | u's factor] or [u]). */
    private final boolean fast;
    private final int Cw;
    /** The KAF forget gate (null without): its s saved at cache column KS, α at parameter 3. */
    private final Kaf kaf;
    private final int KS, A = 3;
    private final float ka, kb;

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public Janet(JanetConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.beta = (float) cfg.beta();
        this.fast = cfg.forgetGate() == GateFunction.FAST;
        int cw = fast ? 3 * H : H;
        boolean k = cfg.kafGates().contains("f");
        this.kaf = k ? cfg.kaf().kaf() : null;
        this.KS = cw;
        this.Cw = cw + (k ? H : 0);
        this.ka = (float) cfg.kaf().mixA();
        this.kb = (float) cfg.kaf().mixB();
    }

    /** The configuration this cell was built from. */
    public JanetConfig config() {
        return cfg;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return 2 * H; }
    @Override public int stateSize() { return H; }
    @Override public int cacheSize() { return Cw; }

    /** The forget gate f keeps h (= c); saved activated at block 0 of z (f, c̃). */
    @Override
    public Optional<RetentionGate> retentionGate() {
        return Optional.of(new RetentionGate("h", 0, false, cfg.forgetGate(), List.of("bx")));
    }

    @Override
    public List<ParamSpec> params() {
        Init u = new Init.FanInUniform(H);
        Gate[] roles = {Gate.FORGET, Gate.OTHER};
        Init bias = cfg.chrono().isPresent() ? new Init.ChronoGates(cfg.chrono().get(), roles, 0)
                : cfg.timeScales().isPresent() ? new Init.TimeScaleGates(cfg.timeScales().get(), roles, 0)
                : u;
        ParamSpec bx = ParamSpec.vector("bx", 2 * H, cfg.forgetGate().bias(bias, 0, H));
        if (cfg.timeScales().isPresent() && cfg.timeScales().get().freeze()) bx = bx.withFrozen(0, H);   // b_f
        ParamSpec wx = ParamSpec.matrix("Wx", 2 * H, I, u), wh = ParamSpec.matrix("Wh", 2 * H, H, u);
        if (kaf == null) return List.of(wx, bx, wh);
        return List.of(wx, bx, wh, ParamSpec.matrix("alpha_f", H, kaf.size(), cfg.kaf().alphaInit()));
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        packRecurrent(off[WH], 2 * H, H, training);
    }

    @Override
    public void forward(int t) {
        final float[] z = seq.z(), s = seq.states(), u = seq.cache();
        final int P = 2 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t);
        compute.gemmPacked(false, B, s, prev0, H, whT, z, z0, P, true);      // z += hPrev·Whᵀ
        for (int b = 0; b < B; b++) {
            final int zf = z0 + b * P, zc = zf + H, ub = c0 + b * Cw, hPrev = prev0 + b * H, h = next0 + b * H;
            if (kaf != null) {                                                 // KAF gate: s ↦ a·s + b·KAF(s), for f and u
                final int ao = off[A];
                for (int j = 0; j < H; j++) {
                    float sf = z[zf + j], su = sf - beta;
                    u[ub + KS + j] = sf;
                    u[ub + j] = (float) (ka * (double) su + kb * kaf.value(su, w, ao + j * kaf.size()));
                    z[zf + j] = (float) (ka * (double) sf + kb * kaf.value(sf, w, ao + j * kaf.size()));
                }
            } else {
                for (int j = 0; j < H; j++) u[ub + j] = z[zf + j] - beta;
            }
            if (fast) {                                                        // a ← sinh(clamp(a)); cosh factors
                FastGate.forward(u, ub, u, ub + 2 * H, H);
                FastGate.forward(z, zf, u, ub + H, H);
            }
            Kernels.sigmoid(u, ub, u, ub, H);                                  // u = σ(z_f − β)
            Kernels.sigmoid(z, zf, z, zf, H);                                  // f
            Kernels.tanh(z, zc, z, zc, H);                                     // c̃
            for (int j = 0; j < H; j++) {
                s[h + j] = z[zf + j] * s[hPrev + j] + (1 - u[ub + j]) * z[zc + j];
            }
        }
    }

    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        final float[] z = seq.z(), s = seq.states(), u = seq.cache();
        final int P = 2 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), c0 = cacheOff(t);
        for (int b = 0; b < B; b++) {
            final int zf = z0 + b * P, zc = zf + H, ub = c0 + b * Cw, hPrev = prev0 + b * H, dh = b * H;
            for (int j = 0; j < H; j++) {
                float f = z[zf + j], cand = z[zc + j], uj = u[ub + j], dhj = dNext[dh + j];
                float dzf = kaf != null                                        // KAF: through both tied gates' KAF
                        ? kafBackward(ub, j, dhj * s[hPrev + j] * f * (1 - f), -dhj * cand * uj * (1 - uj))
                        : fast                                                 // fast: each σ′ times its cosh factor
                        ? dhj * (s[hPrev + j] * f * (1 - f) * u[ub + H + j] - cand * uj * (1 - uj) * u[ub + 2 * H + j])
                        : dhj * (s[hPrev + j] * f * (1 - f) - cand * uj * (1 - uj));
                float dzc = dhj * (1 - uj) * (1 - cand * cand);
                dPrev[dh + j] = dhj * f;                                       // direct path f⊙hPrev
                z[zf + j] = dzf;
                z[zc + j] = dzc;
            }
        }
        compute.gemmPacked(false, B, z, z0, P, wh, dPrev, 0, H, true);        // dhPrev += dz·Wh
    }

    /**
     * The KAF gate's backward for unit j of cache row ub, given {@code duf = ∂L/∂u_f} and
     * {@code duu = ∂L/∂u_u} (the arguments of the two sigmoids): adds
     * {@code dα_ji += b·(duf·κ_i(s) + duu·κ_i(s − β))} and returns
     * {@code ∂L/∂s = duf·(a + b·KAF′(s)) + duu·(a + b·KAF′(s − β))}.
     */
    private float kafBackward(int ub, int j, float duf, float duu) {
        final int ao = off[A] + j * kaf.size();
        final double sf = seq.cache()[ub + KS + j], su = sf - beta;
        double ds = duf * kaf.slope(sf, w, ao) + duu * kaf.slope(su, w, ao);
        kaf.addKernels(sf, kb * (double) duf, dw, ao);
        kaf.addKernels(su, kb * (double) duu, dw, ao);
        return (float) ((duf + duu) * (double) ka + kb * ds);
    }

    @Override
    public void finishBackward() {
        addRecurrentWeightGradient(seq.z(), 2 * H, 2 * H, H, off[WH]); // dWh += Σ_t dzᵀ·hPrev
    }
}
