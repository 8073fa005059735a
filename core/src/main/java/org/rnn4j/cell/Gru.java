package org.rnn4j.cell;

import java.util.List;
import java.util.Optional;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.FastGate;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PackedMatrix;
import org.rnn4j.param.Init;
import org.rnn4j.param.Init.ChronoGates.Gate;
import org.rnn4j.param.ParamSpec;

/**
 * GRU step (Cho et al. 2014), gate order r, z, n, in one of two forms ({@link GruConfig#resetAfter()}).
 * <p>Reset after the recurrent product (default; PyTorch's {@code nn.GRU}, cuDNN):
 * <pre>
 *   zx = x·Wxᵀ + bx          zh = hPrev·Whᵀ + bh          both [B, 3H], blocks r | z | n
 *   r = σ(zx_r + zh_r)       z = σ(zx_z + zh_z)
 *   n = tanh(zx_n + r⊙zh_n)
 *   h = (1 − z)⊙n + z⊙hPrev
 * </pre>
 * Reset before the product (Cho et al. 2014, eqs. 5–8; Keras {@code reset_after=False}; the NRU
 * authors' myTorch {@code GRUCell}):
 * <pre>
 *   zx = x·Wxᵀ + bx                                         [B, 3H], blocks r | z | n
 *   r = σ(zx_r + hPrev·Wh_rᵀ)   z = σ(zx_z + hPrev·Wh_zᵀ)
 *   q = r⊙hPrev                 n = tanh(zx_n + q·Wh_nᵀ)
 *   h = (1 − z)⊙n + z⊙hPrev
 * </pre>
 * The update convention {@code h = (1 − z)⊙n + z⊙hPrev} is Cho et al.'s and PyTorch's; Chung et al.
 * (2014) write z and 1 − z the other way round, which only flips the sign of z's pre-activation.
 * <p>With the fast gate ({@link GruConfig#forgetGate()} = {@link GateFunction#FAST}, Ohno, Kanai
 * &amp; Ida 2023) the gate that keeps hPrev — z, as coded — is {@code z = σ(sinh(clamp(a_z, −20, 20)))}
 * with {@code a_z} its pre-activation above; r stays σ. Since {@code σ(sinh(−a)) = 1 − σ(sinh a)},
 * the candidate's weight {@code 1 − z = σ(sinh(−a_z))} is the same fast function, so Chung et al.'s
 * convention with φ on its gate is the same cell with {@code a_z} negated. Forward turns
 * {@code a_z} into {@code sinh(clamp(a_z))} in place before the sigmoid; backward multiplies
 * {@code dz} by the saved {@code cosh(a_z)·[|a_z| ≤ 20]} (kernel {@code FastGate}).
 * <p>Params: {@code Wx [3H, I]}, {@code bx [3H]}, {@code Wh [3H, H]}, and with reset after the
 * product {@code bh [3H]} (two biases are needed there because {@code bh_n} sits inside
 * {@code r⊙·}; before it one is enough). State: {@code h}, S = H.
 * <p>Saved per step: r, z, n in {@code z}; in each cache row {@code zh_n [H]} (reset after) or
 * {@code q = r⊙hPrev [H]} (reset before), followed with the fast gate by its factor
 * {@code cosh(a_z)·[|a_z| ≤ 20] [H]} (Cw = H, or 2H with FAST). Reset after: backward keeps {@code ∂L/∂zh [T, B, 3H]}
 * (it differs from {@code ∂L/∂zx} on the n block by the factor r) for one {@code dWh} GEMM over all
 * steps. Reset before: {@code ∂L/∂zh = ∂L/∂zx}, so {@code dWh_rz += dz_rzᵀ·hPrev} and
 * {@code dWh_n += dz_nᵀ·q} are each one GEMM over all steps; per step it takes two recurrent GEMMs
 * forward ({@code [r|z]} rows of Wh on hPrev, then the n rows on q) and two backward.
 * <p>Init: every block {@code U(±1/√H)}, as PyTorch (the myTorch GRU uses Xavier-normal input and
 * orthogonal recurrent weights with zero biases; rnn4j keeps PyTorch's init for both forms). With
 * chrono ({@link GruConfig#chrono()}): the rule Tallec &amp; Ollivier (2018) give for the LSTM carried
 * to the gate that keeps {@code hPrev} (1 − g ↔ z): {@code b_z = +log T} in {@code bx}, every other
 * bias (including all of {@code bh}) 0, so the effective bias {@code bx_z + bh_z} is one draw. With
 * time scales ({@link GruConfig#timeScales()}) the same sign: {@code b_z = +b(T)} (z is the
 * retention, {@code σ(b_z) = f} of {@link org.rnn4j.param.TimeScales}), every other bias 0; with
 * their {@code freeze} the z blocks of {@code bx} and {@code bh} stay fixed, so the effective
 * {@code b_z} does.
 * With the fast gate the z blocks of {@code bx} and {@code bh} are stored through asinh: exact
 * for chrono and time scales ({@code φ(asinh(b) + asinh 0) = σ(b)}); with the default init the two
 * uniform draws are mapped one by one, so the initial effective bias is
 * {@code asinh(bx_z) + asinh(bh_z)}, not {@code asinh(bx_z + bh_z)} (they differ by about
 * {@code bx_z·bh_z·(bx_z + bh_z)/2}, at most {@code 1/H^{3/2}}).
 * <p>KAF gates ({@link GruConfig#kafGates()} among r, z; {@link KafGate}): such a gate is
 * {@code σ(a·s + b·KAF(s))} of its pre-activation s (above, e.g. {@code s = zx_z + zh_z}). Forward
 * maps s in place before the sigmoid and saves it in the cache (after the slots above, 2H per gate
 * with ∂L/∂u); backward maps the gate's gradient through {@code a + b·∂KAF/∂s}, recomputing κ.
 * Params then end with {@code alpha_<gate> [H, D]} per KAF gate (r, z order).
 */
