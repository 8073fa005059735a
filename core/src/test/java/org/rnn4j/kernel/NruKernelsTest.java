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
    void simdPowSumAndWriteEqualTheScalarTwinsBitForBit(int side, int M, int e0) {
        assumeTrue(Kernels.SIMD && SimdNruKernels.USABLE, "the SIMD NRU kernels need 16 float lanes");
        SplittableRandom rng = new SplittableRandom(side * 1000L + M + e0);
        int pOff = 3, qOff = pOff + side, vOff = 2, yOff = 1;
        float[] c = uniform(rng, qOff + side + 4, -1, 1), y = uniform(rng, yOff + M + 2, -1, 1);
        for (boolean relu : new boolean[] {false, true}) {
            float[] vs = new float[vOff + M + side], vv = vs.clone();
            double ss = NruKernels.headPowSum(c, pOff, qOff, side, e0, M, relu, 5.0, vs, vOff);
            double sv = SimdNruKernels.headPowSum5(c, pOff, qOff, side, e0, M, relu, vv, vOff);
            assertEquals(Double.doubleToRawLongBits(ss), Double.doubleToRawLongBits(sv), "Σ|V|^5, relu " + relu);
            float[] ys = y.clone(), yv = y.clone();
            NruKernels.headWrite(c, pOff, qOff, side, e0, M, relu, -0.73f, ys, yOff, ys, yOff);
            SimdNruKernels.headWrite(c, pOff, qOff, side, e0, M, relu, -0.73f, yv, yOff, yv, yOff);
            assertArrayEquals(ys, yv, "m += scale·V, relu " + relu);
            assertEquals(y[yOff + M], yv[yOff + M], "past the head untouched");
            float[] zs = new float[M + 1], zv = new float[M + 1];                      // from another array
            NruKernels.headWrite(c, pOff, qOff, side, e0, M, relu, 0.41f, y, 2, zs, 1);
            SimdNruKernels.headWrite(c, pOff, qOff, side, e0, M, relu, 0.41f, y, 2, zv, 1);
            assertArrayEquals(zs, zv, "m = m0 + scale·V, relu " + relu);
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
        int checked = 0;
        for (boolean relu : new boolean[] {false, true}) {
            if (!relu && !SimdNruKernels.factorizedRows(side, e0, M)) continue;     // the scalar twin runs there
            double norm = Math.pow(NruKernels.headPowSum(c, pOff, qOff, side, e0, M, relu, 5.0, new float[M + side], 0), 0.2);
            for (float eps : new float[] {1e-12f, (float) norm * 2}) {                  // the clamp off, then on
                float[] vs = new float[vOff + M + side], vv = vs.clone(), ds = d0.clone(), dv = d0.clone();
                double rs = NruKernels.headBackward(c, pOff, qOff, side, e0, M, relu, 5.0, false, (float) norm, eps, -0.37f,
                        dm, dmOff, vs, vOff, ds, dpOff, dqOff);
                double rv = SimdNruKernels.headBackward5(c, pOff, qOff, side, e0, M, relu, false, (float) norm, eps, -0.37f,
                        dm, dmOff, vv, vOff, dv, dpOff, dqOff);
                String what = "relu " + relu + ", eps " + eps;
                assertEquals(Double.doubleToRawLongBits(rs), Double.doubleToRawLongBits(rv), "dm·v, " + what);
                assertArrayEquals(ds, dv, "dp, dq, " + what);
                assertTrue(!java.util.Arrays.equals(ds, d0), "the head must add something, " + what);
                checked++;
            }
        }
        assertTrue(checked >= 2);
    }

    @ParameterizedTest(name = "k={0} M={1}")
    @CsvSource({"4, 256", "4, 64", "1, 256", "16, 64"})
    void simdSetBackwardReusingRowsEqualsTheScalarTwinBitForBit(int k, int M) {
        // One shared set, heads in order on the same dm and scratch, as the cell calls them: from the
        // second head on the vector twin reuses the rows' dot products with q.
        assumeTrue(Kernels.SIMD && SimdNruKernels.USABLE, "the SIMD NRU kernels need 16 float lanes");
        int side = (int) Math.round(Math.sqrt((double) k * M));
        assumeTrue(SimdNruKernels.factorizedRows(side, M, M), "whole rows of whole vectors");
        SplittableRandom rng = new SplittableRandom(k * 31L + M);
        float[] c = uniform(rng, 2 * side + 2 * k, -1, 1), dm = uniform(rng, M, -1, 1);
        float[] ds = new float[2 * side], dv = new float[2 * side], vs = new float[M + side], vv = new float[M + side];
        for (int i = 0; i < k; i++) {
            float norm = 0.2f + 0.1f * i, scale = 0.3f - 0.2f * i;
            double rs = NruKernels.headBackward(c, 0, side, side, i * M, M, false, 5.0, i > 0, norm, 1e-12f, scale,
                    dm, 0, vs, 0, ds, 0, side);
            double rv = SimdNruKernels.headBackward5(c, 0, side, side, i * M, M, false, i > 0, norm, 1e-12f, scale,
                    dm, 0, vv, 0, dv, 0, side);
            assertEquals(Double.doubleToRawLongBits(rs), Double.doubleToRawLongBits(rv), "dm·v of head " + i);
            assertArrayEquals(ds, dv, "dp, dq after head " + i);
        }
    }

    /** rows, side: the psMNIST set (8 × 32), copy's (4 × 16), one row, and a side with a masked tail (5 × 40). */
    @ParameterizedTest(name = "rows={0} side={1}")
    @CsvSource({"8, 32", "4, 16", "1, 64", "5, 40"})
    void simdSetKernelsEqualTheScalarTwinsBitForBit(int rows, int side) {
        assumeTrue(Kernels.SIMD, "no Vector API");
        SplittableRandom rng = new SplittableRandom(rows * 101L + side);
        int n = rows * side;
        float[] w = uniform(rng, rows + 2, -1, 1), q = uniform(rng, side + 3, -1, 1), x = uniform(rng, n + 4, -1, 1);
        float[] ys = new float[n + 2], yv = new float[n + 2];
        NruKernels.rankOneAdd(w, 1, q, 2, rows, side, x, 3, ys, 1);
        SimdNruKernels.rankOneAdd(w, 1, q, 2, rows, side, x, 3, yv, 1);
        assertArrayEquals(ys, yv, "y = x + w⊗q");
        assertEquals(x[3] + w[1] * q[2], ys[1], "first entry");
        assertEquals(0f, ys[n + 1], "past the set untouched");
        assumeTrue(SimdNruKernels.USABLE, "the other set kernels need 16 float lanes");   // rankOneAdd runs on any
        float[] ds = uniform(rng, side + 2, -0.1, 0.1), dv = ds.clone();
        NruKernels.columnsBackward(x, 3, w, 1, rows, side, q, 2, 0.37, 5.0, ds, 1);
        SimdNruKernels.columnsBackward5(x, 3, w, 1, rows, side, q, 2, 0.37, dv, 1);
        assertArrayEquals(ds, dv, "dq += Σ_a dm·w − kp·g(q)");
        assertEquals(Double.doubleToRawLongBits(NruKernels.powSumOf(q, 2, side, 5.0)),
                Double.doubleToRawLongBits(SimdNruKernels.powSumOf5(q, 2, side)), "Σ|q|^5");
        if (side % 16 == 0) {
            float[] gs = new float[rows + 1], gv = new float[rows + 1];
            NruKernels.rowDots(x, 3, q, 2, rows, side, gs, 1);
            SimdNruKernels.rowDots(x, 3, q, 2, rows, side, gv, 1);
            assertArrayEquals(gs, gv, "G_a = Σ_b dm·q");
        }
    }

    @Test
    void aTinyQWithItsHugeNormTermStaysFinite() {
        // kp carries 1/Σ|q|^5: for q ~ 1e-12 it is ~1e60, beyond float, while kp·g(q) is small.
        float[] q = {1e-12f, -2e-12f, 3e-12f, 0f, 1e-12f, -1e-12f, 2e-12f, 1e-12f, 1e-12f, 1e-12f, 1e-12f, 1e-12f, 1e-12f,
            1e-12f, 1e-12f, 1e-12f};
        float[] dm = new float[2 * 16], w = {0.5f, -0.25f};
        java.util.Arrays.fill(dm, 0.1f);
        double kp = 1e48;
        float[] ds = new float[16];
        NruKernels.columnsBackward(dm, 0, w, 0, 2, 16, q, 0, kp, 5.0, ds, 0);
        for (int b = 0; b < 16; b++) {
            double g = Math.signum(q[b]) * Math.pow(Math.abs((double) q[b]), 4);
            assertEquals(0.1 * 0.5 - 0.1 * 0.25 - kp * g, ds[b], 1e-6 + 1e-6 * Math.abs(kp * g), "column " + b);
            assertTrue(Float.isFinite(ds[b]));
        }
        if (Kernels.SIMD && SimdNruKernels.USABLE) {
            float[] dv = new float[16];
            SimdNruKernels.columnsBackward5(dm, 0, w, 0, 2, 16, q, 0, kp, dv, 0);
            assertArrayEquals(ds, dv, "the vector twin");
        }
    }

    @Test
    void setKernelsMatchTheirFormulas() {
        SplittableRandom rng = new SplittableRandom(5);
        int rows = 3, side = 7;
        float[] w = uniform(rng, rows, -1, 1), q = uniform(rng, side, -1, 1), dm = uniform(rng, rows * side, -1, 1);
        float[] d = new float[side], g = new float[rows];
        NruKernels.columnsBackward(dm, 0, w, 0, rows, side, q, 0, 0.5, 3.0, d, 0);
        NruKernels.rowDots(dm, 0, q, 0, rows, side, g, 0);
        for (int b = 0; b < side; b++) {
            double col = 0;
            for (int a = 0; a < rows; a++) col += (double) dm[a * side + b] * w[a];
            assertEquals(col - 0.5 * Math.signum(q[b]) * q[b] * q[b], d[b], 1e-6, "dq " + b);
        }
        for (int a = 0; a < rows; a++) {
            double want = 0;
            for (int b = 0; b < side; b++) want += (double) dm[a * side + b] * q[b];
            assertEquals(want, g[a], 1e-6, "G " + a);
        }
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

    /** side, M, e0: heads cut through rows (6/9/9), whole rows (32/256/256), one row of a wide product (48/48/96), per head (3/9/0). */
    @ParameterizedTest(name = "side={0} M={1} e0={2}")
    @CsvSource({"6, 9, 9", "32, 256, 256", "48, 48, 96", "3, 9, 0"})
    void kernelsMatchAPlainLoopOverTheEntries(int side, int M, int e0) {
        // The kernels' reordered (and, without ReLU, factorized) sums against the formulas entry by
        // entry in double: the same values to float round-off.
        SplittableRandom rng = new SplittableRandom(11 + side);
        float[] c = uniform(rng, 2 * side, -1, 1), dm = uniform(rng, M, -1, 1);
        for (double p : new double[] {5.0, 3.0}) {
            for (boolean relu : new boolean[] {false, true}) {
                double[] V = new double[M];
                double want = 0;
                for (int j = 0; j < M; j++) {
                    int a = (e0 + j) / side, b = (e0 + j) % side;
                    V[j] = relu ? Math.max(0, (double) c[a] * c[side + b]) : (double) c[a] * c[side + b];
                    want += Math.pow(Math.abs(V[j]), p);
                }
                String what = "p=" + p + " relu " + relu;
                double got = NruKernels.headPowSum(c, 0, side, side, e0, M, relu, p, new float[M + side], 0);
                assertEquals(want, got, 1e-6 * want, "Σ|V|^p, " + what);
                double norm = Math.pow(got, 1 / p);
                float[] y = new float[M];
                NruKernels.headWrite(c, 0, side, side, e0, M, relu, 0.5f, y, 0, y, 0);
                for (int j = 0; j < M; j++) assertEquals(0.5 * V[j], y[j], 1e-6, "m += 0.5·V, " + what);

                float[] d = new float[2 * side];
                double dmv = NruKernels.headBackward(c, 0, side, side, e0, M, relu, p, false, (float) norm, 1e-12f, 0.8f, dm, 0,
                        new float[M + side], 0, d, 0, side);
                double[] wantD = new double[2 * side];
                double wantDmv = 0;
                for (int j = 0; j < M; j++) wantDmv += dm[j] * V[j] / norm;
                double dot = 0.8 * wantDmv;
                for (int j = 0; j < M; j++) {
                    int a = (e0 + j) / side, b = (e0 + j) % side;
                    double v = V[j] / norm;
                    double dV = (0.8 * dm[j] - dot * Math.signum(v) * Math.pow(Math.abs(v), p - 1)) / norm;
                    if (relu && !(c[a] * c[side + b] > 0)) dV = 0;
                    wantD[a] += dV * c[side + b];
                    wantD[side + b] += dV * c[a];
                }
                assertEquals(wantDmv, dmv, 1e-5 * (1 + Math.abs(wantDmv)), "dm·v, " + what);
                double scale = 0;
                for (double x : wantD) scale = Math.max(scale, Math.abs(x));
                for (int i = 0; i < 2 * side; i++) assertEquals(wantD[i], d[i], 1e-5 * scale, what + " entry " + i);
                assertTrue(scale > 0, "the gradient must move");
            }
        }
    }
}
