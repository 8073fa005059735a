package org.rnn4j.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.param.Init.ChronoGates.Gate;
import org.rnn4j.param.TimeScales.Constant;
import org.rnn4j.param.TimeScales.InverseGamma;
import org.rnn4j.param.TimeScales.InverseGamma.Quantiles;
import org.rnn4j.param.TimeScales.LogUniform;
import org.rnn4j.param.TimeScales.Mapping;
import org.rnn4j.testing.Fixtures;

class TimeScalesTest {
    static final double[] SCALES = {1.0001, 1.5, 2, 3, 10, 117.5, 1e3, 1e6, 1e9, 1e12, 1e15};

    static double sigmoid(double b) {
        return 1 / (1 + Math.exp(-b));
    }

    /** σ(b) gives back T: −1/ln σ(b) under EXACT, 1/(1 − σ(b)) under CHRONO (directly where f is not too close to 1). */
    @Test
    void eachMappingGivesBackItsTimeScale() {
        for (double t : SCALES) {
            double be = Mapping.EXACT.bias(t), bc = Mapping.CHRONO.bias(t);
            assertEquals(t, Mapping.EXACT.timeScale(be), 1e-12 * t, "EXACT round trip at T=" + t);
            assertEquals(t, Mapping.CHRONO.timeScale(bc), 1e-12 * t, "CHRONO round trip at T=" + t);
            if (t <= 1e3) {
                // in plain double: f = σ(b); its own rounding (1e-16) costs about T·1e-16 relative in T
                assertEquals(t, -1 / Math.log(sigmoid(be)), 1e-12 * t, "EXACT: −1/ln σ(b) at T=" + t);
                assertEquals(Math.exp(-1 / t), sigmoid(be), 1e-15, "EXACT: σ(b) = e^(−1/T)");
                assertEquals(t, 1 / (1 - sigmoid(bc)), 1e-11 * t, "CHRONO: 1/(1 − σ(b)) at T=" + t);
                assertEquals(1 - 1 / t, sigmoid(bc), 1e-15, "CHRONO: σ(b) = 1 − 1/T");
            }
        }
        assertEquals(0, Mapping.EXACT.bias(1 / Math.log(2)), 1e-15, "σ(0) = ½ = e^(−ln 2)");
        assertEquals(0, Mapping.CHRONO.bias(2), 0, "σ(0) = ½ = 1 − 1/2");
    }

    /** For large T the exact bias is ln T − 1/(2T) − 1/(24T²) + …; the naive −ln(exp(1/T) − 1) has lost 4 digits by T = 1e12. */
    @Test
    void exactMappingIsStableAtLargeAndSmallTimeScales() {
        for (double t : new double[] {1e6, 1e9, 1e12, 1e15}) {
            double series = Math.log(t) - 0.5 / t - 1 / (24 * t * t);
            assertEquals(series, Mapping.EXACT.bias(t), 1e-15 * Math.log(t), "T=" + t);
        }
        double naive = -Math.log(Math.exp(1e-12) - 1);
        assertTrue(Math.abs(naive - Mapping.EXACT.bias(1e12)) > 1e-5, "the naive formula is worse: " + naive);
        // small T: ln(e^(1/T) − 1) = 1/T + ln(1 − e^(−1/T)); e^(1/T) alone would overflow at T = 1e-3
        assertEquals(-1000, Mapping.EXACT.bias(1e-3), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, Mapping.EXACT.bias(0));
        assertEquals(Double.POSITIVE_INFINITY, Mapping.EXACT.bias(Double.POSITIVE_INFINITY));
        assertEquals(0, Mapping.EXACT.timeScale(Double.NEGATIVE_INFINITY));
        assertEquals(Math.log(1e12 - 1), Mapping.CHRONO.bias(1e12), 1e-15 * 28);
    }

