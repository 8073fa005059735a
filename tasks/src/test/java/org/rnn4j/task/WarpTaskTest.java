package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.data.Batch;
import org.rnn4j.task.WarpTask.PadTarget;
import org.rnn4j.task.WarpTask.Variant;

class WarpTaskTest {

    private static final double LN8 = Math.log(8);

    private static WarpTask task(Variant v, int maxWarp, int steps) {
        return new WarpTask(new WarpTask.Config(v, maxWarp, steps, PadTarget.MASK));
    }

    private static WarpTask task(Variant v, int maxWarp, int steps, PadTarget padTarget) {
        return new WarpTask(new WarpTask.Config(v, maxWarp, steps, padTarget));
    }

    private static RandomGenerator rng(long seed) {
        return new SplittableRandom(seed);
    }

    /** One character of an example as read back from x: its symbol, first step and span (cut at T). */
    private record Run(int symbol, int start, int span) {}

    /**
     * Splits example b of a batch back into characters. Warping: maximal runs of one symbol (valid
     * because contiguous characters differ, which the caller checks). Padding: a character step and
     * the dummies after it. Fails on a row that is not one-hot or a padded row that starts with 0.
     */
    private static List<Run> runs(Batch batch, int b, boolean padded) {
        List<Run> runs = new ArrayList<>();
        int start = 0;
        int symbol = OneHot.symbol(batch, 0, b);
        assertNotEquals(0, symbol, "a sequence starts with a character");
        for (int t = 1; t <= batch.steps(); t++) {
            int s = t < batch.steps() ? OneHot.symbol(batch, t, b) : -1;
            boolean continues = padded ? s == 0 : s == symbol;
            if (!continues) {
                runs.add(new Run(symbol, start, t - start));
                start = t;
                symbol = s;
            }
        }
        return runs;
    }

    @Test
    void sampleHasShapesNByBAndAlphabetOf10() {
        WarpTask task = task(Variant.VARWARP, 7, 50);
        Batch batch = task.sample(3, rng(1));
        assertEquals(50, batch.steps());
        assertEquals(3, batch.batchSize());
        assertEquals(10, batch.inputSize());
        assertEquals(10, batch.outputSize());
        assertEquals(50 * 3 * 10, batch.x().length);
        assertEquals(50 * 3, batch.labels().length);
        assertEquals(50 * 3, batch.mask().length);
        assertNull(batch.targets());
        assertEquals(Task.Kind.CLASSIFICATION, task.kind());
        assertEquals(10, task.inputSize());
        assertEquals(10, task.outputSize());
        assertEquals(50, task.maxSteps());
        assertEquals("varwarp", task.name());
    }

    @Test
    void uniformWarpingRepeatsEachCharacterWTimesAndTargetsThePreviousCharacter() {
        int w = 6, n = 40, batchSize = 5;                  // 40 = 6·6 + 4: the last character is cut to 4 steps
        Batch batch = task(Variant.WARP, w, n).sample(batchSize, rng(2));
        for (int b = 0; b < batchSize; b++) {
            List<Run> runs = runs(batch, b, false);
            assertEquals(7, runs.size());
            for (int k = 0; k < runs.size(); k++) {
                Run r = runs.get(k);
                assertEquals(k * w, r.start());
                assertEquals(k < 6 ? w : 4, r.span(), "span of character " + k);
                assertTrue(r.symbol() >= 1 && r.symbol() <= 9, "character " + r.symbol());
                if (k > 0) assertNotEquals(runs.get(k - 1).symbol(), r.symbol(), "contiguous characters differ");
                for (int t = r.start(); t < r.start() + r.span(); t++) {
                    if (k == 0) {
                        assertEquals(0f, OneHot.mask(batch, t, b), "the first character is unscored");
                        assertEquals(0, OneHot.label(batch, t, b));
                    } else {
                        assertEquals(1f, OneHot.mask(batch, t, b));
                        assertEquals(runs.get(k - 1).symbol(), OneHot.label(batch, t, b), "label at t=" + t);
                    }
                }
            }
        }
    }

