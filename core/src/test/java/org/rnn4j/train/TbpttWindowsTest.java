package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.train.SequenceModelTest.classification;
import static org.rnn4j.train.SequenceModelTest.model;
import static org.rnn4j.train.SequenceModelTest.regressionAtLastStep;
import static org.rnn4j.train.TbpttTest.ones;
import static org.rnn4j.train.TbpttTest.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.GaussianLstmConfig;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Sgd;

/**
 * Truncated BPTT(k1, k2) with k2 ≠ k1: k2 &lt; k1 against a hand-built inference prefix plus a
 * training window (bit for bit), k2 &gt; k1 with the parameters held fixed (each update's
 * parameters put back by a listener, so "learning rate 0") against full BPTT and against
 * hand-built windows, and the time-gated g-LSTM's step index in the recomputed windows.
 */
class TbpttWindowsTest {
    static final int I = 3, H = 5, C = 4, B = 2;

    /** Records each update's loss and gradient, then puts the parameters back: the parameters stay fixed. */
    static final class Frozen implements TrainListener {
        final SequenceModel model;
        final float[] initial;
        final List<Double> losses = new ArrayList<>();
        final List<float[]> grads = new ArrayList<>();

        Frozen(SequenceModel model) {
            this.model = model;
            this.initial = model.params().clone();
        }

        @Override
        public void onStep(StepMetrics m) {
            losses.add(m.loss());
            grads.add(model.grads().clone());
            System.arraycopy(initial, 0, model.params(), 0, initial.length);
        }
    }

    /** Steps [t0, t0 + n) of {@code b}, with the mask of the first {@code noLoss} of them set to 0. */
    static Batch window(Batch b, int t0, int n, int noLoss) {
        Batch w = steps(b, t0, n);
        Arrays.fill(w.mask(), 0, noLoss * b.batchSize(), 0f);
        return w;
    }

    /** A mask with some steps and rows without loss. */
    static float[] patchyMask(int T) {
        float[] mask = ones(T * B);
        mask[2 * B] = 0f;
        mask[5 * B + 1] = 0f;
        return mask;
    }

    // ------------------------------------------------------------------ k2 < k1