    @Test
    void mappingsRejectTimeScalesOutsideTheirDomain() {
        var e = assertThrows(IllegalArgumentException.class, () -> Mapping.CHRONO.bias(1));
        assertEquals("CHRONO mapping needs T > 1, got 1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mapping.CHRONO.bias(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Mapping.EXACT.bias(-1));
        assertThrows(IllegalArgumentException.class, () -> Mapping.EXACT.bias(Double.NaN));
    }

    @Test
    void constantGivesEveryUnitTheSameTimeScale() {
        double[] t = new Constant(40).timeScales(7, new SplittableRandom(1));
        for (double v : t) assertEquals(40, v);
        for (double bad : new double[] {1, 0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new Constant(bad));
            assertTrue(e.getMessage().startsWith("constant time scale T must be a finite number > 1"), e.getMessage());
        }
    }

    @Test
    void logUniformStaysInItsRangeAndFollowsTheSeed() {
        var law = new LogUniform(3, 5000);
        double[] a = law.timeScales(4000, new SplittableRandom(7));
        double min = Double.MAX_VALUE, max = 0, meanLog = 0;
        for (double t : a) {
            assertTrue(t >= 3 && t <= 5000, "T in [3, 5000]: " + t);
            min = Math.min(min, t);
            max = Math.max(max, t);
            meanLog += Math.log(t) / a.length;
        }
        assertTrue(min < 3.1 && max > 4800, "covers the range: " + min + " " + max);
        // ln T ~ U[ln 3, ln 5000]: mean (ln 3 + ln 5000)/2, sd (ln 5000 − ln 3)/√12 = 2.14; 5 standard errors
        assertEquals((Math.log(3) + Math.log(5000)) / 2, meanLog, 5 * 2.14 / Math.sqrt(a.length));
        assertArrayEquals(a, law.timeScales(4000, new SplittableRandom(7)), "same seed, same T");
        assertFalse(Arrays.equals(a, law.timeScales(4000, new SplittableRandom(8))), "another seed, other T");
        for (double t : new LogUniform(12, 12).timeScales(5, new SplittableRandom(1))) assertEquals(12, t, 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> new LogUniform(1, 10));
        assertEquals("log-uniform time scales need finite 1 < Tmin <= Tmax, got Tmin=1.0, Tmax=10.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LogUniform(10, 9));
        assertThrows(IllegalArgumentException.class, () -> new LogUniform(2, Double.POSITIVE_INFINITY));
    }

    /** Mahto et al.'s layer (a = 0.56, N = 1150), a = 1.5 (N = 256) and a small layer, both grids, against mpmath. */
    @Test
    void inverseGammaQuantilesMatchMpmath() {
        Fixtures.Json cases = IncompleteGammaTest.FIXTURE.get("invgamma_isf");
        assertEquals(6, cases.size());
        for (int i = 0; i < cases.size(); i++) {
            Fixtures.Json c = cases.get(i);
            Quantiles q = c.get("quantiles").asString().equals("interior") ? Quantiles.INTERIOR : Quantiles.INCLUDE_ONE;
            var law = new InverseGamma(c.get("a").asDouble(), c.get("scale").asDouble(), q);
            int n = c.get("n").asInt();
            double[] t = law.timeScales(n, new SplittableRandom(1));
            assertArrayEquals(t, law.timeScales(n, new SplittableRandom(2)), "deterministic: no draw");
            for (int k = 0; k < c.get("index").size(); k++) {
                int j = c.get("index").get(k).asInt();
                double expected = c.get("t").get(k).asDouble();
                assertEquals(expected, t[j], 1e-13 * expected, law + " unit " + j + " of " + n);
            }
            for (int j = 1; j < n; j++) assertTrue(t[j] < t[j - 1], "largest T first, strictly decreasing");
            if (q == Quantiles.INCLUDE_ONE) assertEquals(0, t[n - 1], "quantile 1: T = 0");
            else assertTrue(t[n - 1] > 0, "interior quantiles: every T > 0");
        }
    }

    @Test
    void inverseGammaRejectsBadParametersAndUnderflow() {
        var e = assertThrows(IllegalArgumentException.class, () -> new InverseGamma(0, 1, Quantiles.INTERIOR));
        assertEquals("inverse-gamma shape a must be a number in (0, 10000], got 0.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InverseGamma(1e10, 1, Quantiles.INTERIOR));
        double[] t = new InverseGamma(InverseGamma.MAX_SHAPE, 1, Quantiles.INTERIOR).timeScales(64, null);
        for (double v : t) assertTrue(v > 0 && Double.isFinite(v), "the largest shape still converges: " + v);
        e = assertThrows(IllegalArgumentException.class, () -> new InverseGamma(0.5, -1, Quantiles.INTERIOR));
        assertEquals("inverse-gamma scale must be a finite number > 0, got -1.0", e.getMessage());
        // a = 0.01: the first quantile 1/(N+1) = 1e-4 needs P⁻¹ ≈ (1e-4·Γ(1.01))^100, below the smallest double
        var tiny = TimeScales.of(new InverseGamma(0.01, 1, Quantiles.INTERIOR));
        e = assertThrows(IllegalArgumentException.class, () -> tiny.biases(9999, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("gives T = Infinity for unit 0 of 9999"), e.getMessage());
    }

    @Test
    void theChronoMappingAndTheZeroQuantileNeedWhatTheyNeed() {
        var invgamma = new InverseGamma(0.56, 1, Quantiles.INTERIOR);
        var e = assertThrows(IllegalArgumentException.class, () -> new TimeScales(invgamma, Mapping.CHRONO, false));
        assertTrue(e.getMessage().startsWith("the CHRONO mapping b = ln(T - 1) needs every T > 1"), e.getMessage());
        var withOne = new InverseGamma(0.56, 1, Quantiles.INCLUDE_ONE);
        e = assertThrows(IllegalArgumentException.class, () -> TimeScales.of(withOne));
        assertTrue(e.getMessage().startsWith("inverse-gamma quantiles INCLUDE_ONE give the last unit T = 0"), e.getMessage());
        double[] b = new TimeScales(withOne, Mapping.EXACT, true).biases(10, new SplittableRandom(1));
        assertEquals(Double.NEGATIVE_INFINITY, b[9], "T = 0: the gate is shut, as numpy's -log(exp(1/0) - 1)");
        for (int j = 0; j < 9; j++) assertTrue(Double.isFinite(b[j]), "unit " + j);
    }

    /** Each unit: +b in FORGET blocks, exactly −b in INPUT blocks, the constant elsewhere; guard cells untouched. */
    @Test
    void timeScaleGatesFillTheRolesFromOneDrawPerUnit() {
        int H = 64;
        var scales = TimeScales.of(new LogUniform(2, 300));
        var init = new Init.TimeScaleGates(scales, new Gate[] {Gate.INPUT, Gate.FORGET, Gate.OTHER, Gate.OTHER}, 0.5);
        float[] b = InitTest.fill(init, 1, 4 * H, 3);
        double[] expected = scales.biases(H, new SplittableRandom(3));
        SplittableRandom draws = new SplittableRandom(3);
        for (int j = 0; j < H; j++) {
            double t = 2 * Math.pow(150, draws.nextDouble());             // T_j = Tmin·(Tmax/Tmin)^u, recomputed here
            assertEquals(-Math.log(Math.exp(1 / t) - 1), b[H + j], 1e-6 * Math.abs(b[H + j]) + 1e-6, "b_f = −ln(e^(1/T) − 1)");
        }
        for (int j = 0; j < H; j++) {
            assertEquals((float) expected[j], b[H + j], "b_f = b(T_j) rounded once");
            assertEquals(-b[H + j], b[j], 0f, "b_i = −b_f");
            assertEquals(0.5f, b[2 * H + j]);
            assertEquals(0.5f, b[3 * H + j]);
            double t = Mapping.EXACT.timeScale(b[H + j]);
            assertTrue(t >= 2 * (1 - 1e-6) && t <= 300 * (1 + 1e-6), "T in [2, 300] up to float rounding: " + t);
        }
        assertArrayEquals(b, InitTest.fill(init, 1, 4 * H, 3), "same seed, same biases");
        assertFalse(Arrays.equals(b, InitTest.fill(init, 1, 4 * H, 4)), "another seed, other biases");
        var chrono = new Init.TimeScaleGates(scales.withMapping(Mapping.CHRONO), new Gate[] {Gate.FORGET}, 0);
        float[] c = InitTest.fill(chrono, 1, H, 3);
        for (int j = 0; j < H; j++) assertEquals((float) Mapping.CHRONO.bias(Mapping.EXACT.timeScale(expected[j])), c[j], 1e-6f);
        var e = assertThrows(IllegalArgumentException.class, () -> init.fill(new float[30], 0, 1, 30, new SplittableRandom(1)));
        assertEquals("time scales fill a bias vector of 4 equal gate blocks, got [1, 30]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Init.TimeScaleGates(scales, new Gate[] {Gate.OTHER}, 0));
        assertEquals(init, new Init.TimeScaleGates(scales, new Gate[] {Gate.INPUT, Gate.FORGET, Gate.OTHER, Gate.OTHER}, 0.5));
    }
}
