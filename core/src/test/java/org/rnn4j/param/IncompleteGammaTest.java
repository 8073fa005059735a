package org.rnn4j.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.testing.Fixtures;

/**
 * {@link IncompleteGamma} against closed forms (a = 1: the exponential law; a = 2, 3: Poisson sums;
 * a = ½: erf) and against mpmath at 50 digits ({@code incomplete-gamma-v1.json}, made by
 * {@code tools/fixtures/make_timescale_fixtures.py}). Doubles carry about 16 digits; the bounds
 * (1e−13 relative for values, 1e−12 for inverses whose ln x is far from 0, where x's own rounding
 * is ulp(ln x) ≈ 1e−13) leave a few ulps for the logarithms the code goes through.
 */
class IncompleteGammaTest {
    static final Fixtures.Json FIXTURE = Fixtures.load("/org/rnn4j/param/incomplete-gamma-v1.json");

    static void assertRelative(double expected, double actual, double rel, String what) {
        double err = Math.abs(actual - expected);
        assertTrue(err <= rel * Math.abs(expected) || err <= 1e-300, what + ": expected " + expected + ", got " + actual
                + " (relative error " + err / Math.abs(expected) + ")");
    }

    @Test
    void logGammaMatchesMpmathAndFactorials() {
        Fixtures.Json cases = FIXTURE.get("log_gamma");
        for (int i = 0; i < cases.size(); i++) {
            double x = cases.get(i).get("x").asDouble(), v = cases.get(i).get("value").asDouble();
            double err = Math.abs(IncompleteGamma.logGamma(x) - v);
            assertTrue(err <= 1e-13 * Math.max(1, Math.abs(v)), "lnΓ(" + x + "): " + IncompleteGamma.logGamma(x) + " vs " + v);
        }
        double fact = 1;
        for (int n = 1; n <= 20; n++) {
            double err = Math.abs(IncompleteGamma.logGamma(n) - Math.log(fact));
            assertTrue(err <= 1e-14 * Math.max(1, Math.log(fact)), "lnΓ(" + n + ") = ln " + (n - 1) + "!: " + err);
            fact *= n;
        }
        assertEquals(0.5 * Math.log(Math.PI), IncompleteGamma.logGamma(0.5), 1e-14, "Γ(½) = √π");
    }

    @Test
    void shapeOneIsTheExponentialLaw() {
        for (double x : new double[] {1e-9, 1e-3, 0.3, 1, 1.9, 2, 5, 30, 200}) {
            assertRelative(-Math.expm1(-x), IncompleteGamma.lower(1, x), 1e-14, "P(1, " + x + ")");
            assertRelative(Math.exp(-x), IncompleteGamma.upper(1, x), 1e-13, "Q(1, " + x + ")");
        }
        for (double p : new double[] {1e-15, 1e-6, 0.01, 0.25, 0.5, 0.75, 0.999999}) {
            assertRelative(-Math.log1p(-p), IncompleteGamma.inverseLower(1, p), 1e-13, "P⁻¹(1, " + p + ")");
        }
        for (double q : new double[] {1e-200, 1e-30, 1e-6, 0.01, 0.4, 0.9}) {
            assertRelative(-Math.log(q), IncompleteGamma.inverseUpper(1, q), 1e-13, "Q⁻¹(1, " + q + ")");
        }
    }

    @Test
    void integerShapesArePoissonSums() {
        for (double x : new double[] {1e-4, 0.5, 2, 2.9, 3, 4.5, 12, 40}) {
            assertRelative(Math.exp(-x) * (1 + x), IncompleteGamma.upper(2, x), 1e-13, "Q(2, " + x + ")");
            assertRelative(Math.exp(-x) * (1 + x + x * x / 2), IncompleteGamma.upper(3, x), 1e-13, "Q(3, " + x + ")");
        }
    }

    /** P(½, x) = erf(√x); erf from its Maclaurin series, summed to double precision for √x ≤ 2. */
    @Test
    void shapeOneHalfIsErf() {
        for (double x : new double[] {1e-6, 0.01, 0.2, 0.5, 1, 1.4, 1.6, 2.5, 4}) {
            assertRelative(erf(Math.sqrt(x)), IncompleteGamma.lower(0.5, x), 1e-13, "P(½, " + x + ")");
        }
        for (double p : new double[] {1e-3, 0.1, 0.5, 0.9, 0.99}) {
            double x = IncompleteGamma.inverseLower(0.5, p);
            assertRelative(p, erf(Math.sqrt(x)), 1e-13, "erf(√P⁻¹(½, " + p + "))");
        }
    }

