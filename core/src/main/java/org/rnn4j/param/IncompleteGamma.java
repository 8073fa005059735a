package org.rnn4j.param;

/**
 * The regularized incomplete gamma functions and their inverses, in double, for the inverse-gamma
 * time-scale law ({@link TimeScales.InverseGamma}).
 * <pre>
 *   P(a, x) = γ(a, x)/Γ(a) = (1/Γ(a)) ∫₀ˣ t^(a−1) e^(−t) dt        Q(a, x) = 1 − P(a, x)
 *   series     (x &lt; a + 1, and x &lt; 1 when a &lt; 1):  P = x^a e^(−x)/Γ(a+1) · Σₙ xⁿ / ((a+1)(a+2)…(a+n))
 *   continued fraction (otherwise; Legendre's, evaluated by the modified Lentz method):
 *              Q = x^a e^(−x)/Γ(a) · 1/(x+1−a − 1·(1−a)/(x+3−a − 2·(2−a)/(x+5−a − …)))
 *   ln Γ:      Stirling's series from z ≥ 10 (terms up to z⁻¹³), shifted down by ln Γ(x) = ln Γ(x+n) − ln(x(x+1)…(x+n−1))
 * </pre>
 * Each function is computed in logarithms where it is small, so tails down to about 1e−300 keep
 * their relative accuracy. The inverses solve {@code ln P(a, x) = ln p} (for p ≤ ½, Newton's
 * method on u = ln x, where ln P is nearly linear) or {@code ln Q(a, x) = ln q} (for q &lt; ½,
 * Newton on x, where ln Q is nearly linear), each step kept inside a bracket that shrinks with
 * every evaluation and replaced by bisection when it would leave it. Checked against mpmath at 50
 * digits in {@code IncompleteGammaTest} (shapes 0.05–60) to about 1e−13 relative.
 */
final class IncompleteGamma {
    private IncompleteGamma() {}

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final int MAX_TERMS = 100_000;
    private static final double EPS = 1e-16;
    /** Newton stops when a step moves x by less than this, relatively. */
    private static final double TOL = 1e-14;
    private static final int MAX_NEWTON = 400;
    /** ln of the smallest positive double. */
    private static final double SMALLEST_LOG = Math.log(Double.MIN_VALUE);

