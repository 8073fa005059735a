package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Clip;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.RmsProp;
import org.rnn4j.optim.Sgd;
import org.rnn4j.param.TimeScales;
import org.rnn4j.param.TimeScales.InverseGamma;
import org.rnn4j.param.TimeScales.LogUniform;

/** The update step shared by every training loop ({@link Trainer#update}), here: its frozen entries. */
class TrainerTest {
    static final int I = 3, H = 6, C = 4, T = 5, B = 3;
    static final TimeScales FROZEN = TimeScales.of(new LogUniform(2, 100)).withFreeze(true);

    static Batch batch(SplittableRandom rng) {
        int[] labels = new int[T * B];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(C);
        float[] x = new float[T * B * I], mask = new float[T * B];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        Arrays.fill(mask, 1f);
        return new Batch(T, B, I, C, x, labels, null, mask);
    }

    /** Whether entry i of the model's flat buffer is frozen. */
    static boolean[] frozenMask(SequenceModel m) {
        boolean[] f = new boolean[m.parameterCount()];
        int[] r = m.layout().frozen();
        for (int i = 0; i < r.length; i += 2) Arrays.fill(f, r[i], r[i + 1], true);
        return f;
    }

    /** Trains six updates of {@code cell} with {@code opt}: frozen entries keep their bits, every other entry moves. */
    static void assertFrozenKeptOthersMoved(CellConfig cell, Optimizer opt, int expectedFrozen) {
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(cell, C), Trainer.initRandom(3), 1)) {
            boolean[] frozen = frozenMask(m);
            int n = 0;
            for (boolean f : frozen) n += f ? 1 : 0;
            assertEquals(expectedFrozen, n, "frozen entries");
            float[] before = m.params().clone();
            new Trainer(m, opt, (b, rng) -> batch((SplittableRandom) rng), new TrainConfig(6, B, 0.5, 3, 1),
                    new SplittableRandom(9), List.of()).run();
            int moved = 0, others = 0;
            for (int i = 0; i < before.length; i++) {
                if (frozen[i]) {
                    assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(m.params()[i]),
                            opt + ": frozen entry " + i + " changed");
                } else {
                    others++;
                    if (before[i] != m.params()[i]) moved++;
                }
            }
            assertEquals(others, moved, opt + ": every trained entry moves (" + moved + " of " + others + ")");
        }
    }

    /** Weight decay and momentum would move an entry with a zero gradient; the update step puts it back. */
    @Test
    void frozenGateBiasesKeepTheirBitsUnderEveryOptimizerWhileTheRestTrains() {
        CellConfig lstm = LstmConfig.of(I, H).withTimeScales(FROZEN);
        for (Optimizer opt : new Optimizer[] {
            Adam.of(1e-2).withWeightDecay(0.1), Adam.of(1e-2).withAmsgrad(true).withWeightDecay(0.05),
            Sgd.of(0.1).withMomentum(0.9).withWeightDecay(0.1), Sgd.of(0.1).withMomentum(0.9).withNesterov(true),
            RmsProp.of(1e-2).withMomentum(0.5).withCentered(true).withWeightDecay(0.1)}) {
            assertFrozenKeptOthersMoved(lstm, opt, 2 * H);
        }
        // GRU with two biases: bx_z and bh_z
        assertFrozenKeptOthersMoved(GruConfig.of(I, H).withTimeScales(FROZEN), Adam.of(1e-2).withWeightDecay(0.1), 2 * H);
        // without freeze nothing is frozen and the gate biases train like the rest
        assertFrozenKeptOthersMoved(LstmConfig.of(I, H).withTimeScales(FROZEN.withFreeze(false)), Adam.of(1e-2), 0);
    }

    /** A frozen entry's gradient is zeroed before clipping: the reported norm is that of the trained entries only. */
    @Test
    void theGradientNormLeavesFrozenEntriesOut() {
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(LstmConfig.of(I, H).withTimeScales(FROZEN), C),
                Trainer.initRandom(4), 1)) {
            Batch b = batch(new SplittableRandom(1));
            m.forward(b, true);
            m.zeroGrads();
            m.backward();
            double all = Clip.norm(m.grads());
            boolean[] frozen = frozenMask(m);
            double trained = 0;
            for (int i = 0; i < frozen.length; i++) trained += frozen[i] ? 0 : (double) m.grads()[i] * m.grads()[i];
            trained = Math.sqrt(trained);
            assertTrue(all > trained * (1 + 1e-6), "the frozen biases do get a gradient from backward: " + all + " vs " + trained);
            double norm = Trainer.update(m, Adam.of(1e-3), m.forward(b, true), 0, 1);
            assertEquals(trained, norm, 1e-12 * trained);
        }
    }

    /** TBPTT's segments go through the same update step. */
    @Test
    void truncatedBpttKeepsFrozenEntriesToo() {
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(LstmConfig.of(I, H).withTimeScales(FROZEN), C),
                Trainer.initRandom(5), 1)) {
            boolean[] frozen = frozenMask(m);
            float[] before = m.params().clone();
            Tbptt tbptt = new Tbptt(m, Adam.of(1e-2).withWeightDecay(0.2), TbpttConfig.of(2), List.of());
            tbptt.train(batch(new SplittableRandom(2)), false);
            assertEquals(3, tbptt.updates(), "segments of 2, 2 and 1 steps");
            int moved = 0;
            for (int i = 0; i < before.length; i++) {
                if (frozen[i]) assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(m.params()[i]), "entry " + i);
                else if (before[i] != m.params()[i]) moved++;
            }
            assertTrue(moved > 0.9 * (before.length - 2 * H), "the rest trains: " + moved);
        }
    }

    /**
     * Mahto et al.'s grid with quantile 1 (model_mts.py): the last unit's b_f = −∞ and b_i = +∞.
     * Forward and backward stay finite (the gate is exactly shut or open), and frozen, the two
     * infinities survive weight decay, which would turn them into NaN.
     */
    @Test
    void infiniteBiasesOfTheZeroTimeScaleStayFrozenAndTrainingStaysFinite() {
        var mts = new TimeScales(new InverseGamma(0.56, 1, InverseGamma.Quantiles.INCLUDE_ONE), TimeScales.Mapping.EXACT, true);
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(LstmConfig.of(I, H).withTimeScales(mts), C),
                Trainer.initRandom(6), 1)) {
            int bx = m.layout().offset("layer0.bx");
            assertEquals(Float.NEGATIVE_INFINITY, m.params()[bx + 2 * H - 1], "b_f of the last unit");
            assertEquals(Float.POSITIVE_INFINITY, m.params()[bx + H - 1], "b_i of the last unit");
            Trainer.Result r = new Trainer(m, Adam.of(1e-2).withWeightDecay(0.1), (b, rng) -> batch((SplittableRandom) rng),
                    new TrainConfig(5, B, 1.0, 6, 1), new SplittableRandom(1), List.of()).run();
            assertTrue(Double.isFinite(r.finalLoss()), "loss " + r.finalLoss());
            assertEquals(Float.NEGATIVE_INFINITY, m.params()[bx + 2 * H - 1]);
            assertEquals(Float.POSITIVE_INFINITY, m.params()[bx + H - 1]);
            for (int i = 0; i < m.parameterCount(); i++) {
                if (i != bx + 2 * H - 1 && i != bx + H - 1) assertTrue(Float.isFinite(m.params()[i]), "entry " + i);
            }
            for (float g : m.grads()) assertTrue(Float.isFinite(g), "gradients finite");
        }
    }
}