public final class Gru extends CellBase {
    private static final int WX = 0, BX = 1, WH = 2, BH = 3;

    private final GruConfig cfg;
    private final int I, H;
    private final boolean resetAfter;
    /** The fast update gate is on; Cw: cache floats per row ([zh_n or q | fast-gate factor] or [zh_n or q]). */
    private final boolean fast;
    private final int Cw;
    /** The KAF gates (null without), their α blocks from parameter index A0 on; kr, kz: r's and z's index in them or −1. */
    private final KafGates kaf;
    private final int A0, kr, kz;
    private float[] zh = new float[0];  // reset after: scratch [B, 3H], zh of the current forward step
    private float[] dzh = new float[0]; // reset after: [T, B, 3H], ∂L/∂zh of every step, for dWh in finishBackward
    private float[] dq = new float[0];  // reset before: scratch [B, H], ∂L/∂q of the current backward step
    private PackedMatrix whNT, whN;     // reset before: Wh_nᵀ (forward) and Wh_n (backward); whT, wh hold the r|z rows

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public Gru(GruConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.resetAfter = cfg.resetAfter();
        this.fast = cfg.forgetGate() == GateFunction.FAST;
        int cw = fast ? 2 * H : H;
        this.kaf = cfg.kafGates().isEmpty() ? null
                : new KafGates(cfg.kaf(), cfg.kafGates(), List.of("r", "z"), new int[] {0, 1}, H, cw);
        this.Cw = cw + (kaf == null ? 0 : kaf.cacheWidth());
        this.A0 = resetAfter ? 4 : 3;
        this.kr = cfg.kafGates().contains("r") ? 0 : -1;
        this.kz = cfg.kafGates().contains("z") ? (kr + 1) : -1;
    }

    /** The configuration this cell was built from. */
    public GruConfig config() {
        return cfg;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return 3 * H; }
    @Override public int stateSize() { return H; }
    @Override public int cacheSize() { return Cw; }

    /** The update gate z keeps h (h = (1 − z)⊙n + z⊙hPrev); saved activated at block 1 of z (r, z, n). */
    @Override
    public Optional<RetentionGate> retentionGate() {
        return Optional.of(new RetentionGate("h", H, false, cfg.forgetGate(), resetAfter ? List.of("bx", "bh") : List.of("bx")));
    }

