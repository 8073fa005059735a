package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.train.StepMetrics;

class LossCurveTest {

    private static LossCurve curve(double... losses) {
        LossCurve c = new LossCurve(2); // grows as needed
        for (int i = 0; i < losses.length; i++) c.onStep(new StepMetrics(i + 1, losses[i], Double.NaN, 1, 0.01, 0.01 * (i + 1), 1));
        return c;
    }

    /** Loss 1 for 200 steps, then 0.001: the 100-step running mean reaches 1% of 1 exactly at step 300. */
    @Test
    void stepsToOnePercentIsTheFirstStepWhoseRunningMeanIsBelowTheThreshold() {
        double[] loss = new double[400];
        for (int i = 0; i < loss.length; i++) loss[i] = i < 200 ? 1.0 : 0.001;
        double[] rm = curve(loss).runningMean();
        // Step 299: (1 + 99·0.001) / 100 = 0.01099 > 0.01; step 300: 0.001.
        assertEquals(0.01099, rm[298], 1e-12);
        assertEquals(0.001, rm[299], 1e-12);
        assertEquals(300, LossCurve.firstStepAtOrBelow(rm, LossCurve.THRESHOLD * 1.0));
        assertEquals(-1, LossCurve.firstStepAtOrBelow(rm, 0.0005), "never reached");
    }

    /**
     * A curriculum run is judged from its first update on the full task: a short stage's tiny losses
     * (steps 1–200) neither reach the threshold nor set the minimum; the running mean restarts at
     * step 201, and the step number still counts from 1.
     */
    @Test
    void aCurriculumRowCountsOnlyTheFullTask() {
        double[] loss = new double[500];
        for (int i = 0; i < loss.length; i++) loss[i] = i < 200 ? 0.0001 : i < 350 ? 1.0 : 0.002;
        LossCurve c = curve(loss);
        CompareSummary.Row whole = CompareSummary.Row.of("m", "lstm", 4, 10, null, "m", 0, c, 1.0, Double.NaN);
        CompareSummary.Row full = CompareSummary.Row.of("m", "lstm --curriculum 2", 4, 10, null, "m", 0, c, 1.0, Double.NaN, 201);
        assertEquals(1, whole.stepsToThreshold());
        assertEquals(0.0001, whole.minRunningMean(), 1e-12);
        assertEquals(200 + 150 + 100, full.stepsToThreshold(), "the first 100-step window of the last stretch, at step 450");
        assertEquals(0.002, full.minRunningMean(), 1e-12);
        assertEquals(1.0, c.runningMeanFrom(201)[0], 0, "restarted: step 201 alone");
        assertArrayEquals(whole.runningMean(), full.runningMean(), 0, "the curve drawn is the whole run");
    }

    @Test
    void theThresholdItselfCounts() {
        // Running means 4, 3, 2: a threshold of exactly 2 is reached at step 3.
        assertEquals(3, LossCurve.firstStepAtOrBelow(curve(4, 2, 0).runningMean(), 2.0));
    }

    @Test
    void theRunningMeanUsesFewerStepsAtTheStart() {
        assertArrayEquals(new double[] {4, 3, 2}, curve(4, 2, 0).runningMean(), 0);
        double[] loss = new double[150];
        for (int i = 0; i < loss.length; i++) loss[i] = i + 1;
        double[] rm = curve(loss).runningMean();
        assertEquals(50.5, rm[99], 1e-12);   // steps 1..100
        assertEquals(100.5, rm[149], 1e-12); // steps 51..150
    }

    @Test
    void theFinalLossAveragesTheLastFivePercentAtMostAThousandSteps() {
        assertEquals(15, LossCurve.finalSteps(300));
        assertEquals(1000, LossCurve.finalSteps(200_000));
        assertEquals(1, LossCurve.finalSteps(5));
        double[] loss = new double[300];
        for (int i = 0; i < loss.length; i++) loss[i] = i < 285 ? 9 : 2;
        loss[290] = 32; // last 15 steps: 14 × 2 + 32 = 60 → mean 4
        LossCurve c = curve(loss);
        assertEquals(4.0, c.finalLoss(), 1e-12);
        assertEquals(300, c.steps());
        assertEquals(3.0, c.seconds(), 1e-12);
    }

    @Test
    void theMinimumRunningMeanIsOverTheWholeRun() {
        double[] loss = new double[300];
        for (int i = 0; i < loss.length; i++) loss[i] = i >= 100 && i < 200 ? 0.5 : 3;
        LossCurve c = curve(loss);
        assertEquals(0.5, c.minRunningMean(), 1e-12);
        assertTrue(Double.isNaN(new LossCurve(10).minRunningMean()));
        assertTrue(Double.isNaN(new LossCurve(10).finalLoss()));
    }
}
