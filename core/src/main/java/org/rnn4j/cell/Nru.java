package org.rnn4j.cell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.NruKernels;
import org.rnn4j.kernel.PackedMatrix;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * Non-saturating Recurrent Unit step (Chandar, Sankar, Vorontsov, Kahou &amp; Bengio, "Towards
 * Non-saturating Recurrent Units for Modelling Long-term Dependencies", AAAI 2019), as coded in
 * the authors' release ({@code apsarath/NRU} {@code NRUCell}) with the paper's variants as switches
 * ({@link NruConfig}; nru-chrono.md §1.2–1.3).
 * <pre>
 *   a   = x·Wxᵀ + bx + [hPrev; mPrev]·Whᵀ                 a: [B, H]     (hmi2h; concat order x, h, m)
 *   h   = ReLU(a)            or  ReLU(γ⊙LN(a) + β)          h: [B, H]
 *   u   = [h; mPrev]  (H_M)   or  [x; h; mPrev]  (X_H_M)   the heads read the NEW h and the OLD memory
 *   r   = u·Wheadᵀ + bhead                                 r: [B, R], blocks α̃ (k₁) | β̃ (k₂) | pq_w | pq_e
 *   α   = φ(α̃)   β = φ(β̃)                                 φ = ReLU if relu, else the identity
 *   per set (write: α, pq_w; erase: β, pq_e), k heads:
 *     SHARED:   p, q ∈ R^S, S = √(k·M);  Vᵢ = entries [i·M, (i+1)·M) of vec(p·qᵀ) (row-major)
 *     PER_HEAD: pᵢ, qᵢ ∈ R^s, s = √M;     Vᵢ = vec(pᵢ·qᵢᵀ)           (pq = [p₁ q₁ | p₂ q₂ | …])
 *     Vᵢ = φ(Vᵢ);   vᵢ = Vᵢ / max(‖Vᵢ‖_p, eps)                      unit p-norm (p = 5), torch F.normalize
 *   m   = mPrev + c_w·Σᵢ αᵢ·vᵢ − c_e·Σᵢ βᵢ·v′ᵢ                   c = 1/k (MEAN) or 1 (SUM)
 * </pre>
 * The output is h; the memory is never read out directly. Nothing saturates: α, β are unbounded,
 * every |vᵢⱼ| ≤ 1, and ∂m/∂mPrev = I along the additive path.
 * <p>Params: {@code Wx [P, I]}, {@code bx [P]}, {@code Wh [H, H+M]}, {@code Whead [R, H+M]},
 * {@code bhead [R]} (H_M only), with LayerNorm {@code gamma [H]}, {@code beta [H]}. With X_H_M the
 * heads' x-columns and bias are rows {@code H..H+R} of Wx and bx, so P = H + R; otherwise P = H.
 * Init: PyTorch's {@code nn.Linear} default {@code U(±1/√fan_in)} per block (the reference calls no
 * custom init): fan_in = I+H+M for hmi2h; H+M for the heads (I+H+M with X_H_M); LayerNorm 1, 0.
 * <p>State: {@code [h (H) | m (M)]}, S = H + M. Saved per step: {@code a} (or LN's normalised
 * {@code n}) in {@code z}; in the cache {@code [u_hm (H+M) | r (R) | ‖V‖ per head (k₁+k₂) | 1/σ (LN)]}
 * (the directions are recomputed in backward from r). Backward overwrites the cached r with
 * ∂L/∂r, so the head weights' gradient is one GEMM over all steps in {@link #finishBackward()}.
 * <p>Threads: when the step is large enough ({@link #shardSteps}), each thread runs the whole step
 * for a contiguous shard of batch rows (the a and r GEMM rows, h, the heads; in backward the heads,
 * du, da and the [dhPrev; dmPrev] rows); otherwise the GEMMs split by output tiles and the head
 * work by rows. The sums over the batch (dbhead, dγ, dβ) run afterwards on the calling thread in
 * row order, so the result does not depend on the thread count. The head loops are the kernels
 * {@code NruKernels} (each head a run of row segments of p·qᵀ: a broadcast p_a times contiguous q,
 * no index tables), vectorized for the 5-norm. Without φ they use the factorized form
 * {@code |p_a·q_b|^p = |p_a|^p·|q_b|^p} (the norm in O(S) per head; backward one dot product and
 * one scaled sum per entry): the same values as the entry-by-entry equations up to float
 * round-off (NruFixtureTest), not the same bits.
 */
public final class Nru extends CellBase {
    private static final float LN_EPS = 1e-5f;

    private final NruConfig cfg;
    private final int I, H, M, S, kW, kE, R, P, U, Cw;
    /** Offsets inside a row of r: α̃, β̃, the write set's p/q rows, the erase set's. */
    private final int rA, rB, rVW, rVE;
    /** Side of each set's rank-1 products: √(k·M) (shared) or √M (per head). */
    private final int sideW, sideE;
    /** Per-example head work (k₁ + k₂)·M: the width {@link #shardSteps} and {@link #forRows} weigh. */
    private final int headWork;
    /** Scratch floats per example for the head kernels. */
    private final int scratch;
    /** Offsets inside a cache row. */
    private final int cU, cR, cNorm, cStd;
    private final boolean relu, ln, xInHeads, p5, shared;
    /** The write (erase) set's heads are whole rows of its shared p·qᵀ and there is no φ: the set-at-once kernels apply. */
    private final boolean rowsW, rowsE;
    private final float cWrite, cErase, eps;
    private final double p;
    /** Block indices in {@link #params()} order (Wx = 0, bx = 1 come first, as the layer expects). */
    private static final int WH = 2, WHEAD = 3;
    private final int BHEAD, GAMMA, BETA;

    private PackedMatrix headT, head;
    private float[] vScratch = new float[0], dRow = new float[0], dU = new float[0], lnScratch = new float[0];

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public Nru(NruConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.M = cfg.memorySize();
        this.S = H + M;
        this.kW = cfg.writeHeads();
        this.kE = cfg.eraseHeads();
        this.relu = cfg.relu();
        this.ln = cfg.layerNorm();
        this.xInHeads = cfg.headInputs() == NruConfig.HeadInputs.X_H_M;
        this.p = cfg.normP();
        this.p5 = p == 5.0;
        this.eps = (float) cfg.normEps();
        boolean mean = cfg.reduction() == NruConfig.Reduction.MEAN;
        this.cWrite = mean ? 1f / kW : 1f;
        this.cErase = mean ? 1f / kE : 1f;
        this.shared = cfg.outerProduct() == NruConfig.OuterProduct.SHARED;
        this.sideW = NruConfig.side(shared ? (long) kW * M : M);
        this.sideE = NruConfig.side(shared ? (long) kE * M : M);
        int dW = shared ? 2 * sideW : 2 * sideW * kW;                  // the set's rows: p | q, or p₁ q₁ | p₂ q₂ | …
        int dE = shared ? 2 * sideE : 2 * sideE * kE;
        this.rowsW = shared && !relu && M % sideW == 0;
        this.rowsE = shared && !relu && M % sideE == 0;
        this.headWork = (kW + kE) * M;
        this.scratch = NruKernels.scratch(M, Math.max(sideW, sideE));
        this.rA = 0;
        this.rB = kW;
        this.rVW = kW + kE;
        this.rVE = rVW + dW;
        this.R = rVE + dE;
        this.P = xInHeads ? H + R : H;
        this.U = H + M;
        this.cU = 0;
        this.cR = U;
        this.cNorm = U + R;
        this.cStd = cNorm + kW + kE;
        this.Cw = cStd + (ln ? 1 : 0);
        int next = WHEAD + 1;
        this.BHEAD = xInHeads ? -1 : next++;
        this.GAMMA = ln ? next++ : -1;
        this.BETA = ln ? next : -1;
    }

    /** The configuration this cell was built from. */
    public NruConfig config() {
        return cfg;
    }

    /** R: rows of the head map (α̃, β̃ and both sets' p/q). */
    public int headRows() {
        return R;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return P; }
    @Override public int stateSize() { return S; }
    @Override public int cacheSize() { return Cw; }
    @Override public List<StateBlock> stateBlocks() { return List.of(new StateBlock("h", H), new StateBlock("m", M)); }

    @Override
    public List<ParamSpec> params() {
        Init hmi2h = new Init.FanInUniform(I + H + M);
        Init heads = new Init.FanInUniform(xInHeads ? I + H + M : H + M);
        List<ParamSpec> ps = new ArrayList<>();
        if (xInHeads) {
            Init rows = new Init.Segments(new int[] {H, R}, new Init[] {hmi2h, heads});
            ps.add(ParamSpec.matrix("Wx", P, I, rows));
            ps.add(ParamSpec.vector("bx", P, rows));
        } else {
            ps.add(ParamSpec.matrix("Wx", H, I, hmi2h));
            ps.add(ParamSpec.vector("bx", H, hmi2h));
        }
        ps.add(ParamSpec.matrix("Wh", H, U, hmi2h));
        ps.add(ParamSpec.matrix("Whead", R, U, heads));
        if (!xInHeads) ps.add(ParamSpec.vector("bhead", R, heads));
        if (ln) {
            ps.add(ParamSpec.vector("gamma", H, new Init.Constant(1)));
            ps.add(ParamSpec.vector("beta", H, new Init.Constant(0)));
        }
        return ps;
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        // Wh [H, S] acts on the whole state row [hPrev; mPrev]; Whead [R, U] on u = [h; mPrev].
        if (whT == null) {
            whT = compute.pack(true, S, H, w, off[WH], S);
            headT = compute.pack(true, U, R, w, off[WHEAD], U);
        } else {
            compute.repack(whT, w, off[WH], S);
            compute.repack(headT, w, off[WHEAD], U);
        }
        if (training) {
            if (wh == null) {
                wh = compute.pack(false, H, S, w, off[WH], S);
                head = compute.pack(false, R, U, w, off[WHEAD], U);
            } else {
                compute.repack(wh, w, off[WH], S);
                compute.repack(head, w, off[WHEAD], U);
            }
        }
        if (vScratch.length < B * scratch) vScratch = new float[B * scratch]; // one head's scratch per example
        if (dRow.length < B * R) dRow = new float[B * R];
        if (dU.length < B * U) dU = new float[B * U];
        if (ln && lnScratch.length < B * H) lnScratch = new float[B * H];  // dy⊙n per example (dγ's terms)
    }

    // ------------------------------------------------------------------------------------ forward

    @Override
    public void forward(int t) {
        curT = t;
        if (shardSteps(headWork, true)) {                                      // each thread: a shard of rows, whole step
            forShards(forwardShard);
            return;
        }
        final float[] z = seq.z(), s = seq.states(), c = seq.cache();
        final int c0 = cacheOff(t);
        compute.gemmPacked(false, B, s, stateOff(t), S, whT, z, zOff(t), P, true); // a = zx + [hPrev; mPrev]·Whᵀ
        headInputs(0, B);
        compute.gemmPacked(false, B, c, c0 + cU, Cw, headT, c, c0 + cR, Cw, true); // r += u·Wheadᵀ
        forRows(headWork, forwardHeads);                                       // rows independent: split over threads
    }

    /** {@link #forward} for the batch rows [lo, hi) on one thread: a rows, h and u, r rows, the memory update. */
    private void forwardShard(int lo, int hi, Compute.Local local) {
        final int t = curT, c0 = cacheOff(t) + lo * Cw;
        local.gemmPacked(false, hi - lo, seq.states(), stateOff(t) + lo * S, S, whT, seq.z(), zOff(t) + lo * P, P, true);
        headInputs(lo, hi);
        local.gemmPacked(false, hi - lo, seq.cache(), c0 + cU, Cw, headT, seq.cache(), c0 + cR, Cw, true);
        forwardHeads(lo, hi);
    }

    private int curT;
    private float[] curDNext, curDPrev;
    private final Compute.RangeBody forwardHeads = this::forwardHeads, backwardHeads = this::backwardHeads;
    private final Compute.ShardBody forwardShard = this::forwardShard, backwardShard = this::backwardShard;

    /** h = ReLU(a) (or of LayerNorm), u = [h; mPrev] and r's starting value, for rows [lo, hi) at step curT. */
    private void headInputs(int lo, int hi) {
        final float[] z = seq.z(), s = seq.states(), c = seq.cache();
        final int z0 = zOff(curT), prev0 = stateOff(curT), next0 = stateOff(curT + 1), c0 = cacheOff(curT);
        for (int b = lo; b < hi; b++) {
            final int a = z0 + b * P, h = next0 + b * S, cb = c0 + b * Cw;
            if (ln) layerNormForward(z, a, s, h, c, cb + cStd);
            else System.arraycopy(z, a, s, h, H);
            Kernels.clampNegative(s, h, H);                                    // h = ReLU(·)
            System.arraycopy(s, h, c, cb + cU, H);                             // u = [h; mPrev]
            System.arraycopy(s, prev0 + b * S + H, c, cb + cU + H, M);
            if (xInHeads) System.arraycopy(z, a + H, c, cb + cR, R);           // r starts at x·Wx_headᵀ + b
            else System.arraycopy(w, off[BHEAD], c, cb + cR, R);               // r starts at bhead
        }
    }

    /** The memory update of examples [lo, hi) at step curT. */
    private void forwardHeads(int lo, int hi) {
        final float[] s = seq.states(), c = seq.cache();
        final int prev0 = stateOff(curT), next0 = stateOff(curT + 1), c0 = cacheOff(curT);
        for (int b = lo; b < hi; b++) {
            final int cb = c0 + b * Cw, m = next0 + b * S + H, vs = b * scratch;
            if (rowsW) writeSetRows(c, cb, rA, rVW, kW, sideW, cWrite, cNorm, s, prev0 + b * S + H, m, vs); // m = mPrev + …
            else writeSet(c, cb, rA, rVW, kW, sideW, cWrite, cNorm, s, prev0 + b * S + H, m, vs);
            if (rowsE) writeSetRows(c, cb, rB, rVE, kE, sideE, -cErase, cNorm + kW, s, m, m, vs);
            else writeSet(c, cb, rB, rVE, kE, sideE, -cErase, cNorm + kW, s, m, m, vs);
        }
    }

    /**
     * {@code m = m0 + sign·c·Σᵢ φ(r[str+i])·vᵢ} for one head set, heads in order (m0 may be m itself);
     * saves each ‖Vᵢ‖_p at {@code c[cb+norm+i]}.
     */
    private void writeSet(float[] c, int cb, int str, int pq, int k, int side, float coef, int norm,
                          float[] s, int m0, int m, int vs) {
        final int r = cb + cR, v = r + pq;
        for (int i = 0; i < k; i++) {
            float strength = phi(c[r + str + i]);
            int pi = v + pOffset(side, i), e0 = entryOffset(i);               // Vᵢ = φ(p ⊗ q)
            double sum = Kernels.nruHeadPowSum(c, pi, pi + side, side, e0, M, relu, p, vScratch, vs);
            double n = p5 ? Math.pow(sum, 0.2) : Math.pow(sum, 1.0 / p);       // ‖Vᵢ‖_p
            c[cb + norm + i] = (float) n;
            float scale = coef * strength / (float) Math.max(n, eps);
            Kernels.nruHeadWrite(c, pi, pi + side, side, e0, M, relu, scale, s, i == 0 ? m0 : m, s, m);
        }
    }

    /**
     * {@link #writeSet} for a set whose k heads are whole rows of its shared {@code p·qᵀ}
     * ({@code ρ = M / side} rows each) without φ. Entry {@code (a, b)} of head i is
     * {@code p_(iρ+a)·q_b}, the same q for every head, so the k writes collapse into one rank-1
     * update of the memory viewed as {@code [ρ, side]}:
     * <pre>
     *   m_(a·side+b) = m0_(a·side+b) + w_a·q_b,    w_a = Σᵢ sᵢ·p_(iρ+a),   sᵢ = c·φ(α̃ᵢ) / max(‖Vᵢ‖_p, eps)
     * </pre>
     * (w summed in float, heads in order): one pass over m instead of k. The norms are the
     * factorized O(side) sums, as in {@link #writeSet}.
     */
    private void writeSetRows(float[] c, int cb, int str, int pq, int k, int side, float coef, int norm,
                              float[] s, int m0, int m, int vs) {
        final int r = cb + cR, pOff = r + pq, qOff = pOff + side, rows = M / side;
        final float[] w = vScratch;
        for (int i = 0; i < k; i++) {                                          // ‖Vᵢ‖_p, factorized: O(side)
            double sum = Kernels.nruHeadPowSum(c, pOff, qOff, side, i * M, M, false, p, w, vs);
            c[cb + norm + i] = (float) (p5 ? Math.pow(sum, 0.2) : Math.pow(sum, 1.0 / p));
        }
        Arrays.fill(w, vs, vs + rows, 0f);
        NruKernels.setWriteWeights(c, r + str, pOff, cb + norm, k, rows, coef, eps, w, vs);
        Kernels.nruRankOneAdd(w, vs, c, qOff, rows, side, s, m0, s, m);
    }

    /** Where head i's p sits inside its set's pq rows: the set's p (shared) or pᵢ (per head); q follows at + side. */
    private int pOffset(int side, int i) {
        return shared ? 0 : 2 * side * i;
    }

    /** Head i's first entry in the flattened product: i·M of the set's p·qᵀ (shared), 0 of pᵢ·qᵢᵀ (per head). */
    private int entryOffset(int i) {
        return shared ? i * M : 0;
    }

    private float phi(float x) {
        return relu && x < 0 ? 0f : x;
    }

    private void layerNormForward(float[] z, int a, float[] s, int h, float[] c, int std) {
        double mean = 0, var = 0;
        for (int j = 0; j < H; j++) mean += z[a + j];
        mean /= H;
        for (int j = 0; j < H; j++) {
            double d = z[a + j] - mean;
            var += d * d;
        }
        var /= H;
        float rstd = (float) (1.0 / Math.sqrt(var + LN_EPS));
        c[std] = rstd;
        for (int j = 0; j < H; j++) {
            float n = (float) ((z[a + j] - mean) * rstd);
            z[a + j] = n;                                                      // saved: n
            s[h + j] = w[off[GAMMA] + j] * n + w[off[BETA] + j];
        }
    }

    // ------------------------------------------------------------------------------------ backward

    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        curT = t;
        curDNext = dNext;
        curDPrev = dPrev;
        if (shardSteps(headWork, true)) {                                      // each thread: a shard of rows, whole step
            forShards(backwardShard);
        } else {
            final float[] c = seq.cache();
            forRows(headWork, backwardHeads);                                  // rows independent: split over threads
            compute.gemmPacked(false, B, c, cacheOff(t) + cR, Cw, head, dU, 0, U, false); // du = dr·Whead   [B, H+M]
            backwardRows(0, B);
            compute.gemmPacked(false, B, seq.z(), zOff(t), P, wh, dPrev, 0, S, true);  // [dhPrev; dmPrev] += da·Wh
        }
        addBatchSums(t, dNext);
    }

    /** {@link #backward} for the batch rows [lo, hi) on one thread: heads, du rows, da, [dhPrev; dmPrev] rows. */
    private void backwardShard(int lo, int hi, Compute.Local local) {
        final int t = curT;
        backwardHeads(lo, hi);
        local.gemmPacked(false, hi - lo, seq.cache(), cacheOff(t) + lo * Cw + cR, Cw, head, dU, lo * U, U, false);
        backwardRows(lo, hi);
        local.gemmPacked(false, hi - lo, seq.z(), zOff(t) + lo * P, P, wh, curDPrev, lo * S, S, true);
    }

    /** Back through the memory update of examples [lo, hi) at step curT; the cached r becomes dr. */
    private void backwardHeads(int lo, int hi) {
        final float[] c = seq.cache(), dNext = curDNext, dPrev = curDPrev;
        final int c0 = cacheOff(curT);
        for (int b = lo; b < hi; b++) {
            final int cb = c0 + b * Cw, dm = b * S + H, vs = b * scratch, dr = b * R;
            System.arraycopy(dNext, dm, dPrev, dm, M);                         // dmPrev = dm (additive path) + …
            Arrays.fill(dPrev, b * S, b * S + H, 0f);                          // dhPrev comes from Wh below
            Arrays.fill(dRow, dr, dr + R, 0f);
            if (rowsW) setBackwardRows(c, cb, rA, rVW, kW, sideW, cWrite, cNorm, dNext, dm, vs, dr);
            else eraseOrWriteBackward(c, cb, rA, rVW, kW, sideW, cWrite, cNorm, dNext, dm, vs, dr);
            if (rowsE) setBackwardRows(c, cb, rB, rVE, kE, sideE, -cErase, cNorm + kW, dNext, dm, vs, dr);
            else eraseOrWriteBackward(c, cb, rB, rVE, kE, sideE, -cErase, cNorm + kW, dNext, dm, vs, dr);
            System.arraycopy(dRow, dr, c, cb + cR, R);
        }
    }

    /**
     * Back through {@code m += coef·Σᵢ φ(α̃ᵢ)·vᵢ} for one head set, into dRow (kernel
     * {@code NruKernels.headBackward} per head):
     * <pre>
     *   dαᵢ = coef·(dm·vᵢ)     dvᵢ = coef·αᵢ·dm
     *   dVᵢ = (dvᵢ − (dvᵢ·vᵢ)·sign(vᵢ)|vᵢ|^(p−1)) / ‖Vᵢ‖   if ‖Vᵢ‖ > eps,   else dvᵢ / eps
     *   d(p⊗q) = dVᵢ ⊙ φ′;   dp_a += Σ_b d(p⊗q)_ab·q_b;   dq_b += Σ_a d(p⊗q)_ab·p_a
     * </pre>
     */
    private void eraseOrWriteBackward(float[] c, int cb, int str, int pq, int k, int side, float coef, int norm,
                                      float[] dNext, int dm, int vs, int dr) {
        final int r = cb + cR;
        for (int i = 0; i < k; i++) {
            float pre = c[r + str + i], strength = phi(pre);
            int rel = pq + pOffset(side, i);
            double dmv = Kernels.nruHeadBackward(c, r + rel, r + rel + side, side, entryOffset(i), M, relu, p,
                    shared && i > 0, c[cb + norm + i], eps, coef * strength, dNext, dm, vScratch, vs,
                    dRow, dr + rel, dr + rel + side);
            float dA = coef * (float) dmv;
            dRow[dr + str + i] = relu && !(pre > 0) ? 0f : dA;
        }
    }

    /**
     * {@link #eraseOrWriteBackward} for a set of whole rows without φ ({@link #writeSetRows}), in the
     * factorized form of {@code NruKernels} summed over the heads. With {@code G_a = Σ_b dm_(a·side+b)·q_b}
     * (one pass over dm, shared by the heads), {@code Q = Σ_b |q_b|^p}, and per head
     * {@code σᵢ = c·φ(α̃ᵢ)}, {@code 1/nᵢ} (1/eps when clamped), {@code Pᵢ = Σ_a |p_(iρ+a)|^p}:
     * <pre>
     *   dm·vᵢ = (1/nᵢ)·Σ_a p_(iρ+a)·G_a            dα̃ᵢ = c·(dm·vᵢ)
     *   Kᵢ    = σᵢ·(dm·vᵢ)·nᵢ^(−p)   (0 when clamped)
     *   dp_(iρ+a) += (σᵢ/nᵢ)·G_a − Kᵢ·g(p_(iρ+a))·Q
     *   dq_b      += Σ_a dm_(a·side+b)·w_a − (Σᵢ Kᵢ·Pᵢ)·g(q_b),   w_a = Σᵢ (σᵢ/nᵢ)·p_(iρ+a)
     * </pre>
     * so two passes over dm per set, whatever k (the per-head form makes k + 1).
     */
    private void setBackwardRows(float[] c, int cb, int str, int pq, int k, int side, float coef, int norm,
                                 float[] dNext, int dm, int vs, int dr) {
        final int r = cb + cR, pOff = r + pq, qOff = pOff + side, rows = M / side, g = vs, wt = vs + rows;
        final float[] v = vScratch;
        Kernels.nruRowDots(dNext, dm, c, qOff, rows, side, v, g);                 // G_a
        Arrays.fill(v, wt, wt + rows, 0f);
        final double Q = Kernels.nruPowSum(c, qOff, side, p);
        double kp = NruKernels.setHeadsBackward(c, r + str, pOff, cb + norm, k, rows, coef, eps, p, v, g, Q, dRow, dr + str,
                dr + pq, v, wt);
        Kernels.nruColumnsBackward(dNext, dm, v, wt, rows, side, c, qOff, kp, p, dRow, dr + pq + side);
    }

    /**
     * The rest of {@link #backward} for rows [lo, hi), after du: dzx of the heads' x-part, dmPrev += du_m,
     * dh through the ReLU (left in dNext), da (into z; LayerNorm saves dy⊙n per row in lnScratch).
     */
    private void backwardRows(int lo, int hi) {
        final float[] z = seq.z(), s = seq.states(), c = seq.cache(), dNext = curDNext, dPrev = curDPrev;
        final int z0 = zOff(curT), next0 = stateOff(curT + 1), c0 = cacheOff(curT);
        for (int b = lo; b < hi; b++) {
            final int cb = c0 + b * Cw, a = z0 + b * P, h = next0 + b * S, du = b * U;
            if (xInHeads) System.arraycopy(c, cb + cR, z, a + H, R);          // dzx of the heads' x-part
            for (int j = 0; j < M; j++) dPrev[b * S + H + j] += dU[du + H + j]; // the heads read mPrev
            Kernels.reluBackward(dNext, b * S, dU, du, s, h, H);               // dh = dNext_h + du_h, through ReLU
            if (ln) layerNormBackward(z, a, dNext, b * S, c[cb + cStd], b * H);
            else System.arraycopy(dNext, b * S, z, a, H);                      // da
        }
    }

    /**
     * The sums over the batch, on the calling thread in row order (so any split gives the same bits):
     * dbhead += Σ_b dr_b; dγ += Σ_b dy⊙n, dβ += Σ_b dy; and for the analysis the path h_t → m_t.
     */
    private void addBatchSums(int t, float[] dNext) {
        final float[] c = seq.cache();
        final int c0 = cacheOff(t);
        if (inStepSink != null) {                                              // analysis: h_t also feeds m_t
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < H; j++) inStepSink[t * B * S + b * S + j] += dU[b * U + j];
            }
        }
        for (int b = 0; b < B; b++) {
            if (!xInHeads) {
                final int cr = c0 + b * Cw + cR;
                for (int k = 0; k < R; k++) dw[off[BHEAD] + k] += c[cr + k];
            }
            if (ln) {
                for (int j = 0; j < H; j++) {
                    dw[off[GAMMA] + j] += lnScratch[b * H + j];
                    dw[off[BETA] + j] += dNext[b * S + j];
                }
            }
        }
    }

    private float[] inStepSink;

    @Override
    public void addInStepStateGradients(float[] sink) {
        this.inStepSink = sink;
    }

    /**
     * y = γ⊙n + β, n = (a − μ)·rstd:  da = rstd·(dn − mean(dn) − n·mean(dn⊙n)), into z; dy⊙n (dγ's
     * term) into lnScratch at {@code g0}, added to dγ by {@link #addBatchSums}.
     */
    private void layerNormBackward(float[] z, int a, float[] dy, int d0, float rstd, int g0) {
        double sumDn = 0, sumDnN = 0;
        for (int j = 0; j < H; j++) {
            float d = dy[d0 + j], n = z[a + j];
            lnScratch[g0 + j] = d * n;
            float dn = d * w[off[GAMMA] + j];
            sumDn += dn;
            sumDnN += dn * n;
        }
        float mDn = (float) (sumDn / H), mDnN = (float) (sumDnN / H);
        for (int j = 0; j < H; j++) {
            float n = z[a + j], dn = dy[d0 + j] * w[off[GAMMA] + j];
            z[a + j] = rstd * (dn - mDn - n * mDnN);
        }
    }

    @Override
    public void finishBackward() {
        int rows = seq.steps() * B;
        // dWh [H, S] += Σ_t daᵀ·[hPrev; mPrev]     (the state rows 0..T-1 are exactly [hPrev; mPrev])
        compute.gemm(true, false, H, S, rows, seq.z(), 0, P, seq.states(), 0, S, dw, off[WH], S, true);
        // dWhead [R, U] += Σ_t drᵀ·u
        compute.gemm(true, false, R, U, rows, seq.cache(), cR, Cw, seq.cache(), cU, Cw, dw, off[WHEAD], U, true);
    }
}
