package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.param.Init.Chrono.Sampling;
import org.rnn4j.testing.GradCheck;

class JanetTest {

    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.cell(new Janet(JanetConfig.of(3, 5)), 2, 3).assertMaxRelError(5e-3);
    }

    @Test
    void shiftedInputGateBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Janet(JanetConfig.of(3, 5).withBeta(1.0)), 2, 4).assertMaxRelError(5e-3);
    }

    @Test
    void chronoSetsTheForgetBiasOnly() {
        int H = 30;
        var specs = new Janet(JanetConfig.of(3, H).withBeta(1).withChrono(6, Sampling.INTEGER)).params();
        float[] b = new float[2 * H];
        specs.get(1).init().fill(b, 0, 1, 2 * H, new java.util.SplittableRandom(2));
        for (int j = 0; j < H; j++) {
            long t = Math.round(Math.exp(b[j]));
            assertTrue(t >= 1 && t <= 6 && b[j] == (float) Math.log(t), "b_f = log T, T in {1..6}: " + b[j]);
            assertEquals(0f, b[H + j], "b_c");
        }
        assertEquals(1.0, JanetConfig.of(3, H).withBeta(1).withChrono(6, Sampling.INTEGER).beta(), "beta kept");
    }

    // ------------------------------------------------------------------ fast gate

    @Test
    void fastGateBackwardMatchesFiniteDifferences() {
        for (double beta : new double[] {0, 1}) {
            JanetConfig c = JanetConfig.of(3, 5).withBeta(beta).withForgetGate(GateFunction.FAST);
            GradCheck.cell(new Janet(c), 2, 4).assertMaxRelError(5e-3);
            GradCheck.cell(new Janet(c.withChrono(40, Sampling.CONTINUOUS)), 2, 3).assertMaxRelError(5e-3);
        }
    }

    /** φ replaces σ in both f and u: with β = 0 the input gate stays tied, 1 − u = 1 − f. */
    @Test
    void fastGateKeepsTheTiedInputGate() {
        int H = 4, I = 2, B = 3;
        JanetConfig c = JanetConfig.of(I, H).withForgetGate(GateFunction.FAST);
        Janet cell = new Janet(c);
        float[] w = GateStart.params(c);
        var rng = new java.util.SplittableRandom(3);
        float[] x = new float[B * I], h0 = new float[B * H];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-2, 2);
        for (int i = 0; i < h0.length; i++) h0[i] = (float) rng.nextDouble(-1, 1);
        var layer = new org.rnn4j.layer.RecurrentLayer(cell);
        layer.bind(w, new float[w.length], 0);
        try (var compute = org.rnn4j.kernel.Compute.create(1)) {
            layer.forward(compute, x, 0, I, 1, B, h0, false);
        }
        // recompute h = f⊙hPrev + (1 − f)⊙c̃ by hand with f = σ(sinh(z_f))
        int bx = 2 * H * I, wh = bx + 2 * H;
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) {
                double zf = w[bx + j], zc = w[bx + H + j];
                for (int i = 0; i < I; i++) {
                    zf += w[j * I + i] * x[b * I + i];
                    zc += w[(H + j) * I + i] * x[b * I + i];
                }
                for (int k = 0; k < H; k++) {
                    zf += w[wh + j * H + k] * h0[b * H + k];
                    zc += w[wh + (H + j) * H + k] * h0[b * H + k];
                }
                double f = 1 / (1 + Math.exp(-Math.sinh(zf)));
                double h = f * h0[b * H + j] + (1 - f) * Math.tanh(zc);
                assertEquals(h, layer.states()[B * H + b * H + j], 2e-6, "h[" + b + ", " + j + "]");
            }
        }
    }

    /** From zero input and state, h = (1 − u)⊙c̃ with u = f (β = 0): the asinh-mapped bias gives the sigmoid cell's start. */
    @Test
    void fastGateStartsWhereTheSigmoidGateStarts() {
        int H = 6;
        for (JanetConfig sig : new JanetConfig[] {JanetConfig.of(2, H), JanetConfig.of(2, H).withChrono(100, Sampling.CONTINUOUS)}) {
            JanetConfig fast = sig.withForgetGate(GateFunction.FAST);
            float[] ws = GateStart.params(sig), wf = GateStart.params(fast);
            int bx = 2 * H * 2;
            for (int i = 0; i < ws.length; i++) {
                float expected = i >= bx && i < bx + H ? (float) org.rnn4j.kernel.FastGate.asinh(ws[i]) : ws[i];
                assertEquals(expected, wf[i], 0f, sig + ": parameter " + i);
            }
            for (int j = bx + H; j < bx + 2 * H; j++) ws[j] = wf[j] = 0.5f;  // c̃ ≠ 0 even where chrono zeroes b_c
            assertEquals(0, GateStart.maxDiff(GateStart.firstState(sig, ws), GateStart.firstState(fast, wf)), 1e-6, sig.toString());
            assertTrue(GateStart.maxDiff(GateStart.firstState(sig, ws), GateStart.firstState(fast, ws)) > 1e-4,
                    sig + ": without the asinh mapping the gate would start elsewhere");
        }
        assertEquals(GateFunction.FAST, JanetConfig.of(2, H).withForgetGate(GateFunction.FAST).withBeta(1)
                .withChrono(5, Sampling.INTEGER).withInputSize(3).forgetGate(), "kept by the withers");
    }
}
