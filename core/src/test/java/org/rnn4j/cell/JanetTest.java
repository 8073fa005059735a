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
}
