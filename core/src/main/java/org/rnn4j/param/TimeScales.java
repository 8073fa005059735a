package org.rnn4j.param;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Time-scale initialisation of gate biases: a law gives each unit j its time scale {@code T_j}
 * (in steps), a mapping turns it into a bias, and the biases can be frozen for training (Mahto et
 * al. 2021, "Multi-timescale representation learning in LSTM language models", ICLR, code
 * {@code HuthLab/multi-timescale-LSTM-LMs}; Tallec &amp; Ollivier 2018, "Can recurrent neural
 * networks warp time?", ICLR, eq. 16, for the chrono mapping).
 * <pre>
 *   T_j ~ law, j = 0..H−1 (units in order)
 *   EXACT:   b = −ln(e^(1/T) − 1)     σ(b) = e^(−1/T)     T = −1/ln σ(b)     (Mahto et al.'s code)
 *   CHRONO:  b = ln(T − 1)            σ(b) = 1 − 1/T      T = 1/(1 − σ(b))   (the chrono paper's 1/(1−f))
 *   the gate that keeps the previous state (LSTM and JANET f, GRU z):   +b
 *   the gate that writes the new value    (LSTM i, leaky a, gated g):   −b
 * </pre>
 * With a constant forget gate {@code f = σ(b)} the part of the state written s steps ago is scaled
 * by {@code f^s = e^(−s/T)} under EXACT; CHRONO uses chrono's first-order time scale
 * {@code 1/(1 − f)}, which is larger than {@code −1/ln f} by about ½ step for large T. The LSTM's
 * input gate gets {@code −b} as in both papers' code ({@code σ(−b) = 1 − σ(b)}). The mappings
 * give a sigmoid gate's bias; a cell whose keeping gate is the fast gate
 * ({@code org.rnn4j.cell.GateFunction#FAST}) stores {@code asinh(b)} instead, so that gate starts at
 * the same {@code σ(b)} and the same time scale.
 *
 * @param law     how T_j is chosen
 * @param mapping how T_j becomes a bias
 * @param freeze  true: training leaves the biases set here unchanged (Mahto et al.'s
 *                {@code requires_grad = False}); see the cells for which blocks that is
 */
public record TimeScales(Law law, Mapping mapping, boolean freeze) {

    public TimeScales {
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(mapping, "mapping");
        if (mapping == Mapping.CHRONO && law instanceof InverseGamma) {
            throw new IllegalArgumentException("the CHRONO mapping b = ln(T - 1) needs every T > 1, but an inverse-gamma"
                    + " law gives time scales in (0, inf); use the EXACT mapping");
        }
        if (law instanceof InverseGamma g && g.quantiles() == InverseGamma.Quantiles.INCLUDE_ONE && !freeze) {
            throw new IllegalArgumentException("inverse-gamma quantiles INCLUDE_ONE give the last unit T = 0, whose biases"
                    + " are -inf and +inf (as model_mts.py); they need freeze (as there), since weight decay would turn an"
                    + " infinite bias into NaN");
        }
    }

    /** {@code law} with the EXACT mapping, not frozen. */
    public static TimeScales of(Law law) {
        return new TimeScales(law, Mapping.EXACT, false);
    }

    /** A copy with {@code mapping} changed. */
    public TimeScales withMapping(Mapping mapping) {
        return new TimeScales(law, mapping, freeze);
    }

    /** A copy with {@code freeze} changed. */
    public TimeScales withFreeze(boolean freeze) {
        return new TimeScales(law, mapping, freeze);
    }

    /** The biases {@code b_j = mapping(T_j)} of {@code n} units, T drawn from {@code rng} as the law says. */
    public double[] biases(int n, RandomGenerator rng) {
        double[] t = law.timeScales(n, rng);
        double[] b = new double[n];
        for (int j = 0; j < n; j++) {
            if (!(t[j] >= 0) || Double.isInfinite(t[j])) {
                throw new IllegalArgumentException(law + " gives T = " + t[j] + " for unit " + j + " of " + n
                        + ": the quantile leaves double precision (a shape a too small or a scale too large for " + n
                        + " units)");
            }
            b[j] = mapping.bias(t[j]);
        }
        return b;
    }

    /** How a time scale T becomes the bias b of a sigmoid gate that keeps the previous state. */
    public enum Mapping {
        /** {@code b = −ln(e^(1/T) − 1)}: {@code σ(b) = e^(−1/T)}, the exact decay time of {@code f^s}; T ≥ 0 (T = 0 gives −∞). */
        EXACT {
            @Override
            public double bias(double t) {
                if (!(t >= 0)) throw new IllegalArgumentException("EXACT mapping needs T >= 0, got " + t);
                double x = 1 / t;                        // ln(eˣ − 1) = x + ln(1 − e⁻ˣ): no overflow for large x
                return x > 1 ? -(x + Math.log1p(-Math.exp(-x))) : -Math.log(Math.expm1(x));
            }

            @Override
            public double timeScale(double bias) {
                return 1 / Math.log1p(Math.exp(-bias));  // −1/ln σ(b), ln σ(b) = −ln(1 + e⁻ᵇ)
            }
        },
        /** {@code b = ln(T − 1)}: {@code σ(b) = 1 − 1/T}, chrono's time scale {@code 1/(1 − f)}; T &gt; 1. */
        CHRONO {
            @Override
            public double bias(double t) {
                if (!(t > 1)) throw new IllegalArgumentException("CHRONO mapping needs T > 1, got " + t);
                return Math.log(t - 1);                  // t − 1 is exact near 1, within one rounding above
            }

            @Override
            public double timeScale(double bias) {
                return 1 + Math.exp(bias);               // 1/(1 − σ(b))
            }
        };

        /** The bias whose gate has time scale {@code t} under this definition. */
        public abstract double bias(double t);

        /** The time scale, under this definition, of a gate with bias {@code bias}: the inverse of {@link #bias}. */
        public abstract double timeScale(double bias);
    }

    /** The law of the per-unit time scales T_j. */
    public sealed interface Law permits Constant, LogUniform, InverseGamma {
        /** T_j of {@code n} units in order; a random law draws one {@code rng.nextDouble()} per unit, in unit order. */
        double[] timeScales(int n, RandomGenerator rng);
    }

    /** Every unit {@code T_j = t}, t &gt; 1; draws nothing. */
    public record Constant(double t) implements Law {
        public Constant {
            if (!(t > 1) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("constant time scale T must be a finite number > 1, got " + t);
            }
        }

        @Override
        public double[] timeScales(int n, RandomGenerator rng) {
            double[] a = new double[n];
            java.util.Arrays.fill(a, t);
            return a;
        }
    }

    /**
     * {@code ln T_j ~ U[ln tMin, ln tMax)}, independent per unit, {@code 1 < tMin ≤ tMax}:
     * {@code T_j = tMin·(tMax/tMin)^u}, u = {@code rng.nextDouble()}.
     */
    public record LogUniform(double tMin, double tMax) implements Law {
        public LogUniform {
            if (!(tMin > 1) || !(tMax >= tMin) || Double.isInfinite(tMax)) {
                throw new IllegalArgumentException("log-uniform time scales need finite 1 < Tmin <= Tmax, got Tmin="
                        + tMin + ", Tmax=" + tMax);
            }
        }

        @Override
        public double[] timeScales(int n, RandomGenerator rng) {
            double lo = Math.log(tMin), span = Math.log(tMax) - lo;
            double[] a = new double[n];
            for (int j = 0; j < n; j++) a[j] = Math.max(tMin, Math.min(tMax, Math.exp(lo + span * rng.nextDouble())));
            return a;
        }
    }

    /**
     * Time scales at evenly spaced quantiles of an inverse-gamma law, deterministic (draws nothing),
     * as Mahto et al. 2021 ({@code scipy.stats.invgamma.isf(np.linspace(0, 1, N+1), a=0.56, scale=1)[1:]}
     * for their layer of N units):
     * <pre>
     *   density ∝ T^(−a−1)·e^(−scale/T);   scale/T ~ Gamma(a, 1), so  P(X &gt; T) = P(a, scale/T)
     *   T_k = isf(q_k) = scale / P⁻¹(a, q_k),   k = 1..N, unit k−1 gets T_k (largest T first, as the reference)
     *   INTERIOR:     q_k = k/(N + 1)     all T finite and &gt; 0        (model_dyckn.py: linspace(0, 1, N+2)[1:-1])
     *   INCLUDE_ONE:  q_k = k/N           q_N = 1: T_N = 0            (model_mts.py: linspace(0, 1, N+1)[1:])
     * </pre>
     * Under INCLUDE_ONE the last unit's forget bias is {@code −∞} (and its LSTM input bias
     * {@code +∞}): a gate fixed at 0, a unit that keeps nothing, exactly what model_mts.py computes
     * (numpy's {@code -log(exp(1/0) - 1) = -inf}). P is rnn4j's {@link IncompleteGamma}.
     *
     * @param shape     a &gt; 0 (Mahto et al.: 0.56)
     * @param scale     &gt; 0 (Mahto et al.: 1)
     * @param quantiles which probability grid
     */
    public record InverseGamma(double shape, double scale, Quantiles quantiles) implements Law {

        /** The probability grid of {@link InverseGamma}. */
        public enum Quantiles {
            /** {@code q_k = k/(N + 1)}, k = 1..N: both ends left out, every T finite. */
            INTERIOR,
            /** {@code q_k = k/N}, k = 1..N: the last quantile is 1, so the last unit has T = 0. */
            INCLUDE_ONE
        }

        /**
         * The largest shape accepted: the incomplete-gamma series needs about √a terms, and past
         * this the law's time scales are all below {@code scale/a·(1 + 4/√a)}, no longer a spread.
         */
        public static final double MAX_SHAPE = 1e4;

        public InverseGamma {
            if (!(shape > 0) || !(shape <= MAX_SHAPE)) {
                throw new IllegalArgumentException("inverse-gamma shape a must be a number in (0, " + (long) MAX_SHAPE + "], got "
                        + shape);
            }
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("inverse-gamma scale must be a finite number > 0, got " + scale);
            }
            Objects.requireNonNull(quantiles, "quantiles");
        }

        @Override
        public double[] timeScales(int n, RandomGenerator rng) {
            long m = quantiles == Quantiles.INTERIOR ? n + 1L : n;
            double[] a = new double[n];
            for (int k = 1; k <= n; k++) {
                double p = (double) k / m, q = (double) (m - k) / m;   // q = 1 − p, exact for the upper tail
                double y = p <= 0.5 ? IncompleteGamma.inverseLower(shape, p) : IncompleteGamma.inverseUpper(shape, q);
                a[k - 1] = scale / y;
            }
            return a;
        }
    }
}