    @Override
    public List<ParamSpec> params() {
        Init u = new Init.FanInUniform(H);
        Gate[] roles = {Gate.OTHER, Gate.FORGET, Gate.OTHER};         // z keeps hPrev: b_z = +log T, +b(T)
        boolean chrono = cfg.chrono().isPresent(), scales = cfg.timeScales().isPresent();
        Init bx = chrono ? new Init.ChronoGates(cfg.chrono().get(), roles, 0)
                : scales ? new Init.TimeScaleGates(cfg.timeScales().get(), roles, 0) : u;
        GateFunction gate = cfg.forgetGate();
        boolean freeze = scales && cfg.timeScales().get().freeze();
        ParamSpec wx = ParamSpec.matrix("Wx", 3 * H, I, u), b = ParamSpec.vector("bx", 3 * H, gate.bias(bx, H, H));
        if (freeze) b = b.withFrozen(H, 2 * H);                         // b_z
        ParamSpec wh = ParamSpec.matrix("Wh", 3 * H, H, u);
        List<ParamSpec> p = new java.util.ArrayList<>(List.of(wx, b, wh));
        if (resetAfter) {
            ParamSpec bh = ParamSpec.vector("bh", 3 * H, gate.bias(chrono || scales ? new Init.Constant(0) : u, H, H));
            if (freeze) bh = bh.withFrozen(H, 2 * H);                   // bh_z = 0, so b_z + bh_z stays b(T)
            p.add(bh);
        }
        if (kaf != null) p.addAll(kaf.params(cfg.kaf()));               // alpha_r, alpha_z [H, D]
        return List.copyOf(p);
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        if (resetAfter) {
            packRecurrent(off[WH], 3 * H, H, training);
            if (zh.length < B * 3 * H) zh = new float[B * 3 * H];
            if (training && dzh.length < seq.steps() * B * 3 * H) dzh = new float[seq.steps() * B * 3 * H];
        } else {
            packRecurrent(off[WH], 2 * H, H, training);           // the r|z rows
            int nOff = off[WH] + 2 * H * H;                       // the n rows
            if (whNT == null) whNT = compute.pack(true, H, H, w, nOff, H);
            else compute.repack(whNT, w, nOff, H);
            if (training) {
                if (whN == null) whN = compute.pack(false, H, H, w, nOff, H);
                else compute.repack(whN, w, nOff, H);
                if (dq.length < B * H) dq = new float[B * H];
            }
        }
    }

