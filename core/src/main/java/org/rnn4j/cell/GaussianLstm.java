package org.rnn4j.cell;

import java.util.Arrays;
import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.TimeGateKernels;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * Gaussian-gated LSTM step, g-LSTM (Thornton, Anumula &amp; Liu 2019, arXiv 1901.07334): the Phased
 * LSTM ({@link PhasedLstm}) with its periodic time gate replaced by a learnable Gaussian window per
 * unit. Reconstructed from the abstract and the Phased LSTM (no reference code exists, the paper's
 * text was not available; glstm-kaf-aux.md §1.3): the unverified choices are options of
 * {@link GaussianLstmConfig}.
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
public final class GaussianLstm extends CellBase implements GateBudget, TimeGated {
    private static final int WX = 0, BX = 1, WH = 2, MU = 3, RHO = 4;

    private final GaussianLstmConfig cfg;
    private final int I, H;
    private final double d, period, unit;
    /** The shared LSTM backward kernel's peephole weights: none. */
    private final float[] zeros;
    /** σ = softplus(ρ) and sigmoid(ρ) = ∂σ/∂ρ per unit, in double, computed once per pass. */
    private final double[] sigma, dSigma;
    /** This pass's gate gradients ∂L/∂μ, ∂L/∂ρ [H], summed in double. */
    private final double[] dMu, dRho;
    private final double[] grad = new double[2];
    /** [B, 2H]: dk | (1 − k)⊙dc of the step being back-propagated. */
    private float[] scratch = new float[0];
    private float[] times;
    private int timesOff;
    private long firstStep;

    // the step being computed, read by the row bodies (set before each forRows call)
    private int curT;
    private float[] curDNext, curDPrev;
    private final Compute.RangeBody forwardRows = this::forwardRows;
    private final Compute.RangeBody backwardRows = this::backwardRows;

    // inference that skips closed units (see the class comment); ε < 0: off
    /** E beyond which k = e^(−E) rounds to 0 in float: e^(−E) ≤ 2^−150. */
    private static final double E_FLOAT_ZERO = 150 * Math.log(2);
    private double skipEpsilon = -1;
    /** The skipping step, made on the first skipping pass (read by tests); {@code skipping} is it in a skipping pass, else null. */
    OpenUnitStep skipper;
    private OpenUnitStep skipping;
    /** Per unit, |x − μ| beyond which k is 0 in float for sure (with a margin of 1e-6). */
    private double[] reach = new double[0];

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public GaussianLstm(GaussianLstmConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.d = cfg.denominator().value();
        this.period = cfg.period().orElse(0);
        this.unit = cfg.timeUnit();
        this.zeros = new float[H];
        this.sigma = new double[H];
        this.dSigma = new double[H];
        this.dMu = new double[H];
        this.dRho = new double[H];
    }

    /** The configuration this cell was built from. */
    public GaussianLstmConfig config() {
        return cfg;
    }

