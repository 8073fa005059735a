package org.rnn4j.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.kernel.CellKernels;

class SimdCellKernelsTest {

    private static float[] uniform(SplittableRandom rng, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(lo, hi);
        return a;
    }

    @ParameterizedTest(name = "H={0}")
    @ValueSource(ints = {1, 5, 16, 17, 33, 128})
    void lstmBackwardWithScalarTailEqualsTheScalarTwinBitForBit(int H) {
        SplittableRandom rng = new SplittableRandom(H);
        int zi = 3, tcOff = 2, cPrev = 5, dh = 1, dc = 1 + H, dcPrev = 4;
        float[] z = uniform(rng, zi + 4 * H + 2, 0, 1), tc = uniform(rng, tcOff + H, -1, 1);
        float[] s = uniform(rng, cPrev + H, -2, 2), dNext = uniform(rng, dc + H, -1, 1);
        float[] pw = uniform(rng, 3 * H + 1, -0.5, 0.5);
        for (boolean peep : new boolean[] {false, true}) {
            float[] w = peep ? pw : new float[3 * H + 1];
            float[] zs = z.clone(), zv = z.clone(), ps = new float[dcPrev + H], pv = new float[dcPrev + H];
            CellKernels.lstmBackward(zs, zi, H, tc, tcOff, s, cPrev, dNext, dh, dc, ps, dcPrev, w, 1, 1 + H, 1 + 2 * H, 0);
            int done = SimdCellKernels.lstmBackward(zv, zi, H, tc, tcOff, s, cPrev, dNext, dh, dc, pv, dcPrev, w,
                    1, 1 + H, 1 + 2 * H);
            CellKernels.lstmBackward(zv, zi, H, tc, tcOff, s, cPrev, dNext, dh, dc, pv, dcPrev, w, 1, 1 + H, 1 + 2 * H, done);
            assertArrayEquals(zs, zv, "gate gradients, peepholes " + peep);
            assertArrayEquals(ps, pv, "dcPrev, peepholes " + peep);
        }
    }

    /**
     * The fused LSTM forward cell, finished by its twin, gives the bits of the twin's separate
     * passes over the whole row (every output array compared bit for bit), with saturated gates.
     */
    @ParameterizedTest(name = "H={0}")
    @ValueSource(ints = {1, 5, 16, 17, 33, 128})
    void lstmForwardCellWithTwinTailEqualsTheSeparatePassesBitForBit(int H) {
        SplittableRandom rng = new SplittableRandom(H + 200);
        int zi = 3, cPrev = 2, c = cPrev + H + 1, h = c + H + 2, tcOff = 4;
        float[] z = uniform(rng, zi + 4 * H + 2, -6, 6), s = uniform(rng, h + H + 1, -3, 3);
        z[zi + 2 * H] = 100f;                                                   // g and o saturated
        z[zi + 3 * H] = -100f;
        float[] zs = z.clone(), ss = s.clone(), ts = new float[tcOff + H], zv = z.clone(), sv = s.clone(), tv = new float[tcOff + H];
        CellKernels.lstmForwardCell(zs, zi, H, ss, cPrev, c, h, ts, tcOff, 0);
        int done = SimdCellKernels.lstmForwardCell(zv, zi, H, sv, cPrev, c, h, tv, tcOff);
        assertEquals(H - H % SimdGemm.lanes(), done, "whole vectors");
        CellKernels.lstmForwardCell(zv, zi, H, sv, cPrev, c, h, tv, tcOff, done);
        assertArrayEquals(zs, zv, "g and o");
        assertArrayEquals(ss, sv, "c and h (and nothing else in the state row)");
        assertArrayEquals(ts, tv, "tanh c");
        float g = zs[zi + 2 * H], o = zs[zi + 3 * H];
        assertEquals(1f, g, 0f, "tanh(100)");
        assertTrue(o >= 0f && o < 1e-30f, "σ(−100) = " + o);
    }