    @Test
    void variableWarpingDrawsSpansFromOneToWAndUsesTheSameWarpingForTheTarget() {
        int w = 5, n = 60, batchSize = 40;
        Batch batch = task(Variant.VARWARP, w, n).sample(batchSize, rng(3));
        int[] spanCounts = new int[w + 1];
        for (int b = 0; b < batchSize; b++) {
            List<Run> runs = runs(batch, b, false);
            for (int k = 0; k < runs.size(); k++) {
                Run r = runs.get(k);
                boolean last = k == runs.size() - 1;
                assertTrue(r.span() >= 1 && r.span() <= w, "span " + r.span());
                if (!last) spanCounts[r.span()]++;                  // the last span may be cut at T
                for (int t = r.start(); t < r.start() + r.span(); t++) {
                    assertEquals(k == 0 ? 0 : runs.get(k - 1).symbol(), OneHot.label(batch, t, b));
                    assertEquals(k == 0 ? 0f : 1f, OneHot.mask(batch, t, b));
                }
                // the target changes exactly where the input does: the same warping
                if (k > 1) assertNotEquals(OneHot.label(batch, r.start() - 1, b), OneHot.label(batch, r.start(), b));
            }
        }
        for (int s = 1; s <= w; s++) assertTrue(spanCounts[s] > 60, "span " + s + " drawn " + spanCounts[s] + " times");
    }

    @Test
    void fixedPaddingPutsWMinus1DummiesAfterEachCharacterAndScoresOnlyCharacterSteps() {
        int w = 4, n = 30, batchSize = 6;                  // characters at 0, 4, …, 28; the last cut to 2 steps
        Batch batch = task(Variant.PAD, w, n).sample(batchSize, rng(4));
        for (int b = 0; b < batchSize; b++) {
            List<Run> runs = runs(batch, b, true);
            assertEquals(8, runs.size());
            for (int k = 0; k < runs.size(); k++) {
                Run r = runs.get(k);
                assertEquals(k * w, r.start());
                assertEquals(k < 7 ? w : 2, r.span());
                if (k > 0) assertNotEquals(runs.get(k - 1).symbol(), r.symbol(), "contiguous characters differ");
                assertEquals(k == 0 ? 0f : 1f, OneHot.mask(batch, r.start(), b));
                assertEquals(k == 0 ? 0 : runs.get(k - 1).symbol(), OneHot.label(batch, r.start(), b));
                for (int t = r.start() + 1; t < r.start() + r.span(); t++) {
                    assertEquals(0, OneHot.symbol(batch, t, b));
                    assertEquals(0f, OneHot.mask(batch, t, b), "padding steps are unscored under MASK");
                }
            }
        }
    }

