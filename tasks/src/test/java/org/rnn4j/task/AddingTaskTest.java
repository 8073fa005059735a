package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Batch;

class AddingTaskTest {

    private static AddingTask task(int steps) {
        return new AddingTask(new AddingTask.Config(steps));
    }

    private static RandomGenerator rng(long seed) {
        return new SplittableRandom(seed);
    }

    private static float value(Batch batch, int t, int b) {
        return batch.x()[(t * batch.batchSize() + b) * 2];
    }

    private static float marker(Batch batch, int t, int b) {
        return batch.x()[(t * batch.batchSize() + b) * 2 + 1];
    }

    @Test
    void sampleHasShapesTByBBy2AndTargetsTByBBy1() {
        AddingTask task = task(9);
        Batch batch = task.sample(4, rng(1));
        assertEquals(9, batch.steps());
        assertEquals(4, batch.batchSize());
        assertEquals(2, batch.inputSize());
        assertEquals(1, batch.outputSize());
        assertEquals(9 * 4 * 2, batch.x().length);
        assertEquals(9 * 4, batch.targets().length);
        assertEquals(9 * 4, batch.mask().length);
        assertNull(batch.labels());
        assertFalse(batch.isClassification());
        assertEquals(Task.Kind.REGRESSION, task.kind());
        assertEquals(9, task.maxSteps());
    }

    @Test
    void exactlyOneMarkerPerHalfAndTargetIsSumOfMarkedValuesAtTheLastStepOnly() {
        int steps = 11, half = 5, batchSize = 64;
        Batch batch = task(steps).sample(batchSize, rng(2));
        for (int b = 0; b < batchSize; b++) {
            int first = 0, second = 0;
            float sum = 0;
            for (int t = 0; t < steps; t++) {
                float u = value(batch, t, b), m = marker(batch, t, b);
                assertTrue(u >= 0f && u < 1f, "value " + u);
                assertTrue(m == 0f || m == 1f, "marker " + m);
                if (m == 1f) {
                    if (t < half) first++;
                    else second++;
                    sum += u;
                }
                int at = t * batchSize + b;
                assertEquals(t == steps - 1 ? 1f : 0f, batch.mask()[at], "mask at t=" + t);
                if (t < steps - 1) assertEquals(0f, batch.targets()[at], "target at t=" + t);
            }
            assertEquals(1, first, "one marker in [0, T/2)");
            assertEquals(1, second, "one marker in [T/2, T)");
            assertEquals(sum, batch.targets()[(steps - 1) * batchSize + b]);
        }
    }

    @Test
    void markersReachEveryStepOfTheirHalf() {
        int steps = 7, half = 3;   // odd T: halves [0, 3) and [3, 7)
        Batch batch = task(steps).sample(400, rng(3));
        int[] counts = new int[steps];
        for (int b = 0; b < 400; b++) {
            for (int t = 0; t < steps; t++) if (marker(batch, t, b) == 1f) counts[t]++;
        }
        for (int t = 0; t < steps; t++) assertTrue(counts[t] > 40, "step " + t + " marked " + counts[t] + " times");
        assertEquals(400, Arrays.stream(counts, 0, half).sum());
        assertEquals(400, Arrays.stream(counts, half, steps).sum());
    }

    @Test
    void memorylessLossIsOneSixthAndMatchesMseOfPredictingOne() {
        AddingTask task = task(20);
        assertEquals(1.0 / 6.0, task.memorylessLoss(), 1e-15);
        assertEquals(0.167, task.memorylessLoss(), 5e-4, "chrono paper quotes 0.167");
        Batch batch = task.sample(100_000, rng(4));
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int i = 0; i < batch.mask().length; i++) {
            if (batch.mask()[i] == 0f) continue;
            double e = (1.0 - batch.targets()[i]) * (1.0 - batch.targets()[i]);
            sum += e;
            sumSq += e * e;
            n++;
        }
        double mse = sum / n;
        double stdErr = Math.sqrt((sumSq / n - mse * mse) / n);
        assertEquals(task.memorylessLoss(), mse, 5 * stdErr, "sampling error " + stdErr);
    }

    @Test
    void sameSeedGivesIdenticalBatchAndDifferentSeedDoesNot() {
        AddingTask task = task(30);
        Batch a = task.sample(8, rng(42));
        Batch b = task.sample(8, rng(42));
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.targets(), b.targets());
        assertArrayEquals(a.mask(), b.mask());
        assertFalse(Arrays.equals(a.x(), task.sample(8, rng(43)).x()));
    }

    @Test
    void rejectsFewerThanTwoStepsNamingSteps() {
        var e = assertThrows(IllegalArgumentException.class, () -> task(1));
        assertTrue(e.getMessage().contains("steps T"), e.getMessage());
    }

    @Test
    void describeNamesSteps() {
        String d = new AddingTask(AddingTask.Config.defaults()).describe();
        assertTrue(d.startsWith("adding: T=200 steps"), d);
    }
}
