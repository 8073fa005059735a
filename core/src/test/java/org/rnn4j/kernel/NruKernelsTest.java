package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.kernel.simd.SimdNruKernels;

class NruKernelsTest {

    private static float[] uniform(SplittableRandom rng, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(lo, hi);
        return a;
    }

    /**
     * Head geometries: side of the product, M, the head's first entry e0. 6/9/e0=9, 27: the shared
     * product of k = 4, M = 9 (heads cut through rows); 32/256: the psMNIST size; 3/9 and 16/256
     * and 5/25: per-head products; 40/100/e0=300: rows longer than a vector with a masked tail.
     */
    private static final String GEOMETRIES = """
            6, 9, 9
            6, 9, 27
            32, 256, 0
            32, 256, 768
            3, 9, 0
            16, 256, 0
            5, 25, 0
            40, 100, 300
            """;

    @ParameterizedTest(name = "side={0} M={1} e0={2}")
    @CsvSource(textBlock = GEOMETRIES)
    void simdDirectionsEqualTheScalarTwinBitForBit(int side, int M, int e0) {
        assumeTrue(Kernels.SIMD && SimdNruKernels.USABLE, "the SIMD NRU kernels need 16 float lanes");
        SplittableRandom rng = new SplittableRandom(side * 1000L + M + e0);
        int pOff = 3, qOff = pOff + side, vOff = 2;
        float[] c = uniform(rng, qOff + side + 4, -1, 1);
        for (boolean relu : new boolean[] {false, true}) {
            float[] vs = new float[vOff + M + 1], vv = vs.clone();
            double ss = NruKernels.directions(c, pOff, qOff, side, e0, M, relu, 5.0, vs, vOff);
            double sv = SimdNruKernels.directions5(c, pOff, qOff, side, e0, M, relu, vv, vOff);
            assertArrayEquals(vs, vv, "V, relu " + relu);
            assertEquals(Double.doubleToRawLongBits(ss), Double.doubleToRawLongBits(sv), "Σ|V|^5, relu " + relu);
        }
    }

