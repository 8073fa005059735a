package org.rnn4j.cell;

import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.GivensRotations;
import org.rnn4j.kernel.ModRelu;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * EURNN step, real orthogonal form (Jing et al. 2017, "Tunable Efficient Unitary Neural Networks
 * (EUNN) and their application to RNNs", arXiv 1612.05231; a baseline of the NRU paper).
 * <pre>
 *   a = x·Wxᵀ + bx + hPrev·Uᵀ                          a: [B, H]
 *   h = modReLU(a, b) = sign(a)·ReLU(|a| + b)
 *   U = R_{L−1} ··· R_0   (tunable Givens layers, see {@link GivensRotations}; U is orthogonal)
 * </pre>
 * Params: {@code Wx [H, I]} U(±0.01), {@code bx [H]} 0, {@code theta [n]} U(−π, π) with
 * {@code n = ⌈L/2⌉·⌊H/2⌋ + ⌊L/2⌋·⌊(H−1)/2⌋}, {@code b [H]} 0 (modReLU bias). Inits as the
 * authors' TensorFlow {@code EURNNCell} (input matrix U(±0.01), angles U(−π, π), modReLU bias 0).
 * State: {@code h}, S = H. Saved per step: nothing but {@code h} (modReLU's derivatives come from
 * its output, see {@link ModRelu}).
 * <p>Deviations: (1) real orthogonal, not complex unitary: one angle per rotation and no final
 * diagonal phase layer (the complex form has θ and φ per rotation plus H phases ω); (2) the extra
 * input bias {@code bx} (+H parameters, starts at 0, so the initial model is the original): the
 * original has only modReLU's b, which sits inside |·| and cannot absorb bx; (3) modReLU without
 * the authors' 1e-5 inside |·|.
 * <p>Cost: U is built once per pass (O(L·H²)) and used through the packed GEMM, one
 * {@code [B, H]×[H, H]} product per step forward and one backward, as an Elman RNN; after the
 * backward loop {@code dU = Σ_t daᵀ·hPrev} is one GEMM over all steps, and the angles get their
 * gradient from dU in O(L·H²). (Applying the L rotation layers directly would cost O(L·H) per
 * example and step instead of O(H²).)
 */
public final class Eurnn extends CellBase {
    private static final int WX = 0, BX = 1, THETA = 2, BM = 3;

    private final EurnnConfig cfg;
    private final int I, H, L, angles;
    // Workspace, allocated by the first prepare (a cell made only to count parameters needs none):
    private double[] uD = new double[0];  // [H, H] U in double; scratch of the angle gradient
    private double[] gD = new double[0];  // [H, H] ∂L/∂U in double
    private float[] u = new float[0];     // [H, H] U, packed for the step GEMMs
    private float[] dU = new float[0];    // [H, H] Σ_t daᵀ·hPrev

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public Eurnn(EurnnConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.L = cfg.capacity();
        if ((long) H * H > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("hiddenSize H must be at most 46340 (U is [H, H]), got " + H);
        }
        this.angles = (int) GivensRotations.count(H, L);
    }

    /** The configuration this cell was built from. */
    public EurnnConfig config() {
        return cfg;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return H; }
    @Override public int stateSize() { return H; }
    @Override public int cacheSize() { return 0; }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.matrix("Wx", H, I, new Init.Uniform(-0.01, 0.01)),
                ParamSpec.vector("bx", H, new Init.Constant(0)),
                ParamSpec.vector("theta", angles, new Init.Uniform(-Math.PI, Math.PI)),
                ParamSpec.vector("b", H, new Init.Constant(0)));
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        if (u.length == 0) {
            uD = new double[H * H];
            gD = new double[H * H];
            u = new float[H * H];
            dU = new float[H * H];
        }
        GivensRotations.materialize(w, off[THETA], H, L, uD);                  // U = R_{L−1}···R_0
        for (int i = 0; i < H * H; i++) u[i] = (float) uD[i];
        if (whT == null) whT = compute.pack(true, H, H, u, 0, H);             // Uᵀ for hPrev·Uᵀ
        else compute.repack(whT, u, 0, H);
        if (training) {
            if (wh == null) wh = compute.pack(false, H, H, u, 0, H);          // U for da·U
            else compute.repack(wh, u, 0, H);
        }
    }

    @Override
    public void forward(int t) {
        final float[] z = seq.z(), s = seq.states();
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1);
        compute.gemmPacked(false, B, s, prev0, H, whT, z, z0, H, true);       // a = zx + hPrev·Uᵀ
        for (int b = 0; b < B; b++) {
            ModRelu.forward(z, z0 + b * H, w, off[BM], s, next0 + b * H, H);    // h = modReLU(a, b)
        }
    }

    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        final float[] z = seq.z(), s = seq.states();
        final int z0 = zOff(t), next0 = stateOff(t + 1);
        for (int b = 0; b < B; b++) {                                          // da = dh⊙1[h≠0], db += dh⊙sign(h)
            ModRelu.backward(s, next0 + b * H, dNext, b * H, z, z0 + b * H, dw, off[BM], H);
        }
        compute.gemmPacked(false, B, z, z0, H, wh, dPrev, 0, H, false);       // dhPrev = da·U
    }

    @Override
    public void finishBackward() {
        compute.gemm(true, false, H, H, seq.steps() * B, seq.z(), 0, H, seq.states(), 0, H,
                dU, 0, H, false);                                              // dU = Σ_t daᵀ·hPrev
        for (int i = 0; i < H * H; i++) gD[i] = dU[i];
        // uD still holds this pass's U from prepare (backward follows its own training forward)
        GivensRotations.backward(w, off[THETA], H, L, uD, gD, dw, off[THETA]); // dθ += ∂L/∂θ through U
    }
}
