package org.rnn4j.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.param.Init.Chrono.Sampling;
import org.rnn4j.param.Init.ChronoGates.Gate;

/**
 * Statistical checks use a 200×300 block (n = 60 000 draws) and allow 5 standard errors of the
 * estimate: the mean within {@code 5·σ/√n}, the variance within {@code 5·sd(σ̂²)} (about 3% for a
 * Gaussian, 2% for a uniform).
 */
class InitTest {
    static final int ROWS = 200, COLS = 300, N = ROWS * COLS;

    static float[] fill(Init init, int rows, int cols, long seed) {
        float[] a = new float[rows * cols + 4];
        java.util.Arrays.fill(a, 7f);                   // guard cells around the block
        init.fill(a, 2, rows, cols, new SplittableRandom(seed));
        assertEquals(7f, a[0]);
        assertEquals(7f, a[1]);
        assertEquals(7f, a[a.length - 2]);
        assertEquals(7f, a[a.length - 1]);
        return java.util.Arrays.copyOfRange(a, 2, 2 + rows * cols);
    }

    static double mean(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s / a.length;
    }

    static double variance(float[] a) {
        double m = mean(a), s = 0;
        for (float v : a) s += (v - m) * (v - m);
        return s / a.length;
    }

    @Test
    void constantFillsEveryEntry() {
        for (float v : fill(new Init.Constant(0.25), 3, 4, 1)) assertEquals(0.25f, v);
    }

