package org.rnn4j.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.testing.GradCheck;

class LinearReadoutTest {
    static final int H = 5, C = 3, N = 4, LDH = 7, H_OFF = 2;   // h rows with stride 7 > H, from offset 2

    static float[] uniform(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }

    @Test
    void paramsAreWAndBWithPyTorchLinearInit() {
        List<ParamSpec> p = new LinearReadout(H, C).params();
        assertEquals(2, p.size());
        assertEquals("W", p.get(0).name());
        assertArrayEquals(new int[] {C, H}, p.get(0).shape());
        assertEquals("b", p.get(1).name());
        assertArrayEquals(new int[] {C}, p.get(1).shape());
        assertEquals(new Init.FanInUniform(H), p.get(0).init());
        assertEquals(new Init.FanInUniform(H), p.get(1).init());
        assertEquals(C, new LinearReadout(H, C).outputSize());
    }

    @Test
    void forwardIsHTimesWTransposedPlusB() {
        SplittableRandom rng = new SplittableRandom(1);
        int base = 3;                                               // W starts at 3 in the flat buffer
        float[] w = uniform(rng, base + C * H + C), dw = new float[w.length];
        float[] h = uniform(rng, H_OFF + N * LDH);
        LinearReadout r = new LinearReadout(H, C);
        r.bind(w, dw, base);
        float[] y = new float[1 + N * C];
        try (Compute compute = Compute.create(1)) {
            r.forward(compute, h, H_OFF, LDH, N, y, 1);
        }
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                double s = w[base + C * H + c];
                for (int j = 0; j < H; j++) s += (double) h[H_OFF + n * LDH + j] * w[base + c * H + j];
                assertEquals(s, y[1 + n * C + c], 1e-6, "y[" + n + ", " + c + "]");
            }
        }
    }

    /** Loss Σ G⊙y; checks dW, db (through the flat buffer) and dh by central differences. */
    @Test
    void backwardMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(2);
        float[] w = uniform(rng, C * H + C), dw = new float[w.length];
        float[] h = uniform(rng, H_OFF + N * LDH), g = uniform(rng, N * C);
        LinearReadout r = new LinearReadout(H, C);
        r.bind(w, dw, 0);
        float[] y = new float[N * C];
        float[] dh = new float[N * H];
        try (Compute compute = Compute.create(1)) {
            java.util.function.DoubleSupplier loss = () -> {
                r.forward(compute, h, H_OFF, LDH, N, y, 0);
                double s = 0;
                for (int i = 0; i < y.length; i++) s += (double) g[i] * y[i];
                return s;
            };
            loss.getAsDouble();
            r.backward(compute, h, H_OFF, LDH, N, g, 0, dh, 0, H);
            // the loss is linear in W, b and h: only float rounding separates the two
            GradCheck.function(w, dw, 1e-2, loss).assertMaxRelError(1e-3);
            float[] dhStrided = new float[H_OFF + N * LDH];
            for (int n = 0; n < N; n++) System.arraycopy(dh, n * H, dhStrided, H_OFF + n * LDH, H);
            GradCheck.function(h, dhStrided, 1e-2, loss).assertMaxRelError(1e-3);
        }
    }

    @Test
    void backwardAddsIntoParameterGradientsButOverwritesDh() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] w = uniform(rng, C * H + C), dw = new float[w.length];
        float[] h = uniform(rng, N * H), g = uniform(rng, N * C);
        LinearReadout r = new LinearReadout(H, C);
        r.bind(w, dw, 0);
        float[] dh = new float[N * H];
        try (Compute compute = Compute.create(1)) {
            r.backward(compute, h, 0, H, N, g, 0, dh, 0, H);
            float[] once = dw.clone(), dhOnce = dh.clone();
            r.backward(compute, h, 0, H, N, g, 0, dh, 0, H);
            for (int i = 0; i < dw.length; i++) assertEquals(2 * once[i], dw[i], 1e-6, "dw[" + i + "] accumulates");
            assertArrayEquals(dhOnce, dh, 0f, "dh is overwritten, not accumulated");
        }
    }
}