    @ParameterizedTest(name = "H={0}")
    @ValueSource(ints = {1, 5, 16, 17, 33, 128})
    void gruBackwardWithScalarTailEqualsTheScalarTwinBitForBit(int H) {
        SplittableRandom rng = new SplittableRandom(H + 100);
        int zr = 3, hPrev = 5, zhnOff = 2, dh = 1, dzhOff = 4;
        float[] z = uniform(rng, zr + 3 * H + 2, 0, 1), s = uniform(rng, hPrev + H, -1, 1);
        float[] zhn = uniform(rng, zhnOff + H, -2, 2), dNext = uniform(rng, dh + H + 1, -1, 1);
        float[] zs = z.clone(), zv = z.clone(), ps = new float[dh + H], pv = new float[dh + H];
        float[] hs = new float[dzhOff + 3 * H], hv = new float[dzhOff + 3 * H];
        CellKernels.gruBackward(zs, zr, H, s, hPrev, zhn, zhnOff, dNext, dh, ps, hs, dzhOff, 0);
        int done = SimdCellKernels.gruBackward(zv, zr, H, s, hPrev, zhn, zhnOff, dNext, dh, pv, hv, dzhOff);
        CellKernels.gruBackward(zv, zr, H, s, hPrev, zhn, zhnOff, dNext, dh, pv, hv, dzhOff, done);
        assertArrayEquals(zs, zv, "gate gradients");
        assertArrayEquals(ps, pv, "dhPrev");
        assertArrayEquals(hs, hv, "dzh");
        // and a spot value against the equations
        float r = z[zr], u = z[zr + H], n = z[zr + 2 * H], d = dNext[dh];
        assertEquals(d * (1 - u) * (1 - n * n), zs[zr + 2 * H], 0f, "dzn");
        assertEquals(d * (1 - u) * (1 - n * n) * zhn[zhnOff] * r * (1 - r), zs[zr], 0f, "dzr");
    }

    @ParameterizedTest(name = "cols={0}")
    @ValueSource(ints = {1, 7, 16, 33, 512})
    void addBiasAndInputSumsWithScalarTailEqualsTheScalarTwinBitForBit(int cols) {
        SplittableRandom rng = new SplittableRandom(cols + 7);
        int rows = 11, ldx = 3;
        float[] src = uniform(rng, 2 + rows * cols, -1, 1), x = uniform(rng, 1 + rows * ldx, 0, 1);
        float[] bs = uniform(rng, cols + 3, -1, 1), bv = bs.clone(), ws = uniform(rng, cols + 1, -1, 1), wv = ws.clone();
        float[] b0 = bs.clone(), w0 = ws.clone();
        CellKernels.addBiasAndInputSums(src, 2, rows, cols, x, 1, ldx, bs, 3, ws, 1, 0);
        int done = SimdCellKernels.addBiasAndInputSums(src, 2, rows, cols, x, 1, ldx, bv, 3, wv, 1);
        CellKernels.addBiasAndInputSums(src, 2, rows, cols, x, 1, ldx, bv, 3, wv, 1, done);
        assertArrayEquals(bs, bv, "bias sums");
        assertArrayEquals(ws, wv, "input-weight sums");
        float b = b0[3 + cols - 1], w = w0[1 + cols - 1];                      // the last column by hand
        for (int r = 0; r < rows; r++) {
            float v = src[2 + r * cols + cols - 1];
            b += v;
            w = Math.fma(x[1 + r * ldx], v, w);
        }
        assertEquals(b, bs[3 + cols - 1], 0f);
        assertEquals(w, ws[1 + cols - 1], 0f);
    }

    @ParameterizedTest(name = "cols={0}")
    @ValueSource(ints = {1, 7, 16, 33, 512})
    void addColumnSumsWithScalarTailEqualsTheScalarTwinBitForBit(int cols) {
        SplittableRandom rng = new SplittableRandom(cols);
        int rows = 9;
        float[] src = uniform(rng, 2 + rows * cols, -1, 1);
        float[] ds = uniform(rng, cols + 3, -1, 1), dv = ds.clone();
        CellKernels.addColumnSums(src, 2, rows, cols, ds, 3, 0);
        int done = SimdCellKernels.addColumnSums(src, 2, rows, cols, dv, 3);
        CellKernels.addColumnSums(src, 2, rows, cols, dv, 3, done);
        assertArrayEquals(ds, dv);
    }
}