    /**
     * From the next pass on ({@link #prepare}, e.g. a layer's {@code startStream} or inference
     * {@code forward}), inference passes compute only the units whose openness k (in float) is
     * above {@code epsilon} and keep the others' state; training passes are never affected.
     * {@code epsilon = 0} gives the dense result (see the class comment); {@code epsilon > 0}
     * approximates it.
     *
     * @throws IllegalArgumentException unless 0 ≤ epsilon &lt; 1
     */
    public void skipClosedUnits(double epsilon) {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("skip epsilon must be in [0, 1), got " + epsilon);
        }
        this.skipEpsilon = epsilon;
    }

    /** Turns {@link #skipClosedUnits} off again (the default): from the next pass on every unit is computed. */
    public void computeAllUnits() {
        this.skipEpsilon = -1;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return 4 * H; }
    @Override public int stateSize() { return 2 * H; }
    @Override public int cacheSize() { return 4 * H; }
    @Override public List<StateBlock> stateBlocks() { return List.of(new StateBlock("h", H), new StateBlock("c", H)); }

    @Override
    public List<ParamSpec> params() {
        Init u = new Init.FanInUniform(H);
        double L = cfg.span() / cfg.timeUnit();                            // the centres' span in time units
        Init mu = switch (cfg.centres()) {
            case UNIFORM -> new Init.Uniform(0, L);
            case SPACED -> new Init.Spaced(0, L);
            case ZERO -> new Init.Constant(0);
        };
        return List.of(
                ParamSpec.matrix("Wx", 4 * H, I, u),
                ParamSpec.vector("bx", 4 * H, u),
                ParamSpec.matrix("Wh", 4 * H, H, u),
                ParamSpec.vector("mu", H, mu),
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

    @Override
    public void timestamps(float[] times, int timesOff, long firstStep) {
        boolean given = cfg.timestamps() == Timestamps.GIVEN;
        if (given && times == null) {
            throw new IllegalArgumentException("the g-LSTM reads the data's timestamps (timestamps = GIVEN):"
                    + " the batch must carry times [T, B]");
        }
        this.times = given ? times : null;
        this.timesOff = timesOff;
        this.firstStep = firstStep;
    }

    /**
     * The gate's time x of step t for example b: the given timestamp or the step index, folded by
     * the period, in time units ({@code / U}; U = 1 returns the value unchanged).
     */
    private double time(int t, int b) {
        double x = times != null ? times[timesOff + t * B + b] : (double) (firstStep + t);
        if (period != 0) {
            double u = x - period * Math.floor(x / period);
            x = u < 0 ? u + period : u >= period ? u - period : u;      // rounding at a period's edge
        }
        return unit == 1 ? x : x / unit;
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        packRecurrent(off[WH], 4 * H, H, training);
        for (int j = 0; j < H; j++) {
            double rho = w[off[RHO] + j];
            sigma[j] = softplus(rho);
            dSigma[j] = 1 / (1 + Math.exp(-rho));
        }
        skipping = null;
        if (!training && skipEpsilon >= 0) {
            prepareSkipping();
            skipping = skipper;
        }
        if (training) {
            if (scratch.length < 2 * B * H) scratch = new float[2 * B * H];
            Arrays.fill(dMu, 0);
            Arrays.fill(dRho, 0);
        }
    }

    /** Orders the units by μ for the skipping step, packs its rows, and sets each unit's reach. */
    private void prepareSkipping() {
        if (skipper == null) skipper = new OpenUnitStep(H);
        if (reach.length != H) reach = new double[H];
        double[] mu = new double[H];
        for (int j = 0; j < H; j++) mu[j] = w[off[MU] + j];
        skipper.prepare(w, off[WH], mu);                  // units open at the same time have nearby μ
        double cut = Math.sqrt(d * E_FLOAT_ZERO) * (1 + 1e-6);
        for (int j = 0; j < H; j++) reach[j] = sigma[j] > 0 ? sigma[j] * cut : 0;
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

    @Override
    public void forward(int t) {
        curT = t;
        if (skipping != null) {
            for (int b = 0; b < B; b++) forwardRowSkipping(t, b);
            return;
        }
        // z += hPrev·Whᵀ        hPrev: [B, H] with row stride S = 2H
        compute.gemmPacked(false, B, seq.states(), stateOff(t), 2 * H, whT, seq.z(), zOff(t), 4 * H, true);
        forRows(4 * H, forwardRows);
    }

    /** The element-wise part of {@link #forward} for batch rows [lo, hi). */
    private void forwardRows(int lo, int hi) {
        final int t = curT, S = 2 * H, P = 4 * H, Cw = 4 * H;
        final float[] z = seq.z(), s = seq.states(), cache = seq.cache();
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t), mu = off[MU];
        for (int b = lo; b < hi; b++) {
            final int zi = z0 + b * P, hPrev = prev0 + b * S, cPrev = hPrev + H, h = next0 + b * S, c = h + H;
            final int k = c0 + b * Cw;                                       // cache row: k | tanh c̃ | c̃ | h̃
            final double x = time(t, b);
            for (int j = 0; j < H; j++) cache[k + j] = (float) openness(x, w[mu + j], sigma[j], d, null, 0);
            Kernels.sigmoid(z, zi, z, zi, 2 * H);                                      // i, f
            Kernels.lstmForwardCell(z, zi, H, s, cPrev, c, h, cache, k + H);           // g, o, c̃, tanh c̃, h̃ into the new row
            TimeGateKernels.forward(cache, k, s, hPrev, cPrev, h, c, cache, k + 2 * H, k + 3 * H, H);  // c, h
        }
    }

    /**
     * {@link #forwardRows} for one row through {@link OpenUnitStep}: k as the dense pass computes
     * it, but only within {@link #reach} (beyond it, it is 0 in float, written as 0 without an
     * {@code exp}); then only the open units' step.
     */
    private void forwardRowSkipping(int t, int b) {
        final float[] z = seq.z(), s = seq.states(), cache = seq.cache();
        final int k = cacheOff(t) + b * 4 * H, mu = off[MU];
        final double x = time(t, b);
        for (int j = 0; j < H; j++) {
            double mj = w[mu + j];
            cache[k + j] = Math.abs(x - mj) > reach[j] ? 0f : (float) openness(x, mj, sigma[j], d, null, 0);
        }
        skipping.row(z, zOff(t) + b * 4 * H, s, stateOff(t) + b * 2 * H, stateOff(t + 1) + b * 2 * H, cache, k,
                (float) skipEpsilon, compute, whT);
    }

    /**
     * Walks {@link #forward} in reverse:
     * <pre>
     *   dk = dc⊙(c̃ − cPrev) + dh⊙(h̃ − hPrev);   dc̃ = k⊙dc,  dh̃ = k⊙dh      (TimeGateKernels)
     *   the LSTM backward of (dh̃, dc̃): dz, and dcPrev = dc̃_total⊙f          (Kernels.lstmBackward)
     *   dcPrev += (1 − k)⊙dc;   dhPrev = (1 − k)⊙dh + dz·Wh
     *   dμ += Σ_b dk⊙∂k/∂μ,  dρ += Σ_b dk⊙∂k/∂σ⊙sigmoid(ρ)                   (in double, one thread)
     * </pre>
     */
    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        curT = t;
        curDNext = dNext;
        curDPrev = dPrev;
        forRows(4 * H, backwardRows);
        // dhPrev += dz·Wh; dWh is added for all steps in finishBackward
        compute.gemmPacked(false, B, seq.z(), zOff(t), 4 * H, wh, dPrev, 0, 2 * H, true);
        addGateGradients(t);
    }

    /** The element-wise part of {@link #backward} for batch rows [lo, hi). */
    private void backwardRows(int lo, int hi) {
        final int t = curT, S = 2 * H, P = 4 * H, Cw = 4 * H;
        final float[] z = seq.z(), s = seq.states(), cache = seq.cache(), dNext = curDNext, dPrev = curDPrev;
        final int z0 = zOff(t), prev0 = stateOff(t), c0 = cacheOff(t);
        for (int b = lo; b < hi; b++) {
            final int hPrev = prev0 + b * S, cPrev = hPrev + H, k = c0 + b * Cw, dd = b * S, sc = b * 2 * H;
            TimeGateKernels.backward(cache, k, cache, k + 2 * H, k + 3 * H, s, hPrev, cPrev, dNext, dd, dd + H,
                    dPrev, dd, scratch, sc, scratch, sc + H, H);
            Kernels.lstmBackward(z, z0 + b * P, H, cache, k + H, s, cPrev, dNext, dd, dd + H, dPrev, dd + H, zeros, 0, 0, 0);
            TimeGateKernels.add(scratch, sc + H, dPrev, dd + H, H);                   // dcPrev += (1 − k)⊙dc
        }
    }

    /** Adds step t's dk⊙∂k/∂μ and dk⊙∂k/∂ρ, batch rows in order, into the pass's double sums. */
    private void addGateGradients(int t) {
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
    public void finishBackward() {
        addRecurrentWeightGradient(seq.z(), 4 * H, 4 * H, H, off[WH]); // dWh += Σ_t dzᵀ·hPrev
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

    @Override
    public double budget() {
        return TimeGateKernels.meanOpenness(seq.cache(), 0, seq.steps() * B, 4 * H, H);   // cache rows t·B + b
    }

    @Override
    public double updatedFraction() {
        return TimeGateKernels.fractionAbove(seq.cache(), 0, seq.steps() * B, 4 * H, H, cfg.updateThreshold());
    }

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
