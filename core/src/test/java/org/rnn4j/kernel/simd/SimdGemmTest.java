package org.rnn4j.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.GemmCase;
import org.rnn4j.kernel.ScalarGemm;

class SimdGemmTest {

    private static float[] simd(GemmCase g, GemmWorkspace ws) {
        float[] c = g.freshC();
        SimdGemm.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.a(), g.aOff(), g.lda(),
                g.b(), g.bOff(), g.ldb(), c, g.cOff(), g.ldc(), g.accumulate(), ws);
        return c;
    }

    private static float[] prePacked(GemmCase g, GemmWorkspace ws) {
        float[] bp = new float[SimdGemm.packedSize(g.k(), g.n()) + 5];
        SimdGemm.packB(g.transB(), g.k(), g.n(), g.b(), g.bOff(), g.ldb(), bp, 5);
        float[] c = g.freshC();
        SimdGemm.gemmPacked(g.transA(), g.m(), g.n(), g.k(), g.a(), g.aOff(), g.lda(), bp, 5,
                c, g.cOff(), g.ldc(), g.accumulate(), ws);
        return c;
    }

    private static float[] scalar(GemmCase g) {
        float[] c = g.freshC();
        ScalarGemm.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.a(), g.aOff(), g.lda(),
                g.b(), g.bOff(), g.ldb(), c, g.cOff(), g.ldc(), g.accumulate());
        return c;
    }

    @Test
    void simdGemmMatchesScalarAndDoubleReferenceOnOddShapes() {
        Random rnd = new Random(42);
        GemmWorkspace ws = new GemmWorkspace();
        for (int[] s : GemmCase.shapes(rnd)) {
            for (int t = 0; t < 4; t++) {
                GemmCase g = GemmCase.random((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], rnd.nextBoolean(), rnd);
                double[] ref = g.reference();
                double tol = g.tolerance();
                double errSimd = g.maxError(simd(g, ws), ref);
                double errPacked = g.maxError(prePacked(g, ws), ref);
                double errScalar = g.maxError(scalar(g), ref);
                assertTrue(errSimd <= tol, g + ": SIMD max error " + errSimd + " > " + tol);
                assertTrue(errPacked <= tol, g + ": pre-packed max error " + errPacked + " > " + tol);
                assertTrue(errScalar <= tol, g + ": scalar max error " + errScalar + " > " + tol);
            }
        }
    }

    @Test
    void simdGemmHandlesBlocksLargerThanNcKcAndMc() {
        Random rnd = new Random(7);
        GemmWorkspace ws = new GemmWorkspace();
        int n = SimdGemm.NC + 2 * SimdGemm.NR + 3;
        for (int t = 0; t < 4; t++) {
            GemmCase g = GemmCase.random((t & 1) != 0, (t & 2) != 0, SimdGemm.MC + 9, n, SimdGemm.KC * 2 + 5,
                    t % 2 == 0, rnd);
            double[] ref = g.reference();
            assertTrue(g.maxError(simd(g, ws), ref) <= g.tolerance(), g.toString());
            assertTrue(g.maxError(prePacked(g, ws), ref) <= g.tolerance(), g.toString());
        }
    }

    @Test
    void prePackedGemmIsBitIdenticalToPackingPerCall() {
        Random rnd = new Random(3);
        GemmWorkspace ws = new GemmWorkspace();
        for (int[] s : GemmCase.shapes(rnd).subList(0, 30)) {
            GemmCase g = GemmCase.random(rnd.nextBoolean(), rnd.nextBoolean(), s[0], s[1], s[2], rnd.nextBoolean(), rnd);
            assertArrayEquals(simd(g, ws), prePacked(g, ws), g.toString());
        }
    }

    /** The one-row path of the pre-packed GEMM (streaming, B = 1) gives the bits of the tiled kernel. */
    @Test
    void oneRowPrePackedGemmIsBitIdenticalToTheTiledKernel() {
        Random rnd = new Random(11);
        GemmWorkspace ws = new GemmWorkspace();
        for (int n : new int[] {1, 31, 32, 33, 100, 512}) {
            for (int k : new int[] {1, 7, SimdGemm.KC, SimdGemm.KC + 3, 2 * SimdGemm.KC + 44}) {
                GemmCase g = GemmCase.random(rnd.nextBoolean(), rnd.nextBoolean(), 1, n, k, rnd.nextBoolean(), rnd);
                assertArrayEquals(simd(g, ws), prePacked(g, ws), g.toString());
                assertArrayEquals(scalar(g), prePacked(g, ws), 1e-4f * k, g.toString());
            }
        }
    }

    /**
     * Both one-row paths (pre-packed, and packing nothing) give exactly the bits the tiled kernel
     * gives the same row inside a partial tile: row 0 of a 3-row product, whose other rows are noise.
     */
    @Test
    void oneRowPathsAreBitIdenticalToARowOfAPartialTile() {
        Random rnd = new Random(12);
        GemmWorkspace ws = new GemmWorkspace();
        for (int n : new int[] {1, 3, 10, 16, 31, 47, 64, 100, 129, 512}) {
            for (int k : new int[] {1, 5, 128, SimdGemm.KC + 3, 2 * SimdGemm.KC + 44}) {
                for (int t = 0; t < 4; t++) {
                    boolean transA = (t & 1) != 0, transB = (t & 2) != 0, acc = rnd.nextBoolean();
                    GemmCase three = GemmCase.random(transA, transB, 3, n, k, acc, rnd);
                    float[] tiled = simd(three, ws);
                    // the same first row as a one-row case: A's row 0 and C's row 0 with their offsets
                    GemmCase one = new GemmCase(transA, transB, 1, n, k, three.a(), three.aOff(), three.lda(),
                            three.b(), three.bOff(), three.ldb(), three.c0(), three.cOff(), three.ldc(), acc);
                    float[] direct = simd(one, ws), packed = prePacked(one, ws);
                    for (int j = 0; j < n; j++) {
                        int ci = three.cOff() + j;
                        String what = one + " column " + j;
                        assertTrue(Float.floatToIntBits(tiled[ci]) == Float.floatToIntBits(direct[ci]),
                                what + ": direct " + direct[ci] + " vs tiled " + tiled[ci]);
                        assertTrue(Float.floatToIntBits(tiled[ci]) == Float.floatToIntBits(packed[ci]),
                                what + ": pre-packed " + packed[ci] + " vs tiled " + tiled[ci]);
                    }
                }
            }
        }
    }

    /**
     * The narrow edge kernels (a partial tile of at most {@code HALF_MR} rows; a partial panel at
     * most one vector wide) give the bits the full-size edge kernel gives the same rows and
     * columns: rows 8–11 of a 12-row product against the same rows of a 13-row one (whose edge has
     * 5 rows), and the first L columns of an L-wide product against an (L+1)-wide one; both A
     * layouts (read in place, packed), both B layouts, accumulating or not, across K slices.
     */
    @Test
    void narrowEdgeKernelsGiveTheBitsOfTheFullEdgeKernel() {
        Random rnd = new Random(13);
        GemmWorkspace ws = new GemmWorkspace();
        int lanes = SimdGemm.lanes();
        for (int k : new int[] {1, 9, SimdGemm.KC + 3}) {
            for (int t = 0; t < 8; t++) {
                boolean transA = (t & 1) != 0, transB = (t & 2) != 0, acc = (t & 4) != 0;
                GemmCase tall = GemmCase.random(transA, transB, 13, 40, k, acc, rnd);        // edge: 5 rows
                GemmCase shortOne = new GemmCase(transA, transB, 12, 40, k, tall.a(), tall.aOff(), tall.lda(),
                        tall.b(), tall.bOff(), tall.ldb(), tall.c0(), tall.cOff(), tall.ldc(), acc); // edge: 4 rows
                assertSameBits(simd(tall, ws), simd(shortOne, ws), tall, 8, 12, 0, 40);
                assertSameBits(prePacked(tall, ws), prePacked(shortOne, ws), tall, 8, 12, 0, 40);
                GemmCase wide = GemmCase.random(transA, transB, 11, lanes + 1, k, acc, rnd); // edge: L + 1 columns
                GemmCase narrow = new GemmCase(transA, transB, 11, lanes, k, wide.a(), wide.aOff(), wide.lda(),
                        wide.b(), wide.bOff(), wide.ldb(), wide.c0(), wide.cOff(), wide.ldc(), acc); // edge: L columns
                assertSameBits(simd(wide, ws), simd(narrow, ws), wide, 0, 11, 0, lanes);
                assertSameBits(prePacked(wide, ws), prePacked(narrow, ws), wide, 0, 11, 0, lanes);
            }
        }
    }

    private static void assertSameBits(float[] expected, float[] actual, GemmCase g, int r0, int r1, int c0, int c1) {
        for (int i = r0; i < r1; i++) {
            for (int j = c0; j < c1; j++) {
                int ci = g.cOff() + i * g.ldc() + j;
                assertTrue(Float.floatToIntBits(expected[ci]) == Float.floatToIntBits(actual[ci]),
                        g + " row " + i + " column " + j + ": " + actual[ci] + " vs " + expected[ci]);
            }
        }
    }

    /**
     * The bias + narrow product row loop gives, bit for bit, what the bias fill and the GEMM give:
     * full tiles, partial row tiles, partial column panels, K = 1 and K > 1, and M = 1 (the one-row
     * path); computing the rows in two parts changes nothing.
     */
    @Test
    void biasPlusNarrowProductHasTheBitsOfTheBiasFillAndTheGemm() {
        Random rnd = new Random(13);
        GemmWorkspace ws = new GemmWorkspace();
        for (int[] shape : new int[][] {{1, 1, 512}, {36, 1, 512}, {100, 1, 100}, {37, 3, 45}, {64, 15, 96}, {8, 2, 31}}) {
            int m = shape[0], k = shape[1], n = shape[2], lda = k + 2, aOff = 3, wOff = 1, biasOff = wOff + n * k;
            float[] a = new float[aOff + m * lda], w = new float[biasOff + n + 2];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() * 2 - 1;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() * 2 - 1;
            float[] viaGemm = new float[m * n];
            for (int r = 0; r < m; r++) System.arraycopy(w, biasOff, viaGemm, r * n, n);
            SimdGemm.gemm(false, true, m, n, k, a, aOff, lda, w, wOff, k, viaGemm, 0, n, true, ws);
            float[] loop = new float[m * n], split = new float[m * n];
            SimdGemm.biasPlusNarrowProduct(a, aOff, lda, w, wOff, biasOff, k, n, loop, 0, m, m);
            SimdGemm.biasPlusNarrowProduct(a, aOff, lda, w, wOff, biasOff, k, n, split, m / 2, m, m);
            SimdGemm.biasPlusNarrowProduct(a, aOff, lda, w, wOff, biasOff, k, n, split, 0, m / 2, m);
            assertArrayEquals(viaGemm, loop, java.util.Arrays.toString(shape));
            assertArrayEquals(loop, split, "rows in two parts " + java.util.Arrays.toString(shape));
        }
    }

    @Test
    void convenienceGemmEqualsWorkspaceGemm() {
        Random rnd = new Random(5);
        GemmCase g = GemmCase.random(false, true, 37, 91, 300, true, rnd);
        float[] c = g.freshC();
        SimdGemm.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.a(), g.aOff(), g.lda(),
                g.b(), g.bOff(), g.ldb(), c, g.cOff(), g.ldc(), g.accumulate());
        assertArrayEquals(simd(g, new GemmWorkspace()), c);
    }

    @Test
    void zeroInnerDimensionClearsOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        SimdGemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        SimdGemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c);
    }

    @Test
    void descriptionNamesTileShape() {
        assertTrue(SimdGemm.description().contains("MR=" + SimdGemm.MR + ", NR=" + SimdGemm.NR),
                SimdGemm.description());
    }
}
