package org.rnn4j.cell;

import java.util.Arrays;
import java.util.List;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * Phased LSTM step (Neil, Pfeiffer &amp; Liu, NIPS 2016), as the authors' code computes it
 * (dannyneil/public_plstm {@code plstm.py}, dannyneil/pytorch_plstm {@code plstm_cell.py}): an LSTM
 * step whose new state each unit takes only while its time gate is open. The LSTM step, the gate's
 * blend, inference that skips closed units and update counting are {@link TimeGatedLstm}'s; this
 * class computes the periodic gate k and its parameters' gradients.
 * <pre>
 *   z = x·Wxᵀ + bx + hPrev·Whᵀ                           z: [B, 4H], blocks i | f | g | o
 *   i = σ(zi)   f = σ(zf)   g = tanh(zg)   o = σ(zo)
 *   c̃ = f⊙cPrev + i⊙g          h̃ = o⊙tanh(c̃)              the LSTM step, on the pre-gate cell
 *   c = k⊙c̃ + (1 − k)⊙cPrev    h = k⊙h̃ + (1 − k)⊙hPrev    the time gate (TimeGateKernels)
 *
 *   per unit j, with P = |τ_j|, R = |r_on,j| and t the step's time ({@link Timestamps}):
 *   u = (t + s_j) mod P                 floor mod, u ∈ [0, P); the paper's φ = u/P
 *   k = 2u/(R·P)         if u ≤ R·P/2              opening      (2φ/r_on)
 *       2 − 2u/(R·P)     if R·P/2 < u ≤ R·P        closing      (2 − 2φ/r_on)
 *       α·u/P            otherwise                  leak         (αφ)
 * </pre>
 * α is {@link PhasedLstmConfig#leak()} in training and 0 at evaluation ({@code training} of
 * {@link #prepare}; or α throughout with {@link PhasedLstmConfig#leakAtEvaluation()}).
 * <p>Choices, each as the authors' code: h̃ is computed from the pre-gate cell c̃ (the time gate
 * comes last; a transcription of the paper that takes tanh of the gated c differs when 0 &lt; k &lt; 1);
 * the shift is added, {@code (t + s) mod τ} (TensorFlow's cell subtracts it: the same family, s
 * mirrored); τ and r_on enter through their absolute values; the branch tests are {@code ≤} as in
 * the code. Deviations: no peepholes (the Theano layer has them by default, the PyTorch port not),
 * and {@code mod} is the floor mod ({@code torch.fmod} in the port gives negative phases for
 * negative {@code t + s}; the Theano {@code mod} is the floor mod).
 * <p>Gradients of the time parameters, those of autograd through the code's expression (the port's
 * custom {@code fmod} backward gives the same ∂u/∂P): with n = ⌊(t + s)/P⌋, ∂u/∂s = 1, ∂u/∂P = −n,
 * <pre>
 *   opening:  ∂k/∂u =  2/(R·P)   ∂k/∂P|u = −k/P        ∂k/∂R = −k/R
 *   closing:  ∂k/∂u = −2/(R·P)   ∂k/∂P|u = (2 − k)/P   ∂k/∂R = (2 − k)/R
 *   leak:     ∂k/∂u =  α/P       ∂k/∂P|u = −k/P        ∂k/∂R = 0
 *   ∂k/∂s = ∂k/∂u     ∂k/∂τ = sign(τ)·(∂k/∂P|u − n·∂k/∂u)     ∂k/∂r_on = sign(r_on)·∂k/∂R
 * </pre>
 * k is continuous at u = R·P/2 (a kink: the peak), and jumps by α·R at u = R·P and by α at the
 * wrap u → 0. At each such point the gradient is the one-sided derivative of the branch the
 * forward took (peak: opening; u = R·P: closing; u = 0: opening of the new period, n counted), and
 * sign(0) = 0 for τ or r_on exactly 0 (autograd's {@code abs}). The time itself is data: no
 * gradient flows to it. With R·P = 0 (r_on or τ trained to 0) there is no open phase; with τ = 0
 * the phase is undefined, k is NaN and training stops on the non-finite loss.
 * <p>Params: {@code Wx [4H, I]}, {@code bx [4H]}, {@code Wh [4H, H]}, {@code tau [H]},
 * {@code shift [H]}, {@code ron [H]}. State: {@code [h | c]}, S = 2H. Saved per step: the
 * activated gates i, f, g, o in {@code z}; per row of the cache {@code [k | tanh c̃ | c̃ | h̃]}
 * (Cw = 4H), so <b>unit j's openness for example b at step t is {@code cache[t, b, j]}</b>, the
 * first H floats of each cache row (for a compute-budget term or update counting).
 * <p>Init ({@link PhasedLstmConfig}): {@code Wx, bx, Wh} {@code U(±1/√H)} as PyTorch (and the
 * port); τ log-uniform on [periodMin, periodMax), s uniform on [0, shiftMax), r_on = openRatio;
 * frozen ones keep their initial values. The time gate's math runs in double; k is stored as float.
 * Gate gradients are summed in double over the pass, in batch-row order on one thread, and added
 * once in {@link #finishBackward}, so results do not depend on the thread count.
 */
public final class PhasedLstm extends TimeGatedLstm {
    private static final int TAU = 3, SHIFT = 4, RON = 5;

    private final PhasedLstmConfig cfg;
    /** This pass's time gate gradients ∂L/∂τ, ∂L/∂s, ∂L/∂r_on [H], summed in double. */
    private final double[] dTau, dShift, dRon;
    private final double[] grad = new double[3];
    /** The leak α of this pass: the configured one in training, else 0 unless kept at evaluation. */
    private double alpha;

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public PhasedLstm(PhasedLstmConfig cfg) {
        super(cfg.inputSize(), cfg.hiddenSize(), cfg.timestamps(), "the phased LSTM");
        this.cfg = cfg;
        this.dTau = new double[H];
        this.dShift = new double[H];
        this.dRon = new double[H];
    }

    /** The configuration this cell was built from. */
    public PhasedLstmConfig config() {
        return cfg;
    }

    @Override
    public List<ParamSpec> params() {
        ParamSpec tau = ParamSpec.vector("tau", H, new Init.LogUniform(cfg.periodMin(), cfg.periodMax()));
        ParamSpec shift = ParamSpec.vector("shift", H, new Init.Uniform(0, cfg.shiftMax()));
        ParamSpec ron = ParamSpec.vector("ron", H, new Init.Constant(cfg.openRatio()));
        if (cfg.freezePeriod()) tau = tau.withFrozen(0, H);
        if (cfg.freezeShift()) shift = shift.withFrozen(0, H);
        if (cfg.freezeOpenRatio()) ron = ron.withFrozen(0, H);
        return params(tau, shift, ron);
    }

    @Override
    protected void prepareGate(boolean training) {
        alpha = training || cfg.leakAtEvaluation() ? cfg.leak() : 0;
        if (training) {
            Arrays.fill(dTau, 0);
            Arrays.fill(dShift, 0);
            Arrays.fill(dRon, 0);
        }
    }

    /** The phase s mod τ (as a fraction of τ): units open together share it. */
    @Override
    protected double[] skipOrder() {
        double[] phase = new double[H];
        for (int j = 0; j < H; j++) {
            double P = Math.abs(w[off[TAU] + j]), sh = w[off[SHIFT] + j];
            phase[j] = P > 0 ? (sh - P * Math.floor(sh / P)) / P : 0;
        }
        return phase;
    }

    /**
     * {@code τ ← f·τ}, {@code s ← f·s} (r_on, a fraction of the period, unchanged): the phase
     * {@code ((f·t + f·s) mod f·τ)/(f·τ)} at time f·t is the phase before at t.
     */
    @Override
    public void rescaleTime(double factor) {
        TimeGated.checkFactor(factor);
        for (int j = 0; j < H; j++) {
            w[off[TAU] + j] = (float) (factor * w[off[TAU] + j]);
            w[off[SHIFT] + j] = (float) (factor * w[off[SHIFT] + j]);
        }
    }

    /**
     * The openness k of one unit at time {@code time} (the class comment's three phases), in
     * double; with {@code grad} non-null also ∂k/∂τ, ∂k/∂s, ∂k/∂r_on at {@code grad[gOff..gOff+3)},
     * the one-sided derivatives of the branch taken.
     */
    static double openness(double time, double tau, double shift, double ron, double alpha, double[] grad, int gOff) {
        double P = Math.abs(tau), R = Math.abs(ron), x = time + shift;
        double n = Math.floor(x / P), u = x - n * P;
        if (u < 0) {                                 // x/P rounded up across a period's edge
            u += P;
            n -= 1;
        } else if (u >= P) {                         // ... or down
            u -= P;
            n += 1;
        }
        double open = R * P, mid = 0.5 * open;
        double k, dkdu, dkdP, dkdR;
        if (mid > 0 && u <= mid) {                   // opening
            k = u / mid;
            dkdu = 1 / mid;
            dkdP = -k / P;
            dkdR = -k / R;
        } else if (mid > 0 && u <= open) {           // closing
            k = (open - u) / mid;
            dkdu = -1 / mid;
            dkdP = (2 - k) / P;
            dkdR = (2 - k) / R;
        } else {                                     // leak (closed)
            k = alpha * u / P;
            dkdu = alpha / P;
            dkdP = -k / P;
            dkdR = 0;
        }
        if (grad != null) {
            grad[gOff] = Math.signum(tau) * (dkdP - n * dkdu);
            grad[gOff + 1] = dkdu;
            grad[gOff + 2] = Math.signum(ron) * dkdR;
        }
        return k;
    }

    /** k for every unit (the Phased LSTM has no shortcut: no {@code exp} to save). */
    @Override
    protected void openness(int t, int b, float[] cache, int k, boolean skipping) {
        final int tau = off[TAU], shift = off[SHIFT], ron = off[RON];
        final double tb = stepTime(t, b);
        for (int j = 0; j < H; j++) cache[k + j] = (float) openness(tb, w[tau + j], w[shift + j], w[ron + j], alpha, null, 0);
    }

    /** Adds step t's dk⊙∂k/∂(τ, s, r_on), batch rows in order, into the pass's double sums. */
    @Override
    protected void addTimeGradients(int t) {
        final int tau = off[TAU], shift = off[SHIFT], ron = off[RON];
        for (int b = 0; b < B; b++) {
            final double tb = stepTime(t, b);
            final int sc = b * 2 * H;
            for (int j = 0; j < H; j++) {
                float dk = scratch[sc + j];
                if (dk == 0) continue;
                openness(tb, w[tau + j], w[shift + j], w[ron + j], alpha, grad, 0);
                dTau[j] += dk * grad[0];
                dShift[j] += dk * grad[1];
                dRon[j] += dk * grad[2];
            }
        }
    }

    @Override
    protected void flushTimeGradients() {
        for (int j = 0; j < H; j++) {
            dw[off[TAU] + j] += (float) dTau[j];
            dw[off[SHIFT] + j] += (float) dShift[j];
            dw[off[RON] + j] += (float) dRon[j];
        }
        Arrays.fill(dTau, 0);
        Arrays.fill(dShift, 0);
        Arrays.fill(dRon, 0);
    }

    // ------------------------------------------------------------------ update counting

    /** 0: the compute-budget term is the g-LSTM's ({@link GaussianLstm}); the Phased LSTM only counts. */
    @Override public double budgetLambda() { return 0; }
    @Override public double updateThreshold() { return cfg.updateThreshold(); }

    /** Never called: λ is 0 ({@link #budgetLambda()}). */
    @Override
    public void addBudgetGradient(double lambda) {
        throw new UnsupportedOperationException("the Phased LSTM has no compute-budget term (λ = 0)");
    }
}
