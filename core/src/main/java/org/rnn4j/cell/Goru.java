package org.rnn4j.cell;

import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.GivensRotations;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.ModRelu;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * GORU step, real orthogonal form (Jing, Gulcehre et al. 2019, "Gated Orthogonal Recurrent Units:
 * On Learning to Forget", Neural Computation 31(4), arXiv 1706.02761; a baseline of the NRU paper).
 * <pre>
 *   zx = x·Wxᵀ + bx                                   zx: [B, 3H], blocks r | z | c
 *   zh = hPrev·Rᵀ,  R = [V_r; V_z; U]                 zh: [B, 3H], R: [3H, H]
 *   r = σ(zx_r + zh_r)            z = σ(zx_z + zh_z)
 *   h̃ = modReLU(zx_c + r⊙zh_c, b)                    (zh_c = U·hPrev, U orthogonal)
 *   h = z⊙hPrev + (1 − z)⊙h̃
 * </pre>
 * U is the tunable Givens product of {@link GivensRotations} (L layers); V_r and V_z are full.
 * Gate convention as the authors' TensorFlow {@code GORUCell} ({@code jingli9111/GORU-tensorflow},
 * {@code GORU.py}; its update gate is called g there): z near 1 keeps hPrev, the reset gate
 * multiplies {@code U·hPrev} after the product, and the candidate's only bias is modReLU's b.
 * <p>Params: {@code Wx [3H, I]} U(±0.01); {@code bx [3H]}: b_r = 2, b_z U(±√(3/H)) (TensorFlow's
 * default Glorot-uniform for a vector, which the authors' {@code bias_g} gets), candidate 0;
 * {@code Wh [2H, H]} = V_r; V_z, U(±0.01); {@code theta [n]} U(−π, π); {@code b [H]} 0.01 —
 * all as the authors' code. State: {@code h}, S = H. Saved per step: r, z, h̃ in {@code z} and
 * {@code zh_c [B, H]} in the cache; backward keeps {@code ∂L/∂zh [T, B, 3H]} for the weight
 * gradients after the loop.
 * <p>Deviations: (1) real orthogonal U (one angle per rotation, no diagonal phase layer), which
 * is also what the authors' GORU uses (its EUNN is built with {@code comp=False}); (2) the
 * candidate's input bias (the c block of {@code bx}, +H parameters, starts at 0); (3) modReLU
 * without the authors' 1e-5 inside |·|; (4) tunable style only (the authors' copying script
 * defaults to their FFT-style mesh).
 * <p>Cost: {@code R} is built once per pass (U in O(L·H²)) and packed; each step is one
 * {@code [B, H]×[H, 3H]} GEMM forward and one {@code [B, 3H]×[3H, H]} backward, as a GRU.
 */
public final class Goru extends CellBase {
    private static final int WX = 0, BX = 1, WH = 2, THETA = 3, BM = 4;

    private final GoruConfig cfg;
    private final int I, H, L, angles;
    private float[] zh = new float[0];    // scratch [B, 3H]: zh of the current forward step
    private float[] dzh = new float[0];   // [T, B, 3H]: ∂L/∂zh of every step
    // Workspace, allocated by the first prepare (a cell made only to count parameters needs none):
    private float[] rec = new float[0];   // [3H, H] R = [V_r; V_z; U]
    private double[] uD = new double[0];  // [H, H] U in double; scratch of the angle gradient
    private double[] gD = new double[0];  // [H, H] ∂L/∂U in double
    private float[] dU = new float[0];    // [H, H] Σ_t dzh_cᵀ·hPrev

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public Goru(GoruConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.L = cfg.capacity();
        if (3L * H * H > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("hiddenSize H must be at most 26754 (R is [3H, H]), got " + H);
        }
        this.angles = (int) GivensRotations.count(H, L);
    }

    /** The configuration this cell was built from. */
    public GoruConfig config() {
        return cfg;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return 3 * H; }
    @Override public int stateSize() { return H; }
    @Override public int cacheSize() { return H; }

