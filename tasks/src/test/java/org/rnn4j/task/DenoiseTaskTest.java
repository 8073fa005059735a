package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Batch;

class DenoiseTaskTest {

    private static DenoiseTask task(int length, int lag) {
        return new DenoiseTask(new DenoiseTask.Config(length, lag));
    }

    private static RandomGenerator rng(long seed) {
        return new SplittableRandom(seed);
    }

    @Test
    void sampleHasShapesLPlusTPlus1ByBAndOneHotWidth10() {
        DenoiseTask task = task(4, 9);
        Batch batch = task.sample(3, rng(1));
        assertEquals(14, batch.steps());
        assertEquals(14, task.maxSteps());
        assertEquals(3, batch.batchSize());
        assertEquals(10, batch.inputSize());
        assertEquals(9, batch.outputSize());
        assertEquals(14 * 3 * 10, batch.x().length);
        assertEquals(14 * 3, batch.labels().length);
        assertEquals(14 * 3, batch.mask().length);
        assertTrue(batch.isClassification());
        assertEquals(Task.Kind.CLASSIFICATION, task.kind());
    }

    @Test
    void digitsSitAtLDistinctSortedPositionsInOrderThenMarkerAtTThenBlanks() {
        int n = 5, lag = 12, batchSize = 50;
        Batch batch = task(n, lag).sample(batchSize, rng(2));
        for (int b = 0; b < batchSize; b++) {
            List<Integer> positions = new ArrayList<>();
            List<Integer> digits = new ArrayList<>();
            for (int t = 0; t < lag; t++) {
                int s = OneHot.symbol(batch, t, b);
                assertTrue(s <= 8, "no marker among the noise");
                if (s != 0) {
                    positions.add(t);    // scanning in time order: distinct and sorted by construction
                    digits.add(s);
                }
            }
            assertEquals(n, positions.size(), "exactly L digit positions in [0, T)");
            assertEquals(9, OneHot.symbol(batch, lag, b), "marker at step T");
            for (int i = 0; i < n; i++) {
                assertEquals(0, OneHot.symbol(batch, lag + 1 + i, b), "blank input while answering");
                assertEquals(digits.get(i), OneHot.label(batch, lag + 1 + i, b), "digits answered in order");
            }
        }
    }

    @Test
    void labelsAreZeroAndMaskIsOffOnTheFirstTPlus1StepsMaskOnTheLastL() {
        int n = 3, lag = 7;
        Batch batch = task(n, lag).sample(4, rng(3));
        for (int b = 0; b < 4; b++) {
            for (int t = 0; t <= lag; t++) {
                assertEquals(0, OneHot.label(batch, t, b));
                assertEquals(0f, OneHot.mask(batch, t, b));
            }
            for (int t = lag + 1; t < batch.steps(); t++) {
                assertEquals(1f, OneHot.mask(batch, t, b));
                int label = OneHot.label(batch, t, b);
                assertTrue(label >= 1 && label <= 8, "label " + label);
            }
        }
        assertEquals(n * 4, batch.maskSum());
    }

    @Test
    void lagEqualToLengthFillsEveryNoiseStep() {
        Batch batch = task(6, 6).sample(3, rng(4));
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < 6; t++) {
                assertEquals(OneHot.symbol(batch, t, b), OneHot.label(batch, 7 + t, b));
            }
        }
    }

    @Test
    void choosePicksEverySubsetEquallyOften() {
        // T = 5, count = 2: 10 subsets, each with probability 1/10.
        RandomGenerator rng = rng(5);
        boolean[] chosen = new boolean[5];
        int draws = 50_000;
        int[] counts = new int[1 << 5];
        for (int i = 0; i < draws; i++) {
            DenoiseTask.choose(2, chosen, rng);
            int bits = 0;
            for (int t = 0; t < 5; t++) if (chosen[t]) bits |= 1 << t;
            assertEquals(2, Integer.bitCount(bits), "exactly count distinct positions");
            counts[bits]++;
        }
        double expected = draws / 10.0;
        double sd = Math.sqrt(draws * 0.1 * 0.9);
        for (int bits = 0; bits < counts.length; bits++) {
            if (Integer.bitCount(bits) == 2) {
                assertEquals(expected, counts[bits], 5 * sd, "subset " + Integer.toBinaryString(bits));
            }
        }
    }

    @Test
    void memorylessLossIsLn8AndMatchesEntropyOfTheAnswerDigits() {
        DenoiseTask task = task(10, 20);
        assertEquals(Math.log(8), task.memorylessLoss(), 1e-15);
        // The best memoryless predictor at an answer step outputs the marginal digit distribution;
        // its cross-entropy is that distribution's entropy, measured here from samples.
        Batch batch = task.sample(4000, rng(6));
        long[] counts = new long[9];
        for (int i = 0; i < batch.labels().length; i++) {
            if (batch.mask()[i] != 0f) counts[batch.labels()[i]]++;
        }
        assertEquals(0, counts[0], "blank is never an answer");
        double total = batch.maskSum(), entropy = 0;
        for (long c : counts) if (c > 0) entropy -= c / total * Math.log(c / total);
        assertEquals(Math.log(8), entropy, 1e-3);   // plug-in bias ≈ 7/(2·40000) ≈ 1e-4
    }

    @Test
    void sameSeedGivesIdenticalBatchAndDifferentSeedDoesNot() {
        DenoiseTask task = task(10, 40);
        Batch a = task.sample(8, rng(42));
        Batch b = task.sample(8, rng(42));
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.mask(), b.mask());
        assertFalse(Arrays.equals(a.x(), task.sample(8, rng(43)).x()));
    }

    @Test
    void rejectsLagBelowLengthNamingLag() {
        var e = assertThrows(IllegalArgumentException.class, () -> task(10, 9));
        assertTrue(e.getMessage().contains("lag T") && e.getMessage().contains("length L=10"), e.getMessage());
    }

    @Test
    void rejectsLagZeroAndNegativeLengthNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> task(1, 0));
        assertTrue(e.getMessage().contains("lag T"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> task(-2, 10));
        assertTrue(e.getMessage().contains("length L"), e.getMessage());
    }

    @Test
    void describeNamesLengthAndLag() {
        String d = new DenoiseTask(DenoiseTask.Config.defaults()).describe();
        assertTrue(d.startsWith("denoise: L=10 digits among T=100 noisy steps, L+T+1=111 steps"), d);
    }
}