    /** One segment (k1 ≥ T), k2 = W: the update is a Trainer step on the last W steps from the state an inference prefix left. */
    @Test
    void oneSegmentBackPropagatesOnlyTheLastW() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H), C).withLayers(2);
        int T = 11, W = 4;
        Batch batch = classification(T, B, I, C, patchyMask(T), 3);
        try (SequenceModel m = model(cfg, 1); SequenceModel hand = model(cfg, 1); SequenceModel ref = model(cfg, 1)) {
            double fullLoss = ref.forward(batch, false);
            double fullAccuracy = ref.lastAccuracy();
            Tbptt tbptt = new Tbptt(m, Adam.of(1e-2), TbpttConfig.of(T, W).withClipNorm(0.5), List.of());
            Tbptt.Pass pass = tbptt.train(batch, false);
            assertEquals(1, pass.segments());
            assertEquals(1, pass.updates());

            hand.forward(steps(batch, 0, T - W), false, false);            // the prefix: inference
            double loss = hand.forward(steps(batch, T - W, W), true, true);  // the window: training from there
            Trainer.update(hand, Adam.of(1e-2), loss, 0.5, 1);
            assertArrayEquals(hand.params(), m.params(), "bit for bit");
            assertFalse(Arrays.equals(ref.params(), m.params()), "an update was made");
            for (int l = 0; l < 2; l++) assertArrayEquals(hand.carriedState(l), m.carriedState(l), "state carried on, layer " + l);

            // the reported loss counts the prefix's losses (taken before the update): the full pass's
            assertEquals(fullLoss, pass.loss(), 1e-12 * fullLoss);
            assertEquals(fullAccuracy, pass.accuracy(), 1e-12);
            double windowOnly = ref.forward(window(batch, 0, T, T - W), false);
            assertTrue(Math.abs(windowOnly - pass.loss()) > 1e-4, "the prefix's losses change the reported loss");
        }
    }

    /** Several segments: each is an inference prefix in chunks of ≤ k2 steps plus a training window; buffers hold k2 steps. */
    @Test
    void everySegmentBackPropagatesItsLastK2Steps() {
        ModelConfig cfg = ModelConfig.classifier(GruConfig.of(I, H), C).withLayers(2);
        int T = 17, k1 = 7, k2 = 3;
        Batch batch = classification(T, B, I, C, patchyMask(T), 5);
        try (SequenceModel m = model(cfg, 2); SequenceModel hand = model(cfg, 2)) {
            Tbptt.Pass pass = new Tbptt(m, Sgd.of(0.3), TbpttConfig.of(k1, k2), List.of()).train(batch, false);
            assertEquals(3, pass.segments());
            assertEquals(3, pass.updates());
            Sgd sgd = Sgd.of(0.3);
            double lossSum = 0, maskSum = 0;
            long step = 0;
            for (int t0 = 0; t0 < T; t0 += k1) {
                int n = Math.min(k1, T - t0), w = Math.min(k2, n), w0 = t0 + n - w;
                for (int c0 = t0; c0 < w0; c0 += k2) {
                    Batch chunk = steps(batch, c0, Math.min(k2, w0 - c0));
                    double l = hand.forward(chunk, false, c0 > 0);
                    lossSum += l * chunk.maskSum();
                    maskSum += chunk.maskSum();
                }
                Batch last = steps(batch, w0, w);
                double l = hand.forward(last, true, w0 > 0);
                Trainer.update(hand, sgd, l, 1.0, ++step);
                lossSum += l * last.maskSum();
                maskSum += last.maskSum();
            }
            assertArrayEquals(hand.params(), m.params(), "bit for bit");
            assertEquals(lossSum / maskSum, pass.loss(), 1e-12);
            for (int l = 0; l < 2; l++) {
                int S = m.layer(l).outputStride();
                assertEquals((k2 + 1) * B * S, m.layer(l).states().length, "layer " + l + ": [k2+1, B, S]");
            }
        }
    }

    /** Loss at the last step only (Truncate-W); and a window without loss while the prefix has some: no update. */
    @Test
    void lossOnlyAtTheEndAndWindowsWithoutLoss() {
        ModelConfig cfg = ModelConfig.regressor(LstmConfig.of(I, H), C);
        int T = 9, W = 3;
        Batch batch = regressionAtLastStep(T, B, I, C, 7);
        try (SequenceModel m = model(cfg, 3); SequenceModel hand = model(cfg, 3)) {
            Tbptt.Pass pass = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(T, W), List.of()).train(batch, false);
            assertEquals(1, pass.updates());
            hand.forward(steps(batch, 0, T - W), false, false);
            Trainer.update(hand, Sgd.of(0.1), hand.forward(steps(batch, T - W, W), true, true), 1.0, 1);
            assertArrayEquals(hand.params(), m.params());
        }
        float[] early = new float[T * B];
        Arrays.fill(early, 0, 2 * B, 1f);                                   // loss at steps 0, 1 only
        Batch prefixOnly = classification(T, B, I, C, early, 8);
        ModelConfig cc = ModelConfig.classifier(LstmConfig.of(I, H), C);
        try (SequenceModel m = model(cc, 4); SequenceModel ref = model(cc, 4)) {
            Tbptt tbptt = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(T, W), List.of());
            Tbptt.Pass pass = tbptt.train(prefixOnly, false);
            assertEquals(0, pass.updates());
            assertEquals(0, tbptt.updates());
            assertArrayEquals(ref.params(), m.params(), "no update");
            assertEquals(ref.forward(prefixOnly, false), pass.loss(), 1e-12, "the prefix's loss is reported");
        }
    }

    // ------------------------------------------------------------------ k2 > k1

    /** k2 ≥ T, parameters fixed: Σ_s m_s·g_s = (Σ_s m_s)·g_full, and the losses and the carried state are the full pass's. */
    @Test
    void overlappingWindowsReachingStepZeroSumToTheFullGradient() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H), C).withLayers(2);
        int T = 10, k1 = 3, k2 = 12;
        float[] mask = patchyMask(T);
        Batch batch = classification(T, B, I, C, mask, 9);
        try (SequenceModel m = model(cfg, 5); SequenceModel full = model(cfg, 5)) {
            Frozen rec = new Frozen(m);
            Tbptt.Pass pass = new Tbptt(m, Adam.of(1e-2), TbpttConfig.of(k1, k2).withClipNorm(0), List.of(rec)).train(batch, false);
            assertEquals(4, pass.updates());
            int n = m.parameterCount();
            double[] sum = new double[n];
            double maskSum = 0;
            for (int s = 0; s < 4; s++) {
                double ms = steps(batch, s * k1, Math.min(k1, T - s * k1)).maskSum();
                maskSum += ms;
                for (int i = 0; i < n; i++) sum[i] += ms * rec.grads.get(s)[i];
            }
            double loss = full.forward(batch, true);
            full.zeroGrads();
            full.backward();
            assertEquals(loss, pass.loss(), 1e-12 * loss);
            double d = 0, g = 0;
            for (int i = 0; i < n; i++) {
                double e = maskSum * full.grads()[i];
                d += (sum[i] - e) * (sum[i] - e);
                g += e * e;
            }
            assertTrue(Math.sqrt(d / g) < 1e-5, "relative difference " + Math.sqrt(d / g));
            for (int l = 0; l < 2; l++) assertArrayEquals(full.carriedState(l), m.carriedState(l), "the state at T, layer " + l);
        }
    }

    /** k1 &lt; k2 &lt; T, parameters fixed: each update's gradient is that of its hand-built window [max(end − k2, 0), end). */
    @Test
    void eachWindowIsTheSegmentsLossBackPropagatedK2Steps() {
        ModelConfig cfg = ModelConfig.classifier(GruConfig.of(I, H), C).withLayers(2);
        int T = 10, k1 = 3, k2 = 5;
        Batch batch = classification(T, B, I, C, patchyMask(T), 10);
        try (SequenceModel m = model(cfg, 6); SequenceModel hand = model(cfg, 6)) {
            Frozen rec = new Frozen(m);
            new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(k1, k2).withClipNorm(0), List.of(rec)).train(batch, false);
            assertEquals(4, rec.grads.size());
            double[] diffK1 = new double[1];
            for (int s = 0; s < 4; s++) {
                int t0 = s * k1, end = Math.min(t0 + k1, T), w0 = Math.max(end - k2, 0);
                if (w0 > 0) hand.forward(steps(batch, 0, w0), false, false);
                double l = hand.forward(window(batch, w0, end - w0, t0 - w0), true, w0 > 0);
                hand.zeroGrads();
                hand.backward();
                assertEquals(l, rec.losses.get(s), 1e-6 * l, "segment " + s);
                assertArrayEquals(hand.grads(), rec.grads.get(s), 1e-6f, "segment " + s);
                // the window reaches into the earlier segment: another gradient than k2 = k1's
                if (w0 < t0) {
                    hand.forward(steps(batch, 0, t0), false, false);
                    hand.forward(steps(batch, t0, end - t0), true, true);
                    hand.zeroGrads();
                    hand.backward();
                    for (int i = 0; i < hand.parameterCount(); i++) {
                        diffK1[0] = Math.max(diffK1[0], Math.abs(hand.grads()[i] - rec.grads.get(s)[i]));
                    }
                }
            }
            assertTrue(diffK1[0] > 1e-4, "k2 > k1 changes the gradient: " + diffK1[0]);
        }
    }

    /** The g-LSTM's step index in the recomputed windows: at fixed parameters each window's loss is that of the plain forward. */
    @Test
    void timeGatedWindowsStartAtTheRightStepIndex() {
        int T = 11, k1 = 2, k2 = 5;
        ModelConfig cfg = ModelConfig.classifier(GaussianLstmConfig.of(I, H, T).withWidthInit(0.2), C).withLayers(2);
        Batch batch = classification(T, B, I, C, ones(T * B), 11);
        try (SequenceModel m = model(cfg, 7); SequenceModel ref = model(cfg, 7)) {
            Frozen rec = new Frozen(m);
            Tbptt.Pass pass = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(k1, k2), List.of(rec)).train(batch, false);
            double full = ref.forward(batch, false);
            assertEquals(full, pass.loss(), 1e-12 * full);
            for (int s = 0, t0 = 0; t0 < T; s++, t0 += k1) {
                float[] only = new float[T * B];
                int end = Math.min(t0 + k1, T);
                Arrays.fill(only, t0 * B, end * B, 1f);
                double segment = ref.forward(new Batch(T, B, I, C, batch.x(), batch.labels(), null, only), false);
                assertEquals(segment, rec.losses.get(s), 1e-6 * segment, "segment " + s);
            }
            // a second call continuing the state: the windows start at the call's step 0 and count on
            Batch second = classification(6, B, I, C, ones(6 * B), 12);
            Tbptt.Pass next = new Tbptt(m, Sgd.of(0.1), TbpttConfig.of(k1, k2), List.of(rec)).train(second, true);
            double cont = ref.forward(second, false, true);
            assertEquals(cont, next.loss(), 1e-12 * cont);
        }
    }

    // ------------------------------------------------------------------ the API

    @Test
    void configAcceptsK2OtherThanK1() {
        assertEquals(new TbpttConfig(10, 20, 1.0), TbpttConfig.of(10, 20));
        assertEquals(new TbpttConfig(10, 5, 1.0), TbpttConfig.of(10).withBackwardSteps(5));
        var e = assertThrows(IllegalArgumentException.class, () -> TbpttConfig.of(10, 0));
        assertTrue(e.getMessage().contains("backwardSteps k2") && e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TbpttConfig.of(10, -2));
        assertTrue(e.getMessage().contains("backwardSteps k2"), e.getMessage());
    }

    @Test
    void carryFromTakesAStateInsideTheLastPass() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H), C);
        Batch batch = classification(6, B, I, C, ones(6 * B), 13);
        try (SequenceModel m = model(cfg, 8); SequenceModel ref = model(cfg, 8)) {
            assertThrows(IllegalStateException.class, () -> m.carryFrom(0));
            m.forward(batch, false);
            ref.forward(steps(batch, 0, 4), false);
            m.carryFrom(4);
            assertArrayEquals(ref.carriedState(0), m.carriedState(0));
            var e = assertThrows(IllegalArgumentException.class, () -> m.carryFrom(7));
            assertTrue(e.getMessage().contains("steps"), e.getMessage());
            m.resetState();
            assertThrows(IllegalStateException.class, () -> m.carryFrom(2));
        }
    }
}
