package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.param.Init.Chrono.Sampling;
import org.rnn4j.testing.GradCheck;

class LstmTest {

    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.cell(new Lstm(LstmConfig.of(3, 5)), 2, 3).assertMaxRelError(5e-3);
    }

    /** One input (pixel tasks): the layer sums dWx step by step with the bias, not by a GEMM after the loop. */
    @Test
    void oneInputBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Lstm(LstmConfig.of(1, 5)), 3, 4).assertMaxRelError(5e-3);
    }

    /** H = 17: the SIMD kernels' whole vectors (16 lanes on AVX-512) and their scalar tail, in forward and backward. */
    @Test
    void backwardMatchesFiniteDifferencesAcrossTheVectorTail() {
        GradCheck.cell(new Lstm(LstmConfig.of(2, 17)), 2, 3).assertMaxRelError(5e-3);
    }

    @Test
    void peepholeBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Lstm(LstmConfig.of(3, 5).withPeepholes(true)), 2, 4).assertMaxRelError(5e-3);
    }

    @Test
    void forgetBiasSetsOnlyTheForgetBlock() {
        var specs = new Lstm(LstmConfig.of(2, 3).withForgetBias(1.0)).params();
        float[] b = new float[12];
        specs.get(1).init().fill(b, 0, 1, 12, new java.util.SplittableRandom(1));
        for (int j = 0; j < 12; j++) assertEquals(j >= 3 && j < 6 ? 1f : 0f, b[j], "bias " + j);
    }

    @Test
    void chronoGivesInputMinusForgetAndZeroElsewhere() {
        int H = 40;
        var specs = new Lstm(LstmConfig.of(2, H).withChrono(750, Sampling.CONTINUOUS)).params();
        float[] b = new float[4 * H];
        specs.get(1).init().fill(b, 0, 1, 4 * H, new java.util.SplittableRandom(1));
        boolean varies = false;
        for (int j = 0; j < H; j++) {
            float bf = b[H + j];
            assertTrue(bf >= 0 && bf <= (float) Math.log(749), "b_f = log T, T in [1, 749]: " + bf);
            assertEquals(-bf, b[j], 0f, "b_i = −b_f");
            assertEquals(0f, b[2 * H + j], "b_g");
            assertEquals(0f, b[3 * H + j], "b_o");
            varies |= bf != b[H];
        }
        assertTrue(varies, "one draw per unit");
    }

    @Test
    void chronoAndForgetBiasExcludeEachOther() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LstmConfig.of(2, 3).withForgetBias(1).withChrono(10, Sampling.INTEGER));
        assertTrue(e.getMessage().contains("forgetBias and chrono"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(2, 3).withChrono(1.5, Sampling.CONTINUOUS));
        assertTrue(e.getMessage().contains("tMax must be a finite number >= 2"), e.getMessage());
        assertEquals(LstmConfig.of(2, 3).withChrono(10, Sampling.INTEGER).chrono(),
                LstmConfig.of(2, 3).withChrono(10, Sampling.INTEGER).withInputSize(5).chrono(), "kept by withInputSize");
    }

    // ------------------------------------------------------------------ fast forget gate

    @Test
    void fastGateBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Lstm(LstmConfig.of(3, 5).withForgetGate(GateFunction.FAST)), 2, 3).assertMaxRelError(5e-3);
        GradCheck.cell(new Lstm(LstmConfig.of(1, 5).withForgetGate(GateFunction.FAST)), 3, 4).assertMaxRelError(5e-3);
    }

    /** H = 17: the fused SIMD forward and backward kernels' whole vectors and scalar tail, after the fast-gate transform. */
    @Test
    void fastGateBackwardMatchesFiniteDifferencesAcrossTheVectorTail() {
        GradCheck.cell(new Lstm(LstmConfig.of(2, 17).withForgetGate(GateFunction.FAST)), 2, 3).assertMaxRelError(5e-3);
    }

    /** With peepholes the fast gate's factor also reaches dcPrev through wcf. */
    @Test
    void fastGateWithPeepholesBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Lstm(LstmConfig.of(3, 5).withPeepholes(true).withForgetGate(GateFunction.FAST)), 2, 4)
                .assertMaxRelError(5e-3);
    }

    /**
     * A forget bias of 5 (stored as asinh 5 ≈ 2.3): the gate near 0.99, where cosh(z) ≈ 5 scales its
     * gradient, so a missing or wrong factor shows.
     */
    @Test
    void saturatedFastGateBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Lstm(LstmConfig.of(3, 5).withForgetBias(5).withPeepholes(true).withForgetGate(GateFunction.FAST)),
                2, 3).assertMaxRelError(5e-3);
    }

    /**
     * Pre-activations beyond the clamp (bias asinh(1e12) ≈ 28.3 > 20): the gate is exactly 1, its
     * pre-activation gradient exactly 0 (not 0·∞ = NaN), and every other gradient still matches.
     */
    @Test
    void fastGateBeyondTheClampHasZeroGradientAndNoNaN() {
        Lstm cell = new Lstm(LstmConfig.of(3, 5).withForgetBias(1e12).withForgetGate(GateFunction.FAST));
        GradCheck.cell(cell, 2, 3).assertMaxRelError(5e-3);
        float[] b = new float[20];
        cell.params().get(1).init().fill(b, 0, 1, 20, new java.util.SplittableRandom(1));
        assertEquals((float) Math.log(2e12), b[5], 1e-5f, "b_f = asinh(1e12)");
    }

    /**
     * With zero input and zero h, every pre-activation is its bias, so the first c = f⊙cPrev + i⊙g
     * shows f: the fast cell with its asinh-mapped bias starts where the sigmoid cell does — for the
     * default U(±1/√H) draw, a forget bias and chrono — and every other parameter is the same.
     */
    @Test
    void fastGateStartsWhereTheSigmoidGateStarts() {
        for (LstmConfig sig : new LstmConfig[] {LstmConfig.of(2, 6), LstmConfig.of(2, 6).withForgetBias(1.0),
                LstmConfig.of(2, 6).withForgetBias(-2.5), LstmConfig.of(2, 6).withChrono(750, Sampling.CONTINUOUS)}) {
            LstmConfig fast = sig.withForgetGate(GateFunction.FAST);
            float[] ws = GateStart.params(sig), wf = GateStart.params(fast);
            int H = 6, bx = 4 * H * 2;                                       // bx follows Wx [4H, I]
            for (int i = 0; i < ws.length; i++) {
                boolean fBias = i >= bx + H && i < bx + 2 * H;
                if (fBias) assertEquals((float) org.rnn4j.kernel.FastGate.asinh(ws[i]), wf[i], 0f, sig + ": b_f[" + i + "]");
                else assertEquals(ws[i], wf[i], 0f, sig + ": parameter " + i + " is not the forget bias");
            }
            float[] cs = GateStart.firstState(sig, ws), cf = GateStart.firstState(fast, wf);
            for (int i = 0; i < cs.length; i++) assertEquals(cs[i], cf[i], 1e-6f, sig + ": state " + i);
            assertTrue(GateStart.maxDiff(cs, GateStart.firstState(fast, ws)) > 1e-4,
                    sig + ": without the asinh mapping the gate would start elsewhere");
        }
    }

    @Test
    void rejectsANullGateFunction() {
        var e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(2, 3).withForgetGate(null));
        assertEquals("forgetGate must be SIGMOID or FAST, got null", e.getMessage());
        assertEquals(GateFunction.SIGMOID, LstmConfig.of(2, 3).forgetGate(), "default");
        assertEquals(GateFunction.FAST, LstmConfig.of(2, 3).withForgetGate(GateFunction.FAST).withInputSize(4)
                .withPeepholes(true).withForgetBias(1).forgetGate(), "kept by the withers");
    }

    @Test
    void rejectsNonPositiveSizes() {
        var e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(0, 5));
        assertTrue(e.getMessage().contains("inputSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(3, -1));
        assertTrue(e.getMessage().contains("hiddenSize"), e.getMessage());
    }
}