    @Override
    public void forward(int t) {
        if (resetAfter) forwardResetAfter(t);
        else forwardResetBefore(t);
    }

    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        if (resetAfter) backwardResetAfter(t, dNext, dPrev);
        else backwardResetBefore(t, dNext, dPrev);
    }

    @Override
    public void finishBackward() {
        if (resetAfter) {
            addRecurrentWeightGradient(dzh, 3 * H, 3 * H, H, off[WH]);          // dWh += Σ_t dzhᵀ·hPrev
        } else {
            addRecurrentWeightGradient(seq.z(), 3 * H, 2 * H, H, off[WH]);      // dWh_rz += Σ_t dz_rzᵀ·hPrev
            compute.gemm(true, false, H, H, seq.steps() * B, seq.z(), 2 * H, 3 * H, seq.cache(), 0, Cw,
                    dw, off[WH] + 2 * H * H, H, true);                           // dWh_n += Σ_t dz_nᵀ·q
        }
    }

    // ------------------------------------------------------------ reset after the product (PyTorch)

    private void forwardResetAfter(int t) {
        curT = t;
        if (shardSteps(3 * H, false)) {
            forShards(forwardShard);                                           // rows independent: batch shards
            return;
        }
        compute.gemmPacked(false, B, seq.states(), stateOff(t), H, whT, zh, 0, 3 * H, false); // zh = hPrev·Whᵀ
        forRows(3 * H, forwardRows);                                           // rows independent: split over threads
    }

    /** {@link #forwardResetAfter} for the batch rows [lo, hi) on one thread: their zh rows, then their gates. */
    private void forwardShardResetAfter(int lo, int hi, Compute.Local local) {
        local.gemmPacked(false, hi - lo, seq.states(), stateOff(curT) + lo * H, H, whT, zh, lo * 3 * H, 3 * H, false);
        forwardRowsResetAfter(lo, hi);
    }

    private int curT;
    private float[] curDNext, curDPrev;
    private final Compute.RangeBody forwardRows = this::forwardRowsResetAfter, backwardRows = this::backwardRowsResetAfter;
    private final Compute.ShardBody forwardShard = this::forwardShardResetAfter, backwardShard = this::backwardShardResetAfter;

    private void forwardRowsResetAfter(int lo, int hi) {
        final float[] z = seq.z(), s = seq.states(), zhn = seq.cache();
        final int P = 3 * H, t = curT;
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t);
        for (int b = lo; b < hi; b++) {
            final int zr = z0 + b * P, zz = zr + H, zn = zz + H;
            final int hr = b * P, hz = hr + H, hn = hz + H;
            final int hPrev = prev0 + b * H, h = next0 + b * H, cn = c0 + b * Cw;
            for (int j = 0; j < 2 * H; j++) z[zr + j] += zh[hr + j] + w[off[BH] + j];
            if (kaf != null) kafForward(z, zr, zhn, cn);                       // s ← a·s + b·KAF(s)
            if (fast) FastGate.forward(z, zz, zhn, cn + H, H);                 // a_z ← sinh(clamp(a_z)); cosh factor
            Kernels.sigmoid(z, zr, z, zr, 2 * H);                              // r, z
            for (int j = 0; j < H; j++) {
                float zhnj = zh[hn + j] + w[off[BH] + 2 * H + j];
                zhn[cn + j] = zhnj;
                z[zn + j] += z[zr + j] * zhnj;                                 // zx_n + r⊙zh_n
            }
            Kernels.tanh(z, zn, z, zn, H);                                     // n
            for (int j = 0; j < H; j++) {
                float u = z[zz + j];
                s[h + j] = (1 - u) * z[zn + j] + u * s[hPrev + j];             // h = (1−z)⊙n + z⊙hPrev
            }
        }
    }

    private void backwardResetAfter(int t, float[] dNext, float[] dPrev) {
        final int P = 3 * H, d0 = t * B * P;
        curT = t;
        curDNext = dNext;
        curDPrev = dPrev;
        if (shardSteps(P, false)) {
            forShards(backwardShard);                                          // rows independent: batch shards
        } else {
            forRows(P, backwardRows);                                          // rows independent: split over threads
            compute.gemmPacked(false, B, dzh, d0, P, wh, dPrev, 0, H, true);   // dhPrev += dzh·Wh
        }
        Kernels.addColumnSums(dzh, d0, B, P, dw, off[BH]);                     // dbh
        addAlphaGradients(t);
    }

    /** {@link #backwardResetAfter} for the batch rows [lo, hi) on one thread: their gate gradients, then dhPrev rows. */
    private void backwardShardResetAfter(int lo, int hi, Compute.Local local) {
        final int P = 3 * H;
        backwardRowsResetAfter(lo, hi);
        local.gemmPacked(false, hi - lo, dzh, curT * B * P + lo * P, P, wh, curDPrev, lo * H, H, true);
    }

    private void backwardRowsResetAfter(int lo, int hi) {
        final float[] z = seq.z(), s = seq.states(), zhn = seq.cache(), dNext = curDNext, dPrev = curDPrev;
        final int P = 3 * H, t = curT;
        final int z0 = zOff(t), prev0 = stateOff(t), c0 = cacheOff(t), d0 = t * B * P;
        for (int b = lo; b < hi; b++) {
            Kernels.gruBackward(z, z0 + b * P, H, s, prev0 + b * H, zhn, c0 + b * Cw, dNext, b * H, dPrev, dzh, d0 + b * P);
            if (fast) {                                                        // dz = dz′·cosh(a_z)·[|a_z| ≤ 20], in both copies
                FastGate.backward(z, z0 + b * P + H, zhn, c0 + b * Cw + H, H);
                FastGate.backward(dzh, d0 + b * P + H, zhn, c0 + b * Cw + H, H);
            }
            if (kaf != null) {                                                 // ∂L/∂u ↦ ∂L/∂s, in both copies
                for (int k = 0; k < kaf.count; k++) {
                    int blk = kaf.blocks[k] * H;
                    kaf.backward(k, z, z0 + b * P + blk, dzh, d0 + b * P + blk, zhn, c0 + b * Cw, w, off[A0 + k]);
                }
            }
        }
    }

    // ------------------------------------------------------------ reset before the product (Cho et al.)

    private void forwardResetBefore(int t) {
        final float[] z = seq.z(), s = seq.states(), q = seq.cache();
        final int P = 3 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t);
        compute.gemmPacked(false, B, s, prev0, H, whT, z, z0, P, true);        // z_rz += hPrev·Wh_rzᵀ
        for (int b = 0; b < B; b++) {
            final int zr = z0 + b * P, hPrev = prev0 + b * H, qb = c0 + b * Cw;
            if (kaf != null) kafForward(z, zr, q, qb);                         // s ← a·s + b·KAF(s)
            if (fast) FastGate.forward(z, zr + H, q, qb + H, H);               // a_z ← sinh(clamp(a_z)); cosh factor
            Kernels.sigmoid(z, zr, z, zr, 2 * H);                              // r, z
            for (int j = 0; j < H; j++) q[qb + j] = z[zr + j] * s[hPrev + j];  // q = r⊙hPrev
        }
        compute.gemmPacked(false, B, q, c0, Cw, whNT, z, z0 + 2 * H, P, true); // z_n += q·Wh_nᵀ
        for (int b = 0; b < B; b++) {
            final int zz = z0 + b * P + H, zn = zz + H, hPrev = prev0 + b * H, h = next0 + b * H;
            Kernels.tanh(z, zn, z, zn, H);                                     // n
            for (int j = 0; j < H; j++) {
                float u = z[zz + j];
                s[h + j] = (1 - u) * z[zn + j] + u * s[hPrev + j];             // h = (1−z)⊙n + z⊙hPrev
            }
        }
    }

    private void backwardResetBefore(int t, float[] dNext, float[] dPrev) {
        final float[] z = seq.z(), s = seq.states(), c = seq.cache();
        final int P = 3 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), c0 = cacheOff(t);
        for (int b = 0; b < B; b++) {
            final int zz = z0 + b * P + H, zn = zz + H, hPrev = prev0 + b * H, dh = b * H;
            for (int j = 0; j < H; j++) {
                float u = z[zz + j], n = z[zn + j], dhj = dNext[dh + j];
                z[zn + j] = dhj * (1 - u) * (1 - n * n);                       // dz_n: n = tanh(zx_n + q·Wh_nᵀ)
                z[zz + j] = dhj * (s[hPrev + j] - n) * u * (1 - u);            // dz_z: h = (1−z)⊙n + z⊙hPrev
                dPrev[dh + j] = dhj * u;                                       // direct path through z⊙hPrev
            }
            if (fast) FastGate.backward(z, zz, c, c0 + b * Cw + H, H);         // dz_z·cosh(a_z)·[|a_z| ≤ 20]
            if (kz >= 0) kaf.backward(kz, z, zz, null, 0, c, c0 + b * Cw, w, off[A0 + kz]);
        }
        compute.gemmPacked(false, B, z, z0 + 2 * H, P, whN, dq, 0, H, false);  // dq = dz_n·Wh_n
        for (int b = 0; b < B; b++) {
            final int zr = z0 + b * P, hPrev = prev0 + b * H, dh = b * H;
            for (int j = 0; j < H; j++) {
                float r = z[zr + j], dqj = dq[dh + j];
                z[zr + j] = dqj * s[hPrev + j] * r * (1 - r);                  // dz_r: q = r⊙hPrev
                dPrev[dh + j] += dqj * r;
            }
            if (kr >= 0) kaf.backward(kr, z, zr, null, 0, c, c0 + b * Cw, w, off[A0 + kr]);
        }
        compute.gemmPacked(false, B, z, z0, P, wh, dPrev, 0, H, true);         // dhPrev += dz_rz·Wh_rz
        addAlphaGradients(t);
    }

    // ------------------------------------------------------------ KAF gates

    /** One row's KAF gates forward: their pre-activations at z[zr + block·H] mapped, s saved in the cache row. */
    private void kafForward(float[] z, int zr, float[] cache, int cRow) {
        for (int k = 0; k < kaf.count; k++) kaf.forward(k, z, zr + kaf.blocks[k] * H, cache, cRow, w, off[A0 + k]);
    }

    /** dα of step t, batch rows in order on one thread. */
    private void addAlphaGradients(int t) {
        if (kaf == null) return;
        for (int k = 0; k < kaf.count; k++) kaf.addAlphaGradients(k, seq.cache(), cacheOff(t), Cw, B, dw, off[A0 + k]);
    }
}