    /** erf(z) = 2/√π Σ (−1)ⁿ z^(2n+1) / (n!(2n+1)); |terms| stay below e^(z²) ≈ 55 for z ≤ 2, so little cancellation. */
    static double erf(double z) {
        double term = z, sum = z;
        for (int n = 1; n < 200; n++) {
            term *= -z * z / n;
            double t = term / (2 * n + 1);
            sum += t;
            if (Math.abs(t) < 1e-18 * Math.abs(sum)) break;
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @Test
    void regularizedValuesMatchMpmath() {
        Fixtures.Json cases = FIXTURE.get("regularized");
        for (int i = 0; i < cases.size(); i++) {
            Fixtures.Json c = cases.get(i);
            double a = c.get("a").asDouble(), x = c.get("x").asDouble();
            assertRelative(c.get("p").asDouble(), IncompleteGamma.lower(a, x), 1e-13, "P(" + a + ", " + x + ")");
            assertRelative(c.get("q").asDouble(), IncompleteGamma.upper(a, x), 1e-13, "Q(" + a + ", " + x + ")");
        }
    }

    @Test
    void inversesMatchMpmath() {
        Fixtures.Json lower = FIXTURE.get("inverse_lower"), upper = FIXTURE.get("inverse_upper");
        for (int i = 0; i < lower.size(); i++) {
            Fixtures.Json c = lower.get(i);
            double a = c.get("a").asDouble(), p = c.get("p").asDouble();
            assertRelative(c.get("x").asDouble(), IncompleteGamma.inverseLower(a, p), 1e-12, "P⁻¹(" + a + ", " + p + ")");
            assertRelative(c.get("x").asDouble(), IncompleteGamma.inverseUpper(a, 1 - p), 1e-12 + 1e-15 / (p * a),
                    "Q⁻¹(" + a + ", 1 − " + p + ")");
        }
        for (int i = 0; i < upper.size(); i++) {
            Fixtures.Json c = upper.get(i);
            double a = c.get("a").asDouble(), q = c.get("q").asDouble();
            assertRelative(c.get("x").asDouble(), IncompleteGamma.inverseUpper(a, q), 1e-12, "Q⁻¹(" + a + ", " + q + ")");
        }
    }

    @Test
    void inversesRoundTripAndHandleTheEnds() {
        for (double a : new double[] {0.02, 0.56, 3, 250}) {
            for (double p : new double[] {1e-100, 1e-8, 0.2, 0.5, 0.8, 1 - 1e-9}) {
                double x = IncompleteGamma.inverseLower(a, p);
                if (x == 0) continue;                                    // below the smallest double (a = 0.02, p = 1e-100)
                assertRelative(p, IncompleteGamma.lower(a, x), 1e-10, "P(" + a + ", P⁻¹(" + p + "))");
            }
        }
        assertEquals(0, IncompleteGamma.inverseLower(0.56, 0));
        assertEquals(Double.POSITIVE_INFINITY, IncompleteGamma.inverseLower(0.56, 1));
        assertEquals(0, IncompleteGamma.inverseUpper(0.56, 1));
        assertEquals(Double.POSITIVE_INFINITY, IncompleteGamma.inverseUpper(0.56, 0));
        assertEquals(0, IncompleteGamma.inverseLower(0.01, 1e-100), "underflows to 0: (1e-100·Γ(1.01))^100");
        assertEquals(1, IncompleteGamma.lower(0.56, Double.POSITIVE_INFINITY));
        assertEquals(0, IncompleteGamma.lower(0.56, 0));
        assertThrows(IllegalArgumentException.class, () -> IncompleteGamma.inverseLower(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> IncompleteGamma.inverseLower(1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> IncompleteGamma.lower(1, -1));
        assertThrows(IllegalArgumentException.class, () -> IncompleteGamma.logGamma(0));
    }
}
