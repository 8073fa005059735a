package org.rnn4j.cell;

import java.util.Arrays;
import java.util.List;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * Gaussian-gated LSTM step, g-LSTM (Thornton, Anumula &amp; Liu 2019, arXiv 1901.07334): the Phased
 * LSTM ({@link PhasedLstm}) with its periodic time gate replaced by a learnable Gaussian window per
 * unit. Reconstructed from the abstract and the Phased LSTM (no reference code exists, the paper's
 * text was not available; glstm-kaf-aux.md §1.3): the unverified choices are options of
 * {@link GaussianLstmConfig}. The LSTM step, the gate's blend, inference that skips closed units
 * and update counting are {@link TimeGatedLstm}'s; this class computes the Gaussian gate k, its
 * parameters' gradients and the compute-budget term.
 * <pre>
 *   z = x·Wxᵀ + bx + hPrev·Whᵀ                           z: [B, 4H], blocks i | f | g | o
 *   i = σ(zi)   f = σ(zf)   g = tanh(zg)   o = σ(zo)
 *   c̃ = f⊙cPrev + i⊙g          h̃ = o⊙tanh(c̃)              the LSTM step, on the pre-gate cell
 *   c = k⊙c̃ + (1 − k)⊙cPrev    h = k⊙h̃ + (1 − k)⊙hPrev    the time gate (TimeGateKernels), as the Phased LSTM
 *
 *   per unit j, with t the step's time ({@link Timestamps}):
 *   x = t/U, or (t mod τ)/U with a period (floor mod, τ fixed); U = the time unit (1: steps)
 *   σ_j = softplus(ρ_j) = ln(1 + e^ρ_j) > 0
 *   E = (x − μ_j)²/(d·σ_j²)      d = 2 (default) or 1 ({@link GaussianLstmConfig.Denominator})
 *   k = e^(−E)
 *
 *   ∂k/∂μ = k·2(x − μ)/(d·σ²)     ∂k/∂σ = k·2E/σ     ∂σ/∂ρ = sigmoid(ρ)
 * </pre>
 * No leak: the Gaussian is never exactly 0 in exact arithmetic. The time is data: no gradient
 * flows to it (nor to τ, which is a fixed setting).
 * <p><b>The far tail.</b> E, k and both derivatives are computed in double, so k itself stays
 * above 0 until E ≈ 745 (|x − μ| ≈ 38.6σ with d = 2), where a float32 {@code exp} would already
 * be 0 at E ≈ 103.9. The state blend uses k rounded to float (0 beyond E ≈ 103.9: the unit then
 * keeps its state exactly). The gradients of μ and ρ do not use that float: each step's
 * {@code dk·∂k/∂μ} and {@code dk·∂k/∂ρ} is formed from the double k, summed in double over the
 * whole pass and rounded to float once, in {@link #finishBackward}. A unit's gradient is therefore
 * 0 only when its summed true value is below float32's smallest subnormal (≈ 1.4e-45), i.e. when
 * the unit's window lies more than about 14σ (E ≳ 100) from every step of every sequence in the
 * batch; where k underflows in double (E &gt; 745) its derivatives are set to 0 (their true size is
 * below 1e-300 there), never to 0·∞ = NaN. With σ = 0 in double (ρ &lt; −745) the gate is 1 at
 * x = μ, else 0, with zero derivatives.
 * <p>Params: {@code Wx [4H, I]}, {@code bx [4H]}, {@code Wh [4H, H]}, {@code mu [H]},
 * {@code rho [H]}. State: {@code [h | c]}, S = 2H. Saved per step: i, f, g, o in {@code z}; per row
 * of the cache {@code [k | tanh c̃ | c̃ | h̃]} (Cw = 4H), so <b>unit j's openness for example b at
 * step t is {@code cache[t, b, j]}</b>, the first H floats of each cache row (for a compute-budget
 * term or update counting).
 * <p><b>Compute budget</b> ({@link GateBudget}): {@code B} is the mean of the saved float k over the
 * last forward pass's T·B·H unit-steps, and its gradient is exact in the same double arithmetic as
 * the gate's:
 * <pre>
 *   ∂B/∂μ_j = (1/(T·B·H)) Σ_t Σ_b ∂k/∂μ     ∂B/∂ρ_j = (1/(T·B·H)) Σ_t Σ_b ∂k/∂σ·sigmoid(ρ_j)
 * </pre>
 * added as {@code λ·∂B/∂θ} by {@link #addBudgetGradient} (summed in double, rounded once).
 * <p><b>Inference that skips closed units</b> ({@link #skipClosedUnits}; off by default): an
 * inference pass (streaming or {@code training = false}) computes, per example and step, the
 * gate rows ({@code Wh} rows of i, f, g, o) only of the units whose float k exceeds ε, and copies
 * the others' (h, c) unchanged. With ε = 0 (skip only k = 0 in float) the result is the dense
 * step's: the skipped units' dense blend is {@code 0·c̃ + 1·cPrev = cPrev} (the same value; only
 * a {@code cPrev} of −0 would come out +0, and a non-finite c̃ as NaN), and every computed unit
 * gets the dense bits (see {@link OpenUnitStep}). With ε &gt; 0 it is an approximation:
 * a skipped unit with 0 &lt; k ≤ ε misses {@code k⊙(c̃ − cPrev)} in c (and the same in h).
 * <p>Init ({@link GaussianLstmConfig}): {@code Wx, bx, Wh} {@code U(±1/√H)} as PyTorch; μ spread
 * over [0, L] or all 0; {@code ρ = softplus⁻¹(widthInit·L)} for every unit. Gate gradients are
 * summed in batch-row order on one thread, so results do not depend on the thread count.
 */
public final class GaussianLstm extends TimeGatedLstm {
    private static final int MU = 3, RHO = 4;
    /** E beyond which k = e^(−E) rounds to 0 in float: e^(−E) ≤ 2^−150. */
    private static final double E_FLOAT_ZERO = 150 * Math.log(2);

    private final GaussianLstmConfig cfg;
    private final double d, period, unit;
    /** σ = softplus(ρ) and sigmoid(ρ) = ∂σ/∂ρ per unit, in double, computed once per pass. */
    private final double[] sigma, dSigma;
    /** This pass's gate gradients ∂L/∂μ, ∂L/∂ρ [H], summed in double. */
    private final double[] dMu, dRho;
    private final double[] grad = new double[2];
    /** Per unit, |x − μ| beyond which k is 0 in float for sure (with a margin of 1e-6); set for skipping passes. */
    private double[] reach = new double[0];

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public GaussianLstm(GaussianLstmConfig cfg) {
        super(cfg.inputSize(), cfg.hiddenSize(), cfg.timestamps(), "the g-LSTM");
        this.cfg = cfg;
        this.d = cfg.denominator().value();
        this.period = cfg.period().orElse(0);
        this.unit = cfg.timeUnit();
        this.sigma = new double[H];
        this.dSigma = new double[H];
        this.dMu = new double[H];
        this.dRho = new double[H];
    }

    /** The configuration this cell was built from. */
    public GaussianLstmConfig config() {
        return cfg;
    }

    @Override
    public List<ParamSpec> params() {
        double L = cfg.span() / cfg.timeUnit();                            // the centres' span in time units
        Init mu = switch (cfg.centres()) {
            case UNIFORM -> new Init.Uniform(0, L);
            case SPACED -> new Init.Spaced(0, L);
            case ZERO -> new Init.Constant(0);
        };
        return params(ParamSpec.vector("mu", H, mu),
                ParamSpec.vector("rho", H, new Init.Constant(inverseSoftplus(cfg.initialWidth()))));
    }

    /**
     * {@code μ ← f·μ}, {@code σ ← f·σ} (ρ ← softplus⁻¹(f·softplus(ρ)), in double, rounded once), so
     * {@code (f·x − f·μ)²/(d·f²σ²)} is the exponent at x before. With a period τ (a fixed setting)
     * the folded time {@code (f·t) mod τ} is not {@code f·(t mod τ)}: stretching a periodic gate's
     * μ and σ does not keep its places, and the CLI refuses a curriculum for it.
     */
    @Override
    public void rescaleTime(double factor) {
        TimeGated.checkFactor(factor);
        for (int j = 0; j < H; j++) {
            w[off[MU] + j] = (float) (factor * w[off[MU] + j]);
            w[off[RHO] + j] = (float) inverseSoftplus(factor * softplus(w[off[RHO] + j]));
        }
    }

    /** softplus(ρ) = ln(1 + e^ρ) in double, without overflow for large ρ. */
    static double softplus(double rho) {
        return rho > 0 ? rho + Math.log1p(Math.exp(-rho)) : Math.log1p(Math.exp(rho));
    }

    /** ρ with softplus(ρ) = σ, for σ &gt; 0: σ + ln(1 − e^(−σ)). */
    static double inverseSoftplus(double sigma) {
        return sigma + Math.log(-Math.expm1(-sigma));
    }

    /**
     * The gate's time x of step t for example b: the given timestamp or the step index, folded by
     * the period, in time units ({@code / U}; U = 1 returns the value unchanged).
     */
    private double time(int t, int b) {
        double x = stepTime(t, b);
        if (period != 0) {
            double u = x - period * Math.floor(x / period);
            x = u < 0 ? u + period : u >= period ? u - period : u;      // rounding at a period's edge
        }
        return unit == 1 ? x : x / unit;
    }

    @Override
    protected void prepareGate(boolean training) {
        for (int j = 0; j < H; j++) {
            double rho = w[off[RHO] + j];
            sigma[j] = softplus(rho);
            dSigma[j] = 1 / (1 + Math.exp(-rho));
        }
        if (training) {
            Arrays.fill(dMu, 0);
            Arrays.fill(dRho, 0);
        }
    }

    /** μ (units open at the same time have nearby μ); also sets each unit's reach for the skipping pass. */
    @Override
    protected double[] skipOrder() {
        if (reach.length != H) reach = new double[H];
        double cut = Math.sqrt(d * E_FLOAT_ZERO) * (1 + 1e-6);
        for (int j = 0; j < H; j++) reach[j] = sigma[j] > 0 ? sigma[j] * cut : 0;
        double[] mu = new double[H];
        for (int j = 0; j < H; j++) mu[j] = w[off[MU] + j];
        return mu;
    }

    /**
     * The openness {@code k = e^(−E)}, {@code E = (x − μ)²/(d·σ²)}, in double; with {@code grad}
     * non-null also ∂k/∂μ and ∂k/∂σ at {@code grad[gOff]}, {@code grad[gOff + 1]} (0 where k
     * underflows in double, see the class comment).
     */
    static double openness(double x, double mu, double sigma, double d, double[] grad, int gOff) {
        if (!(sigma > 0)) {                                      // ρ < −745: a zero-width window
            if (grad != null) grad[gOff] = grad[gOff + 1] = 0;
            return x == mu ? 1 : 0;
        }
        double r = (x - mu) / sigma, e = r * r / d, k = Math.exp(-e);
        if (grad != null) {
            if (k == 0) {
                grad[gOff] = grad[gOff + 1] = 0;
            } else {
                grad[gOff] = k * 2 * r / (d * sigma);             // ∂k/∂μ = k·2(x − μ)/(d·σ²)
                grad[gOff + 1] = k * 2 * e / sigma;               // ∂k/∂σ = k·2(x − μ)²/(d·σ³)
            }
        }
        return k;
    }

    /**
     * k of every unit; in a skipping pass only within {@link #reach} (beyond it k is 0 in float:
     * written as 0 without an {@code exp}, the same value).
     */
    @Override
    protected void openness(int t, int b, float[] cache, int k, boolean skipping) {
        final int mu = off[MU];
        final double x = time(t, b);
        if (!skipping) {
            for (int j = 0; j < H; j++) cache[k + j] = (float) openness(x, w[mu + j], sigma[j], d, null, 0);
            return;
        }
        for (int j = 0; j < H; j++) {
            double mj = w[mu + j];
            cache[k + j] = Math.abs(x - mj) > reach[j] ? 0f : (float) openness(x, mj, sigma[j], d, null, 0);
        }
    }

    /** Adds step t's dk⊙∂k/∂μ and dk⊙∂k/∂ρ, batch rows in order, into the pass's double sums. */
    @Override
    protected void addTimeGradients(int t) {
        final int mu = off[MU];
        for (int b = 0; b < B; b++) {
            final double x = time(t, b);
            final int sc = b * 2 * H;
            for (int j = 0; j < H; j++) {
                float dk = scratch[sc + j];
                if (dk == 0) continue;
                openness(x, w[mu + j], sigma[j], d, grad, 0);
                dMu[j] += dk * grad[0];
                dRho[j] += dk * grad[1] * dSigma[j];
            }
        }
    }

    @Override
    protected void flushTimeGradients() {
        for (int j = 0; j < H; j++) {
            dw[off[MU] + j] += (float) dMu[j];
            dw[off[RHO] + j] += (float) dRho[j];
        }
        Arrays.fill(dMu, 0);
        Arrays.fill(dRho, 0);
    }

    // ------------------------------------------------------------------ the compute budget

    @Override public double budgetLambda() { return cfg.budgetLambda(); }
    @Override public double updateThreshold() { return cfg.updateThreshold(); }

    /**
     * {@code dμ_j += λ/(T·B·H)·Σ_t Σ_b ∂k/∂μ}, {@code dρ_j += λ/(T·B·H)·Σ_t Σ_b ∂k/∂σ·sigmoid(ρ_j)}
     * at the parameters and times of the last forward pass (σ and sigmoid(ρ) as {@link #prepare}
     * computed them), summed in double in (t, b) order and rounded to float once.
     */
    @Override
    public void addBudgetGradient(double lambda) {
        final int T = seq.steps(), mu = off[MU];
        Arrays.fill(dMu, 0);
        Arrays.fill(dRho, 0);
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                final double x = time(t, b);
                for (int j = 0; j < H; j++) {
                    openness(x, w[mu + j], sigma[j], d, grad, 0);
                    dMu[j] += grad[0];
                    dRho[j] += grad[1] * dSigma[j];
                }
            }
        }
        final double scale = lambda / ((double) T * B * H);
        for (int j = 0; j < H; j++) {
            dw[off[MU] + j] += (float) (scale * dMu[j]);
            dw[off[RHO] + j] += (float) (scale * dRho[j]);
        }
        Arrays.fill(dMu, 0);
        Arrays.fill(dRho, 0);
    }
}
