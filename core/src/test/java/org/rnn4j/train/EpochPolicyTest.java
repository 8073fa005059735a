package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Optimizer;

/** Learning-rate schedules and early stopping, on given validation-loss sequences (PyTorch's rules), and in the trainer. */
class EpochPolicyTest {

    private static List<Double> factors(EpochPolicy p, double... validLosses) {
        EpochPolicy.Tracker t = p.tracker();
        List<Double> f = new ArrayList<>();
        for (int e = 0; e < validLosses.length; e++) f.add(t.after(e + 1, validLosses[e]).lrFactor());
        return f;
    }

    @Test
    void stepReducesEveryNEpochsWhateverTheLoss() {
        assertEquals(List.of(1.0, 0.1, 1.0, 0.1, 1.0), factors(EpochPolicy.step(2, 0.1), 5, 4, 3, 2, 1));
    }

    /** ReduceLROnPlateau(mode min, patience 1, threshold 0): reduce when bad epochs exceed the patience, then count again. */
    @Test
    void plateauReducesAfterMoreThanPatienceEpochsWithoutImprovement() {
        assertEquals(List.of(1.0, 1.0, 1.0, 0.5, 1.0, 1.0, 0.5, 1.0),
                factors(EpochPolicy.plateau(1, 0.5), 3.0, 2.0, 2.5, 2.0, 1.5, 1.6, 1.5, 1.5));
        assertEquals(List.of(1.0, 0.5, 0.5), factors(EpochPolicy.plateau(0, 0.5), 1.0, 1.0, 1.2), "patience 0: every bad epoch");
        assertEquals(List.of(1.0, 1.0), factors(EpochPolicy.plateau(0, 0.5), Double.NaN, Double.NaN), "no validation fold");
    }

    @Test
    void earlyStoppingAfterPatienceEpochsWithoutANewBest() {
        EpochPolicy.Tracker t = EpochPolicy.none().withEarlyStop(2).tracker();
        assertFalse(t.after(1, 1.0).stop());
        assertFalse(t.after(2, 1.1).stop());
        assertTrue(t.after(3, 1.0).stop(), "two epochs without a loss below 1.0");
        EpochPolicy.Tracker u = EpochPolicy.none().withEarlyStop(2).tracker();
        u.after(1, 1.0);
        u.after(2, 1.1);
        assertFalse(u.after(3, 0.9).stop(), "a new best resets the count");
        assertFalse(EpochPolicy.none().tracker().after(9, 5).stop(), "0 = never");
    }

    @Test
    void badPoliciesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> EpochPolicy.step(0, 0.5));
        assertTrue(e.getMessage().contains("every must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EpochPolicy.plateau(2, 1.5));
        assertTrue(e.getMessage().contains("(0, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EpochPolicy.none().withEarlyStop(-1));
        assertTrue(e.getMessage().contains("early-stopping"), e.getMessage());
    }

    /** In the trainer: the schedule changes the optimizer's rate between epochs, and early stopping ends the run. */
    @Test
    void theTrainerAppliesTheScheduleAndStopsEarly() {
        EpochTrainerTest.Toy data = new EpochTrainerTest.Toy(40, 20, 10, 2);
        try (SequenceModel m = new SequenceModel(ModelConfig.classifier(LstmConfig.of(2, 4), 2), new SplittableRandom(1), 1)) {
            Optimizer opt = Adam.of(0.01);
            EpochTrainer.Result r = new EpochTrainer(m, opt, data, 10, 20, 1.0, List.of()).policy(EpochPolicy.step(1, 0.5)).run(3);
            assertEquals(List.of(0.01, 0.005, 0.0025), r.epochs().stream().map(EpochTrainer.EpochResult::learningRate).toList());
            assertEquals(0.00125, opt.learningRate(), 1e-15);
            // early stopping with patience 1 and a learning rate too small to improve: stops after the second epoch
            Optimizer tiny = Adam.of(1e-12);
            EpochTrainer.Result s = new EpochTrainer(m, tiny, data, 10, 20, 1.0, List.of())
                    .policy(EpochPolicy.none().withEarlyStop(1)).run(10);
            assertTrue(s.stoppedEarly(), s.epochs().toString());
            assertTrue(s.epochs().size() < 10, s.epochs().toString());
        }
    }
}
