package org.rnn4j.cell;

import java.util.OptionalDouble;
import org.rnn4j.data.Check;

/**
 * Configuration of {@link GaussianLstm}. No reference code of the g-LSTM exists and the paper's
 * text was not available (notes: glstm-kaf-aux.md §1.3); what it leaves open is an option here,
 * with rnn4j's choice as the default: the denominator ({@code 2σ²}), a period (none), the centres
 * (uniform over the span) and the initial width (a tenth of the span).
 *
 * @param inputSize   I
 * @param hiddenSize  H
 * @param horizon     T, the sequence length the gates are initialised for (time units: steps with
 *                    {@link Timestamps#STEP}); the span L over which the centres start is T, or
 *                    the period when there is one
 * @param centres     where the centres μ start: spread over [0, L] (uniform draws or evenly
 *                    spaced), or all at 0 (a deliberately poor start)
 * @param widthInit   σ starts at {@code widthInit·L} for every unit (stored as ρ = softplus⁻¹(σ));
 *                    a small value (e.g. 1e-3) is the deliberately poor start
 * @param denominator {@code k = exp(−(t − μ)²/(2σ²))} (default) or {@code exp(−(t − μ)²/σ²)}
 * @param period      empty (default): one window per sequence; τ: the gate reads {@code t mod τ}
 *                    (floor mod, a fixed τ, not learned), so each unit opens once every τ
 * @param timestamps  the step index (default) or the batch's real-valued times
 * @param budgetLambda λ ≥ 0, the weight of the compute-budget term {@code λ·B} added to the
 *                    training loss ({@link GateBudget}); 0 (default): no term
 * @param updateThreshold ε in (0, 1): a unit-step counts as an update when {@code k > ε}
 *                    ({@link GateBudget#updatedFraction()}); default 0.01, the paper's value was not
 *                    retrieved
 * @param timeUnit    U &gt; 0: the gate reads its time in units of U steps ({@code x = t/U}, after the
 *                    period's fold), so μ and σ are learned in those units; default 1 (steps). An
 *                    optimizer such as Adam moves a parameter by about lr per update whatever its
 *                    gradient, so in steps μ crosses a T-step sequence in about T/lr updates and with
 *                    U = T (times in [0, 1]) in about 1/lr. The paper's time unit was not retrieved.
 */
