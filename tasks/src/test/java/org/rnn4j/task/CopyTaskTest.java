package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Batch;

class CopyTaskTest {

    private static final double LN8 = Math.log(8);

    private static CopyTask task(int length, int lagMin, int lagMax) {
        return new CopyTask(new CopyTask.Config(length, lagMin, lagMax));
    }

    private static RandomGenerator rng(long seed) {
        return new SplittableRandom(seed);
    }

    /** The lag of a sampled batch, read off its length 2L + T. */
    private static int lagOf(Batch batch, int length) {
        return batch.steps() - 2 * length;
    }

    @Test
    void sampleHasShapes2LPlusTByBAndOneHotWidth10() {
        CopyTask task = task(4, 7, 7);
        Batch batch = task.sample(3, rng(1));
        assertEquals(15, batch.steps());
        assertEquals(3, batch.batchSize());
        assertEquals(10, batch.inputSize());
        assertEquals(9, batch.outputSize());
        assertEquals(15 * 3 * 10, batch.x().length);
        assertEquals(15 * 3, batch.labels().length);
        assertEquals(15 * 3, batch.mask().length);
        assertNull(batch.targets());
        assertTrue(batch.isClassification());
        assertEquals(Task.Kind.CLASSIFICATION, task.kind());
        assertEquals(10, task.inputSize());
        assertEquals(9, task.outputSize());
        assertEquals(15, task.maxSteps());
    }

    @Test
    void layoutIsDigitsBlanksMarkerAtLPlusTMinus1ThenBlanksAndLastLTargetsAreTheDigits() {
        int n = 5, lag = 6, batchSize = 4;
        Batch batch = task(n, lag, lag).sample(batchSize, rng(2));
        for (int b = 0; b < batchSize; b++) {
            for (int t = 0; t < batch.steps(); t++) {
                int s = OneHot.symbol(batch, t, b);      // also checks the row is one-hot
                if (t < n) assertTrue(s >= 1 && s <= 8, "digit at t=" + t + " was " + s);
                else if (t == n + lag - 1) assertEquals(9, s, "marker at L+T-1");
                else assertEquals(0, s, "blank at t=" + t);
                int expectedLabel = t < n + lag ? 0 : OneHot.symbol(batch, t - n - lag, b);
                assertEquals(expectedLabel, OneHot.label(batch, t, b), "label at t=" + t);
                assertEquals(1f, OneHot.mask(batch, t, b), "every step counts");
            }
        }
    }

    @Test
    void digitsCoverOneToEightOnly() {
        Batch batch = task(10, 3, 3).sample(200, rng(3));
        int[] counts = new int[10];
        for (int b = 0; b < 200; b++) {
            for (int t = 0; t < 10; t++) counts[OneHot.symbol(batch, t, b)]++;
        }
        assertEquals(0, counts[0]);
        assertEquals(0, counts[9]);
        for (int d = 1; d <= 8; d++) assertTrue(counts[d] > 150, "digit " + d + " drawn " + counts[d] + " times of 2000");
    }

    @Test
    void lagIsDrawnOncePerBatchWithinLagMinLagMaxAndReachesBothEnds() {
        int n = 3, lagMin = 4, lagMax = 9, batchSize = 5;
        CopyTask task = task(n, lagMin, lagMax);
        RandomGenerator rng = rng(4);
        TreeSet<Integer> seen = new TreeSet<>();
        for (int i = 0; i < 300; i++) {
            Batch batch = task.sample(batchSize, rng);
            int lag = lagOf(batch, n);
            assertTrue(lag >= lagMin && lag <= lagMax, "lag " + lag);
            seen.add(lag);
            for (int b = 0; b < batchSize; b++) {
                assertEquals(9, OneHot.symbol(batch, n + lag - 1, b), "every row shares the batch's lag");
            }
        }
        assertEquals(lagMin, seen.first());
        assertEquals(lagMax, seen.last());
        assertEquals(lagMax - lagMin + 1, seen.size());
    }

    @Test
    void variableFactoryDrawsLagsFromOneToTAndMaxStepsIs2LPlusT() {
        CopyTask task = CopyTask.variable(50);
        assertEquals(1, task.config().lagMin());
        assertEquals(50, task.config().lagMax());
        assertEquals(10, task.config().length());
        assertEquals(2 * 10 + 50, task.maxSteps());
        assertEquals("varcopy", task.name());
        assertFalse(task.config().isFixed());
        RandomGenerator rng = rng(5);
        for (int i = 0; i < 200; i++) assertTrue(task.sample(2, rng).steps() <= task.maxSteps());
    }