    @Override
    public List<ParamSpec> params() {
        Init small = new Init.Uniform(-0.01, 0.01);
        double glorot = Math.sqrt(3.0 / H);
        Init bx = new Init.Segments(new int[] {H, H, H},
                new Init[] {new Init.Constant(2), new Init.Uniform(-glorot, glorot), new Init.Constant(0)});
        return List.of(
                ParamSpec.matrix("Wx", 3 * H, I, small),
                ParamSpec.vector("bx", 3 * H, bx),
                ParamSpec.matrix("Wh", 2 * H, H, small),
                ParamSpec.vector("theta", angles, new Init.Uniform(-Math.PI, Math.PI)),
                ParamSpec.vector("b", H, new Init.Constant(0.01)));
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        if (rec.length == 0) {
            rec = new float[3 * H * H];
            uD = new double[H * H];
            gD = new double[H * H];
            dU = new float[H * H];
        }
        System.arraycopy(w, off[WH], rec, 0, 2 * H * H);                       // V_r; V_z
        GivensRotations.materialize(w, off[THETA], H, L, uD);                  // U = R_{L−1}···R_0
        for (int i = 0; i < H * H; i++) rec[2 * H * H + i] = (float) uD[i];
        if (whT == null) whT = compute.pack(true, H, 3 * H, rec, 0, H);       // Rᵀ for hPrev·Rᵀ
        else compute.repack(whT, rec, 0, H);
        if (training) {
            if (wh == null) wh = compute.pack(false, 3 * H, H, rec, 0, H);    // R for dzh·R
            else compute.repack(wh, rec, 0, H);
        }
        if (zh.length < B * 3 * H) zh = new float[B * 3 * H];
        if (training && dzh.length < seq.steps() * B * 3 * H) dzh = new float[seq.steps() * B * 3 * H];
    }

    @Override
    public void forward(int t) {
        final float[] z = seq.z(), s = seq.states(), zhc = seq.cache();
        final int P = 3 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t);
        compute.gemmPacked(false, B, s, prev0, H, whT, zh, 0, P, false);    // zh = hPrev·Rᵀ
        for (int b = 0; b < B; b++) {
            final int zr = z0 + b * P, zz = zr + H, zc = zz + H;
            final int hr = b * P, hc = hr + 2 * H;
            final int hPrev = prev0 + b * H, h = next0 + b * H, cc = c0 + b * H;
            for (int j = 0; j < 2 * H; j++) z[zr + j] += zh[hr + j];
            Kernels.sigmoid(z, zr, z, zr, 2 * H);                              // r, z
            for (int j = 0; j < H; j++) {
                float zhcj = zh[hc + j];
                zhc[cc + j] = zhcj;
                z[zc + j] += z[zr + j] * zhcj;                                 // zx_c + r⊙zh_c
            }
            ModRelu.forward(z, zc, w, off[BM], z, zc, H);                      // h̃
            for (int j = 0; j < H; j++) {
                float u = z[zz + j];
                s[h + j] = u * s[hPrev + j] + (1 - u) * z[zc + j];             // h = z⊙hPrev + (1−z)⊙h̃
            }
        }
    }

    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        final float[] z = seq.z(), s = seq.states(), zhc = seq.cache();
        final int P = 3 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), c0 = cacheOff(t), d0 = t * B * P;
        for (int b = 0; b < B; b++) {
            final int zr = z0 + b * P, zz = zr + H, zc = zz + H;
            final int hr = d0 + b * P, hz = hr + H, hc = hz + H;
            final int hPrev = prev0 + b * H, cc = c0 + b * H, dh = b * H;
            for (int j = 0; j < H; j++) {
                float u = z[zz + j], ht = z[zc + j], dhj = dNext[dh + j];
                dzh[hc + j] = dhj * (1 - u);                                   // ∂L/∂h̃ (for now)
                float dzu = dhj * (s[hPrev + j] - ht) * u * (1 - u);           // h = z⊙hPrev + (1−z)⊙h̃
                dPrev[dh + j] = dhj * u;                                       // direct path z⊙hPrev
                z[zz + j] = dzu;
                dzh[hz + j] = dzu;
            }
            ModRelu.backward(z, zc, dzh, hc, dzh, hc, dw, off[BM], H);         // ∂L/∂a, db
            for (int j = 0; j < H; j++) {
                float r = z[zr + j], da = dzh[hc + j];
                float dzr = da * zhc[cc + j] * r * (1 - r);                    // a = zx_c + r⊙zh_c
                z[zc + j] = da;
                z[zr + j] = dzr;
                dzh[hc + j] = da * r;                                          // ∂L/∂zh_c
                dzh[hr + j] = dzr;
            }
        }
        compute.gemmPacked(false, B, dzh, d0, P, wh, dPrev, 0, H, true);     // dhPrev += dzh·R
    }

    @Override
    public void finishBackward() {
        int rows = seq.steps() * B, P = 3 * H;
        compute.gemm(true, false, 2 * H, H, rows, dzh, 0, P, seq.states(), 0, H,
                dw, off[WH], H, true);                                         // dV += Σ_t dzh_{r,z}ᵀ·hPrev
        compute.gemm(true, false, H, H, rows, dzh, 2 * H, P, seq.states(), 0, H,
                dU, 0, H, false);                                              // dU = Σ_t dzh_cᵀ·hPrev
        for (int i = 0; i < H * H; i++) gD[i] = dU[i];
        // uD still holds this pass's U from prepare (backward follows its own training forward)
        GivensRotations.backward(w, off[THETA], H, L, uD, gD, dw, off[THETA]); // dθ += ∂L/∂θ through U
    }
}