public record GaussianLstmConfig(int inputSize, int hiddenSize, double horizon, Centres centres, double widthInit,
                                 Denominator denominator, OptionalDouble period, Timestamps timestamps,
                                 double budgetLambda, double updateThreshold, double timeUnit)
        implements CellConfig {

    /** The default update threshold ε (rnn4j's choice; the paper's value was not retrieved). */
    public static final double DEFAULT_UPDATE_THRESHOLD = 0.01;

    /** Where the gate centres μ start. */
    public enum Centres {
        /** μ ~ U(0, L), one draw per unit. */
        UNIFORM,
        /** μ_j = (j + ½)·L/H: evenly spaced, no draw. */
        SPACED,
        /** μ = 0 for every unit: the deliberately poor start (every gate open only at the first step). */
        ZERO
    }

    /** The denominator of the Gaussian's exponent (the paper's form is not verified). */
    public enum Denominator {
        /** {@code exp(−(t − μ)²/(2σ²))}: σ is the standard deviation. */
        TWO_SIGMA_SQUARED(2),
        /** {@code exp(−(t − μ)²/σ²)}. */
        SIGMA_SQUARED(1);

        private final double d;

        Denominator(double d) {
            this.d = d;
        }

        /** d in {@code (t − μ)²/(d·σ²)}: 2 or 1. */
        public double value() {
            return d;
        }
    }

    public GaussianLstmConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        Check.positive("horizon T", horizon);
        if (centres == null) throw new IllegalArgumentException("centres must be UNIFORM, SPACED or ZERO, got null");
        Check.positive("widthInit", widthInit);
        if (denominator == null) {
            throw new IllegalArgumentException("denominator must be TWO_SIGMA_SQUARED or SIGMA_SQUARED, got null");
        }
        if (period == null) period = OptionalDouble.empty();
        if (period.isPresent()) Check.positive("period τ", period.getAsDouble());
        if (timestamps == null) throw new IllegalArgumentException("timestamps must be STEP or GIVEN, got null");
        if (!(budgetLambda >= 0) || Double.isInfinite(budgetLambda)) {
            throw new IllegalArgumentException("budgetLambda λ must be finite and >= 0, got " + budgetLambda);
        }
        if (!(updateThreshold > 0 && updateThreshold < 1)) {
            throw new IllegalArgumentException("updateThreshold ε must be in (0, 1), got " + updateThreshold);
        }
        if (!(timeUnit > 0) || Double.isInfinite(timeUnit)) {
            throw new IllegalArgumentException("timeUnit U must be a finite number > 0, got " + timeUnit);
        }
        double sigma = widthInit * (period.isPresent() ? period.getAsDouble() : horizon) / timeUnit;
        if (!(sigma > 0) || !(sigma < 1e30)) {
            throw new IllegalArgumentException("the initial width σ = widthInit·L/U must be in (0, 1e30), got " + sigma);
        }
    }

    /** rnn4j's defaults for sequences of {@code horizon} = T steps (see the class comment). */
    public static GaussianLstmConfig of(int inputSize, int hiddenSize, double horizon) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, Centres.UNIFORM, 0.1, Denominator.TWO_SIGMA_SQUARED,
                OptionalDouble.empty(), Timestamps.STEP, 0, DEFAULT_UPDATE_THRESHOLD, 1);
    }

    /** L: the span the centres start over, the period if there is one, else the horizon. */
    public double span() {
        return period.isPresent() ? period.getAsDouble() : horizon;
    }

    /** σ₀ = widthInit·L/U, every unit's initial width (in time units). */
    public double initialWidth() {
        return widthInit * span() / timeUnit;
    }

    /** A copy for sequences of {@code horizon} = T. */
    public GaussianLstmConfig withHorizon(double horizon) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, widthInit, denominator, period,
                timestamps, budgetLambda, updateThreshold, timeUnit);
    }

    /** A copy whose centres start as {@code centres} says. */
    public GaussianLstmConfig withCentres(Centres centres) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, widthInit, denominator, period,
                timestamps, budgetLambda, updateThreshold, timeUnit);
    }

    /** A copy whose widths start at {@code fraction}·L. */
    public GaussianLstmConfig withWidthInit(double fraction) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, fraction, denominator, period,
                timestamps, budgetLambda, updateThreshold, timeUnit);
    }

    /** A copy with the exponent's denominator {@code d}. */
    public GaussianLstmConfig withDenominator(Denominator d) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, widthInit, d, period,
                timestamps, budgetLambda, updateThreshold, timeUnit);
    }

    /** A copy whose gate reads {@code t mod tau}. */
    public GaussianLstmConfig withPeriod(double tau) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, widthInit, denominator, OptionalDouble.of(tau),
                timestamps, budgetLambda, updateThreshold, timeUnit);
    }

    /** A copy reading its times from {@code source}. */
    public GaussianLstmConfig withTimestamps(Timestamps source) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, widthInit, denominator, period,
                source, budgetLambda, updateThreshold, timeUnit);
    }

    /** A copy whose training loss carries the budget term {@code lambda·B} (0: none). */
    public GaussianLstmConfig withBudgetLambda(double lambda) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, widthInit, denominator, period, timestamps,
                lambda, updateThreshold, timeUnit);
    }

    /** A copy counting a unit-step as an update when {@code k > epsilon}. */
    public GaussianLstmConfig withUpdateThreshold(double epsilon) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, widthInit, denominator, period, timestamps,
                budgetLambda, epsilon, timeUnit);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public GaussianLstmConfig withInputSize(int inputSize) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, widthInit, denominator, period,
                timestamps, budgetLambda, updateThreshold, timeUnit);
    }

    /** A copy whose gate reads its time in units of {@code u} steps. */
    public GaussianLstmConfig withTimeUnit(double u) {
        return new GaussianLstmConfig(inputSize, hiddenSize, horizon, centres, widthInit, denominator, period,
                timestamps, budgetLambda, updateThreshold, u);
    }
}