    @Test
    void uniformStaysInItsBoundsAndCoversThem() {
        float[] a = fill(new Init.Uniform(-0.5, 2.0), ROWS, COLS, 2);
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (float v : a) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= -0.5 && max <= 2.0, min + " " + max);
        assertTrue(min < -0.49 && max > 1.99, "covers the range: " + min + " " + max);
        assertEquals(0.75, mean(a), 5 * 2.5 / Math.sqrt(12 * N));
        assertThrows(IllegalArgumentException.class, () -> new Init.Uniform(1, 0));
    }

    @Test
    void fanInUniformIsBoundedByOneOverSqrtFanIn() {
        int fanIn = 16;
        float[] a = fill(new Init.FanInUniform(fanIn), ROWS, COLS, 3);
        double bound = 1 / Math.sqrt(fanIn), max = 0;
        for (float v : a) {
            assertTrue(Math.abs(v) <= bound, "|" + v + "| > " + bound);
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.99 * bound, "reaches the bound: " + max);
        double var = bound * bound / 3;                                  // U(±a): a²/3
        assertEquals(var, variance(a), 5 * var * Math.sqrt(0.8 / N));
        assertThrows(IllegalArgumentException.class, () -> new Init.FanInUniform(0));
    }

    @Test
    void normalHasItsMeanAndVariance() {
        float[] a = fill(new Init.Normal(0.5, 2.0), ROWS, COLS, 6);
        assertEquals(0.5, mean(a), 5 * 2.0 / Math.sqrt(N));
        assertEquals(4.0, variance(a), 5 * 4.0 * Math.sqrt(2.0 / N));
        assertThrows(IllegalArgumentException.class, () -> new Init.Normal(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new Init.Normal(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Init.Normal(0, Double.POSITIVE_INFINITY));
    }

    @Test
    void xavierNormalHasVarianceTwoOverFanInPlusFanOut() {
        double gain = 1.5;
        float[] a = fill(new Init.XavierNormal(gain), ROWS, COLS, 4);
        double var = gain * gain * 2.0 / (ROWS + COLS);
        assertEquals(0.0, mean(a), 5 * Math.sqrt(var / N));
        assertEquals(var, variance(a), 5 * var * Math.sqrt(2.0 / N));   // sd(σ̂²) = σ²·√(2/n)
    }

    @Test
    void xavierUniformIsBoundedAndHasVarianceTwoOverFanInPlusFanOut() {
        double gain = 0.7;
        float[] a = fill(new Init.XavierUniform(gain), ROWS, COLS, 5);
        double bound = gain * Math.sqrt(6.0 / (ROWS + COLS));
        for (float v : a) assertTrue(Math.abs(v) <= bound + 1e-7, "|" + v + "| > " + bound);
        double var = gain * gain * 2.0 / (ROWS + COLS);                  // = bound²/3
        assertEquals(0.0, mean(a), 5 * Math.sqrt(var / N));
        assertEquals(var, variance(a), 5 * var * Math.sqrt(0.8 / N));   // uniform: sd(σ̂²) = σ²·√(0.8/n)
    }

    /** Gram matrix of the columns ({@code AᵀA}) or of the rows ({@code AAᵀ}). */
    static double[][] gram(float[] a, int rows, int cols, boolean ofColumns) {
        int m = ofColumns ? cols : rows, k = ofColumns ? rows : cols;
        double[][] g = new double[m][m];
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < m; q++) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    s += ofColumns ? (double) a[i * cols + p] * a[i * cols + q] : (double) a[p * cols + i] * a[q * cols + i];
                }
                g[p][q] = s;
            }
        }
        return g;
    }

    static void assertScaledIdentity(double[][] g, double scale, String what) {
        for (int p = 0; p < g.length; p++) {
            for (int q = 0; q < g.length; q++) assertEquals(p == q ? scale : 0, g[p][q], 1e-5 * Math.max(1, scale), what + "[" + p + "][" + q + "]");
        }
    }

    @Test
    void orthogonalTallMatrixHasOrthonormalColumns() {
        float[] a = fill(new Init.Orthogonal(1.0), 9, 4, 6);
        assertScaledIdentity(gram(a, 9, 4, true), 1, "AᵀA");
    }

    @Test
    void orthogonalWideMatrixHasOrthonormalRows() {
        float[] a = fill(new Init.Orthogonal(1.0), 3, 8, 7);
        assertScaledIdentity(gram(a, 3, 8, false), 1, "AAᵀ");
    }

    @Test
    void orthogonalSquareMatrixIsOrthogonalAndScaledByGain() {
        float[] a = fill(new Init.Orthogonal(2.0), 6, 6, 8);
        assertScaledIdentity(gram(a, 6, 6, true), 4, "AᵀA");
        assertScaledIdentity(gram(a, 6, 6, false), 4, "AAᵀ");
    }

    @Test
    void orthogonalDiffersBetweenSeeds() {
        assertFalse(java.util.Arrays.equals(fill(new Init.Orthogonal(1), 5, 5, 1), fill(new Init.Orthogonal(1), 5, 5, 2)));
    }

    @Test
    void identityHasScaleOnTheDiagonal() {
        for (int[] shape : new int[][] {{4, 4}, {3, 5}, {5, 3}}) {
            int r = shape[0], c = shape[1];
            float[] a = fill(new Init.Identity(0.5), r, c, 1);
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) assertEquals(i == j ? 0.5f : 0f, a[i * c + j], r + "x" + c + " [" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void identityAndConstantDrawNothing() {
        for (Init init : List.of(new Init.Identity(1), new Init.Constant(3))) {
            SplittableRandom used = new SplittableRandom(9), fresh = new SplittableRandom(9);
            init.fill(new float[16], 0, 4, 4, used);
            assertEquals(fresh.nextLong(), used.nextLong(), init.toString());
        }
    }

    @Test
    void perRowBlockAppliesTheInitializerToEachBlock() {
        int H = 4;
        float[] a = fill(new Init.PerRowBlock(3, new Init.Orthogonal(1)), 3 * H, H, 10);
        for (int blk = 0; blk < 3; blk++) {
            float[] part = java.util.Arrays.copyOfRange(a, blk * H * H, (blk + 1) * H * H);
            assertScaledIdentity(gram(part, H, H, true), 1, "block " + blk);
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Init.PerRowBlock(3, new Init.Constant(0)).fill(new float[20], 0, 5, 4, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void segmentsFillAVectorPiecewise() {
        Init s = new Init.Segments(new int[] {2, 3, 1}, new Init[] {
                new Init.Constant(0), new Init.Constant(1), new Init.Constant(-2)});
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, -2}, fill(s, 1, 6, 1));
    }

    @Test
    void segmentsFillMatrixRowsPiecewise() {
        Init s = new Init.Segments(new int[] {1, 2}, new Init[] {new Init.Constant(5), new Init.Identity(1)});
        assertArrayEquals(new float[] {5, 5, 5, 1, 0, 0, 0, 1, 0}, fill(s, 3, 3, 1));
    }

    @Test
    void segmentsMustCoverTheBlockExactly() {
        Init s = new Init.Segments(new int[] {2, 2}, new Init[] {new Init.Constant(0), new Init.Constant(1)});
        var e = assertThrows(IllegalArgumentException.class, () -> s.fill(new float[10], 0, 1, 5, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Init.Segments(new int[] {1}, new Init[0]));
    }

    @Test
    void segmentsCompareByContentAndCopyTheirArrays() {
        int[] lengths = {1, 2};
        Init[] parts = {new Init.Constant(0), new Init.Constant(1)};
        Init.Segments s = new Init.Segments(lengths, parts);
        assertEquals(new Init.Segments(new int[] {1, 2}, new Init[] {new Init.Constant(0), new Init.Constant(1)}), s);
        assertEquals(new Init.Segments(new int[] {1, 2}, new Init[] {new Init.Constant(0), new Init.Constant(1)}).hashCode(), s.hashCode());
        lengths[0] = 9;
        parts[1] = new Init.Constant(7);
        assertArrayEquals(new float[] {0, 1, 1}, fill(s, 1, 3, 1));
        assertNotEquals(new Init.Segments(new int[] {2, 1}, new Init[] {new Init.Constant(0), new Init.Constant(1)}), s);
    }

    @Test
    void sameSeedGivesSameValues() {
        List<Init> inits = List.of(new Init.Uniform(-1, 1), new Init.Normal(0, 1), new Init.FanInUniform(7), new Init.XavierNormal(1),
                new Init.XavierUniform(1), new Init.Orthogonal(1), new Init.PerRowBlock(2, new Init.Orthogonal(1)),
                new Init.Segments(new int[] {3, 3}, new Init[] {new Init.XavierNormal(1), new Init.FanInUniform(2)}));
        for (Init init : inits) {
            assertArrayEquals(fill(init, 6, 5, 42), fill(init, 6, 5, 42), init.toString());
            assertFalse(java.util.Arrays.equals(fill(init, 6, 5, 42), fill(init, 6, 5, 43)), init + " ignores the seed");
        }
    }

    // ---------------------------------------------------------------- chrono

    @Test
    void continuousChronoDrawsLogOfUniformOneToTMaxMinusOne() {
        double tMax = 100;
        float[] b = fill(new Init.Chrono(tMax, Sampling.CONTINUOUS), ROWS, COLS, 11);
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sumT = 0, fractional = 0;
        for (float v : b) {
            assertTrue(v >= 0 && v <= (float) Math.log(tMax - 1), "log T in [0, log 99]: " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
            double t = Math.exp(v);
            sumT += t;
            fractional += Math.abs(t - Math.rint(t)) > 1e-3 ? 1 : 0;
        }
        assertTrue(min < 0.01 && max > Math.log(98.9), "covers the range: " + min + " " + max);
        // T ~ U[1, 99]: mean (1 + 99)/2 = 50, sd 98/√12; 5 standard errors
        assertEquals(tMax / 2, sumT / N, 5 * (tMax - 2) / Math.sqrt(12.0 * N));
        assertTrue(fractional > 0.99 * N, "continuous T is not integer: " + fractional);
    }

    @Test
    void integerChronoDrawsLogsOfIntegersOneToTMaxInclusive() {
        int tMax = 5;
        float[] b = fill(new Init.Chrono(tMax, Sampling.INTEGER), ROWS, COLS, 12);
        int[] count = new int[tMax + 1];
        for (float v : b) {
            long k = Math.round(Math.exp(v));
            assertTrue(k >= 1 && k <= tMax, "T in {1..5}: " + v);
            assertEquals((float) Math.log(k), v, "b is exactly log of an integer: " + v);
            count[(int) k]++;
        }
        // each of the 5 values with probability 1/5: within 5 binomial standard deviations
        double p = 1.0 / tMax, sd = Math.sqrt(N * p * (1 - p));
        for (int k = 1; k <= tMax; k++) assertEquals(N * p, count[k], 5 * sd, "count of T = " + k);
        double meanT = 0;
        for (int k = 1; k <= tMax; k++) meanT += (double) k * count[k] / N;
        assertEquals((1 + tMax) / 2.0, meanT, 5 * Math.sqrt((tMax * tMax - 1) / 12.0 / N));
    }

    @Test
    void chronoUsesOnlyTheGivenGenerator() {
        double tMax = 37.5;
        int n = 64;
        float[] b = fill(new Init.Chrono(tMax, Sampling.CONTINUOUS), 1, n, 13);
        SplittableRandom rng = new SplittableRandom(13);
        for (int j = 0; j < n; j++) assertEquals((float) Math.log(1 + (tMax - 2) * rng.nextDouble()), b[j], "entry " + j);
        float[] c = fill(new Init.Chrono(40, Sampling.INTEGER), 1, n, 13);
        rng = new SplittableRandom(13);
        for (int j = 0; j < n; j++) assertEquals((float) Math.log(rng.nextLong(1, 41)), c[j], "entry " + j);
    }

    @Test
    void chronoAtItsSmallestRangeIsZero() {
        for (float v : fill(new Init.Chrono(2, Sampling.CONTINUOUS), 1, 50, 1)) assertEquals(0f, v);
        for (float v : fill(new Init.Chrono(1, Sampling.INTEGER), 1, 50, 1)) assertEquals(0f, v);
    }

    @Test
    void chronoRejectsTMaxOutsideItsRange() {
        for (double bad : new double[] {1.999, 1, 0, -5, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new Init.Chrono(bad, Sampling.CONTINUOUS));
            assertTrue(e.getMessage().contains("tMax must be a finite number >= 2 for CONTINUOUS"), e.getMessage());
        }
        for (double bad : new double[] {0.5, 0, -1, 2.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new Init.Chrono(bad, Sampling.INTEGER));
            assertTrue(e.getMessage().contains("tMax must be an integer >= 1 for INTEGER"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> new Init.Chrono(10, null));
    }

    @Test
    void chronoGatesGiveForgetPlusAndInputMinusTheSameDraw() {
        int H = 500;
        Init lstm = new Init.ChronoGates(new Init.Chrono(784, Sampling.CONTINUOUS),
                new Gate[] {Gate.INPUT, Gate.FORGET, Gate.OTHER, Gate.OTHER}, 0.25);
        float[] b = fill(lstm, 1, 4 * H, 21);
        float[] plain = fill(new Init.Chrono(784, Sampling.CONTINUOUS), 1, H, 21);
        for (int j = 0; j < H; j++) {
            assertEquals(plain[j], b[H + j], "b_f is the j-th draw of log T");
            assertEquals(-b[H + j], b[j], 0f, "b_i = −b_f exactly");
            assertEquals(0.25f, b[2 * H + j]);
            assertEquals(0.25f, b[3 * H + j]);
        }
        assertArrayEquals(b, fill(lstm, 1, 4 * H, 21), "same seed, same values");
        assertFalse(java.util.Arrays.equals(b, fill(lstm, 1, 4 * H, 22)), "the seed matters");
    }

    @Test
    void chronoGatesCheckTheirLayout() {
        Init g = new Init.ChronoGates(new Init.Chrono(10, Sampling.INTEGER), new Gate[] {Gate.FORGET, Gate.OTHER}, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> g.fill(new float[7], 0, 1, 7, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("2 equal gate blocks"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.fill(new float[8], 0, 2, 4, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new Init.ChronoGates(new Init.Chrono(10, Sampling.INTEGER),
                new Gate[] {Gate.OTHER, Gate.OTHER}, 0));
        assertThrows(IllegalArgumentException.class, () -> new Init.ChronoGates(new Init.Chrono(10, Sampling.INTEGER),
                new Gate[0], 0));
        Gate[] gates = {Gate.FORGET, Gate.OTHER};
        Init.ChronoGates c = new Init.ChronoGates(new Init.Chrono(10, Sampling.INTEGER), gates, 0);
        gates[0] = Gate.INPUT;
        assertEquals(new Init.ChronoGates(new Init.Chrono(10, Sampling.INTEGER), new Gate[] {Gate.FORGET, Gate.OTHER}, 0), c);
        assertEquals(Gate.FORGET, c.gates()[0], "defensive copy");
    }

    /** Asinh maps only its range, draws what its base draws (the generator ends in the same place) and checks its range. */
    @Test
    void asinhMapsItsRangeOfTheBaseValuesOnly() {
        Init base = new Init.Uniform(-3, 3);
        float[] plain = fill(base, 1, 12, 4), mapped = fill(new Init.Asinh(base, 4, 5), 1, 12, 4);
        for (int i = 0; i < 12; i++) {
            float expected = i >= 4 && i < 9 ? (float) org.rnn4j.kernel.FastGate.asinh(plain[i]) : plain[i];
            assertEquals(expected, mapped[i], 0f, "entry " + i);
        }
        assertNotEquals(plain[5], mapped[5]);
        SplittableRandom a = new SplittableRandom(8), b = new SplittableRandom(8);
        base.fill(new float[12], 0, 1, 12, a);
        new Init.Asinh(base, 0, 12).fill(new float[12], 0, 1, 12, b);
        assertEquals(a.nextLong(), b.nextLong(), "same number of draws");
        var e = assertThrows(IllegalArgumentException.class, () -> fill(new Init.Asinh(base, 10, 3), 1, 12, 1));
        assertEquals("asinh range [10, 13) is outside the block of 12 entries", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Init.Asinh(base, -1, 3));
    }
}