    @ParameterizedTest(name = "side={0} M={1} e0={2}")
    @CsvSource(textBlock = GEOMETRIES)
    void simdHeadBackwardEqualsTheScalarTwinBitForBit(int side, int M, int e0) {
        assumeTrue(Kernels.SIMD && SimdNruKernels.USABLE, "the SIMD NRU kernels need 16 float lanes");
        SplittableRandom rng = new SplittableRandom(side * 7919L + M + e0);
        int pOff = 1, qOff = pOff + side, vOff = 3, dmOff = 2, dpOff = 4, dqOff = dpOff + side;
        float[] c = uniform(rng, qOff + side + 2, -1, 1);
        float[] dm = uniform(rng, dmOff + M, -1, 1);
        float[] d0 = uniform(rng, dqOff + side + 3, -0.1, 0.1);                   // dRow already holds other heads' terms
        for (boolean relu : new boolean[] {false, true}) {
            double norm = Math.pow(NruKernels.directions(c, pOff, qOff, side, e0, M, relu, 5.0, new float[M], 0), 0.2);
            for (float eps : new float[] {1e-12f, (float) norm * 2}) {                  // the clamp off, then on
                float[] vs = new float[vOff + M], vv = vs.clone(), ds = d0.clone(), dv = d0.clone();
                double rs = NruKernels.headBackward(c, pOff, qOff, side, e0, M, relu, 5.0, (float) norm, eps, -0.37f,
                        dm, dmOff, vs, vOff, ds, dpOff, dqOff);
                double rv = SimdNruKernels.headBackward5(c, pOff, qOff, side, e0, M, relu, (float) norm, eps, -0.37f,
                        dm, dmOff, vv, vOff, dv, dpOff, dqOff);
                String what = "relu " + relu + ", eps " + eps;
                assertEquals(Double.doubleToRawLongBits(rs), Double.doubleToRawLongBits(rv), "dm·v, " + what);
                assertArrayEquals(ds, dv, "dp, dq, " + what);
                assertTrue(!java.util.Arrays.equals(ds, d0), "the head must add something, " + what);
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 7, 16, 33, 256})
    void simdAddScaledEqualsTheScalarTwinBitForBit(int n) {
        assumeTrue(Kernels.SIMD, "no Vector API");
        SplittableRandom rng = new SplittableRandom(n);
        float[] x = uniform(rng, n + 2, -1, 1), y = uniform(rng, n + 5, -1, 1), ys = y.clone(), yv = y.clone();
        NruKernels.addScaled(ys, 3, -0.61f, x, 2, n);
        SimdNruKernels.addScaled(yv, 3, -0.61f, x, 2, n);
        assertArrayEquals(ys, yv);
        assertEquals(y[n + 4], yv[n + 4], "past the end untouched");
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 7, 16, 33, 212})
    void simdReluKernelsEqualTheScalarTwinsBitForBit(int n) {
        assumeTrue(Kernels.SIMD, "no Vector API");
        SplittableRandom rng = new SplittableRandom(n + 99);
        float[] h = uniform(rng, n + 3, -1, 1), d = uniform(rng, n + 1, -1, 1), u = uniform(rng, n + 2, -1, 1);
        h[1] = -0f;                                                               // kept as −0 by the clamp
        h[2 % h.length] = 0f;
        if (n > 5) h[5] = Float.NaN;
        float[] hs = h.clone(), hv = h.clone();
        NruKernels.clampNegative(hs, 1, n);
        SimdNruKernels.clampNegative(hv, 1, n);
        assertArrayEquals(hs, hv, "clamp");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(hs[1]), "−0 stays −0");
        float[] ds = d.clone(), dv = d.clone();
        NruKernels.reluBackward(ds, 1, u, 2, h, 3, n);
        SimdNruKernels.reluBackward(dv, 1, u, 2, h, 3, n);
        assertArrayEquals(ds, dv, "reluBackward");
    }

    @Test
    void sumsUseSixteenPartialsAndTheDocumentedTree() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int n : new int[] {1, 15, 16, 37, 256}) {
            float[] x = uniform(rng, n, -3, 3), y = uniform(rng, n, -3, 3);
            float[] pf = new float[16];
            double[] pd = new double[16], pp = new double[16];
            for (int j = 0; j < n; j++) {
                pf[j % 16] += x[j] * y[j];
                pd[j % 16] += x[j] * y[j];
                double a = Math.abs(x[j]);
                pp[j % 16] += a * a * (a * a) * a;
            }
            assertEquals(Float.floatToRawIntBits(tree(pf)), Float.floatToRawIntBits(NruKernels.rowDot(x, 0, y, 0, n)), "n=" + n);
            assertEquals(Double.doubleToRawLongBits(tree(pd)), Double.doubleToRawLongBits(NruKernels.dot(x, 0, y, 0, n)), "n=" + n);
            assertEquals(Double.doubleToRawLongBits(tree(pp)), Double.doubleToRawLongBits(NruKernels.powSum(x, 0, n, 5.0)), "n=" + n);
        }
    }

    private static float tree(float[] s) {
        float[] t = s.clone();
        for (int w = 8; w >= 1; w /= 2) for (int l = 0; l < w; l++) t[l] = t[l] + t[l + w];
        return t[0];
    }

    private static double tree(double[] s) {
        double[] t = s.clone();
        for (int w = 8; w >= 1; w /= 2) for (int l = 0; l < w; l++) t[l] = t[l] + t[l + w];
        return t[0];
    }

    @Test
    void headBackwardMatchesAPlainLoopOverTheEntries() {
        // The kernel's reordered sums against the plain formula in double: same value to float round-off.
        SplittableRandom rng = new SplittableRandom(11);
        int side = 6, M = 9, e0 = 9;
        float[] c = uniform(rng, 2 * side, -1, 1), dm = uniform(rng, M, -1, 1);
        for (double p : new double[] {5.0, 3.0}) {
            for (boolean relu : new boolean[] {false, true}) {
                float[] V = new float[M];
                double norm = Math.pow(NruKernels.directions(c, 0, side, side, e0, M, relu, p, V, 0), 1 / p);
                float[] d = new float[2 * side];
                double dmv = NruKernels.headBackward(c, 0, side, side, e0, M, relu, p, (float) norm, 1e-12f, 0.8f, dm, 0,
                        new float[M], 0, d, 0, side);
                double[] want = new double[2 * side];
                double wantDmv = 0, dot = 0;
                for (int j = 0; j < M; j++) wantDmv += dm[j] * V[j] / norm;
                dot = 0.8 * wantDmv;
                for (int j = 0; j < M; j++) {
                    int a = (e0 + j) / side, b = (e0 + j) % side;
                    double v = V[j] / norm;
                    double dV = (0.8 * dm[j] - dot * Math.signum(v) * Math.pow(Math.abs(v), p - 1)) / norm;
                    if (relu && !(c[a] * c[side + b] > 0)) dV = 0;
                    want[a] += dV * c[side + b];
                    want[side + b] += dV * c[a];
                }
                assertEquals(wantDmv, dmv, 1e-6, "dm·v, p=" + p + " relu " + relu);
                for (int i = 0; i < 2 * side; i++) assertEquals(want[i], d[i], 1e-5 * (1 + Math.abs(want[i])), "p=" + p + " entry " + i);
            }
        }
    }
}
