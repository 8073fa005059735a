package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.param.Init.Chrono.Sampling;
import org.rnn4j.testing.GradCheck;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

class LeakyRnnTest {
    static final int I = 3, H = 5;

    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.Report r = GradCheck.cell(new LeakyRnn(LeakyRnnConfig.of(I, H)), 2, 3).assertMaxRelError(5e-3);
        // Wx, bx, Wh, a, x, state0: every block was compared
        assertEquals(H * I + H + H * H + H + 3 * 2 * I + 2 * H, r.checked());
    }

    @Test
    void chronoBackwardMatchesFiniteDifferences() {
        // a spread over [−log 19, 0]: α differs per unit, so a wrong dα per unit shows
        GradCheck.cell(new LeakyRnn(LeakyRnnConfig.of(I, H).withChrono(20, Sampling.CONTINUOUS)), 2, 4)
                .assertMaxRelError(5e-3);
        GradCheck.cell(new LeakyRnn(LeakyRnnConfig.of(I, H).withChrono(8, Sampling.INTEGER)), 3, 3, 1e-2, 9)
                .assertMaxRelError(5e-3);
    }

    @Test
    void defaultLeakLogitIsZeroAndAlphaOneHalf() {
        LeakyRnn cell = new LeakyRnn(LeakyRnnConfig.of(I, H));
        float[] w = WarpCells.params(cell, 1);
        int a0 = H * I + H + H * H;
        for (int j = 0; j < H; j++) assertEquals(0f, w[a0 + j], "a[" + j + "]");
        prepare(cell, w);
        for (int j = 0; j < H; j++) assertEquals(0.5f, cell.alpha(j), 1e-7f, "alpha");
    }

    @Test
    void chronoLeakIsMinusLogTInRangeAndFollowsTheSeed() {
        int Hb = 200, a0 = Hb * I + Hb + Hb * Hb;
        LeakyRnn cell = new LeakyRnn(LeakyRnnConfig.of(I, Hb).withChrono(50, Sampling.CONTINUOUS));
        float[] w = WarpCells.params(cell, 3);
        float lo = (float) -Math.log(49);
        for (int j = 0; j < Hb; j++) {
            float a = w[a0 + j];
            assertTrue(a >= lo && a <= 0f, "a = −log T, T in [1, 49]: " + a);
        }
        float[] a = Arrays.copyOfRange(w, a0, a0 + Hb);
        assertTrue(min(a) < lo / 2 && max(a) > lo / 4, "draws spread over the range: " + min(a) + ".." + max(a));
        assertArrayEquals(a, Arrays.copyOfRange(WarpCells.params(cell, 3), a0, a0 + Hb), "same seed, same a");
        assertNotEquals(a[0], WarpCells.params(cell, 4)[a0], "another seed, another a");
        prepare(cell, w);
        for (int j = 0; j < Hb; j++) {
            float al = cell.alpha(j);
            assertTrue(al > 0f && al < 1f, "alpha in (0, 1): " + al);
            assertTrue(al >= 1 / 50f - 1e-6f && al <= 0.5f + 1e-6f, "alpha = 1/(1 + T) in [1/50, 1/2]: " + al);
            assertEquals(1 / (1 + Math.exp(-w[a0 + j])), al, 1e-6, "alpha = σ(a)");
        }

        LeakyRnn integer = new LeakyRnn(LeakyRnnConfig.of(I, H).withChrono(6, Sampling.INTEGER));
        float[] wi = WarpCells.params(integer, 2);
        int ai = H * I + H + H * H;
        for (int j = 0; j < H; j++) {
            long t = Math.round(Math.exp(-wi[ai + j]));
            assertTrue(t >= 1 && t <= 6 && wi[ai + j] == (float) -Math.log(t), "a = −log T, T in {1..6}: " + wi[ai + j]);
        }
    }

    /** With {@code α = σ(30) = 1} in float32 the leaky step is the Elman step, bit for bit. */
    @Test
    void saturatedLeakIsTheElmanStep() {
        int T = 6, B = 3;
        LeakyRnn leaky = new LeakyRnn(LeakyRnnConfig.of(I, H));
        float[] w = WarpCells.params(leaky, 5);
        int a0 = H * I + H + H * H;
        Arrays.fill(w, a0, a0 + H, 30f);
        SplittableRandom rng = new SplittableRandom(6);
        float[] x = WarpCells.uniform(rng, T * B * I, 1), s0 = WarpCells.uniform(rng, B * H, 1);
        float[] elman = WarpCells.run(new ElmanRnn(ElmanConfig.of(I, H)), Arrays.copyOf(w, a0), x, s0, T, B);
        float[] mine = WarpCells.run(leaky, w, x, s0, T, B);
        assertArrayEquals(elman, mine);
        // and a = −30 (α ≈ 1e-13) holds the state
        Arrays.fill(w, a0, a0 + H, -30f);
        float[] held = WarpCells.run(leaky, w, x, s0, T, B);
        for (int t = 1; t <= T; t++) {
            for (int k = 0; k < B * H; k++) assertEquals(s0[k], held[t * B * H + k], 1e-6f, "held state");
        }
    }

    /** h is a convex combination of tanh(·) ∈ [−1, 1] and hPrev: it stays in [−1, 1], whatever the weights. */
    @Test
    void stateStaysInTheUnitBox() {
        int T = 60, B = 4;
        LeakyRnn cell = new LeakyRnn(LeakyRnnConfig.of(I, H).withChrono(30, Sampling.CONTINUOUS));
        float[] w = WarpCells.params(cell, 7);
        for (int i = 0; i < H * I + H + H * H; i++) w[i] *= 20;
        SplittableRandom rng = new SplittableRandom(8);
        float[] x = WarpCells.uniform(rng, T * B * I, 3), s0 = WarpCells.uniform(rng, B * H, 1);
        float[] s = WarpCells.run(cell, w, x, s0, T, B);
        float maxAbs = 0;
        for (float v : s) maxAbs = Math.max(maxAbs, Math.abs(v));
        assertTrue(maxAbs <= 1f, "max |h| = " + maxAbs);
        assertTrue(maxAbs > 0.9f, "the weights drive units near ±1: " + maxAbs);
    }

    @Test
    void parameterCountIsElmanPlusOneLogitPerUnit() {
        // 32·10 + 32 + 32·32 + 32 = 1408; readout 9·32 + 9
        assertEquals(1408 + 297, SequenceModel.parameterCount(ModelConfig.classifier(LeakyRnnConfig.of(10, 32), 9)));
        assertEquals(4, new LeakyRnn(LeakyRnnConfig.of(10, 32)).params().size());
        assertEquals("a", new LeakyRnn(LeakyRnnConfig.of(10, 32)).params().get(3).name());
    }

    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        WarpCells.assertBitIdenticalForOneAndTwoThreads(LeakyRnnConfig.of(16, 64).withChrono(20, Sampling.CONTINUOUS));
    }

    @Test
    void configRejectsBadValuesAndKeepsChrono() {
        var e = assertThrows(IllegalArgumentException.class, () -> LeakyRnnConfig.of(3, 0));
        assertTrue(e.getMessage().contains("hiddenSize H"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LeakyRnnConfig.of(3, 4).withChrono(1.5, Sampling.CONTINUOUS));
        assertTrue(e.getMessage().contains("tMax"), e.getMessage());
        assertEquals(LeakyRnnConfig.of(3, 4).withChrono(10, Sampling.INTEGER).chrono(),
                LeakyRnnConfig.of(3, 4).withChrono(10, Sampling.INTEGER).withInputSize(7).chrono(), "kept by withInputSize");
        assertTrue(LeakyRnnConfig.of(3, 4).create() instanceof LeakyRnn);
    }

    private static void prepare(LeakyRnn cell, float[] w) {
        cell.bind(w, new float[w.length], 0);
        try (Compute compute = Compute.create(1)) {
            cell.prepare(compute, new Cell.Sequence(1, 1, new float[cell.projectionSize()], new float[2 * cell.stateSize()],
                    new float[0]), false);
        }
    }

    private static float min(float[] a) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : a) m = Math.min(m, v);
        return m;
    }

    private static float max(float[] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : a) m = Math.max(m, v);
        return m;
    }
}