    /** ln Γ(x) for x &gt; 0. */
    static double logGamma(double x) {
        if (!(x > 0) || Double.isInfinite(x)) throw new IllegalArgumentException("logGamma needs a finite x > 0, got " + x);
        double shift = 0;
        double z = x;
        if (z < 10) {
            double prod = 1;
            while (z < 10) {
                prod *= z;
                z += 1;
            }
            shift = Math.log(prod);
        }
        double r = 1 / z, r2 = r * r;
        // Stirling: Σ B_2k / (2k(2k−1) z^(2k−1)), k = 1..7
        double series = r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680
                + r2 * (1.0 / 1188 + r2 * (-691.0 / 360360 + r2 * (1.0 / 156)))))));
        return (z - 0.5) * Math.log(z) - z + HALF_LOG_TWO_PI + series - shift;
    }

    /** P(a, x), the regularized lower incomplete gamma function; a &gt; 0, x ≥ 0. */
    static double lower(double a, double x) {
        check(a, x);
        if (x == 0) return 0;
        if (Double.isInfinite(x)) return 1;
        return series(a, x) ? Math.exp(logSeries(a, x)) : -Math.expm1(logContinuedFraction(a, x));
    }

    /** Q(a, x) = 1 − P(a, x), the regularized upper incomplete gamma function; a &gt; 0, x ≥ 0. */
    static double upper(double a, double x) {
        check(a, x);
        if (x == 0) return 1;
        if (Double.isInfinite(x)) return 0;
        return series(a, x) ? -Math.expm1(logSeries(a, x)) : Math.exp(logContinuedFraction(a, x));
    }

    /** ln P(a, x) for x &gt; 0 (accurate where P is tiny). */
    static double logLower(double a, double x) {
        return series(a, x) ? logSeries(a, x) : Math.log1p(-Math.exp(logContinuedFraction(a, x)));
    }

    /** ln Q(a, x) for x &gt; 0 (accurate where Q is tiny). */
    static double logUpper(double a, double x) {
        return series(a, x) ? Math.log1p(-Math.exp(logSeries(a, x))) : logContinuedFraction(a, x);
    }

    /**
     * Whether the series serves (a, x): below a + 1, where it converges fast, except for a &lt; 1
     * and x ≥ 1, where P is near 1 and Q = 1 − P would lose digits; the fraction serves those.
     */
    private static boolean series(double a, double x) {
        return x < a + 1 && !(a < 1 && x >= 1);
    }

    /** ln P(a, x) by the series; for x &lt; a + 1. */
    private static double logSeries(double a, double x) {
        double term = 1, sum = 1;
        for (int n = 1; n <= MAX_TERMS; n++) {
            term *= x / (a + n);
            sum += term;
            if (term < sum * EPS) return a * Math.log(x) - x - logGamma(a + 1) + Math.log(sum);
        }
        throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + ", x=" + x);
    }

    /** ln Q(a, x) by the continued fraction; for x ≥ a + 1. */
    private static double logContinuedFraction(double a, double x) {
        final double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int n = 1; n <= MAX_TERMS; n++) {
            double an = -n * (n - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) return a * Math.log(x) - x - logGamma(a) + Math.log(h);
        }
        throw new ArithmeticException("incomplete gamma continued fraction did not converge for a=" + a + ", x=" + x);
    }

    /** x with P(a, x) = p, for 0 ≤ p ≤ 1 (p = 0 gives 0, p = 1 gives +∞). */
    static double inverseLower(double a, double p) {
        checkProbability(a, p, "p");
        if (p == 0) return 0;
        if (p == 1) return Double.POSITIVE_INFINITY;
        return p <= 0.5 ? solveLower(a, p) : solveUpper(a, 1 - p);
    }

    /** x with Q(a, x) = q, for 0 ≤ q ≤ 1 (q = 1 gives 0, q = 0 gives +∞). */
    static double inverseUpper(double a, double q) {
        checkProbability(a, q, "q");
        if (q == 1) return 0;
        if (q == 0) return Double.POSITIVE_INFINITY;
        return q < 0.5 ? solveUpper(a, q) : solveLower(a, 1 - q);
    }

    /** Newton on u = ln x for ln P(a, eᵘ) = ln p, safeguarded by a bracket; p ≤ ½. */
    private static double solveLower(double a, double p) {
        double target = Math.log(p), lga = logGamma(a);
        // P ≈ x^a/Γ(a+1) for small x gives the start (and the answer, where it is that small)
        double u = (target + logGamma(a + 1)) / a;
        if (u < SMALLEST_LOG) return 0;                               // below the smallest double
        u = Math.min(u, Math.log(a + 1));                             // P(a, a + 1) > ½ ≥ p: the root is below
        double lo = Double.NEGATIVE_INFINITY, hi = Double.POSITIVE_INFINITY;
        for (int it = 0; it < MAX_NEWTON; it++) {
            double x = Math.exp(u);
            double lp = logLower(a, x), g = lp - target;             // increasing in u
            if (g == 0) return x;
            if (g < 0) lo = u; else hi = u;
            // d ln P / du = x·P'(x)/P = exp(a·ln x − x − ln Γ(a) − ln P)
            double next = u - g / Math.exp(a * u - x - lga - lp);
            if (!(next > lo && next < hi)) {
                if (Double.isInfinite(lo)) next = u - Math.max(1, Math.abs(u));
                else if (Double.isInfinite(hi)) next = u + 1;
                else next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - u) <= Math.max(TOL, 4 * Math.ulp(u))) return Math.exp(next);
            u = next;
        }
        throw new ArithmeticException("inverse of P(a, x) did not converge for a=" + a + ", p=" + p);
    }

    /** Newton on x for ln Q(a, x) = ln q, safeguarded by a bracket; q &lt; ½ (so x is above the median). */
    private static double solveUpper(double a, double q) {
        double target = Math.log(q), lga = logGamma(a);
        double x = a + 1;                                             // Q(a, a + 1) < ½
        double lo = 0, hi = Double.POSITIVE_INFINITY;
        for (int it = 0; it < MAX_NEWTON; it++) {
            double lq = logUpper(a, x), g = lq - target;             // decreasing in x
            if (g == 0) return x;
            if (g > 0) lo = x; else hi = x;
            // d ln Q / dx = −P'(x)/Q = −exp((a−1)·ln x − x − ln Γ(a) − ln Q)
            double next = x + g / Math.exp((a - 1) * Math.log(x) - x - lga - lq);
            if (!(next > lo && next < hi)) next = Double.isInfinite(hi) ? 2 * x : 0.5 * (lo + hi);
            if (Math.abs(next - x) <= TOL * x) return next;
            x = next;
        }
        throw new ArithmeticException("inverse of Q(a, x) did not converge for a=" + a + ", q=" + q);
    }

    private static void check(double a, double x) {
        if (!(a > 0) || Double.isInfinite(a)) throw new IllegalArgumentException("shape a must be a finite number > 0, got " + a);
        if (!(x >= 0)) throw new IllegalArgumentException("x must be >= 0, got " + x);
    }

    private static void checkProbability(double a, double p, String name) {
        if (!(a > 0) || Double.isInfinite(a)) throw new IllegalArgumentException("shape a must be a finite number > 0, got " + a);
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
    }
}
