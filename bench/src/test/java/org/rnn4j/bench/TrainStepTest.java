package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;

class TrainStepTest {

    @Test
    void batchCarriesLossOnlyAtTheLastStep() {
        Batch b = TrainStep.randomBatch(5, 3, new SplittableRandom(1));
        assertEquals(3.0, b.maskSum());
        for (int i = 0; i < 12; i++) assertEquals(0f, b.mask()[i]);
    }

    @Test
    void stepsTrainAndRecordPhases() {
        try (TrainStep step = new TrainStep(LstmConfig.of(1, 8), 6, 4, 1, 5)) {
            double first = step.run();
            assertTrue(Double.isFinite(first));
            for (int i = 0; i < 30; i++) step.run();
            assertTrue(step.lastLoss() < first, "loss should fall on a fixed batch: " + first + " -> " + step.lastLoss());
            assertTrue(step.forwardNanos() > 0 && step.backwardNanos() > 0 && step.optimizerNanos() > 0);
        }
    }
}
