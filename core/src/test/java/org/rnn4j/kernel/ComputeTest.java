package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ComputeTest {

    /** Shapes big enough to be split: N-splits, a single-panel M-split, and blocks beyond NC/KC/MC. */
    private static final int[][] SPLIT_SHAPES = {
        {100, 512, 128}, {150, 300, 700}, {150, 20, 500}, {9, 40, 1000}, {130, 1100, 300}, {33, 97, 257},
    };

    private static float[] run(Compute compute, GemmCase g, boolean prePacked) {
        float[] c = g.freshC();
        if (prePacked) {
            PackedMatrix p = compute.pack(g.transB(), g.k(), g.n(), g.b(), g.bOff(), g.ldb());
            compute.gemmPacked(g.transA(), g.m(), g.a(), g.aOff(), g.lda(), p, c, g.cOff(), g.ldc(), g.accumulate());
        } else {
            compute.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.a(), g.aOff(), g.lda(),
                    g.b(), g.bOff(), g.ldb(), c, g.cOff(), g.ldc(), g.accumulate());
        }
        return c;
    }

    @Test
    void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
        Random rnd = new Random(21);
        List<GemmCase> cases = new ArrayList<>();
        for (int[] s : SPLIT_SHAPES) {
            for (int t = 0; t < 8; t++) {
                cases.add(GemmCase.random((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], (t & 4) != 0, rnd));
            }
        }
        try (Compute one = Compute.create(1); Compute two = Compute.create(2); Compute three = Compute.create(3)) {
            for (GemmCase g : cases) {
                for (boolean prePacked : new boolean[] {false, true}) {
                    float[] c1 = run(one, g, prePacked);
                    double err = g.maxError(c1, g.reference());
                    assertTrue(err <= g.tolerance(), g + " prePacked=" + prePacked + ": max error " + err);
                    assertArrayEquals(c1, run(two, g, prePacked), g + " prePacked=" + prePacked + ", 2 threads");
                    assertArrayEquals(c1, run(three, g, prePacked), g + " prePacked=" + prePacked + ", 3 threads");
                }
            }
        }
    }

    @Test
    void gemmMatchesDoubleReferenceOnSmallAndOddShapes() {
        Random rnd = new Random(22);
        try (Compute compute = Compute.create(2)) {
            for (int[] s : GemmCase.shapes(rnd).subList(0, 30)) {
                for (int t = 0; t < 4; t++) {
                    GemmCase g = GemmCase.random((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], rnd.nextBoolean(), rnd);
                    double[] ref = g.reference();
                    assertTrue(g.maxError(run(compute, g, false), ref) <= g.tolerance(), g.toString());
                    assertTrue(g.maxError(run(compute, g, true), ref) <= g.tolerance(), g + " pre-packed");
                }
            }
        }
    }

    @Test
    void repackRefreshesPackedMatrixInPlace() {
        Random rnd = new Random(23);
        try (Compute compute = Compute.create(2)) {
            GemmCase first = GemmCase.random(false, true, 64, 200, 150, false, rnd);
            GemmCase second = GemmCase.random(false, true, 64, 200, 150, false, rnd);
            PackedMatrix p = compute.pack(true, 150, 200, first.b(), first.bOff(), first.ldb());
            compute.repack(p, second.b(), second.bOff(), second.ldb());
            float[] c = second.freshC();
            compute.gemmPacked(false, 64, second.a(), second.aOff(), second.lda(), p, c, second.cOff(), second.ldc(), false);
            assertArrayEquals(run(compute, second, false), c);
        }
    }

    @Test
    void gemmsAfterIdlePeriodsStillComplete() throws InterruptedException {
        Random rnd = new Random(24);
        GemmCase g = GemmCase.random(false, false, 100, 512, 128, false, rnd);
        try (Compute compute = Compute.create(2, 50)) {
            float[] expected = run(compute, g, false);
            for (int i = 0; i < 5; i++) {
                Thread.sleep(5);                         // the worker stops spinning and parks
                assertArrayEquals(expected, run(compute, g, false));
            }
        }
    }

    @Test
    void manyBackToBackCallsStayBitIdenticalToOneThread() {
        Random rnd = new Random(25);
        GemmCase g = GemmCase.random(false, false, 40, 200, 64, true, rnd);
        try (Compute one = Compute.create(1); Compute three = Compute.create(3, 20)) {
            float[] c1 = g.freshC();
            float[] c3 = g.freshC();
            for (int i = 0; i < 3000; i++) {      // accumulating: any lost or doubled part shows up
                one.gemm(false, false, g.m(), g.n(), g.k(), g.a(), g.aOff(), g.lda(), g.b(), g.bOff(), g.ldb(),
                        c1, g.cOff(), g.ldc(), true);
                three.gemm(false, false, g.m(), g.n(), g.k(), g.a(), g.aOff(), g.lda(), g.b(), g.bOff(), g.ldb(),
                        c3, g.cOff(), g.ldc(), true);
                if (i % 500 == 0) Thread.onSpinWait();
            }
            assertArrayEquals(c1, c3);
        }
    }

    @Test
    void parallelForCoversEveryIndexExactlyOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            try (Compute compute = Compute.create(threads)) {
                for (int n : new int[] {0, 1, 5, 16, 17, 100, 1001}) {
                    for (int grain : new int[] {1, 3, 8, 64, 2000}) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(n);
                        int g = grain;
                        int nn = n;
                        compute.parallelFor(n, grain, (lo, hi) -> {
                            assertTrue(lo % g == 0 && lo < hi && hi <= nn, "range [" + lo + ", " + hi + ")");
                            assertTrue(hi == nn || hi % g == 0, "boundary " + hi + " not a multiple of " + g);
                            for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
                        });
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, hits.get(i), "n=" + n + " grain=" + grain + " threads=" + threads + " index " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void parallelForRethrowsExceptionsOfAnyRange() {
        try (Compute compute = Compute.create(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> compute.parallelFor(100, 10, (lo, hi) -> {
                        if (lo > 0) throw new IllegalStateException("range " + lo);
                    }));
            assertEquals("range 50", e.getMessage());
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            compute.parallelFor(10, 1, (lo, hi) -> hits.incrementAndGet(lo));   // still usable
            assertEquals(1, hits.get(5));
        }
    }

    /**
     * Batch shards: every row exactly once, boundaries at multiples of the kernel's tile height,
     * and a GEMM over each shard's rows through its thread's Local gives the whole product bit for
     * bit (the same bits as one engine call), with its flops counted.
     */
    @Test
    void parallelShardsCoverRowsAtTileBoundariesAndTheirGemmsMatchOneCall() {
        for (int threads = 1; threads <= 3; threads++) {
            try (Compute compute = Compute.create(threads)) {
                int grain = compute.shardGrain();
                for (int m : new int[] {0, 1, 7, 8, 17, 36, 100}) {
                    GemmCase g = GemmCase.random(false, true, m, 96, 70, true, new Random(m + 10L * threads));
                    PackedMatrix p = compute.pack(g.transB(), g.k(), g.n(), g.b(), g.bOff(), g.ldb());
                    float[] whole = g.freshC();
                    compute.gemmPacked(false, m, g.a(), g.aOff(), g.lda(), p, whole, g.cOff(), g.ldc(), true);
                    float[] sharded = g.freshC();
                    AtomicIntegerArray hits = new AtomicIntegerArray(m);
                    int mm = m;
                    compute.resetFlops();
                    long calls = compute.shardedCalls();
                    compute.parallelShards(m, (lo, hi, local) -> {
                        assertTrue(lo % grain == 0 && lo < hi && hi <= mm, "shard [" + lo + ", " + hi + ")");
                        assertTrue(hi == mm || hi % grain == 0, "boundary " + hi + " not a multiple of " + grain);
                        for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
                        local.gemmPacked(false, hi - lo, g.a(), g.aOff() + lo * g.lda(), g.lda(), p,
                                sharded, g.cOff() + lo * g.ldc(), g.ldc(), true);
                    });
                    for (int i = 0; i < m; i++) assertEquals(1, hits.get(i), "m=" + m + " threads=" + threads + " row " + i);
                    assertArrayEquals(whole, sharded, "m=" + m + " threads=" + threads);
                    assertEquals(2L * m * 96 * 70, compute.flops(), "flops of the shards' GEMMs");
                    boolean split = threads > 1 && m > grain;
                    assertEquals(split ? calls + 1 : calls, compute.shardedCalls(), "m=" + m + " threads=" + threads);
                }
            }
        }
    }

    @Test
    void stepSplitIsSettableAndRejectsNull() {
        try (Compute compute = Compute.create(2)) {
            assertEquals(Compute.StepSplit.AUTO, compute.stepSplit());
            compute.stepSplit(Compute.StepSplit.GEMM);
            assertEquals(Compute.StepSplit.GEMM, compute.stepSplit());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compute.stepSplit(null));
            assertTrue(e.getMessage().contains("BATCH_SHARD"), e.getMessage());
        }
    }

    @Test
    void rejectsThreadCountBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compute.create(0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
    }

    @Test
    void rejectsReentrantCallsAndCallsAfterClose() {
        Compute compute = Compute.create(2);
        assertThrows(IllegalStateException.class,
                () -> compute.parallelFor(4, 1, (lo, hi) -> compute.parallelFor(2, 1, (a, b) -> { })));
        assertEquals(2, compute.threads());
        compute.close();
        assertThrows(IllegalStateException.class, () -> compute.parallelFor(4, 1, (lo, hi) -> { }));
    }
}
