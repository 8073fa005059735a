package org.rnn4j.cell;

import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.PackedMatrix;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * Statistical Recurrent Unit step (Oliva, Póczos &amp; Schneider 2017), as the NRU authors' myTorch
 * {@code SRUCell} computes it (their SRU baseline).
 * <pre>
 *   r    = ReLU(μPrev·Wrᵀ + br)                       r: [B, R]      (from the previous statistics)
 *   φ    = ReLU(x·Wxᵀ + bx + r·Wphiᵀ)                 φ: [B, F]      (W_φ = [Wx | Wphi] acts on [x; r])
 *   μ^α  = α·μPrev^α + (1 − α)·φ     for each α in A  μ: [B, A·F], one block of F per α, in A's order
 *   h    = ReLU(μ·Woᵀ + bo)                           h: [B, H]      (from the new statistics)
 * </pre>
 * F = {@link SruConfig#phiSize()}, R = {@link SruConfig#rSize()}, A = the number of decay rates.
 * The state row is {@code [h | μ]}, S = H + A·F; only μ is carried from step to step ({@code h} of
 * the previous step is not an input, so its gradient is 0), and μ starts at 0 unless an initial
 * state is given.
 * <p>Params: {@code Wx [F, I]}, {@code bx [F]} (the x-columns and bias of W_φ, applied to all steps
 * at once by the layer), {@code Wr [R, A·F]}, {@code br [R]}, {@code Wphi [F, R]} (the r-columns of
 * W_φ), {@code Wo [H, A·F]}, {@code bo [H]}.
 * <p>Saved per step: φ in {@code z}, r in the cache ({@code [B, R]}); {@code h} and μ are in the
 * state buffer, so every ReLU derivative is read from its output. Backward keeps
 * {@code ∂L/∂(h pre-activation) [T, B, H]} and {@code ∂L/∂(r pre-activation) [T, B, R]} so that
 * {@code dWo}, {@code dWr}, {@code dWphi} and {@code dbo}, {@code dbr} are each one GEMM or column
 * sum over all steps. Per step: three GEMMs forward ({@code Wr}, {@code Wphi}, {@code Wo}) and
 * three backward.
 * <p>Init (myTorch): every weight Xavier-uniform with ReLU gain √2, {@code U(±√2·√(6/(fanIn + fanOut)))},
 * W_φ as one [F, I + R] matrix (so Wx and Wphi share the bound {@code √2·√(6/(I + R + F))}); every
 * bias 0. Equations and init follow myTorch's {@code SRUCell} exactly; the original paper's own
 * choices (its set A, sizes, init) were not re-read, so no claim is made about them.
 */
public final class Sru extends CellBase {
    private static final int WX = 0, BX = 1, WR = 2, BR = 3, WPHI = 4, WO = 5, BO = 6;

    private final SruConfig cfg;
    private final int I, H, F, R, A, M, S;
    private final float[] alpha;
    private PackedMatrix wrT, wr, wphiT, wphi, woT, wo;
    private float[] dHo = new float[0]; // [T, B, H]: ∂L/∂(μ·Woᵀ + bo) of every step
    private float[] dRo = new float[0]; // [T, B, R]: ∂L/∂(μPrev·Wrᵀ + br) of every step

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public Sru(SruConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.F = cfg.phiSize();
        this.R = cfg.rSize();
        double[] a = cfg.alphas();
        this.A = a.length;
        this.M = A * F;
        this.S = H + M;
        this.alpha = new float[A];
        for (int k = 0; k < A; k++) alpha[k] = (float) a[k];
    }

    /** The configuration this cell was built from. */
    public SruConfig config() {
        return cfg;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return F; }
    @Override public int stateSize() { return S; }
    @Override public List<StateBlock> stateBlocks() { return List.of(new StateBlock("h", H), new StateBlock("mu", M)); }
    @Override public int cacheSize() { return R; }

    @Override
    public List<ParamSpec> params() {
        double gain = Math.sqrt(2);                                   // torch calculate_gain("relu")
        double phiBound = gain * Math.sqrt(6.0 / (I + R + F));        // Xavier-uniform of W_φ [F, I + R]
        Init wPhi = new Init.Uniform(-phiBound, phiBound), zero = new Init.Constant(0);
        return List.of(
                ParamSpec.matrix("Wx", F, I, wPhi),
                ParamSpec.vector("bx", F, zero),
                ParamSpec.matrix("Wr", R, M, new Init.XavierUniform(gain)),
                ParamSpec.vector("br", R, zero),
                ParamSpec.matrix("Wphi", F, R, wPhi),
                ParamSpec.matrix("Wo", H, M, new Init.XavierUniform(gain)),
                ParamSpec.vector("bo", H, zero));
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        // forward products x·Wᵀ take Wᵀ packed; backward products d·W take W packed
        wrT = pack(wrT, true, M, R, off[WR], M);
        wphiT = pack(wphiT, true, R, F, off[WPHI], R);
        woT = pack(woT, true, M, H, off[WO], M);
        if (training) {
            wr = pack(wr, false, R, M, off[WR], M);
            wphi = pack(wphi, false, F, R, off[WPHI], R);
            wo = pack(wo, false, H, M, off[WO], M);
            int rows = seq.steps() * B;
            if (dHo.length < rows * H) dHo = new float[rows * H];
            if (dRo.length < rows * R) dRo = new float[rows * R];
        }
    }

    /** op(W)[K, N] packed from the block at {@code w[offset]} (row stride {@code ld}), reusing {@code p}. */
    private PackedMatrix pack(PackedMatrix p, boolean transposed, int k, int n, int offset, int ld) {
        if (p == null) return compute.pack(transposed, k, n, w, offset, ld);
        compute.repack(p, w, offset, ld);
        return p;
    }

    @Override
    public void forward(int t) {
        final float[] z = seq.z(), s = seq.states(), r = seq.cache();
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t);
        compute.gemmPacked(false, B, s, prev0 + H, S, wrT, r, c0, R, false);       // r = μPrev·Wrᵀ
        for (int b = 0; b < B; b++) {
            final int rb = c0 + b * R;
            for (int j = 0; j < R; j++) r[rb + j] += w[off[BR] + j];
            Kernels.relu(r, rb, r, rb, R);                                         // r = ReLU(· + br)
        }
        compute.gemmPacked(false, B, r, c0, R, wphiT, z, z0, F, true);             // z = zx + r·Wphiᵀ
        for (int b = 0; b < B; b++) {
            final int phi = z0 + b * F, muPrev = prev0 + b * S + H, mu = next0 + b * S + H;
            Kernels.relu(z, phi, z, phi, F);                                       // φ
            for (int k = 0; k < A; k++) {
                final float a = alpha[k], c = 1 - a;
                final int o = k * F;
                for (int j = 0; j < F; j++) s[mu + o + j] = a * s[muPrev + o + j] + c * z[phi + j]; // μ^α
            }
        }
        compute.gemmPacked(false, B, s, next0 + H, S, woT, s, next0, S, false);   // h = μ·Woᵀ
        for (int b = 0; b < B; b++) {
            final int h = next0 + b * S;
            for (int j = 0; j < H; j++) s[h + j] += w[off[BO] + j];
            Kernels.relu(s, h, s, h, H);                                           // h = ReLU(· + bo)
        }
    }

    private float[] inStepSink;

    @Override
    public void addInStepStateGradients(float[] sink) {
        this.inStepSink = sink;
    }

    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        final float[] z = seq.z(), s = seq.states(), r = seq.cache();
        final int z0 = zOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t), ho = t * B * H, ro = t * B * R;
        for (int b = 0; b < B; b++) {                                              // h = ReLU(·)
            final int h = next0 + b * S, dh = b * S, d = ho + b * H;
            for (int j = 0; j < H; j++) dHo[d + j] = s[h + j] > 0 ? dNext[dh + j] : 0f;
        }
        compute.gemmPacked(false, B, dHo, ho, H, wo, dNext, H, S, true);           // dμ += dho·Wo
        if (inStepSink != null) {                                                  // analysis: μ_t also feeds h_t
            for (int b = 0; b < B; b++) System.arraycopy(dNext, b * S + H, inStepSink, t * B * S + b * S + H, S - H);
        }
        for (int b = 0; b < B; b++) {
            final int phi = z0 + b * F, dmu = b * S + H;
            for (int j = 0; j < H; j++) dPrev[b * S + j] = 0f;                     // hPrev is not an input
            for (int j = 0; j < F; j++) {
                float dphi = 0;
                for (int k = 0; k < A; k++) {
                    float dmuj = dNext[dmu + k * F + j];
                    dphi += (1 - alpha[k]) * dmuj;                                 // μ^α = α·μPrev^α + (1 − α)·φ
                    dPrev[dmu + k * F + j] = alpha[k] * dmuj;
                }
                z[phi + j] = z[phi + j] > 0 ? dphi : 0f;                           // φ = ReLU(·): dzx
            }
        }
        compute.gemmPacked(false, B, z, z0, F, wphi, dRo, ro, R, false);           // dr = dzx·Wphi
        for (int b = 0; b < B; b++) {                                              // r = ReLU(·)
            final int rb = c0 + b * R, d = ro + b * R;
            for (int j = 0; j < R; j++) if (!(r[rb + j] > 0)) dRo[d + j] = 0f;
        }
        compute.gemmPacked(false, B, dRo, ro, R, wr, dPrev, H, S, true);           // dμPrev += dro·Wr
    }

    @Override
    public void finishBackward() {
        final int rows = seq.steps() * B;
        final float[] s = seq.states();
        Kernels.addColumnSums(dHo, 0, rows, H, dw, off[BO]);                                       // dbo
        Kernels.addColumnSums(dRo, 0, rows, R, dw, off[BR]);                                       // dbr
        compute.gemm(true, false, H, M, rows, dHo, 0, H, s, B * S + H, S, dw, off[WO], M, true);  // dWo += Σ_t dhoᵀ·μ
        compute.gemm(true, false, R, M, rows, dRo, 0, R, s, H, S, dw, off[WR], M, true);          // dWr += Σ_t droᵀ·μPrev
        compute.gemm(true, false, F, R, rows, seq.z(), 0, F, seq.cache(), 0, R, dw, off[WPHI], R, true); // dWphi += Σ_t dzxᵀ·r
    }
}
