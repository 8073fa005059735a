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

    @Test
    void rejectsNonPositiveSizes() {
        var e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(0, 5));
        assertTrue(e.getMessage().contains("inputSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(3, -1));
        assertTrue(e.getMessage().contains("hiddenSize"), e.getMessage());
    }
}
