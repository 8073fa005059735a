package org.rnn4j.cell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.FastGate;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.param.Init;
import org.rnn4j.param.Init.ChronoGates.Gate;
import org.rnn4j.param.ParamSpec;

/**
 * LSTM step (Hochreiter &amp; Schmidhuber 1997; forget gate: Gers et al. 2000; optional peepholes:
 * Graves 2013, eqs. 7–11).
 * <pre>
 *   z = x·Wxᵀ + bx + hPrev·Whᵀ                          z: [B, 4H], blocks i | f | g | o
 *   i = σ(zi + wci⊙cPrev)   f = σ(zf + wcf⊙cPrev)   g = tanh(zg)
 *   c = f⊙cPrev + i⊙g
 *   o = σ(zo + wco⊙c)       h = o⊙tanh(c)
 * </pre>
 * The peephole terms are present only with {@link LstmConfig#peepholes()}. Without them this is
 * exactly PyTorch's {@code nn.LSTM} (gate order i, f, g, o) with its two biases folded into one:
 * {@code bx = bias_ih + bias_hh}.
 * <p>With the fast forget gate ({@link LstmConfig#forgetGate()} = {@link GateFunction#FAST},
 * Ohno, Kanai &amp; Ida 2023): {@code f = σ(sinh(clamp(zf + wcf⊙cPrev, −20, 20)))}; the other
 * gates stay as above. Forward turns the f pre-activations into {@code sinh(clamp(·))} in place and
 * the sigmoid kernels run unchanged; backward multiplies their {@code dzf} by the saved
 * {@code cosh(·)·[|·| ≤ 20]} (kernel {@code FastGate}).
 * <p>Params: {@code Wx [4H, I]}, {@code bx [4H]}, {@code Wh [4H, H]}, peepholes
 * {@code wci, wcf, wco [H]}. State: {@code [h | c]}, S = 2H. Saved per step: the activated gates
 * i, f, g, o in {@code z} and, per row of the cache, {@code tanh(c) [H]}, followed with the fast
 * gate by the factor {@code cosh(zf)·[|zf| ≤ 20] [H]} (Cw = H, or 2H with FAST).
 * <p>Init: every block {@code U(±1/√H)} as PyTorch; with a forget bias {@code v}, {@code bx} is 0
 * except {@code b_f = v}; with chrono ({@link LstmConfig#chrono()}), {@code b_f = log T},
 * {@code b_i = −log T} and {@code b_g = b_o = 0} ({@link Init.ChronoGates}); with time scales
 * ({@link LstmConfig#timeScales()}) {@code b_f = b(T)}, {@code b_i = −b(T)}, {@code b_g = b_o = 0}
 * ({@link Init.TimeScaleGates}), and with their {@code freeze} the entries {@code bx[0, 2H)}
 * (b_i, b_f) stay fixed in training. With the fast gate every initial {@code b_f} (v, log T, b(T)
 * or the uniform draw) is stored as {@code asinh(b_f)}, so the gate starts at the sigmoid cell's
 * {@code σ(b_f)} ({@link GateFunction}). Deviation: PyTorch's effective bias is the sum of two such
 * uniforms.
 * <p>KAF gates ({@link LstmConfig#kafGates()} among i, f, o; {@link KafGate}): such a gate is
 * {@code σ(a·s + b·KAF(s))} of its pre-activation s. Forward maps s in place before the sigmoid
 * kernels and saves s (H per gate) in the cache; backward maps the kernels' gradient through
 * {@code a + b·∂KAF/∂s}, recomputing κ (see {@code KafGates}). Params then end with
 * {@code alpha_<gate> [H, D]} per KAF gate (i, f, o order); not with peepholes (refused).
 */
public final class Lstm extends CellBase {
    private static final int WX = 0, BX = 1, WH = 2, WCI = 3, WCF = 4, WCO = 5;

    private final LstmConfig cfg;
    private final int I, H;
    /** The fast forget gate is on; Cw: cache floats per row ([tanh(c) | fast-gate factor] or [tanh(c)]). */
    private final boolean fast;
    private final int Cw;
    /** The KAF gates (null without), their α blocks from parameter index A0 on. */
    private final KafGates kaf;
    private final int A0;

