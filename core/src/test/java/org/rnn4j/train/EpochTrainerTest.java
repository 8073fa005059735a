package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;

/** Epochs over a fixed data set: update counts, evaluation by hand, best-validation choice, bad arguments. */
class EpochTrainerTest {

    /** A toy fixed data set: the class is the sign pattern of the first input step (4 steps, 2 inputs, 2 classes). */
    static final class Toy implements EpochData {
        final float[][] x;
        final int[] y;
        final int train, valid, test;
        final List<String> calls = new ArrayList<>();

        Toy(int train, int valid, int test, long seed) {
            this.train = train;
            this.valid = valid;
            this.test = test;
            int n = train + valid + test;
            x = new float[n][8];
            y = new int[n];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 8; k++) x[i][k] = (float) r.nextDouble(-1, 1);
                y[i] = x[i][0] > 0 ? 1 : 0;
            }
        }

        private int base(Fold f) {
            return f == Fold.TRAIN ? 0 : f == Fold.VALID ? train : train + valid;
        }

        @Override
        public int size(Fold fold) {
            return fold == Fold.TRAIN ? train : fold == Fold.VALID ? valid : test;
        }

        @Override
        public int[] order(Fold fold, int epoch) {
            calls.add(fold + "" + epoch);
            int[] o = new int[size(fold)];
            for (int i = 0; i < o.length; i++) o[i] = (i + epoch) % o.length;   // a different order each epoch
            return o;
        }

        @Override
        public Batch batch(Fold fold, int[] order, int from, int count) {
            int T = 4, B = count;
            float[] xs = new float[T * B * 2], mask = new float[T * B];
            int[] labels = new int[T * B];
            for (int b = 0; b < B; b++) {
                int i = base(fold) + order[from + b];
                for (int t = 0; t < T; t++) {
                    xs[(t * B + b) * 2] = x[i][2 * t];
                    xs[(t * B + b) * 2 + 1] = x[i][2 * t + 1];
                }
                labels[(T - 1) * B + b] = y[i];
                mask[(T - 1) * B + b] = 1f;
            }
            return new Batch(T, B, 2, 2, xs, labels, null, mask);
        }

        @Override
        public String describe() {
            return "toy";
        }
    }

    private static SequenceModel model() {
        return new SequenceModel(ModelConfig.classifier(LstmConfig.of(2, 8), 2), new SplittableRandom(3), 1);
    }

    @Test
    void runsWholeBatchesPerEpochEvaluatesEveryExampleAndLearns() {
        Toy data = new Toy(103, 40, 30, 1);
        List<EpochTrainer.EpochResult> seen = new ArrayList<>();
        long[] steps = {0};
        try (SequenceModel m = model()) {
            EpochTrainer.Result r = new EpochTrainer(m, Adam.of(0.02), data, 10, 16, 1.0, List.of(new EpochTrainer.Listener() {
                @Override
                public void onStep(StepMetrics s) {
                    steps[0] = s.step();
                }

                @Override
                public void onEpoch(EpochTrainer.EpochResult e) {
                    seen.add(e);
                }
            })).run(6);
            assertEquals(6, r.epochs().size());
            assertEquals(6 * 10, steps[0], "⌊103 / 10⌋ = 10 updates per epoch");
            assertEquals(r.epochs(), seen);
            assertEquals(List.of("TRAIN1", "VALID1", "TEST1", "TRAIN2"), data.calls.subList(0, 4), "orders drawn in this order");
            EpochTrainer.EpochResult last = r.epochs().get(5);
            assertEquals(40, last.valid().examples());
            assertEquals(30, last.test().examples());
            assertTrue(last.valid().accuracy() > 0.8, "the toy task is learnable: " + last.valid());
            // the best epoch has the lowest validation loss
            for (EpochTrainer.EpochResult e : r.epochs()) assertTrue(r.best().valid().loss() <= e.valid().loss());
            // evaluation by hand: every test example once, mask-weighted
            EpochTrainer t = new EpochTrainer(m, Adam.of(0.02), data, 10, 7, 1.0, List.of());
            EpochTrainer.Eval ev = t.evaluate(EpochData.Fold.TEST, 9);
            int[] order = new int[30];
            for (int i = 0; i < 30; i++) order[i] = (i + 9) % 30;
            double loss = m.forward(data.batch(EpochData.Fold.TEST, order, 0, 30), false);
            double acc = m.lastAccuracy();
            assertEquals(loss, ev.loss(), 1e-5);
            assertEquals(acc, ev.accuracy(), 1e-9);
        }
    }

    /** Truncated BPTT per batch: with k ≥ T the same run bit for bit; with k < T evaluation equals the full forward. */
    @Test
    void truncationAtLeastTheSequenceIsFullBpttAndShorterSegmentsEvaluateTheSame() {
        Toy data = new Toy(40, 20, 10, 3);
        EpochTrainer.Result full, trunc;
        float[] pFull, pTrunc;
        try (SequenceModel m = model()) {
            full = new EpochTrainer(m, Adam.of(0.02), data, 10, 20, 1.0, List.of()).run(2);
            pFull = m.params().clone();
        }
        try (SequenceModel m = model()) {
            trunc = new EpochTrainer(m, Adam.of(0.02), data, 10, 20, 1.0, List.of()).truncation(4).run(2);
            pTrunc = m.params().clone();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(pFull, pTrunc, "k = T: the same updates");
        assertEquals(full.epochs().get(1).valid().loss(), trunc.epochs().get(1).valid().loss(), 1e-12);
        try (SequenceModel m = model()) {
            EpochTrainer plain = new EpochTrainer(m, Adam.of(0.02), data, 10, 20, 1.0, List.of());
            plain.run(1);
            EpochTrainer.Eval a = plain.evaluate(EpochData.Fold.TEST, 5);
            EpochTrainer.Eval b = new EpochTrainer(m, Adam.of(0.02), data, 10, 20, 1.0, List.of()).truncation(1)
                    .evaluate(EpochData.Fold.TEST, 5);
            assertEquals(a.loss(), b.loss(), 1e-6 * Math.abs(a.loss()), "segments of 1 step, state carried");
            assertEquals(a.accuracy(), b.accuracy(), 1e-12);
            // and training with k = 2 < T makes one update per batch (the loss is at the last step only)
            long[] steps = {0};
            new EpochTrainer(m, Adam.of(0.02), data, 10, 20, 1.0, List.of(new EpochTrainer.Listener() {
                @Override
                public void onStep(StepMetrics s) {
                    steps[0]++;
                }
            })).truncation(2).run(1);
            assertEquals(4, steps[0], "⌊40 / 10⌋ batches, one update each");
        }
    }

    /** k1 = the whole sequence, k2 = W: k2 ≥ T is full BPTT bit for bit; W < T back-propagates the last W steps only. */
    @Test
    void wholeSequenceSegmentsBackPropagateTheLastK2Steps() {
        Toy data = new Toy(40, 20, 10, 3);
        float[] pFull, pAll, pLast;
        try (SequenceModel m = model()) {
            new EpochTrainer(m, Adam.of(0.02), data, 10, 20, 1.0, List.of()).run(1);
            pFull = m.params().clone();
        }
        try (SequenceModel m = model()) {
            new EpochTrainer(m, Adam.of(0.02), data, 10, 20, 1.0, List.of()).truncation(EpochTrainer.WHOLE_SEQUENCE, 4).run(1);
            pAll = m.params().clone();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(pFull, pAll, "k2 = T: full BPTT");
        long[] steps = {0};
        try (SequenceModel m = model()) {
            new EpochTrainer(m, Adam.of(0.02), data, 10, 20, 1.0, List.of(new EpochTrainer.Listener() {
                @Override
                public void onStep(StepMetrics s) {
                    steps[0]++;
                }
            })).truncation(EpochTrainer.WHOLE_SEQUENCE, 2).run(1);
            pLast = m.params().clone();
        }
        assertEquals(4, steps[0], "one update per batch");
        assertTrue(!java.util.Arrays.equals(pFull, pLast), "the gradient of the last 2 steps differs from full BPTT's");
    }

    @Test
    void badArgumentsAreRefused() {
        try (SequenceModel m = model()) {
            Toy data = new Toy(5, 2, 2, 1);
            var e = assertThrows(IllegalArgumentException.class, () -> new EpochTrainer(m, Adam.of(0.01), data, 10, 4, 1, List.of()));
            assertTrue(e.getMessage().contains("fewer than one batch of 10"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new EpochTrainer(m, Adam.of(0.01), data, 0, 4, 1, List.of()));
            var t = new EpochTrainer(m, Adam.of(0.01), data, 2, 4, 1, List.of());
            e = assertThrows(IllegalArgumentException.class, () -> t.run(0));
            assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        }
    }
}
