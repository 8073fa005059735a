package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.GaussianLstmConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.cell.PhasedLstmConfig;
import org.rnn4j.cell.Timestamps;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;
import org.rnn4j.param.ParamLayout;

class TemporalCurriculumTest {

    private static final int I = 2, H = 4, C = 3, B = 3;

    /** A classification batch of T steps, loss at every step, with times [T, B] = scale·(t + 1). */
    private static Batch batch(int T, double scale, long seed) {
        RandomGenerator rng = new SplittableRandom(seed);
        float[] x = new float[T * B * I], mask = new float[T * B], times = new float[T * B];
        int[] labels = new int[T * B];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(C);
        Arrays.fill(mask, 1f);
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) times[t * B + b] = (float) (scale * (t + 1));
        }
        return new Batch(T, B, I, C, x, labels, null, mask, times);
    }

    private static float[] outputs(SequenceModel m, Batch batch) {
        m.forward(batch, false);
        return m.lastOutputs().clone();
    }

    /**
     * After stretching the time axis by f, a sequence whose times are f·t gives the outputs the
     * sequence with times t gave before: g-LSTM (μ, σ) and Phased LSTM (τ, s), f = 2 and 0.5.
     */
    @Test
    void rescaledGatesGiveTheSameOutputsOnTheStretchedTimeAxis() {
        CellConfig[] cells = {
                GaussianLstmConfig.of(I, H, 6).withWidthInit(0.3).withTimestamps(Timestamps.GIVEN),
                PhasedLstmConfig.of(I, H).withTimestamps(Timestamps.GIVEN)};
        for (CellConfig cell : cells) {
            for (double f : new double[] {2, 0.5}) {
                try (SequenceModel m = new SequenceModel(ModelConfig.classifier(cell, C), Trainer.initRandom(5), 1)) {
                    float[] before = outputs(m, batch(6, 1, 7));
                    assertEquals(1, m.rescaleTimeGates(f));
                    float[] after = outputs(m, batch(6, f, 7));
                    assertArrayEquals(before, after, 2e-5f, cell.getClass().getSimpleName() + " f=" + f);
                    float[] unstretched = outputs(m, batch(6, 1, 7));
                    assertTrue(maxDiff(before, unstretched) > 1e-3, "the rescale changes the model on the old axis");
                }
            }
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    @Test
    void rescaleMultipliesTheGaussianCentreAndWidth() {
        GaussianLstmConfig c = GaussianLstmConfig.of(I, H, 10).withWidthInit(0.2);
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(c, C), Trainer.initRandom(2), 1)) {
            ParamLayout.Block mu = m.layout().block("layer0.mu"), rho = m.layout().block("layer0.rho");
            float[] before = m.params().clone();
            m.rescaleTimeGates(3);
            for (int j = 0; j < H; j++) {
                assertEquals(3 * before[mu.offset() + j], m.params()[mu.offset() + j], 1e-5);
                assertEquals(3 * softplus(before[rho.offset() + j]), softplus(m.params()[rho.offset() + j]), 1e-5);
            }
        }
    }

    private static double softplus(double r) {
        return Math.log1p(Math.exp(r));
    }

    @Test
    void aModelWithoutTimeGateIsLeftUnchanged() {
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(LstmConfig.of(I, H), C), Trainer.initRandom(2), 1)) {
            float[] before = m.params().clone();
            assertEquals(0, m.rescaleTimeGates(4));
            assertArrayEquals(before, m.params());
            assertThrows(IllegalArgumentException.class, () -> m.rescaleTimeGates(0));
            assertThrows(IllegalArgumentException.class, () -> m.rescaleTimeGates(Double.NaN));
        }
    }

    /**
     * Stages switch after their update counts, the last one runs on, and each stage's start
     * stretches the time gates by the length ratio before its first batch: the model built for
     * length 20 is compressed to 5, then stretched to 10 and back to 20 (μ back to μ₀).
     */
    @Test
    void stagesSwitchOnScheduleAndStretchTheTimeGates() {
        GaussianLstmConfig c = GaussianLstmConfig.of(I, H, 20).withWidthInit(0.3);
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(c, C), Trainer.initRandom(4), 1)) {
            ParamLayout.Block mu = m.layout().block("layer0.mu");
            float mu0 = m.params()[mu.offset() + 1];
            assertTrue(mu0 > 0.5, "a centre away from 0: " + mu0);
            List<String> events = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            List<TemporalCurriculum.Stage> stages = new ArrayList<>();
            for (int len : new int[] {5, 10, 20}) {
                stages.add(new TemporalCurriculum.Stage(len, 2, (bs, rng) -> {
                    lengths.add(len);
                    return batch(len, 1, rng.nextLong());
                }));
            }
            TemporalCurriculum cur = new TemporalCurriculum(m, 20, stages,
                    (s, u, len, f) -> events.add(s + "@" + u + ":" + len + "x" + f));
            assertEquals(-1, cur.stage());
            RandomGenerator rng = new SplittableRandom(1);
            for (int u = 0; u < 7; u++) cur.next(B, rng);
            assertEquals(List.of(5, 5, 10, 10, 20, 20, 20), lengths);
            assertEquals(List.of("0@1:5x0.25", "1@3:10x2.0", "2@5:20x2.0"), events);
            assertEquals(2, cur.stage());
            assertEquals(mu0, m.params()[mu.offset() + 1], 1e-5 * Math.abs(mu0), "back on the axis it was built for");
        }
    }

    /** A short curriculum trains a g-LSTM end to end through the Trainer: finite losses, every stage used. */
    @Test
    void trainerRunsThroughTheStages() {
        GaussianLstmConfig c = GaussianLstmConfig.of(I, H, 4).withWidthInit(0.3);
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(c, C), Trainer.initRandom(4), 1)) {
            List<Integer> starts = new ArrayList<>();
            List<TemporalCurriculum.Stage> stages = List.of(
                    new TemporalCurriculum.Stage(4, 3, (bs, rng) -> batch(4, 1, rng.nextLong())),
                    new TemporalCurriculum.Stage(8, 1, (bs, rng) -> batch(8, 1, rng.nextLong())));
            TemporalCurriculum cur = new TemporalCurriculum(m, 8, stages, (s, u, len, f) -> starts.add((int) u));
            Trainer.Result r = new Trainer(m, Adam.of(1e-2), cur, new TrainConfig(6, B, 1.0, 1, 1),
                    new SplittableRandom(3), List.of()).run();
            assertTrue(Double.isFinite(r.finalLoss()));
            assertEquals(List.of(1, 4), starts);
        }
    }

    @Test
    void doublingScheduleEndsAtTheFinalLength() {
        assertEquals(List.of(125, 250, 500, 1000), TemporalCurriculum.doubling(1000, 4));
        assertEquals(List.of(98, 196, 392, 784), TemporalCurriculum.doubling(784, 4));
        assertEquals(List.of(1, 2, 3, 5), TemporalCurriculum.doubling(5, 4));
        assertEquals(List.of(1, 2), TemporalCurriculum.doubling(2, 5));
        assertEquals(List.of(7), TemporalCurriculum.doubling(7, 1));
    }

    @Test
    void badSchedulesAreRefused() {
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(LstmConfig.of(I, H), C), Trainer.initRandom(2), 1)) {
            BatchSource src = (bs, rng) -> batch(4, 1, 1);
            var e = assertThrows(IllegalArgumentException.class, () -> new TemporalCurriculum(m, 8,
                    List.of(new TemporalCurriculum.Stage(8, 1, src), new TemporalCurriculum.Stage(8, 1, src)), null));
            assertEquals("curriculum stage lengths must increase strictly, got 8 → 8", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new TemporalCurriculum(m, 8, List.of(), null));
            assertThrows(IllegalArgumentException.class, () -> new TemporalCurriculum.Stage(0, 1, src));
            assertThrows(IllegalArgumentException.class, () -> new TemporalCurriculum.Stage(4, 0, src));
        }
    }
}