    // the step being computed, read by the row bodies (set before each forRows call)
    private int curT;
    private float[] curDNext, curDPrev;
    private final Compute.RangeBody forwardRows = this::forwardRows;
    private final float[] zeros;
    private final Compute.RangeBody backwardRows = this::backwardRows;
    private final Compute.ShardBody forwardShard = this::forwardShard;
    private final Compute.ShardBody backwardShard = this::backwardShard;

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public Lstm(LstmConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.zeros = new float[H];
        this.fast = cfg.forgetGate() == GateFunction.FAST;
        int cw = fast ? 2 * H : H;
        this.kaf = cfg.kafGates().isEmpty() ? null
                : new KafGates(cfg.kaf(), cfg.kafGates(), List.of("i", "f", "o"), new int[] {0, 1, 3}, H, cw);
        this.Cw = cw + (kaf == null ? 0 : kaf.cacheWidth());
        this.A0 = cfg.peepholes() ? 6 : 3;
    }

    /** The configuration this cell was built from. */
    public LstmConfig config() {
        return cfg;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return 4 * H; }
    @Override public int stateSize() { return 2 * H; }
    @Override public List<StateBlock> stateBlocks() { return List.of(new StateBlock("h", H), new StateBlock("c", H)); }

    /** The forget gate f keeps c; saved activated at block 1 of z (i, f, g, o). */
    @Override
    public Optional<RetentionGate> retentionGate() {
        return Optional.of(new RetentionGate("c", H, false, cfg.forgetGate(), List.of("bx")));
    }
    @Override public int cacheSize() { return Cw; }

    @Override
    public List<ParamSpec> params() {
        Init u = new Init.FanInUniform(H);
        Init bias = u;
        Gate[] roles = {Gate.INPUT, Gate.FORGET, Gate.OTHER, Gate.OTHER};
        if (cfg.chrono().isPresent()) {
            bias = new Init.ChronoGates(cfg.chrono().get(), roles, 0);
        } else if (cfg.timeScales().isPresent()) {
            bias = new Init.TimeScaleGates(cfg.timeScales().get(), roles, 0);
        } else if (cfg.forgetBias().isPresent()) {
            bias = new Init.Segments(new int[] {H, H, 2 * H}, new Init[] {
                    new Init.Constant(0), new Init.Constant(cfg.forgetBias().getAsDouble()), new Init.Constant(0)});
        }
        ParamSpec bx = ParamSpec.vector("bx", 4 * H, cfg.forgetGate().bias(bias, H, H));
        if (cfg.timeScales().isPresent() && cfg.timeScales().get().freeze()) bx = bx.withFrozen(0, 2 * H); // b_i, b_f
        List<ParamSpec> p = new ArrayList<>(List.of(
                ParamSpec.matrix("Wx", 4 * H, I, u),
                bx,
                ParamSpec.matrix("Wh", 4 * H, H, u)));
        if (cfg.peepholes()) {
            p.add(ParamSpec.vector("wci", H, u));
            p.add(ParamSpec.vector("wcf", H, u));
            p.add(ParamSpec.vector("wco", H, u));
        }
        if (kaf != null) p.addAll(kaf.params(cfg.kaf()));            // alpha_i, alpha_f, alpha_o [H, D]
        return p;
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        packRecurrent(off[WH], 4 * H, H, training);
    }

    @Override
    public void forward(int t) {
        final int S = 2 * H, P = 4 * H;
        curT = t;
        if (shardSteps(P, false)) {
            forShards(forwardShard);
            return;
        }
        // z += hPrev·Whᵀ        hPrev: [B, H] with row stride S
        compute.gemmPacked(false, B, seq.states(), stateOff(t), S, whT, seq.z(), zOff(t), P, true);
        forRows(P, forwardRows);
    }

    /** {@link #forward} for the batch rows [lo, hi) on one thread: their GEMM rows, then their gates. */
    private void forwardShard(int lo, int hi, Compute.Local local) {
        final int S = 2 * H, P = 4 * H, t = curT;
        local.gemmPacked(false, hi - lo, seq.states(), stateOff(t) + lo * S, S, whT, seq.z(), zOff(t) + lo * P, P, true);
        forwardRows(lo, hi);
    }

