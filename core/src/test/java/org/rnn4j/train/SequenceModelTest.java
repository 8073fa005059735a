package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.ElmanConfig;
import org.rnn4j.cell.GateFunction;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.JanetConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.cell.NruConfig;
import org.rnn4j.cell.SruConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.loss.MaskedCrossEntropy;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Clip;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.testing.GradCheck;

/**
 * Whole-model gradient checks use {@link GradCheck#model}: central differences (ε = 1e-2, fourth
 * order) of the float32 forward pass with the loss in double, against backward, for every parameter
 * of every layer and the readout. Tolerance 5e-3 relative (float32 agreement is about 1e-3; a wrong
 * derivative is O(1)).
 */
class SequenceModelTest {
    static final int I = 3, H = 5, C = 4, B = 2, T = 4;
    static final double EPS = 1e-2, TOL = 5e-3;

    static float[] uniform(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }

    /** A classification batch {@code x [T, B, I]} with random labels in [0, C) and the given mask. */
    static Batch classification(int steps, int batch, int inputs, int classes, float[] mask, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] labels = new int[steps * batch];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(classes);
        return new Batch(steps, batch, inputs, classes, uniform(rng, steps * batch * inputs), labels, null, mask);
    }

    /** A regression batch whose loss sits at the last step only. */
    static Batch regressionAtLastStep(int steps, int batch, int inputs, int outputs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] mask = new float[steps * batch];
        Arrays.fill(mask, (steps - 1) * batch, steps * batch, 1f);
        return new Batch(steps, batch, inputs, outputs, uniform(rng, steps * batch * inputs), null,
                uniform(rng, steps * batch * outputs), mask);
    }

    static SequenceModel model(ModelConfig cfg, long seed) {
        return new SequenceModel(cfg, new SplittableRandom(seed), 1);
    }

    // ------------------------------------------------------------------ gradients

    /** Steps 0 and 2 carry no loss at all (the readout runs on selected steps only). */
    @Test
    void parameterCountWithoutBuildingMatchesTheBuiltModelAndThePapersSizes() {
        // The NRU paper's copy-task models (nru-chrono.md §1.5): one-hot 10 in, 9 classes out.
        ModelConfig lstm = ModelConfig.classifier(LstmConfig.of(10, 70).withPeepholes(true), 9);
        ModelConfig janet = ModelConfig.classifier(JanetConfig.of(10, 101), 9);
        ModelConfig rnn = ModelConfig.classifier(ElmanConfig.of(10, 143).withLayerNorm(true), 9);
        assertEquals(23_529, SequenceModel.parameterCount(lstm));
        assertEquals(23_542, SequenceModel.parameterCount(janet));
        assertEquals(23_604, SequenceModel.parameterCount(rnn));
        ModelConfig deep = ModelConfig.classifier(GruConfig.of(3, 5), 4).withLayers(3);
        try (SequenceModel m = new SequenceModel(deep, new SplittableRandom(1), 1)) {
            assertEquals(m.parameterCount(), SequenceModel.parameterCount(deep));
        }
    }

    @Test
    void parameterCountDoesNotOverflowForHugeHiddenSizes() {
        // 4H(I+H) + 4H + 3H peepholes + readout 9H + 9, with H = 100000: about 4e10, beyond int.
        ModelConfig lstm = ModelConfig.classifier(LstmConfig.of(10, 100_000).withPeepholes(true), 9);
        assertEquals(40_005_600_009L, SequenceModel.parameterCount(lstm));
    }

    @Test
    void twoLayerLstmCrossEntropyWithFullyMaskedStepsMatchesFiniteDifferences() {
        float[] mask = {0, 0, 1, 0.5f, 0, 0, 1, 1};
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C).withLayers(2), 1)) {
            GradCheck.model(m, classification(T, B, I, C, mask, 2), EPS).assertMaxRelError(TOL);
        }
    }

    /** Every step carries some loss (the readout runs on all T·B rows), a few rows masked. */
    @Test
    void twoLayerLstmCrossEntropyWithPartlyMaskedStepsMatchesFiniteDifferences() {
        float[] mask = {1, 0, 0, 1, 1, 1, 2, 0};
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H).withPeepholes(true), C).withLayers(2), 3)) {
            GradCheck.model(m, classification(T, B, I, C, mask, 4), EPS).assertMaxRelError(TOL);
        }
    }

    @Test
    void gruMseAtTheLastStepOnlyMatchesFiniteDifferences() {
        try (SequenceModel m = model(ModelConfig.regressor(GruConfig.of(I, H), 2).withLayers(2), 5)) {
            GradCheck.model(m, regressionAtLastStep(T, B, I, 2, 6), EPS).assertMaxRelError(TOL);
        }
    }

    @Test
    void elmanCrossEntropyMatchesFiniteDifferences() {
        float[] mask = new float[T * B];
        Arrays.fill(mask, 1f);
        try (SequenceModel m = model(ModelConfig.classifier(ElmanConfig.of(I, H), C), 7)) {
            GradCheck.model(m, classification(T, B, I, C, mask, 8), EPS).assertMaxRelError(TOL);
        }
        try (SequenceModel m = model(ModelConfig.classifier(ElmanConfig.of(I, H).withLayerNorm(true), C).withLayers(2), 9)) {
            GradCheck.model(m, classification(T, B, I, C, mask, 10), EPS).assertMaxRelError(TOL);
        }
    }

    @Test
    void janetMseAtEveryStepMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        float[] mask = new float[T * B];
        Arrays.fill(mask, 1f);
        Batch batch = new Batch(T, B, I, 2, uniform(rng, T * B * I), null, uniform(rng, T * B * 2), mask);
        try (SequenceModel m = model(ModelConfig.regressor(JanetConfig.of(I, H).withBeta(1.0), 2).withLayers(2), 12)) {
            GradCheck.model(m, batch, EPS).assertMaxRelError(TOL);
        }
    }

    // ------------------------------------------------------------------ forward semantics

    /** The loss is the mask-weighted cross-entropy of {@link SequenceModel#lastOutputs()} at the steps with loss. */
    @Test
    void lossIsTheMaskedCrossEntropyOfTheReadoutAtStepsWithLoss() {
        float[] mask = {0, 0, 1, 0.5f, 0, 0, 0, 2};                      // steps 1 and 3 carry loss
        Batch batch = classification(T, B, I, C, mask, 13);
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C), 14)) {
            double loss = m.forward(batch, false);
            float[] y = m.lastOutputs();
            assertEquals(2 * B * C, y.length, "readout rows: 2 steps × B");
            int[] steps = {1, 3};
            double sum = 0, hits = 0;
            for (int k = 0; k < 2; k++) {
                int t = steps[k];
                float[] dy = new float[B * C];
                sum += new MaskedCrossEntropy().forwardBackward(y, k * B * C, B, C, batch.labels(), t * B, null, 0,
                        mask, t * B, 1, dy, 0);
                hits += MaskedCrossEntropy.correct(y, k * B * C, B, C, batch.labels(), t * B, mask, t * B);
            }
            assertEquals(sum / 3.5, loss, 1e-12);
            assertEquals(hits / 3.5, m.lastAccuracy(), 1e-12);
        }
    }

    @Test
    void labelsAndInputsAfterTheLastLossStepDoNotMatter() {
        float[] mask = {1, 1, 0, 1, 0, 0, 0, 0};
        Batch a = classification(T, B, I, C, mask, 15);
        int[] labels = a.labels().clone();
        float[] x = a.x().clone();
        for (int i = 2 * B; i < T * B; i++) labels[i] = -7;                   // masked: any label is allowed
        for (int i = 2 * B * I; i < x.length; i++) x[i] = 100f;
        labels[2] = -1;                                                       // step 1, example 0 is masked
        Batch b = new Batch(T, B, I, C, x, labels, null, mask);
        try (SequenceModel m = model(ModelConfig.classifier(GruConfig.of(I, H), C), 16)) {
            m.forward(a, true);
            m.zeroGrads();
            m.backward();
            float[] ga = m.grads().clone();
            double la = m.forward(a, false);
            double lb = m.forward(b, true);
            m.zeroGrads();
            m.backward();
            assertEquals(la, lb, 0.0);
            assertArrayEquals(ga, m.grads(), 0f);
        }
    }

    @Test
    void regressionHasNoAccuracy() {
        try (SequenceModel m = model(ModelConfig.regressor(GruConfig.of(I, H), 2), 17)) {
            m.forward(regressionAtLastStep(T, B, I, 2, 18), false);
            assertTrue(Double.isNaN(m.lastAccuracy()));
        }
    }

    @Test
    void layoutNamesEveryBlockInOrder() {
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C).withLayers(2), 1)) {
            var names = m.layout().blocks().stream().map(blk -> blk.name()).toList();
            assertEquals(java.util.List.of("layer0.Wx", "layer0.bx", "layer0.Wh", "layer1.Wx", "layer1.bx", "layer1.Wh",
                    "readout.W", "readout.b"), names);
            assertArrayEquals(new int[] {4 * H, I}, m.layout().block("layer0.Wx").spec().shape());
            assertArrayEquals(new int[] {4 * H, H}, m.layout().block("layer1.Wx").spec().shape());
            int expected = 2 * (4 * H * H + 4 * H) + 4 * H * I + 4 * H * H + C * H + C;
            assertEquals(expected, m.parameterCount());
            assertEquals(expected, m.params().length);
            assertEquals(expected, m.grads().length);
        }
    }

    /** Buffers grown for a longer, wider batch are reused for a shorter one without leaking into it. */
    @Test
    void changingBatchShapesGivesTheSameResultAsAFreshModel() {
        ModelConfig cfg = ModelConfig.classifier(GruConfig.of(I, H), C).withLayers(2);
        float[] longMask = new float[9 * 3];
        Arrays.fill(longMask, 1f);
        float[] mask = {0, 1, 1, 1, 0, 0, 1, 0};
        Batch small = classification(T, B, I, C, mask, 41);
        try (SequenceModel used = model(cfg, 40); SequenceModel fresh = model(cfg, 40)) {
            used.forward(classification(9, 3, I, C, longMask, 42), true);
            used.backward();
            used.zeroGrads();
            double lu = used.forward(small, true);
            used.backward();
            double lf = fresh.forward(small, true);
            fresh.backward();
            assertEquals(lf, lu, 0.0);
            assertArrayEquals(fresh.lastOutputs(), used.lastOutputs(), 0f);
            assertArrayEquals(fresh.grads(), used.grads(), 0f);
        }
    }

    // ------------------------------------------------------------------ carried state (truncated BPTT)

    /**
     * A sequence run in three pieces with the state carried gives, bit for bit, the outputs and final
     * states of one pass over the whole sequence (a wide input, I = 20, goes through the GEMM path).
     */
    @Test
    void carriedStateContinuesTheSequenceBitForBit() {
        int steps = 7;
        for (int in : new int[] {I, 20}) {
            ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(in, H).withPeepholes(true), C).withLayers(2);
            float[] mask = new float[steps * B];
            Arrays.fill(mask, 1f);
            Batch whole = classification(steps, B, in, C, mask, 50);
            try (SequenceModel full = model(cfg, 51); SequenceModel parts = model(cfg, 51)) {
                full.forward(whole, false);
                float[] y = full.lastOutputs();
                int[][] pieces = {{0, 3}, {3, 3}, {6, 1}};
                for (int[] p : pieces) {
                    parts.forward(TbpttTest.steps(whole, p[0], p[1]), true, p[0] > 0);
                    assertArrayEquals(Arrays.copyOfRange(y, p[0] * B * C, (p[0] + p[1]) * B * C), parts.lastOutputs(),
                            "I=" + in + ", steps from " + p[0]);
                }
                for (int l = 0; l < 2; l++) {
                    assertArrayEquals(full.carriedState(l), parts.carriedState(l));
                    RecurrentLayer top = full.layer(l);
                    int n = B * top.outputStride();
                    assertArrayEquals(Arrays.copyOfRange(top.states(), top.stateOffset(steps), top.stateOffset(steps) + n),
                            full.carriedState(l), "the carried state is the final state");
                }
            }
        }
    }

    /** Without carrying, or after resetState, a piece starts from zeros: as in a fresh model. */
    @Test
    void withoutCarryingOrAfterResetAPassStartsFromZeros() {
        ModelConfig cfg = ModelConfig.classifier(GruConfig.of(I, H), C).withLayers(2);
        float[] mask = new float[T * B];
        Arrays.fill(mask, 1f);
        Batch a = classification(T, B, I, C, mask, 52), b = classification(T, B, I, C, mask, 53);
        try (SequenceModel m = model(cfg, 54); SequenceModel fresh = model(cfg, 54)) {
            double lf = fresh.forward(b, false, true);                       // nothing carried yet: zeros
            m.forward(a, false);
            double carried = m.forward(b, false, true);
            assertNotEquals(lf, carried, "the carried state changes the loss: the checks below can fail");
            m.forward(a, false);
            assertEquals(lf, m.forward(b, false, false), 0.0);
            m.forward(a, false);
            assertEquals(B, m.carriedBatchSize());
            m.resetState();
            assertEquals(0, m.carriedBatchSize());
            assertEquals(lf, m.forward(b, false, true), 0.0);
        }
    }

    /**
     * The carried state enters as a constant: after a carrying pass, backward gives the gradient of
     * that pass's loss with the state held fixed (central differences that rerun the previous pass
     * with the original parameters), for two LSTM layers whose state has both h and c.
     */
    @Test
    void backwardTreatsTheCarriedStateAsAConstant() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H), C).withLayers(2);
        float[] mask = new float[T * B];
        Arrays.fill(mask, 1f);
        Batch a = classification(T, B, I, C, mask, 55), b = classification(T, B, I, C, mask, 56);
        try (SequenceModel m = model(cfg, 57)) {
            float[] w = m.params(), w0 = w.clone(), perturbed = new float[w.length];
            m.forward(a, true);
            m.forward(b, true, true);
            m.zeroGrads();
            m.backward();
            float[] g = m.grads().clone();
            GradCheck.function(w, g, EPS, () -> {
                System.arraycopy(w, 0, perturbed, 0, w.length);
                System.arraycopy(w0, 0, w, 0, w.length);
                m.forward(a, false);
                System.arraycopy(perturbed, 0, w, 0, w.length);
                return m.forward(b, false, true);
            }).assertMaxRelError(TOL);
            m.forward(b, true);
            m.zeroGrads();
            m.backward();
            assertTrue(TbpttTest.relativeDistance(m.grads(), g) > 0.01, "from zeros the gradient differs: the check can fail");
        }
    }

    @Test
    void rejectsCarryingIntoAnotherBatchSize() {
        float[] mask2 = new float[T * B], mask3 = new float[T * (B + 1)];
        Arrays.fill(mask2, 1f);
        Arrays.fill(mask3, 1f);
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C), 1)) {
            m.forward(classification(T, B, I, C, mask2, 1), true);
            Batch wider = classification(T, B + 1, I, C, mask3, 2);
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(wider, true, true));
            assertTrue(e.getMessage().contains("B=" + B) && e.getMessage().contains("B=" + (B + 1))
                    && e.getMessage().contains("resetState()"), e.getMessage());
            assertEquals(B, m.carriedBatchSize(), "a refused pass leaves the carried state alone");
            m.forward(wider, false, false);                                  // a fresh start accepts any B
            assertEquals(B + 1, m.carriedBatchSize());
            m.resetState();
            m.forward(classification(T, B, I, C, mask2, 1), false, true);
            assertEquals(B, m.carriedBatchSize());
        }
    }

    @Test
    void carriedStateNeedsAPass() {
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C), 1)) {
            var e = assertThrows(IllegalStateException.class, () -> m.carriedState(0));
            assertTrue(e.getMessage().contains("no state is carried"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.carriedState(1));
        }
    }

    /** An all-zero mask is allowed for inference: no loss (NaN), but the state moves on. */
    @Test
    void aPassWithoutLossAdvancesTheStateForInferenceOnly() {
        float[] ones = new float[T * B];
        Arrays.fill(ones, 1f);
        Batch a = classification(T, B, I, C, ones, 58);
        Batch noLoss = new Batch(T, B, I, C, a.x(), a.labels(), null, new float[T * B]);
        try (SequenceModel m = model(ModelConfig.classifier(GruConfig.of(I, H), C), 59)) {
            m.forward(a, false);
            float[] expected = m.carriedState(0);
            m.resetState();
            assertTrue(Double.isNaN(m.forward(noLoss, false, true)));
            assertEquals(0, m.lastOutputs().length);
            assertArrayEquals(expected, m.carriedState(0));
            assertThrows(IllegalArgumentException.class, () -> m.forward(noLoss, true, true));
        }
    }

    // ------------------------------------------------------------------ determinism

    /** Five Adam steps on fresh batches (clip 1.0), returning the loss sequence and the final parameters. */
    static double[] train(ModelConfig cfg, long seed, int threads, int steps, int batchSize, float[][] finalParams) {
        return train(cfg, seed, threads, Compute.StepSplit.AUTO, steps, batchSize, finalParams, new long[1]);
    }

    /** Like the above with the engine's step split; {@code shardedCalls[0]} gets the engine's {@link Compute#shardedCalls()}. */
    static double[] train(ModelConfig cfg, long seed, int threads, Compute.StepSplit split, int steps, int batchSize,
                          float[][] finalParams, long[] shardedCalls) {
        try (SequenceModel m = new SequenceModel(cfg, new SplittableRandom(seed), threads)) {
            m.compute().stepSplit(split);
            Optimizer opt = Adam.of(1e-2);
            SplittableRandom data = new SplittableRandom(seed + 1);
            double[] losses = new double[5];
            int inputs = cfg.cell().inputSize();
            for (int step = 1; step <= 5; step++) {
                float[] mask = new float[steps * batchSize];
                Arrays.fill(mask, 1f);
                Batch batch = classification(steps, batchSize, inputs, cfg.outputSize(), mask, data.nextLong());
                losses[step - 1] = m.forward(batch, true);
                m.zeroGrads();
                m.backward();
                Clip.globalNorm(m.grads(), 1.0);
                opt.update(m.params(), m.grads(), step);
            }
            if (finalParams != null) finalParams[0] = m.params().clone();
            shardedCalls[0] = m.compute().shardedCalls();
            return losses;
        }
    }

    @Test
    void sameSeedGivesIdenticalLossSequence() {
        ModelConfig cfg = ModelConfig.classifier(LstmConfig.of(I, H), C).withLayers(2);
        double[] a = train(cfg, 21, 1, T, B, null), b = train(cfg, 21, 1, T, B, null);
        assertArrayEquals(a, b, 0.0);
        assertTrue(a[4] != a[0], "the loss must move: " + Arrays.toString(a));
        assertNotEquals(a[0], train(cfg, 22, 1, T, B, null)[0], "another seed, another run");
    }

    /**
     * Shapes large enough that {@code Compute} splits the input-projection, recurrent and weight-gradient
     * GEMMs over both threads (≥ 2^18 flops); the split never changes any element's float operations.
     */
    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        int in = 16, hidden = 64, steps = 20, batch = 8;
        for (ModelConfig cfg : new ModelConfig[] {
                ModelConfig.classifier(LstmConfig.of(in, hidden), 10).withLayers(2),
                ModelConfig.classifier(GruConfig.of(in, hidden), 10),
                ModelConfig.classifier(GruConfig.of(in, 352), 10),              // B·3H ≥ 8192: rows split over threads
                ModelConfig.classifier(GruConfig.of(in, hidden).withResetAfter(false), 10),
                // the fast forget/update gate: its transform runs in the row bodies split over the threads
                ModelConfig.classifier(GruConfig.of(in, 352).withForgetGate(GateFunction.FAST), 10),
                ModelConfig.classifier(GruConfig.of(in, hidden).withResetAfter(false).withForgetGate(GateFunction.FAST), 10),
                ModelConfig.classifier(JanetConfig.of(in, hidden).withBeta(1).withForgetGate(GateFunction.FAST), 10),
                ModelConfig.classifier(SruConfig.of(in, hidden), 10).withLayers(2),
                ModelConfig.classifier(org.rnn4j.cell.NruConfig.of(in, hidden), 10).withLayers(2),
                ModelConfig.classifier(org.rnn4j.cell.NruConfig.paper(in, hidden, 64, 4), 10),
                // B·(k₁+k₂)·M = 8·8·256 ≥ 8192: the NRU's head work is split over the threads by rows
                ModelConfig.classifier(org.rnn4j.cell.NruConfig.reference(in, hidden, 256, 4), 10),
                // time-gated cells, B·4H ≥ 8192: their rows split over the threads, their gate sums on one
                ModelConfig.classifier(org.rnn4j.cell.PhasedLstmConfig.of(in, 352).withPeriods(2, 8).withOpenRatio(0.4), 10),
                ModelConfig.classifier(org.rnn4j.cell.GaussianLstmConfig.of(in, 352, steps), 10)}) {
            float[][] p1 = new float[1][], p2 = new float[1][];
            double[] one = train(cfg, 31, 1, steps, batch, p1);
            double[] two = train(cfg, 31, 2, steps, batch, p2);
            assertArrayEquals(one, two, cfg.toString());
            assertArrayEquals(p1[0], p2[0], cfg.toString());
        }
    }

    /**
     * Batches large enough for batch-shard steps (B ≥ 2 tiles of 8 rows and B·width ≥ 8192), with
     * a batch of 36 rows so that one shard ends in a partial tile: one thread, two threads split by
     * batch shards, two threads split at the GEMM and two threads with each cell's choice (AUTO:
     * GEMM for LSTM and GRU, shards for the NRU) give the same losses and parameters, bit for bit.
     */
    @Test
    void batchShardGemmAndAutoSplitsAreBitIdenticalToOneThread() {
        int in = 3, steps = 12, batch = 36;
        for (ModelConfig cfg : new ModelConfig[] {
                ModelConfig.classifier(LstmConfig.of(in, 64), 10).withLayers(2),
                ModelConfig.classifier(LstmConfig.of(in, 64).withPeepholes(true), 10),
                // 4H = 240: a partial column panel (240 mod 32) and a fused-kernel tail (60 mod 16)
                ModelConfig.classifier(LstmConfig.of(in, 60), 10),
                ModelConfig.classifier(GruConfig.of(in, 96), 10).withLayers(2),
                // the fast forget/update gate inside the row bodies of each shard (and its peephole path)
                ModelConfig.classifier(LstmConfig.of(in, 60).withPeepholes(true).withForgetGate(GateFunction.FAST), 10),
                ModelConfig.classifier(LstmConfig.of(in, 64).withForgetGate(GateFunction.FAST), 10),
                ModelConfig.classifier(GruConfig.of(in, 96).withForgetGate(GateFunction.FAST), 10),
                // NRU: head work (k₁+k₂)·M = 512 per row; the reference preset sums dbhead over the batch,
                // the paper preset with LayerNorm sums dγ, dβ (and has x in the heads, per-head products, ReLU)
                ModelConfig.classifier(NruConfig.reference(in, 32, 64, 4), 10),
                ModelConfig.classifier(NruConfig.paper(in, 24, 64, 4).withLayerNorm(true), 10)}) {
            float[][] p1 = new float[1][], ps = new float[1][], pg = new float[1][];
            double[] one = train(cfg, 41, 1, steps, batch, p1);
            long[] shardedCalls = new long[1], gemmShardedCalls = new long[1];
            double[] shard = train(cfg, 41, 2, Compute.StepSplit.BATCH_SHARD, steps, batch, ps, shardedCalls);
            double[] gemm = train(cfg, 41, 2, Compute.StepSplit.GEMM, steps, batch, pg, gemmShardedCalls);
            float[][] pa = new float[1][];
            long[] autoShardedCalls = new long[1];
            double[] auto = train(cfg, 41, 2, Compute.StepSplit.AUTO, steps, batch, pa, autoShardedCalls);
            // every step of every layer, forward and backward: 5 training steps × layers × 2 passes × T
            long everyStep = 5L * cfg.layers() * 2 * steps;
            assertEquals(everyStep, shardedCalls[0], "steps split by batch shards");
            assertEquals(0L, gemmShardedCalls[0], "GEMM split: no batch shards");
            boolean nru = cfg.cell() instanceof NruConfig;
            assertEquals(nru ? everyStep : 0L, autoShardedCalls[0], "AUTO: shards for the NRU only");
            assertArrayEquals(one, auto, cfg.toString());
            assertArrayEquals(p1[0], pa[0], cfg.toString());
            assertArrayEquals(one, shard, cfg.toString());
            assertArrayEquals(one, gemm, cfg.toString());
            assertArrayEquals(p1[0], ps[0], cfg.toString());
            assertArrayEquals(p1[0], pg[0], cfg.toString());
        }
    }

    // ------------------------------------------------------------------ bad input and call order

    @Test
    void rejectsInputOfWrongWidth() {
        float[] mask = new float[T * B];
        Arrays.fill(mask, 1f);
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C), 1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(classification(T, B, I + 1, C, mask, 1), true));
            assertTrue(e.getMessage().contains("I=" + I) && e.getMessage().contains(String.valueOf(I + 1)), e.getMessage());
        }
    }

    @Test
    void rejectsOutputOfWrongWidth() {
        float[] mask = new float[T * B];
        Arrays.fill(mask, 1f);
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C), 1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(classification(T, B, I, C + 2, mask, 1), true));
            assertTrue(e.getMessage().contains("C=" + C), e.getMessage());
        }
    }

    @Test
    void rejectsBatchOfTheWrongKind() {
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C), 1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(regressionAtLastStep(T, B, I, C, 1), true));
            assertTrue(e.getMessage().contains("cross-entropy"), e.getMessage());
        }
    }

    @Test
    void rejectsAllZeroMask() {
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C), 1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(classification(T, B, I, C, new float[T * B], 1), true));
            assertTrue(e.getMessage().contains("mask"), e.getMessage());
        }
    }

    @Test
    void backwardBeforeForwardIsAnIllegalState() {
        float[] mask = new float[T * B];
        Arrays.fill(mask, 1f);
        try (SequenceModel m = model(ModelConfig.classifier(LstmConfig.of(I, H), C), 1)) {
            assertThrows(IllegalStateException.class, m::backward);
            m.forward(classification(T, B, I, C, mask, 1), false);
            assertThrows(IllegalStateException.class, m::backward, "an inference pass keeps nothing for backward");
            m.forward(classification(T, B, I, C, mask, 1), true);
            m.backward();
            assertThrows(IllegalStateException.class, m::backward, "a second backward over the same pass");
        }
    }

    @Test
    void configRejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.classifier(LstmConfig.of(I, H), 0));
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.classifier(LstmConfig.of(I, H), C).withLayers(0));
        assertThrows(NullPointerException.class, () -> new ModelConfig(null, 1, C, ModelConfig.LossKind.MSE));
    }
}
