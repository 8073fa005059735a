package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.param.Init.Chrono.Sampling;
import org.rnn4j.testing.GradCheck;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

class GatedRnnTest {
    static final int I = 3, H = 5;

    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.Report r = GradCheck.cell(new GatedRnn(GatedRnnConfig.of(I, H)), 2, 3).assertMaxRelError(5e-3);
        // Wx, bx, Wh, x, state0: every block was compared
        assertEquals(2 * H * I + 2 * H + 2 * H * H + 3 * 2 * I + 2 * H, r.checked());
    }

    @Test
    void chronoBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new GatedRnn(GatedRnnConfig.of(I, H).withChrono(20, Sampling.CONTINUOUS)), 2, 4)
                .assertMaxRelError(5e-3);
        GradCheck.cell(new GatedRnn(GatedRnnConfig.of(I, H).withChrono(8, Sampling.INTEGER)), 3, 3, 1e-2, 9)
                .assertMaxRelError(5e-3);
    }

    @Test
    void gateBiasIsZeroByDefaultAndTheCandidateBiasFanInUniform() {
        int Hb = 100, b0 = 2 * Hb * I;
        float[] w = WarpCells.params(new GatedRnn(GatedRnnConfig.of(I, Hb)), 1);
        float bound = (float) (1 / Math.sqrt(Hb));
        boolean nonZero = false;
        for (int j = 0; j < Hb; j++) {
            assertEquals(0f, w[b0 + j], "b_g[" + j + "]");
            float bc = w[b0 + Hb + j];
            assertTrue(Math.abs(bc) <= bound, "b_c in U(±1/√H): " + bc);
            nonZero |= bc != 0;
        }
        assertTrue(nonZero, "b_c is drawn");
    }

    @Test
    void chronoGateBiasIsMinusLogTInRangeAndFollowsTheSeed() {
        int Hb = 200, b0 = 2 * Hb * I;
        GatedRnn cell = new GatedRnn(GatedRnnConfig.of(I, Hb).withChrono(50, Sampling.CONTINUOUS));
        float[] w = WarpCells.params(cell, 3);
        float lo = (float) -Math.log(49), bound = (float) (1 / Math.sqrt(Hb));
        float min = 0, max = lo;
        for (int j = 0; j < Hb; j++) {
            float bg = w[b0 + j];
            assertTrue(bg >= lo && bg <= 0f, "b_g = −log T, T in [1, 49]: " + bg);
            min = Math.min(min, bg);
            max = Math.max(max, bg);
            assertTrue(Math.abs(w[b0 + Hb + j]) <= bound, "b_c keeps U(±1/√H): " + w[b0 + Hb + j]);
        }
        assertTrue(min < lo / 2 && max > lo / 4, "draws spread over the range: " + min + ".." + max);
        assertArrayEquals(w, WarpCells.params(cell, 3), "same seed, same parameters");
        assertNotEquals(w[b0], WarpCells.params(cell, 4)[b0], "another seed, another b_g");

        float[] wi = WarpCells.params(new GatedRnn(GatedRnnConfig.of(I, H).withChrono(6, Sampling.INTEGER)), 2);
        for (int j = 0; j < H; j++) {
            float bg = wi[2 * H * I + j];
            long t = Math.round(Math.exp(-bg));
            assertTrue(t >= 1 && t <= 6 && bg == (float) -Math.log(t), "b_g = −log T, T in {1..6}: " + bg);
        }
    }

    /** With the gate held at σ(30) = 1 (its weights 0) the gated step is the Elman step, bit for bit. */
    @Test
    void openGateIsTheElmanStep() {
        int T = 6, B = 3;
        GatedRnn gated = new GatedRnn(GatedRnnConfig.of(I, H));
        float[] w = WarpCells.params(gated, 5);
        int wx = 0, bx = 2 * H * I, wh = bx + 2 * H;
        Arrays.fill(w, wx, wx + H * I, 0f);                 // Wx_g
        Arrays.fill(w, bx, bx + H, 30f);                    // b_g
        Arrays.fill(w, wh, wh + H * H, 0f);                 // Wh_g
        float[] elmanW = new float[H * I + H + H * H];      // the c blocks: Wx_c, b_c, Wh_c
        System.arraycopy(w, wx + H * I, elmanW, 0, H * I);
        System.arraycopy(w, bx + H, elmanW, H * I, H);
        System.arraycopy(w, wh + H * H, elmanW, H * I + H, H * H);
        SplittableRandom rng = new SplittableRandom(6);
        float[] x = WarpCells.uniform(rng, T * B * I, 1), s0 = WarpCells.uniform(rng, B * H, 1);
        assertArrayEquals(WarpCells.run(new ElmanRnn(ElmanConfig.of(I, H)), elmanW, x, s0, T, B),
                WarpCells.run(gated, w, x, s0, T, B));
    }

    /** h is a convex combination of tanh(·) ∈ [−1, 1] and hPrev: it stays in [−1, 1], whatever the weights. */
    @Test
    void stateStaysInTheUnitBox() {
        int T = 60, B = 4;
        GatedRnn cell = new GatedRnn(GatedRnnConfig.of(I, H));
        float[] w = WarpCells.params(cell, 7);
        for (int i = 0; i < w.length; i++) w[i] *= 20;
        SplittableRandom rng = new SplittableRandom(8);
        float[] x = WarpCells.uniform(rng, T * B * I, 3), s0 = WarpCells.uniform(rng, B * H, 1);
        float[] s = WarpCells.run(cell, w, x, s0, T, B);
        float maxAbs = 0;
        for (float v : s) maxAbs = Math.max(maxAbs, Math.abs(v));
        assertTrue(maxAbs <= 1f, "max |h| = " + maxAbs);
        assertTrue(maxAbs > 0.9f, "the weights drive units near ±1: " + maxAbs);
    }

    @Test
    void parameterCountIsTwoElmanBlocks() {
        // 64·10 + 64 + 64·32 = 2752; readout 9·32 + 9
        assertEquals(2752 + 297, SequenceModel.parameterCount(ModelConfig.classifier(GatedRnnConfig.of(10, 32), 9)));
    }

    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        WarpCells.assertBitIdenticalForOneAndTwoThreads(GatedRnnConfig.of(16, 64).withChrono(20, Sampling.INTEGER));
    }

    @Test
    void configRejectsBadValuesAndKeepsChrono() {
        var e = assertThrows(IllegalArgumentException.class, () -> GatedRnnConfig.of(0, 4));
        assertTrue(e.getMessage().contains("inputSize I"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GatedRnnConfig.of(3, 4).withChrono(2.5, Sampling.INTEGER));
        assertTrue(e.getMessage().contains("tMax"), e.getMessage());
        assertEquals(GatedRnnConfig.of(3, 4).withChrono(10, Sampling.CONTINUOUS).chrono(),
                GatedRnnConfig.of(3, 4).withChrono(10, Sampling.CONTINUOUS).withInputSize(7).chrono(), "kept by withInputSize");
        assertTrue(GatedRnnConfig.of(3, 4).create() instanceof GatedRnn);
    }
}