    @Test
    void fixedFactoryHasOneLagAndTheNameCopy() {
        CopyTask task = CopyTask.fixed(30);
        assertEquals(new CopyTask.Config(10, 30, 30), task.config());
        assertEquals("copy", task.name());
        assertEquals(50, task.sample(2, rng(6)).steps());
    }

    @Test
    void sameSeedGivesIdenticalBatchAndDifferentSeedDoesNot() {
        CopyTask task = task(10, 1, 20);
        Batch a = task.sample(8, rng(42));
        Batch b = task.sample(8, rng(42));
        assertEquals(a.steps(), b.steps());
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.mask(), b.mask());
        Batch c = task.sample(8, rng(43));
        assertFalse(a.steps() == c.steps() && Arrays.equals(a.x(), c.x()), "seeds 42 and 43 gave the same batch");
    }

    /** Σ mask·(−ln p(label)) / Σ mask for the best memoryless predictor of a batch with known lag. */
    private static double memorylessCrossEntropy(Batch batch, int n) {
        int lag = lagOf(batch, n);
        double sum = 0;
        for (int t = 0; t < batch.steps(); t++) {
            for (int b = 0; b < batch.batchSize(); b++) {
                // blank with probability 1 before the answer, uniform over digits 1..8 during it
                double p = t < n + lag ? (OneHot.label(batch, t, b) == 0 ? 1.0 : 0.0) : 1.0 / 8;
                sum += OneHot.mask(batch, t, b) * -Math.log(p);
            }
        }
        return sum / batch.maskSum();
    }

    @Test
    void memorylessLossEqualsCrossEntropyOfBestMemorylessPredictorForFixedLag() {
        CopyTask task = CopyTask.fixed(100);
        double empirical = memorylessCrossEntropy(task.sample(16, rng(7)), 10);
        assertEquals(10 * LN8 / (100 + 20), task.memorylessLoss(), 1e-12, "chrono paper: 10 log 8 / (T + 20)");
        assertEquals(task.memorylessLoss(), empirical, 1e-12);
        assertEquals(3 * LN8 / (7 + 6), task(3, 7, 7).memorylessLoss(), 1e-12);
    }

    @Test
    void memorylessLossIsExpectedBatchLossOverTheLagDistributionForVariableLag() {
        int n = 4;
        CopyTask task = task(n, 1, 12);
        double expected = 0;
        for (int lag = 1; lag <= 12; lag++) expected += n * LN8 / (lag + 2 * n) / 12;
        assertEquals(expected, task.memorylessLoss(), 1e-12);

        RandomGenerator rng = rng(8);
        int batches = 4000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < batches; i++) {
            double v = memorylessCrossEntropy(task.sample(2, rng), n);
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / batches;
        double stdErr = Math.sqrt((sumSq / batches - mean * mean) / batches);
        assertEquals(task.memorylessLoss(), mean, 5 * stdErr, "sampling error " + stdErr);
    }

    @Test
    void rejectsLagZeroNamingLag() {
        var e = assertThrows(IllegalArgumentException.class, () -> CopyTask.fixed(0));
        assertTrue(e.getMessage().contains("lag T"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> task(10, 0, 5));
        assertTrue(e.getMessage().contains("lagMin"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CopyTask.variable(0));
        assertTrue(e.getMessage().contains("lag T"), e.getMessage());
    }

    @Test
    void rejectsNegativeLengthNamingLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> task(-1, 5, 5));
        assertTrue(e.getMessage().contains("length L"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CopyTask.Config.defaults().withLength(0));
        assertTrue(e.getMessage().contains("length L"), e.getMessage());
    }

    @Test
    void rejectsLagMaxBelowLagMinNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> task(10, 6, 5));
        assertTrue(e.getMessage().contains("lagMax") && e.getMessage().contains("lagMin=6"), e.getMessage());
    }

    @Test
    void rejectsStepCountThatOverflowsAnInt() {
        var e = assertThrows(IllegalArgumentException.class, () -> task(1 << 30, 1, 5));
        assertTrue(e.getMessage().contains("2L+T"), e.getMessage());
    }

    @Test
    void rejectsBatchSizeZeroNamingBatchSize() {
        var e = assertThrows(IllegalArgumentException.class, () -> CopyTask.fixed(5).sample(0, rng(9)));
        assertTrue(e.getMessage().contains("batchSize B"), e.getMessage());
    }

    @Test
    void describeNamesTaskLengthAndLag() {
        String fixed = CopyTask.fixed(100).describe();
        assertTrue(fixed.startsWith("copy: L=10 digits, lag T=100, 2L+T=120 steps"), fixed);
        String variable = CopyTask.variable(100).describe();
        assertTrue(variable.startsWith("varcopy: L=10 digits, lag T ~ UniformInt[1, 100]"), variable);
    }
}
