package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.param.Init.Chrono.Sampling;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.testing.GradCheck;

class GruTest {

    /** One input (pixel tasks): the layer sums dWx step by step with the bias, not by a GEMM after the loop. */
    @Test
    void oneInputBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Gru(GruConfig.of(1, 4)), 3, 4).assertMaxRelError(5e-3);
    }

    /** H = 17: the SIMD backward kernel's whole vectors (16 lanes on AVX-512) and its scalar tail. */
    @Test
    void backwardMatchesFiniteDifferencesAcrossTheVectorTail() {
        GradCheck.cell(new Gru(GruConfig.of(2, 17)), 2, 3).assertMaxRelError(5e-3);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.cell(new Gru(GruConfig.of(3, 5)), 2, 3).assertMaxRelError(5e-3);
    }

    @Test
    void resetBeforeBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Gru(GruConfig.of(3, 5).withResetAfter(false)), 2, 4).assertMaxRelError(5e-3);
    }

    @Test
    void resetBeforeHasOneBiasVector() {
        List<ParamSpec> p = new Gru(GruConfig.of(3, 5).withResetAfter(false)).params();
        assertEquals(List.of("Wx", "bx", "Wh"), p.stream().map(ParamSpec::name).toList());
        assertEquals(3 * 5 * 3 + 3 * 5 + 3 * 5 * 5, p.stream().mapToInt(ParamSpec::size).sum());
    }

    @Test
    void resetBeforeHasTheNruPapersCopyTaskParameterCount() {
        // myTorch GRU baseline (nru-chrono.md §1.5): I = 10 one-hot, H = 82, 9 classes: 23,625 parameters
        var cfg = org.rnn4j.train.ModelConfig.classifier(GruConfig.of(10, 82).withResetAfter(false), 9);
        assertEquals(23_625, org.rnn4j.train.SequenceModel.parameterCount(cfg));
        var pytorch = org.rnn4j.train.ModelConfig.classifier(GruConfig.of(10, 82), 9);
        assertEquals(23_625 + 3 * 82, org.rnn4j.train.SequenceModel.parameterCount(pytorch), "plus bh");
    }

    /** Reset after and before differ only through the recurrent n term: with Wh_n = 0 and bh = 0 they agree. */
    @Test
    void bothFormsAgreeWhenTheRecurrentCandidateTermVanishes() {
        int I = 3, H = 4, B = 2, T = 3;
        float[] after = run(GruConfig.of(I, H), I, H, B, T, true);
        float[] before = run(GruConfig.of(I, H).withResetAfter(false), I, H, B, T, true);
        for (int i = 0; i < after.length; i++) assertEquals(after[i], before[i], 1e-6f, "h[" + i + "]");
        // and with Wh_n ≠ 0 they differ, so the test above is not vacuous
        float[] after2 = run(GruConfig.of(I, H), I, H, B, T, false);
        float[] before2 = run(GruConfig.of(I, H).withResetAfter(false), I, H, B, T, false);
        double diff = 0;
        for (int i = 0; i < after2.length; i++) diff = Math.max(diff, Math.abs(after2[i] - before2[i]));
        assertTrue(diff > 1e-3, "forms differ when Wh_n ≠ 0: " + diff);
    }

    /** Runs one layer from shared random weights (bh = 0; Wh_n zeroed if asked); returns every h_t. */
    private static float[] run(GruConfig cfg, int I, int H, int B, int T, boolean zeroWhn) {
        SplittableRandom rng = new SplittableRandom(9);
        float[] wx = new float[3 * H * I], bx = new float[3 * H], wh = new float[3 * H * H];
        for (float[] a : new float[][] {wx, bx, wh}) for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextDouble(-1, 1);
        if (zeroWhn) java.util.Arrays.fill(wh, 2 * H * H, 3 * H * H, 0f);
        int size = wx.length + bx.length + wh.length + (cfg.resetAfter() ? 3 * H : 0);
        float[] w = new float[size];
        System.arraycopy(wx, 0, w, 0, wx.length);
        System.arraycopy(bx, 0, w, wx.length, bx.length);
        System.arraycopy(wh, 0, w, wx.length + bx.length, wh.length);
        float[] x = new float[T * B * I], h0 = new float[B * H];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        for (int i = 0; i < h0.length; i++) h0[i] = (float) rng.nextDouble(-1, 1);
        var layer = new org.rnn4j.layer.RecurrentLayer(new Gru(cfg));
        layer.bind(w, new float[size], 0);
        try (var compute = org.rnn4j.kernel.Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, h0, false);
        }
        return java.util.Arrays.copyOfRange(layer.states(), B * H, (T + 1) * B * H);
    }

    @Test
    void chronoPutsLogTInTheUpdateGateOfBxOnly() {
        int H = 50;
        for (boolean resetAfter : new boolean[] {true, false}) {
            List<ParamSpec> p = new Gru(GruConfig.of(3, H).withResetAfter(resetAfter).withChrono(20, Sampling.CONTINUOUS)).params();
            float[] bx = new float[3 * H];
            p.get(1).init().fill(bx, 0, 1, 3 * H, new SplittableRandom(4));
            for (int j = 0; j < H; j++) {
                assertEquals(0f, bx[j], "b_r");
                assertEquals(0f, bx[2 * H + j], "b_n");
                float bz = bx[H + j];
                assertTrue(bz >= 0 && bz <= (float) Math.log(19), "b_z = log T, T in [1, 19]: " + bz);
            }
            if (resetAfter) {
                float[] bh = new float[3 * H];
                java.util.Arrays.fill(bh, 7f);
                p.get(3).init().fill(bh, 0, 1, 3 * H, new SplittableRandom(4));
                for (float v : bh) assertEquals(0f, v, "bh is 0 with chrono");
            }
        }
    }

    // ------------------------------------------------------------------ fast update gate

    @Test
    void fastGateBackwardMatchesFiniteDifferences() {
        for (boolean resetAfter : new boolean[] {true, false}) {
            GruConfig c = GruConfig.of(3, 5).withResetAfter(resetAfter).withForgetGate(GateFunction.FAST);
            GradCheck.cell(new Gru(c), 2, 4).assertMaxRelError(5e-3);
            GradCheck.cell(new Gru(c.withInputSize(1)), 3, 3).assertMaxRelError(5e-3);
        }
    }

    /** H = 17: the SIMD backward kernel's whole vectors and its scalar tail, then the fast-gate factor. */
    @Test
    void fastGateBackwardMatchesFiniteDifferencesAcrossTheVectorTail() {
        GradCheck.cell(new Gru(GruConfig.of(2, 17).withForgetGate(GateFunction.FAST)), 2, 3).assertMaxRelError(5e-3);
    }

    /** Chrono biases up to log 40 (stored as asinh): update gates near 1, where cosh scales the gradient. */
    @Test
    void saturatedFastGateBackwardMatchesFiniteDifferences() {
        for (boolean resetAfter : new boolean[] {true, false}) {
            GruConfig c = GruConfig.of(3, 5).withResetAfter(resetAfter).withChrono(40, Sampling.CONTINUOUS)
                    .withForgetGate(GateFunction.FAST);
            GradCheck.cell(new Gru(c), 2, 3).assertMaxRelError(5e-3);
        }
    }

    /**
     * From zero input and zero h, h = (1 − z)⊙n with every pre-activation a bias (b_n set to 0.5 in
     * both, so that n ≠ 0): the fast update
     * gate with asinh-mapped biases starts where the sigmoid one does wherever one bias block holds
     * the gate's bias (reset-before form; chrono, whose bh is 0), and all other parameters agree.
     * With the default init of the reset-after form the two uniform draws bx_z, bh_z are mapped one
     * by one, so there the start agrees only to O(H^(−3/2)).
     */
    @Test
    void fastGateStartsWhereTheSigmoidGateStarts() {
        int H = 6, I = 2;
        for (GruConfig sig : new GruConfig[] {GruConfig.of(I, H).withResetAfter(false),
                GruConfig.of(I, H).withChrono(100, Sampling.CONTINUOUS),
                GruConfig.of(I, H).withResetAfter(false).withChrono(100, Sampling.INTEGER), GruConfig.of(I, H)}) {
            GruConfig fast = sig.withForgetGate(GateFunction.FAST);
            float[] ws = GateStart.params(sig), wf = GateStart.params(fast);
            int bx = 3 * H * I, bh = bx + 3 * H + 3 * H * H;
            for (int i = 0; i < ws.length; i++) {
                boolean zBias = (i >= bx + H && i < bx + 2 * H) || (sig.resetAfter() && i >= bh + H && i < bh + 2 * H);
                float expected = zBias ? (float) org.rnn4j.kernel.FastGate.asinh(ws[i]) : ws[i];
                assertEquals(expected, wf[i], 0f, sig + ": parameter " + i);
            }
            for (int j = bx + 2 * H; j < bx + 3 * H; j++) ws[j] = wf[j] = 0.5f;  // n ≠ 0 even where chrono zeroes b_n
            float[] hs = GateStart.firstState(sig, ws), hf = GateStart.firstState(fast, wf);
            boolean exact = !sig.resetAfter() || sig.chrono().isPresent();
            assertEquals(0, GateStart.maxDiff(hs, hf), exact ? 1e-6 : Math.pow(H, -1.5), sig.toString());
            assertTrue(GateStart.maxDiff(hs, GateStart.firstState(fast, ws)) > 1e-4,
                    sig + ": without the asinh mapping the gate would start elsewhere");
        }
    }

    @Test
    void fastGateIsKeptByTheWithers() {
        GruConfig c = GruConfig.of(3, 5).withForgetGate(GateFunction.FAST).withResetAfter(false)
                .withChrono(10, Sampling.INTEGER).withInputSize(2);
        assertEquals(GateFunction.FAST, c.forgetGate());
        assertEquals(GateFunction.SIGMOID, GruConfig.of(3, 5).forgetGate(), "default");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> c.withForgetGate(null));
        assertEquals("forgetGate must be SIGMOID or FAST, got null", e.getMessage());
    }
}
