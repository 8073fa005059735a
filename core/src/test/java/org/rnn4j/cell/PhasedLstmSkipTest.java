package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;

/** Inference that skips closed units ({@link PhasedLstm#skipClosedUnits}) against the dense step. */
class PhasedLstmSkipTest {

    private static float[] inputs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        return x;
    }

    /**
     * Streams T steps (B = 1) densely and skipping from the same state at every step; the states
     * must agree bit for bit and units with k = 0 keep theirs. Returns the units computed per step.
     */
    private static int[] streamAndCompare(PhasedLstmConfig c, int T, double epsilon) {
        int H = c.hiddenSize(), I = c.inputSize();
        float[] w = PhasedLstmTest.params(c, 21);
        PhasedLstm denseCell = new PhasedLstm(c), skipCell = new PhasedLstm(c);
        skipCell.skipClosedUnits(epsilon);
        RecurrentLayer dense = new RecurrentLayer(denseCell), skip = new RecurrentLayer(skipCell);
        dense.bind(w, new float[w.length], 0);
        skip.bind(w, new float[w.length], 0);
        float[] x = inputs(T * I, 3), sd = inputs(2 * H, 4), ss = sd.clone(), prev = new float[2 * H];
        int[] computed = new int[T];
        int tau = PhasedLstmTest.offset(c, "tau"), shift = PhasedLstmTest.offset(c, "shift"), ron = PhasedLstmTest.offset(c, "ron");
        try (Compute compute = Compute.create(1)) {
            dense.startStream(compute, 1);
            skip.startStream(compute, 1);
            for (int t = 0; t < T; t++) {
                System.arraycopy(ss, 0, prev, 0, 2 * H);
                dense.streamStep(x, t * I, sd);
                skip.streamStep(x, t * I, ss);
                computed[t] = skipCell.skipper.lastComputedUnits;
                for (int j = 0; j < 2 * H; j++) {
                    assertEquals(Float.floatToRawIntBits(sd[j]), Float.floatToRawIntBits(ss[j]), "step " + t + ", state " + j);
                }
                double alpha = c.leakAtEvaluation() ? c.leak() : 0;
                for (int j = 0; j < H; j++) {
                    if ((float) PhasedLstm.openness(t, w[tau + j], w[shift + j], w[ron + j], alpha, null, 0) == 0) {
                        assertEquals(Float.floatToRawIntBits(prev[j]), Float.floatToRawIntBits(ss[j]), "closed h " + j);
                        assertEquals(Float.floatToRawIntBits(prev[H + j]), Float.floatToRawIntBits(ss[H + j]), "closed c " + j);
                    }
                }
            }
        }
        return computed;
    }

    /** τ ∈ [20, 40), r_on = 0.05: a unit is open about 1 step in 20; H = 21. */
    @Test
    void skippingEqualsTheDenseStepBitForBit() {
        PhasedLstmConfig c = PhasedLstmConfig.of(3, 21).withPeriods(20, 40).withShiftMax(40);
        int[] computed = streamAndCompare(c, 80, 0);
        int fewer = 0;
        for (int n : computed) if (n < 21) fewer++;
        assertTrue(fewer > 60, "most steps skip groups: " + Arrays.toString(computed));
        assertTrue(Arrays.stream(computed).anyMatch(n -> n > 0), "some steps compute: " + Arrays.toString(computed));
    }

    /** With the leak kept at evaluation, k = α·u/τ > 0 in the closed phase: ε = 0 skips nothing there, still the dense bits. */
    @Test
    void aLeakAtEvaluationKeepsUnitsOpen() {
        PhasedLstmConfig c = PhasedLstmConfig.of(2, 9).withPeriods(20, 40).withShiftMax(40).withLeak(1e-3, true);
        int[] computed = streamAndCompare(c, 30, 0);
        assertTrue(Arrays.stream(computed).allMatch(n -> n >= 8), "nearly every group computed: " + Arrays.toString(computed));
    }

    @Test
    void rejectsBadEpsilon() {
        PhasedLstm cell = new PhasedLstm(PhasedLstmConfig.of(1, 4));
        var ex = assertThrows(IllegalArgumentException.class, () -> cell.skipClosedUnits(-1));
        assertEquals("skip epsilon must be in [0, 1), got -1.0", ex.getMessage());
    }
}