    /** The element-wise part of {@link #forward} for batch rows [lo, hi). */
    private void forwardRows(int lo, int hi) {
        final int t = curT;
        final float[] z = seq.z(), s = seq.states(), tc = seq.cache();
        final int S = 2 * H, P = 4 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), tc0 = cacheOff(t);
        final boolean peep = cfg.peepholes();
        for (int b = lo; b < hi; b++) {
            final int zi = z0 + b * P, zf = zi + H, zg = zf + H, zo = zg + H;
            final int cPrev = prev0 + b * S + H, h = next0 + b * S, c = h + H, tch = tc0 + b * Cw;
            if (peep) {
                for (int j = 0; j < H; j++) {
                    z[zi + j] += w[off[WCI] + j] * s[cPrev + j];
                    z[zf + j] += w[off[WCF] + j] * s[cPrev + j];
                }
            }
            if (fast) FastGate.forward(z, zf, tc, tch + H, H);              // zf ← sinh(clamp(zf)); cosh factor
            if (kaf != null) {                                               // KAF gates: s ← a·s + b·KAF(s)
                for (int k = 0; k < kaf.count; k++) kaf.forward(k, z, zi + kaf.blocks[k] * H, tc, tch, w, off[A0 + k]);
            }
            Kernels.sigmoid(z, zi, z, zi, 2 * H);                            // i, f
            if (!peep) {                                                     // g, c, o, tanh(c), h in one kernel
                Kernels.lstmForwardCell(z, zi, H, s, cPrev, c, h, tc, tch);
                continue;
            }
            Kernels.tanh(z, zg, z, zg, H);                                   // g
            for (int j = 0; j < H; j++) {
                s[c + j] = z[zf + j] * s[cPrev + j] + z[zi + j] * z[zg + j];  // c = f⊙cPrev + i⊙g
            }
            for (int j = 0; j < H; j++) z[zo + j] += w[off[WCO] + j] * s[c + j];
            Kernels.sigmoid(z, zo, z, zo, H);                                // o
            Kernels.tanh(s, c, tc, tch, H);                                  // tanh(c)
            for (int j = 0; j < H; j++) s[h + j] = z[zo + j] * tc[tch + j];  // h = o⊙tanh(c)
        }
    }

    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        final int S = 2 * H, P = 4 * H;
        if (inStepSink != null) addCToHPath(t, dNext);
        curT = t;
        curDNext = dNext;
        curDPrev = dPrev;
        if (shardSteps(P, false)) {
            forShards(backwardShard);
        } else {
            forRows(P, backwardRows);
            // dhPrev = dz·Wh  (overwrite the h part of dPrev); dWh is added for all steps in finishBackward
            compute.gemmPacked(false, B, seq.z(), zOff(t), P, wh, dPrev, 0, S, false);
        }
        if (cfg.peepholes()) addPeepholeGradients(t);
        if (kaf != null) {                                                   // dα, batch rows in order
            for (int k = 0; k < kaf.count; k++) kaf.addAlphaGradients(k, seq.cache(), cacheOff(t), Cw, B, dw, off[A0 + k]);
        }
    }

    /** {@link #backward} for the batch rows [lo, hi) on one thread: their gate gradients, then their dhPrev rows. */
    private void backwardShard(int lo, int hi, Compute.Local local) {
        final int S = 2 * H, P = 4 * H;
        backwardRows(lo, hi);
        local.gemmPacked(false, hi - lo, seq.z(), zOff(curT) + lo * P, P, wh, curDPrev, lo * S, S, false);
    }

    /**
     * The element-wise part of {@link #backward} for batch rows [lo, hi), walking forward in reverse
     * (kernel {@code CellKernels.lstmBackward}):
     * <pre>
     *   dzo = dh⊙tanh(c)⊙o(1−o)                         h = o⊙tanh(c)
     *   dc  = dcNext + dh⊙o⊙(1 − tanh²c) + dzo⊙wco       o = σ(zo + wco⊙c)
     *   dzi = dc⊙g⊙i(1−i)   dzf = dc⊙cPrev⊙f(1−f)   dzg = dc⊙i⊙(1 − g²)      c = f⊙cPrev + i⊙g
     *   dcPrev = dc⊙f + dzi⊙wci + dzf⊙wcf
     * </pre>
     */
    private float[] inStepSink;

    @Override
    public void addInStepStateGradients(float[] sink) {
        this.inStepSink = sink;
    }

    /**
     * The analysis sink's c-part gets the path c_t → h_t of step t (read before backward turns the
     * gates into their gradients): dc += dh⊙(o⊙(1 − tanh²c) + tanh(c)⊙o(1 − o)⊙wco).
     */
    private void addCToHPath(int t, float[] dNext) {
        final float[] z = seq.z(), tc = seq.cache();
        final int S = 2 * H, P = 4 * H, z0 = zOff(t), tc0 = cacheOff(t), out = t * B * S;
        final boolean peep = cfg.peepholes();
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) {
                float o = z[z0 + b * P + 3 * H + j], th = tc[tc0 + b * Cw + j];
                float dhdc = o * (1 - th * th) + (peep ? th * o * (1 - o) * w[off[WCO] + j] : 0f);
                inStepSink[out + b * S + H + j] += dNext[b * S + j] * dhdc;
            }
        }
    }

    private void backwardRows(int lo, int hi) {
        final int t = curT;
        final float[] z = seq.z(), s = seq.states(), tc = seq.cache(), dNext = curDNext, dPrev = curDPrev;
        final int S = 2 * H, P = 4 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), tc0 = cacheOff(t);
        // Without peepholes the peephole terms multiply a block of zeros (one kernel for both variants).
        final boolean peep = cfg.peepholes();
        final float[] pw = peep ? w : zeros;
        final int wci = peep ? off[WCI] : 0, wcf = peep ? off[WCF] : 0, wco = peep ? off[WCO] : 0;
        for (int b = lo; b < hi; b++) {
            Kernels.lstmBackward(z, z0 + b * P, H, tc, tc0 + b * Cw, s, prev0 + b * S + H,
                    dNext, b * S, b * S + H, dPrev, b * S + H, pw, wci, wcf, wco);
            if (fast) fastGateBackward(z, z0 + b * P + H, tc, tc0 + b * Cw + H, dPrev, b * S + H, pw, wcf);
            if (kaf != null) {                                               // KAF gates: ∂L/∂u ↦ ∂L/∂s
                for (int k = 0; k < kaf.count; k++) {
                    kaf.backward(k, z, z0 + b * P + kaf.blocks[k] * H, null, 0, tc, tc0 + b * Cw, w, off[A0 + k]);
                }
            }
        }
    }

    /**
     * The fast gate's part of one row's backward: the kernel above wrote {@code dzf′ = ∂L/∂sinh(·)}
     * (a sigmoid gate's dzf) and took {@code dcPrev} with it; the gate's pre-activation gets
     * {@code dzf = dzf′·cosh(·)·[|·| ≤ 20]}, and the peephole path of dcPrev the difference,
     * {@code dcPrev += (dzf − dzf′)⊙wcf} (wcf = 0 without peepholes).
     */
    private void fastGateBackward(float[] z, int zf, float[] tc, int dOff, float[] dPrev, int dcPrev, float[] pw, int wcf) {
        if (!cfg.peepholes()) {
            FastGate.backward(z, zf, tc, dOff, H);
            return;
        }
        for (int j = 0; j < H; j++) {
            float dzf1 = z[zf + j], dzf = dzf1 * tc[dOff + j];
            z[zf + j] = dzf;
            dPrev[dcPrev + j] += (dzf - dzf1) * pw[wcf + j];
        }
    }

    /** dwci += Σ_b dzi⊙cPrev, dwcf += Σ_b dzf⊙cPrev, dwco += Σ_b dzo⊙c, in row order (one thread). */
    private void addPeepholeGradients(int t) {
        final float[] z = seq.z(), s = seq.states();
        final int S = 2 * H, P = 4 * H, z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1);
        for (int b = 0; b < B; b++) {
            final int zi = z0 + b * P, zf = zi + H, zo = zf + 2 * H, cPrev = prev0 + b * S + H, c = next0 + b * S + H;
            for (int j = 0; j < H; j++) {
                dw[off[WCI] + j] += z[zi + j] * s[cPrev + j];
                dw[off[WCF] + j] += z[zf + j] * s[cPrev + j];
                dw[off[WCO] + j] += z[zo + j] * s[c + j];
            }
        }
    }

    @Override
    public void finishBackward() {
        addRecurrentWeightGradient(seq.z(), 4 * H, 4 * H, H, off[WH]); // dWh += Σ_t dzᵀ·hPrev
    }
}
