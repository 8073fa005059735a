package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;

/** Inference that skips closed units ({@link GaussianLstm#skipClosedUnits}) against the dense step. */
class GaussianLstmSkipTest {

    /** A layer over {@code w}, its cell skipping with {@code epsilon} (negative: dense). */
    private static RecurrentLayer layer(GaussianLstmConfig c, float[] w, double epsilon) {
        GaussianLstm cell = new GaussianLstm(c);
        if (epsilon >= 0) cell.skipClosedUnits(epsilon);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, new float[w.length], 0);
        return layer;
    }

    /** Parameters with μ_j = mu[j] and σ_j = sigma for every unit. */
    private static float[] params(GaussianLstmConfig c, float[] mu, double sigma) {
        float[] w = PhasedLstmTest.params(c, 11);
        int m = PhasedLstmTest.offset(c, "mu"), r = PhasedLstmTest.offset(c, "rho");
        for (int j = 0; j < c.hiddenSize(); j++) {
            w[m + j] = mu[j];
            w[r + j] = (float) GaussianLstm.inverseSoftplus(sigma);
        }
        return w;
    }

    private static float[] inputs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        return x;
    }

    private static void assertBits(float expected, float actual, String what) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), what + ": " + expected + " vs " + actual);
    }

    /**
     * Streams T steps (B = 1, step-index times) densely and skipping side by side from the same
     * state; every step's state must agree bit for bit, the skipped units' state must be the
     * previous one, and skipping must actually happen. H = 13 (a last group of 1 unit), I = 3.
     */
    private static int[] streamAndCompare(int H, float[] mu, double sigma, int T, double epsilon) {
        return streamAndCompare(H, mu, sigma, T, epsilon, 0.75);
    }

    private static int[] streamAndCompare(int H, float[] mu, double sigma, int T, double epsilon, double denseAbove) {
        int I = 3;
        GaussianLstmConfig c = GaussianLstmConfig.of(I, H, T);
        float[] w = params(c, mu, sigma);
        RecurrentLayer dense = layer(c, w, -1), skip = layer(c, w, epsilon);
        GaussianLstm cell = (GaussianLstm) skip.cell();
        float[] x = inputs(T * I, 3);
        float[] sd = inputs(2 * H, 4), ss = sd.clone(), prev = new float[2 * H];
        int[] computed = new int[T];
        try (Compute compute = Compute.create(1)) {
            dense.startStream(compute, 1);
            skip.startStream(compute, 1);
            cell.skipper.denseAbove = denseAbove;
            for (int t = 0; t < T; t++) {
                System.arraycopy(ss, 0, prev, 0, 2 * H);
                dense.streamStep(x, t * I, sd);
                skip.streamStep(x, t * I, ss);
                computed[t] = cell.skipper.lastComputedUnits;
                for (int j = 0; j < 2 * H; j++) {
                    if (epsilon == 0) assertBits(sd[j], ss[j], "step " + t + ", state " + j);
                }
                if (epsilon == 0) {
                    // a unit whose k is 0 keeps its state bit for bit, whether or not its group ran
                    for (int j = 0; j < H; j++) {
                        float k = (float) GaussianLstm.openness(t, mu[j], GaussianLstm.softplus(w[PhasedLstmTest.offset(c, "rho") + j]), 2, null, 0);
                        if (k == 0) {
                            assertBits(prev[j], ss[j], "closed unit " + j + " h at step " + t);
                            assertBits(prev[H + j], ss[H + j], "closed unit " + j + " c at step " + t);
                        }
                    }
                }
                System.arraycopy(ss, 0, sd, 0, 2 * H);                         // continue both from the same state
            }
        }
        return computed;
    }

    @Test
    void skippingEqualsTheDenseStepBitForBit() {
        int H = 13, T = 80;
        float[] mu = new float[H];
        for (int j = 0; j < H; j++) mu[j] = 6f * j;                            // one unit open around each 6th step
        int[] computed = streamAndCompare(H, mu, 0.15, T, 0);
        int fewer = 0, none = 0;
        for (int n : computed) {
            if (n == 0) none++;
            else if (n < H) fewer++;
        }
        assertTrue(fewer > T / 2, "most steps compute only some groups: " + java.util.Arrays.toString(computed));
        assertTrue(none > 0, "some steps compute nothing: " + java.util.Arrays.toString(computed));
    }

    /** Every unit open: the dense row (above 3/4 open), and the gathered path forced on all groups. */
    @Test
    void withEveryUnitOpenSkippingIsTheDenseStep() {
        for (int H : new int[] {13, 40}) {
            for (double denseAbove : new double[] {0.75, 1.0}) {
                int[] computed = streamAndCompare(H, new float[H], 1e6, 20, 0, denseAbove);
                for (int n : computed) assertEquals((H + 3) / 4 * 4, n, "every group computed, H = " + H);
            }
        }
    }

    /** 3 of 4 groups open with the default switch: the gathered path at high openness. */
    @Test
    void threeQuartersOpenUsesTheGatheredPathAndEqualsTheDenseStep() {
        int H = 32;
        float[] mu = new float[H];
        for (int j = 0; j < H; j++) mu[j] = j < 24 ? 0 : 1e4f;
        int[] computed = streamAndCompare(H, mu, 1, 10, 0);
        for (int n : computed) assertEquals(24, n);
    }

    @Test
    void withNoUnitOpenTheStateIsUnchanged() {
        int H = 9;
        float[] mu = new float[H];
        java.util.Arrays.fill(mu, 1e4f);
        int[] computed = streamAndCompare(H, mu, 1, 10, 0);
        for (int n : computed) assertEquals(0, n);
    }

    /** Beyond H = KC = 256 the dense one-row product sums in two K slices; the skipping one must too. */
    @Test
    void skippingEqualsTheDenseStepForAWideLayer() {
        int H = 300;
        float[] mu = new float[H];
        for (int j = 0; j < H; j++) mu[j] = 0.1f * j;
        int[] computed = streamAndCompare(H, mu, 0.3, 12, 0);
        assertTrue(computed[5] > 0 && computed[5] < H, "partly open: " + computed[5]);
    }

    /** A batched inference pass (B = 3 < the GEMM's 8-row tile) with given times per example. */
    @Test
    void batchedInferenceWithGivenTimesEqualsTheDensePass() {
        int I = 2, H = 10, B = 3, T = 25;
        GaussianLstmConfig c = GaussianLstmConfig.of(I, H, T).withTimestamps(Timestamps.GIVEN);
        float[] mu = new float[H];
        for (int j = 0; j < H; j++) mu[j] = 2.5f * j;
        float[] w = params(c, mu, 0.5);
        float[] x = inputs(T * B * I, 8), times = new float[T * B];
        for (int t = 0; t < T; t++) for (int b = 0; b < B; b++) times[t * B + b] = t + 3.7f * b;
        RecurrentLayer dense = layer(c, w, -1), skip = layer(c, w, 0);
        try (Compute compute = Compute.create(1)) {
            dense.forward(compute, x, 0, I, T, B, null, false, times, 0);
            skip.forward(compute, x, 0, I, T, B, null, false, times, 0);
        }
        float[] a = dense.states(), s = skip.states();
        for (int i = 0; i < (T + 1) * B * 2 * H; i++) assertBits(a[i], s[i], "state float " + i);
    }

    /** ε > 0 is an approximation: units with k ≤ ε in groups that do not run keep their state. */
    @Test
    void aPositiveEpsilonSkipsNearlyClosedUnits() {
        int H = 8;
        float[] mu = {0, 0, 0, 0, 1, 1, 1, 1};                                  // group 2 (μ = 1) has k = e^(−1/2) at t = 0
        int[] exact = streamAndCompare(H, mu, 1, 1, 0);
        int[] approx = streamAndCompare(H, mu, 1, 1, 0.7);
        assertEquals(8, exact[0]);
        assertEquals(4, approx[0], "k = 0.61 ≤ ε = 0.7: the second group skipped");
    }

    @Test
    void rejectsBadEpsilon() {
        GaussianLstm cell = new GaussianLstm(GaussianLstmConfig.of(1, 4, 10));
        for (double e : new double[] {-0.1, 1, Double.NaN}) {
            var ex = assertThrows(IllegalArgumentException.class, () -> cell.skipClosedUnits(e));
            assertEquals("skip epsilon must be in [0, 1), got " + e, ex.getMessage());
        }
    }
}
