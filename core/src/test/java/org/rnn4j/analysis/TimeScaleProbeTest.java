package org.rnn4j.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.ElmanConfig;
import org.rnn4j.cell.GatedRnnConfig;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.Trainer;

class TimeScaleProbeTest {
    private static final int T = 40, B = 3, I = 2, H = 4, C = 3;

    /** A batch with random inputs and a label at the last step only (one example without loss). */
    private static Batch batch(long seed, boolean oneWithoutLoss) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[T * B * I], mask = new float[T * B];
        int[] labels = new int[T * B];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        for (int b = 0; b < B; b++) {
            labels[(T - 1) * B + b] = rng.nextInt(C);
            mask[(T - 1) * B + b] = oneWithoutLoss && b == 1 ? 0f : 1f;
        }
        return new Batch(T, B, I, C, x, labels, null, mask);
    }

    /** Zeroes every parameter of layer 0 and sets its bias block [from, from + H) to {@code bias}. */
    private static void constructed(SequenceModel m, int from, float[] bias) {
        ParamLayout layout = m.layout();
        for (ParamLayout.Block blk : layout.blocks()) {
            if (blk.name().startsWith("layer0.")) Arrays.fill(m.params(), blk.offset(), blk.offset() + blk.size(), 0f);
        }
        System.arraycopy(bias, 0, m.params(), layout.offset("layer0.bx") + from, H);
    }

    private static SequenceModel model(CellConfig cell) {
        return new SequenceModel(ModelConfig.classifier(cell, C), Trainer.initRandom(3), 1);
    }

    @Test
    void recoversTheDecayOfALinearRecurrenceWithAFixedForgetValue() {
        // An LSTM with Wx = Wh = 0: c_t = f⊙c_{t−1} + i⊙g with constant gates, and no path from
        // h_{t−1} back into the step, so ∂ℓ/∂c_{t−k} = f^k·∂ℓ/∂c_t exactly: g_k = g_0·f^k.
        float[] bias = {1.5f, 1.5f, 1.5f, 1.5f};
        double f = 1 / (1 + Math.exp(-1.5));
        try (SequenceModel m = model(LstmConfig.of(I, H))) {
            constructed(m, H, bias);                                             // b_f; i = o = ½, g = 0
            float[] before = m.params().clone(), grads = m.grads().clone();
            TimeScaleProbe p = TimeScaleProbe.of(m, batch(1, false), TimeScaleProbe.Options.of().withPerUnit(true));
            assertEquals("c", p.block());
            assertEquals(T - 1, p.lossStep());
            assertEquals(T, p.decay().length);
            assertEquals(-1 / Math.log(f), p.fit().tau(), 1e-3 * p.fit().tau(), "τ = −1/ln f");
            assertEquals(1.0, p.fit().r2(), 1e-9, "an exact exponential");
            for (int k = 1; k < T; k++) assertEquals(f, p.decay()[k] / p.decay()[k - 1], 1e-5, "g_k/g_{k−1} at k=" + k);
            for (double r : p.retention()) assertEquals(f, r, 1e-6, "f̄");
            for (double r : p.target()) assertEquals(f, r, 1e-6, "σ(b_f)");
            assertEquals(-1 / Math.log(f), TimeScaleProbe.timeScaleExp(p.retention()[0]), 1e-3);
            assertArrayEquals(before, m.params(), "parameters untouched");
            assertArrayEquals(grads, m.grads(), "gradients untouched");
        }
    }

    @Test
    void theTimeScaleHistogramOfAChronoLstmMatchesChronosLaw() {
        // Chrono (continuous): b_f = log T, T ~ U[1, Tmax − 1], so the bias alone gives 1/(1 − σ(b_f)) = 1 + T
        // ~ U[2, Tmax]. Kolmogorov–Smirnov against that law over 512 units: the bias-alone time scales
        // (the histogram's "init target") within the 0.1 % critical value 1.95/√512 = 0.086; the gates
        // measured on a batch (input and recurrent terms added to the bias) within 0.1.
        int units = 512;
        double tMax = 200;
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(LstmConfig.of(I, units)
                .withChrono(tMax, org.rnn4j.param.Init.Chrono.Sampling.CONTINUOUS), C), Trainer.initRandom(11), 1)) {
            TimeScaleProbe p = TimeScaleProbe.of(m, batch(8, false), TimeScaleProbe.Options.of());
            double target = ks(p.target(), tMax), measured = ks(p.retention(), tMax);
            assertTrue(target < 1.95 / Math.sqrt(units), "KS of the bias-alone time scales: " + target);
            assertTrue(measured < 0.1, "KS of the measured gate time scales: " + measured);
            double[] wrong = p.target().clone();                                 // the test can fail: T_exp is another law
            for (int j = 0; j < units; j++) wrong[j] = 1 - 1 / (TimeScaleProbe.timeScaleExp(wrong[j]) * 3);
            assertTrue(ks(wrong, tMax) > 0.2, "a scaled law must fail: " + ks(wrong, tMax));
        }
    }

    /** KS distance between the T_lin = 1/(1 − f) of the units and U[2, tMax]. */
    private static double ks(double[] f, double tMax) {
        double[] t = new double[f.length];
        for (int j = 0; j < f.length; j++) t[j] = TimeScaleProbe.timeScaleLin(f[j]);
        Arrays.sort(t);
        double d = 0;
        for (int i = 0; i < t.length; i++) {
            double cdf = Math.min(1, Math.max(0, (t[i] - 2) / (tMax - 2)));
            d = Math.max(d, Math.max(Math.abs(cdf - (double) i / t.length), Math.abs(cdf - (double) (i + 1) / t.length)));
        }
        return d;
    }

    @Test
    void perUnitFitsRecoverEachUnitsForgetValue() {
        float[] bias = {0f, 1f, 2.5f, 4f};
        try (SequenceModel m = model(LstmConfig.of(I, H))) {
            constructed(m, H, bias);
            TimeScaleProbe p = TimeScaleProbe.of(m, batch(2, false), TimeScaleProbe.Options.of().withPerUnit(true));
            for (int j = 0; j < H; j++) {
                double f = 1 / (1 + Math.exp(-bias[j]));
                assertEquals(-1 / Math.log(f), p.unitFits()[j].tau(), 1e-3 * p.unitFits()[j].tau(), "unit " + j);
                assertEquals(f, p.retention()[j], 1e-6);
            }
            // The layer's g_k mixes the units: the slowest unit dominates late lags, so the single fit is not exact.
            assertTrue(p.fit().r2() < 0.999, "mixed decays are not one exponential: R² " + p.fit().r2());
        }
    }

    @Test
    void examplesWithoutLossAreLeftOutAndEachExampleSeesItsOwnLoss() {
        // g_k is a per-example quantity: the same two examples give the same g whether or not a third
        // example without loss sits in the batch (the batch loss's 1/Σmask is undone).
        try (SequenceModel m = model(LstmConfig.of(I, H))) {
            Batch all = batch(4, false), two = batch(4, true);
            TimeScaleProbe pTwo = TimeScaleProbe.of(m, two, TimeScaleProbe.Options.of());
            assertEquals(2, pTwo.examples());
            Batch single = slice(all, 0);
            TimeScaleProbe p0 = TimeScaleProbe.of(m, single, TimeScaleProbe.Options.of());
            TimeScaleProbe p2 = TimeScaleProbe.of(m, slice(all, 2), TimeScaleProbe.Options.of());
            for (int k = 0; k < T; k++) {
                assertEquals((p0.decay()[k] + p2.decay()[k]) / 2, pTwo.decay()[k], 1e-5 * pTwo.decay()[k], "k=" + k);
            }
        }
    }

    private static Batch slice(Batch b, int e) {
        float[] x = new float[T * I], mask = new float[T];
        int[] labels = new int[T];
        for (int t = 0; t < T; t++) {
            System.arraycopy(b.x(), (t * B + e) * I, x, t * I, I);
            mask[t] = b.mask()[t * B + e];
            labels[t] = b.labels()[t * B + e];
        }
        return new Batch(T, 1, I, C, x, labels, null, mask);
    }

    @Test
    void theFastGatesKeptFractionAndBiasTargetAreSigmoidOfSinh() {
        float[] bias = {-0.5f, 0.3f, 1f, 2f};
        try (SequenceModel m = model(LstmConfig.of(I, H).withForgetGate(org.rnn4j.cell.GateFunction.FAST))) {
            constructed(m, H, bias);
            TimeScaleProbe p = TimeScaleProbe.of(m, batch(7, false), TimeScaleProbe.Options.of());
            for (int j = 0; j < H; j++) {
                double f = 1 / (1 + Math.exp(-Math.sinh(bias[j])));
                assertEquals(f, p.retention()[j], 1e-6, "f̄ = σ(sinh b)");
                assertEquals(f, p.target()[j], 1e-9, "target = σ(sinh b)");
            }
        }
        try (SequenceModel m = model(GruConfig.of(I, H))) {                   // PyTorch's form: z's bias is bx_z + bh_z
            constructed(m, H, bias);
            System.arraycopy(bias, 0, m.params(), m.layout().offset("layer0.bh") + H, H);
            TimeScaleProbe p = TimeScaleProbe.of(m, batch(7, false), TimeScaleProbe.Options.of());
            for (int j = 0; j < H; j++) assertEquals(1 / (1 + Math.exp(-2.0 * bias[j])), p.target()[j], 1e-6, "σ(bx_z + bh_z)");
            for (int j = 0; j < H; j++) assertEquals(p.target()[j], p.retention()[j], 1e-6);
        }
        try (SequenceModel m = model(GruConfig.of(I, H).withForgetGate(org.rnn4j.cell.GateFunction.FAST))) {
            constructed(m, H, bias);
            System.arraycopy(bias, 0, m.params(), m.layout().offset("layer0.bh") + H, H);
            TimeScaleProbe p = TimeScaleProbe.of(m, batch(7, false), TimeScaleProbe.Options.of());
            for (int j = 0; j < H; j++) {
                double f = 1 / (1 + Math.exp(-Math.sinh(2.0 * bias[j])));
                assertEquals(f, p.target()[j], 1e-6, "φ(bx_z + bh_z)");
                assertEquals(f, p.retention()[j], 1e-6);
            }
        }
    }

    @Test
    void gruAndGatedRnnReportTheFractionTheyKeep() {
        float[] bias = {-1f, 0f, 1f, 2f};
        try (SequenceModel m = model(GruConfig.of(I, H))) {
            constructed(m, H, bias);                                             // z = σ(b_z) keeps hPrev
            TimeScaleProbe p = TimeScaleProbe.of(m, batch(5, false), TimeScaleProbe.Options.of());
            assertEquals("h", p.block());
            for (int j = 0; j < H; j++) assertEquals(1 / (1 + Math.exp(-bias[j])), p.retention()[j], 1e-6);
        }
        try (SequenceModel m = model(GatedRnnConfig.of(I, H))) {
            constructed(m, 0, bias);                                             // g = σ(b_g) weighs the candidate
            TimeScaleProbe p = TimeScaleProbe.of(m, batch(5, false), TimeScaleProbe.Options.of());
            for (int j = 0; j < H; j++) {
                assertEquals(1 - 1 / (1 + Math.exp(-bias[j])), p.retention()[j], 1e-6, "1 − g");
                assertEquals(p.retention()[j], p.target()[j], 1e-6);
            }
        }
    }

    @Test
    void cellsWithoutARetentionGateGetTheProbeOnly() {
        try (SequenceModel m = model(ElmanConfig.of(I, H))) {
            TimeScaleProbe p = TimeScaleProbe.of(m, batch(6, false), TimeScaleProbe.Options.of().withMaxLag(10).withFit(2, 8));
            assertEquals("h", p.block());
            assertNull(p.retention());
            assertNull(p.target());
            assertEquals(11, p.decay().length);
            assertEquals(2, p.fit().from());
            assertEquals(8, p.fit().to());
            assertTrue(p.fit().points() == 7 && p.decay()[0] > 0);
        }
    }

    @Test
    void badOptionsAreNamed() {
        try (SequenceModel m = model(LstmConfig.of(I, H))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TimeScaleProbe.of(m, batch(1, false), TimeScaleProbe.Options.of().withBlock("m")));
            assertTrue(e.getMessage().contains("block 'm'") && e.getMessage().contains("h, c"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> TimeScaleProbe.of(m, batch(1, false), TimeScaleProbe.Options.of().withLayer(1)));
            assertTrue(e.getMessage().contains("layer"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TimeScaleProbe.Options.of().withFit(5, 2));
        assertThrows(IllegalArgumentException.class, () -> TimeScaleProbe.Options.of().withMaxLag(-1));
    }

    @Test
    void decayFitRecoversALineAndReportsNoDecayAndTooFewPoints() {
        double[] g = new double[20];
        for (int k = 0; k < g.length; k++) g[k] = 3 * Math.exp(-k / 7.0);
        DecayFit f = DecayFit.of(g, 0, 19);
        assertEquals(7.0, f.tau(), 1e-9);
        assertEquals(Math.log(3), f.intercept(), 1e-9);
        assertEquals(1.0, f.r2(), 1e-12);
        g[5] = 0;                                                                // skipped, not log(0)
        g[6] = Double.NaN;
        g[7] = 3e-43;                                                            // float32's subnormal floor
        assertEquals(17, DecayFit.of(g, 0, 19).points());
        assertEquals(7.0, DecayFit.of(g, 0, 19).tau(), 1e-9);
        double[] rising = {1, 2, 4, 8};
        assertEquals(Double.POSITIVE_INFINITY, DecayFit.of(rising, 0, 3).tau());
        double[] noisy = {1, 0.5, 0.6, 0.2, 0.3, 0.05};
        double r2 = DecayFit.of(noisy, 0, 5).r2();
        assertTrue(r2 > 0 && r2 < 1, "R² " + r2);
        assertTrue(Double.isNaN(DecayFit.of(new double[] {1}, 0, 5).tau()));
        assertEquals(1.0, DecayFit.of(new double[] {2, 2, 2}, 0, 2).r2(), "a flat line");
        assertEquals(Double.POSITIVE_INFINITY, DecayFit.of(new double[] {2, 2, 2}, 0, 2).tau());
    }
}
