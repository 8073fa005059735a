package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.train.SequenceModelTest.classification;
import static org.rnn4j.train.SequenceModelTest.model;
import static org.rnn4j.train.SequenceModelTest.regressionAtLastStep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.ElmanConfig;
import org.rnn4j.cell.GaussianLstmConfig;
import org.rnn4j.cell.PhasedLstmConfig;
import org.rnn4j.cell.Timestamps;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Clip;
import org.rnn4j.optim.Sgd;
import org.rnn4j.testing.GradCheck;

/**
 * Truncated BPTT against full BPTT (one segment: bit for bit), against one full forward pass
 * (segments: losses to 1e-12 relative, the sums are grouped differently; outputs bit for bit in
 * {@link SequenceModelTest}), and against central differences of each segment's loss with the
 * carried state held constant (ε = 1e-2, fourth order, 5e-3 relative as in {@link GradCheck}).
 */
class TbpttTest {
    static final int I = 3, H = 5, C = 4, B = 2;

    static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }

    /** Steps [t0, t0 + n) of {@code b} as a batch of its own. */
    static Batch steps(Batch b, int t0, int n) {
        int bs = b.batchSize(), in = b.inputSize(), c = b.outputSize();
        return new Batch(n, bs, in, c, Arrays.copyOfRange(b.x(), t0 * bs * in, (t0 + n) * bs * in),
                b.labels() == null ? null : Arrays.copyOfRange(b.labels(), t0 * bs, (t0 + n) * bs),
                b.targets() == null ? null : Arrays.copyOfRange(b.targets(), t0 * bs * c, (t0 + n) * bs * c),
                Arrays.copyOfRange(b.mask(), t0 * bs, (t0 + n) * bs));
    }

    /** Records, at every update, the loss, the gradient used and the parameters after the update. */
    static final class Recorder implements TrainListener {
        final SequenceModel model;
        final List<Double> losses = new ArrayList<>();
        final List<float[]> grads = new ArrayList<>(), params = new ArrayList<>();
        final List<StepMetrics> metrics = new ArrayList<>();

        Recorder(SequenceModel model) {
            this.model = model;
        }

        @Override
        public void onStep(StepMetrics m) {
            metrics.add(m);
            losses.add(m.loss());
            grads.add(model.grads().clone());
            params.add(model.params().clone());
        }
    }

    // ------------------------------------------------------------------ k ≥ T: full BPTT

    @Test
    void oneSegmentIsExactlyAFullBpttStep() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H).withPeepholes(true), C).withLayers(2);
        int T = 6;
        float[] mask = ones(T * B);
        mask[3] = 0;
        mask[5] = 0.5f;
        Batch batch = classification(T, B, I, C, mask, 3);
        for (int k : new int[] {T, T + 5}) {
            try (SequenceModel full = model(cfg, 1); SequenceModel tb = model(cfg, 1)) {
                double loss = full.forward(batch, true);
                full.zeroGrads();
                full.backward();
                double norm = Clip.globalNorm(full.grads(), 0.1);
                Adam.of(1e-2).update(full.params(), full.grads(), 1);

                Recorder rec = new Recorder(tb);
                Tbptt tbptt = new Tbptt(tb, Adam.of(1e-2), TbpttConfig.of(k).withClipNorm(0.1), List.of(rec));
                Tbptt.Pass pass = tbptt.train(batch, false);
                assertEquals(1, pass.segments());
                assertEquals(1, pass.updates());
                assertEquals(1, tbptt.updates());
                assertEquals(loss, pass.loss(), 0.0);
                assertEquals(loss, rec.losses.get(0), 0.0);
                assertEquals(full.lastAccuracy(), pass.accuracy(), 0.0);
                assertEquals(norm, rec.metrics.get(0).gradNorm(), 0.0);
                assertEquals((long) T * B, rec.metrics.get(0).timesteps());
                assertTrue(norm > 0.1, "clipping is exercised: " + norm);
                assertArrayEquals(full.grads(), rec.grads.get(0), "k=" + k);
                assertArrayEquals(full.params(), tb.params(), "k=" + k);
            }
        }
    }

    // ------------------------------------------------------------------ k < T: the forward pass

    @Test
    void evaluatingBySegmentsGivesTheLossOfOneFullForwardPass() {
        ModelConfig cfg = ModelConfig.classifier(GruConfig.of(I, H), C).withLayers(2);
        int T = 11;
        float[] mask = ones(T * B);
        mask[4] = 0;
        mask[17] = 2;
        Batch batch = classification(T, B, I, C, mask, 5);
        try (SequenceModel m = model(cfg, 4)) {
            double full = m.forward(batch, false);
            double acc = m.lastAccuracy();
            for (int k : new int[] {1, 3, 4, 10}) {                     // 11 = 3·3 + 2, 4·2 + 3, 10 + 1
                Tbptt.Pass pass = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(k), List.of()).evaluate(batch, false);
                assertEquals((T + k - 1) / k, pass.segments());
                assertEquals(0, pass.updates());
                assertEquals(full, pass.loss(), 1e-12 * full, "k=" + k);
                assertEquals(acc, pass.accuracy(), 1e-12, "k=" + k);
            }
            // without the carried state the segments' losses differ: the check can fail
            double fresh = 0;
            for (int t0 = 0; t0 < T; t0 += 3) {
                Batch seg = steps(batch, t0, Math.min(3, T - t0));
                fresh += m.forward(seg, false) * seg.maskSum();
            }
            assertTrue(Math.abs(fresh / batch.maskSum() - full) > 1e-4, "zero initial states change the loss");
        }
    }

    /**
     * Time-gated cells: segments continue the step index (and slice given times), so evaluating by
     * segments gives one full pass's loss; restarting each segment's times at 0 (given as data)
     * changes it, so the check can fail.
     */
    @Test
    void timeGatedCellsContinueTheirTimesAcrossSegments() {
        int T = 11, k = 4;
        Batch batch = classification(T, B, I, C, ones(T * B), 15);
        float[] restarted = new float[T * B], async = new float[T * B];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                restarted[t * B + b] = t % k;
                async[t * B + b] = t == 0 ? (float) rng.nextDouble() : async[(t - 1) * B + b] + (float) rng.nextDouble(0.2, 1.2);
            }
        }
        CellConfig plstm = PhasedLstmConfig.of(I, H).withPeriods(2, 5).withShiftMax(10).withOpenRatio(0.6);
        CellConfig glstm = GaussianLstmConfig.of(I, H, T).withWidthInit(0.2);
        for (CellConfig cell : new CellConfig[] {plstm, glstm}) {
            ModelConfig cfg = ModelConfig.classifier(cell, C).withLayers(2);
            try (SequenceModel m = model(cfg, 4)) {
                double full = m.forward(batch, false);
                double bySegments = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(k), List.of()).evaluate(batch, false).loss();
                assertEquals(full, bySegments, 1e-12 * full, cell.toString());
            }
            CellConfig given = cell instanceof PhasedLstmConfig p ? p.withTimestamps(Timestamps.GIVEN)
                    : ((GaussianLstmConfig) cell).withTimestamps(Timestamps.GIVEN);
            try (SequenceModel m = model(ModelConfig.classifier(given, C).withLayers(2), 4)) {
                double full = m.forward(batch.withTimes(async), false);
                double bySegments = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(k), List.of()).evaluate(batch.withTimes(async), false).loss();
                assertEquals(full, bySegments, 1e-12 * full, "given times sliced: " + cell);
                double restart = m.forward(batch.withTimes(restarted), false);
                assertTrue(Math.abs(restart - m.forward(batch.withTimes(async), false)) > 1e-4, "the times matter: " + cell);
            }
            try (SequenceModel m = model(cfg, 4)) {
                double full = m.forward(batch, false);
                try (SequenceModel g = model(ModelConfig.classifier(given, C).withLayers(2), 4)) {
                    float[] steps = new float[T * B];
                    for (int i = 0; i < steps.length; i++) steps[i] = i / B;
                    assertEquals(full, g.forward(batch.withTimes(steps), false), 0.0, "the step index = times 0, 1, 2, …");
                    assertTrue(Math.abs(full - g.forward(batch.withTimes(restarted), false)) > 1e-4,
                            "restarted at each segment: another loss, " + cell);
                }
            }
        }
    }

    /** Loss at the last step only: the earlier segments carry no loss, run forward without an update. */
    @Test
    void segmentsWithoutLossOnlyAdvanceTheState() {
        ModelConfig cfg = ModelConfig.regressor(ElmanConfig.of(I, H), 2);
        int T = 7;
        Batch batch = regressionAtLastStep(T, B, I, 2, 6);
        try (SequenceModel m = model(cfg, 5); SequenceModel last = model(cfg, 5)) {
            double full = m.forward(batch, false);
            Tbptt.Pass eval = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(3), List.of()).evaluate(batch, false);
            assertEquals(full, eval.loss(), 1e-12 * full);

            Recorder rec = new Recorder(m);
            Tbptt.Pass pass = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(3).withClipNorm(0), List.of(rec)).train(batch, false);
            assertEquals(3, pass.segments());
            assertEquals(1, pass.updates());
            assertEquals(full, pass.loss(), 1e-12 * full, "no update before the only segment with loss");
            // the one update's gradient is the last segment's, from the state the first six steps left
            last.forward(steps(batch, 0, 6), false);
            last.forward(steps(batch, 6, 1), true, true);
            last.zeroGrads();
            last.backward();
            assertArrayEquals(last.grads(), rec.grads.get(0));
        }
    }

    /** A stream fed in two chunks with continueState gives the loss of the stream in one piece. */
    @Test
    void continueStateCarriesTheStateAcrossCalls() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H), C);
        int T = 10;
        float[] secondHalf = ones(T * B);
        Arrays.fill(secondHalf, 0, 5 * B, 0f);
        Batch whole = classification(T, B, I, C, secondHalf, 7);
        try (SequenceModel m = model(cfg, 8)) {
            double reference = m.forward(whole, false);
            Tbptt tbptt = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(2), List.of());
            tbptt.evaluate(steps(whole, 0, 5), false);
            double continued = tbptt.evaluate(steps(whole, 5, 5), true).loss();
            assertEquals(reference, continued, 1e-12 * reference);
            double restarted = tbptt.evaluate(steps(whole, 5, 5), false).loss();
            assertTrue(Math.abs(restarted - reference) > 1e-4, "starting from zeros differs: the check can fail");

            tbptt.train(steps(whole, 0, 4), false);
            tbptt.train(steps(whole, 4, 6), true);
            // steps 0-3 carry no loss (no update); steps 4-9 make segments [4, 6), [6, 8), [8, 10)
            assertEquals(3, tbptt.updates(), "the step counter continues across calls (segments with loss only)");
            tbptt.train(steps(whole, 4, 6), false);
            assertEquals(6, tbptt.updates());
        }
    }

    // ------------------------------------------------------------------ k < T: the gradients

    /**
     * T = 4, k = 2, SGD without clipping: update 1 uses exactly the gradient of segment 1's loss
     * alone (not segment 2's), and update 2 the gradient of segment 2's loss at the parameters
     * after update 1 with the state entering it (made by the original parameters) held constant.
     */
    @Test
    void eachSegmentsGradientIsItsOwnLossWithTheCarriedStateConstant() {
        ModelConfig cfg = ModelConfig.classifier(GruConfig.of(I, H), C);
        int T = 4, k = 2;
        Batch batch = classification(T, B, I, C, ones(T * B), 9);
        Batch seg1 = steps(batch, 0, k), seg2 = steps(batch, k, k);
        try (SequenceModel m = model(cfg, 10); SequenceModel ref = model(cfg, 10)) {
            float[] params0 = m.params().clone();
            Recorder rec = new Recorder(m);
            new Tbptt(m, Sgd.of(0.5), TbpttConfig.of(k).withClipNorm(0), List.of(rec)).train(batch, false);
            assertEquals(2, rec.grads.size());

            // segment 1: its own loss only, bit for bit
            double l1 = ref.forward(seg1, true);
            ref.zeroGrads();
            ref.backward();
            assertEquals(l1, rec.losses.get(0), 0.0);
            assertArrayEquals(ref.grads(), rec.grads.get(0));
            ref.forward(batch, true);
            ref.zeroGrads();
            ref.backward();
            assertTrue(relativeDistance(ref.grads(), rec.grads.get(0)) > 0.05, "full BPTT over both segments differs");

            // segment 2: central differences of L2(θ) from the state segment 1 left with θ0
            float[] w = ref.params(), params1 = rec.params.get(0);
            System.arraycopy(params1, 0, w, 0, w.length);
            float[] perturbed = new float[w.length];
            GradCheck.function(w, rec.grads.get(1), 1e-2, () -> {
                System.arraycopy(w, 0, perturbed, 0, w.length);
                System.arraycopy(params0, 0, w, 0, w.length);
                ref.forward(seg1, false);
                System.arraycopy(perturbed, 0, w, 0, w.length);
                return ref.forward(seg2, false, true);
            }).assertMaxRelError(5e-3);

            // what the gradient would be if it flowed back into segment 1: different (truncation matters)
            float[] lossOnSecond = ones(T * B);
            Arrays.fill(lossOnSecond, 0, k * B, 0f);
            Batch second = new Batch(T, B, I, C, batch.x(), batch.labels(), null, lossOnSecond);
            ref.forward(second, true);
            ref.zeroGrads();
            ref.backward();
            assertTrue(relativeDistance(ref.grads(), rec.grads.get(1)) > 0.05, "untruncated gradient differs");
        }
    }

    static double relativeDistance(float[] a, float[] b) {
        double d = 0, n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (double) (a[i] - b[i]) * (a[i] - b[i]);
            n += (double) b[i] * b[i];
        }
        return Math.sqrt(d / n);
    }

    // ------------------------------------------------------------------ memory

    @Test
    void layerBuffersHoldOneSegmentNotTheWholeSequence() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H), C).withLayers(2);
        int T = 60, k = 5;
        Batch batch = classification(T, B, I, C, ones(T * B), 11);
        try (SequenceModel m = model(cfg, 12); SequenceModel full = model(cfg, 12)) {
            new Tbptt(m, Adam.of(1e-3), TbpttConfig.of(k), List.of()).train(batch, false);
            full.forward(batch, true);
            for (int l = 0; l < 2; l++) {
                int S = m.layer(l).outputStride();
                assertEquals((k + 1) * B * S, m.layer(l).states().length, "layer " + l + ": [k+1, B, S]");
                assertEquals((T + 1) * B * S, full.layer(l).states().length, "full BPTT: [T+1, B, S]");
            }
        }
    }

    // ------------------------------------------------------------------ bad arguments

    @Test
    void configRejectsBadValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> TbpttConfig.of(0));
        assertTrue(e.getMessage().contains("truncation k1") && e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TbpttConfig.of(-3));
        assertTrue(e.getMessage().contains("truncation k1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TbpttConfig.of(10).withBackwardSteps(0));
        assertTrue(e.getMessage().contains("backwardSteps k2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TbpttConfig.of(10).withClipNorm(-1));
        assertTrue(e.getMessage().contains("clipNorm"), e.getMessage());
        assertEquals(new TbpttConfig(150, 150, 1.0), TbpttConfig.of(150));
    }

    @Test
    void rejectsContinuingWithAnotherBatchSize() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H), C);
        try (SequenceModel m = model(cfg, 13)) {
            Tbptt tbptt = new Tbptt(m, Adam.of(1e-3), TbpttConfig.of(2), List.of());
            tbptt.train(classification(4, B, I, C, ones(4 * B), 14), false);
            Batch wider = classification(4, B + 1, I, C, ones(4 * (B + 1)), 15);
            var e = assertThrows(IllegalArgumentException.class, () -> tbptt.train(wider, true));
            assertTrue(e.getMessage().contains("B=" + B) && e.getMessage().contains("B=" + (B + 1)), e.getMessage());
            assertEquals(2, tbptt.evaluate(wider, false).segments(), "a fresh start accepts any B (4 steps, k = 2)");
            assertThrows(NullPointerException.class, () -> tbptt.train(null, false));
            assertThrows(NullPointerException.class, () -> new Tbptt(m, null, TbpttConfig.of(2), List.of()));
        }
    }

    @Test
    void divergenceStopsBeforeTheUpdate() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H), C);
        try (SequenceModel m = model(cfg, 16)) {
            Batch batch = classification(4, B, I, C, ones(4 * B), 17);
            Arrays.fill(m.params(), 0, 1, Float.NaN);
            float[] before = m.params().clone();
            Tbptt tbptt = new Tbptt(m, Adam.of(1e-3), TbpttConfig.of(2), List.of());
            var e = assertThrows(TrainingDivergedException.class, () -> tbptt.train(batch, false));
            assertEquals(1, e.step());
            assertEquals(0, tbptt.updates());
            assertArrayEquals(before, m.params());
        }
    }
}