    @Test
    void variablePaddingDrawsZeroToWMinus1DummiesAndDummyTargetScoresThem() {
        int w = 4, n = 80, batchSize = 30;
        Batch batch = task(Variant.VARPAD, w, n, PadTarget.DUMMY).sample(batchSize, rng(5));
        int[] spanCounts = new int[w + 1];
        for (int b = 0; b < batchSize; b++) {
            List<Run> runs = runs(batch, b, true);
            for (int k = 0; k < runs.size(); k++) {
                Run r = runs.get(k);
                assertTrue(r.span() >= 1 && r.span() <= w, "span " + r.span());
                if (k < runs.size() - 1) spanCounts[r.span()]++;
                if (k > 0) assertNotEquals(runs.get(k - 1).symbol(), r.symbol(), "contiguous characters differ");
                assertEquals(k == 0 ? 0f : 1f, OneHot.mask(batch, r.start(), b));
                assertEquals(k == 0 ? 0 : runs.get(k - 1).symbol(), OneHot.label(batch, r.start(), b),
                        "the previous non-zero character");
                for (int t = r.start() + 1; t < r.start() + r.span(); t++) {
                    assertEquals(1f, OneHot.mask(batch, t, b), "padding steps are scored under DUMMY");
                    assertEquals(0, OneHot.label(batch, t, b), "padding target is the dummy");
                }
            }
        }
        for (int s = 1; s <= w; s++) assertTrue(spanCounts[s] > 100, "span " + s + " drawn " + spanCounts[s] + " times");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everySequenceIsCutAtTheDefault500Steps(Variant v) {
        WarpTask task = new WarpTask(WarpTask.Config.of(v));
        assertEquals(new WarpTask.Config(v, 100, 500, PadTarget.MASK), task.config());
        Batch batch = task.sample(4, rng(6));
        assertEquals(500, batch.steps());
        for (int b = 0; b < 4; b++) {
            List<Run> runs = runs(batch, b, v.padded());
            Run last = runs.get(runs.size() - 1);
            assertEquals(500, last.start() + last.span(), "the runs tile [0, 500)");
            if (!v.variable()) assertEquals(5, runs.size(), "500 / 100 characters");
        }
    }

    @Test
    void charactersCoverOneToNineUniformlyAndContiguousOnesDiffer() {
        Batch batch = task(Variant.WARP, 1, 200).sample(50, rng(7));
        int[] counts = new int[10];
        for (int b = 0; b < 50; b++) {
            for (int t = 0; t < 200; t++) {
                int s = OneHot.symbol(batch, t, b);
                counts[s]++;
                if (t > 0) assertNotEquals(OneHot.symbol(batch, t - 1, b), s);
            }
        }
        assertEquals(0, counts[0], "the dummy is never a character");
        for (int c = 1; c <= 9; c++) {
            assertTrue(Math.abs(counts[c] - 10000 / 9.0) < 150, "character " + c + " drawn " + counts[c] + " times");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void sameSeedGivesIdenticalBatchAndDifferentSeedDoesNot(Variant v) {
        WarpTask task = task(v, 9, 70);
        Batch a = task.sample(8, rng(42));
        Batch b = task.sample(8, rng(42));
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.mask(), b.mask());
        Batch c = task.sample(8, rng(43));
        assertFalse(Arrays.equals(a.x(), c.x()), "seeds 42 and 43 gave the same batch");
    }

    /**
     * Σ mask·(−ln p(label)) / Σ mask for the best memoryless predictor: it sees only x_t; on a dummy
     * it predicts the dummy, on a character uniform over the 8 other characters.
     */
    private static double memorylessCrossEntropy(Batch batch) {
        double sum = 0;
        for (int t = 0; t < batch.steps(); t++) {
            for (int b = 0; b < batch.batchSize(); b++) {
                if (OneHot.mask(batch, t, b) == 0f) continue;
                int x = OneHot.symbol(batch, t, b), label = OneHot.label(batch, t, b);
                double p = x == 0 ? (label == 0 ? 1 : 0) : (label != 0 && label != x ? 1.0 / 8 : 0);
                sum += OneHot.mask(batch, t, b) * -Math.log(p);
            }
        }
        return sum / batch.maskSum();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void memorylessLossIsLn8ExactlyUnderMask(Variant v) {
        WarpTask task = task(v, 10, 500);
        assertEquals(LN8, task.memorylessLoss(), 1e-15);
        RandomGenerator rng = rng(8);
        for (int i = 0; i < 5; i++) assertEquals(LN8, memorylessCrossEntropy(task.sample(4, rng)), 1e-12);
    }

    @Test
    void memorylessLossOfFixedPaddingWithDummyTargetCountsCharacterSteps() {
        WarpTask task = task(Variant.PAD, 10, 500, PadTarget.DUMMY);
        assertEquals(LN8 * 49 / 499, task.memorylessLoss(), 1e-15, "characters at t = 10, 20, …, 490");
        assertEquals(task.memorylessLoss(), memorylessCrossEntropy(task.sample(3, rng(9))), 1e-12);
        assertEquals(LN8 * 4 / 12, task(Variant.PAD, 3, 13, PadTarget.DUMMY).memorylessLoss(), 1e-15,
                "characters at t = 3, 6, 9, 12");
    }

    @Test
    void memorylessLossOfVariablePaddingWithDummyTargetMatchesTheSampledMean() {
        int w = 6, n = 40;
        WarpTask task = task(Variant.VARPAD, w, n, PadTarget.DUMMY);
        RandomGenerator rng = rng(10);
        int batches = 4000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < batches; i++) {
            double v = memorylessCrossEntropy(task.sample(2, rng));
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / batches;
        double stdErr = Math.sqrt((sumSq / batches - mean * mean) / batches);
        assertEquals(task.memorylessLoss(), mean, 5 * stdErr, "sampling error " + stdErr);
        // far from the start a character begins with probability 1 / E[span] = 2 / (W + 1)
        double perStep = WarpTask.expectedCharacterSteps(2001, w) - WarpTask.expectedCharacterSteps(1001, w);
        assertEquals(2.0 / (w + 1), perStep / 1000, 1e-9);
    }

    @Test
    void renewalRecursionMatchesHandCountsForSmallCases() {
        assertEquals(4, WarpTask.expectedCharacterSteps(5, 1), 1e-15, "W = 1: a character at every step");
        // W = 2: u(1) = 1/2, u(2) = (1/2 + 1)/2 = 3/4, u(3) = (3/4 + 1/2)/2 = 5/8
        assertEquals(0.5 + 0.75 + 0.625, WarpTask.expectedCharacterSteps(4, 2), 1e-15);
    }

    @Test
    void rejectsWarpingAtOrAboveTheLengthNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> task(Variant.WARP, 500, 500));
        assertTrue(e.getMessage().startsWith("maxWarp W (maximum warping) must be < steps T=500"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WarpTask.Config.of(Variant.PAD).withSteps(50));
        assertTrue(e.getMessage().contains("got 100"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveWarpingAndTooShortSequences() {
        var e = assertThrows(IllegalArgumentException.class, () -> WarpTask.Config.of(Variant.WARP).withMaxWarp(0));
        assertTrue(e.getMessage().startsWith("maxWarp W (maximum warping) must be >= 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> task(Variant.VARWARP, 1, 1));
        assertTrue(e.getMessage().startsWith("steps T (sequence length N) must be in [2, "), e.getMessage());
    }

    @Test
    void rejectsDummyPadTargetForWarpingTasks() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> WarpTask.Config.of(Variant.VARWARP).withPadTarget(PadTarget.DUMMY));
        assertTrue(e.getMessage().startsWith("padTarget DUMMY applies only to tasks pad and varpad"), e.getMessage());
        assertEquals(PadTarget.DUMMY, WarpTask.Config.of(Variant.VARPAD).withPadTarget(PadTarget.DUMMY).padTarget());
    }

    @Test
    void rejectsBatchSizeZeroNamingBatchSize() {
        var e = assertThrows(IllegalArgumentException.class, () -> task(Variant.PAD, 3, 10).sample(0, rng(11)));
        assertTrue(e.getMessage().contains("batchSize B"), e.getMessage());
    }

    @Test
    void describeNamesTheVariantWarpingAndBaseline() {
        String warp = task(Variant.WARP, 10, 500).describe();
        assertTrue(warp.startsWith("warp: each character repeated W=10 times, target = previous character"), warp);
        assertTrue(warp.endsWith("memoryless CE 2.0794 nats"), warp);
        String varpad = task(Variant.VARPAD, 10, 500, PadTarget.DUMMY).describe();
        assertTrue(varpad.startsWith("varpad: each character then dummies up to a span of UniformInt[1, W=10]"), varpad);
        assertTrue(varpad.contains("padding steps target the dummy"), varpad);
    }
}
