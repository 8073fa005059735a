package org.rnn4j.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-tiled GEMM on the Vector API; the SIMD twin of
 * {@code org.rnn4j.kernel.ScalarGemm}.
 * <pre>
 *   C[M, N] = (accumulate ? C : 0) + op(A)[M, K] · op(B)[K, N]
 * </pre>
 * Design (GotoBLAS/BLIS): for each NC-wide column block, for each KC-deep slice of K, B is packed
 * into NR-column panels [kc][NR]; for each MC-high row block the micro-kernel keeps an MR × NR
 * tile of C in MR·NV vector registers, doing per k step NV loads of B, MR broadcasts of A and
 * MR·NV fused multiply-adds. A transposed A (stored [K, M]) is first packed into MR-row slivers
 * [kc][MR]; a row-major A is read in place (packing it was a plain copy, repeated by every
 * thread of a split). Transposes of B are absorbed by packing. Partial tiles at the M and N
 * edges run into a temporary tile that is then added to C. One-row products (M = 1) take a
 * vector pass of their own with partial-tile numerics.
 *
 * <p>Numerics: per KC slice, an element of a full MR × NR tile is a chain of fused
 * multiply-adds in increasing k starting from C (from 0 in the first slice unless
 * accumulating); an element of a partial tile is such a chain starting from 0, then added to C
 * (or stored as it is in the first slice unless accumulating).
 * Either way its value depends only on K, KC and whether its tile is full, never on packing or
 * on which sub-block of C a call covers: callers that split C at multiples of MR rows and NR
 * columns from the call's origin (as {@code Compute} and its batch shards do) get bit-identical
 * results on any number of threads.
 */
public final class SimdGemm {
    private SimdGemm() {}

    private static final VectorSpecies<Float> S = Lanes.FLOAT;
    private static final int L = S.length();

    /** Rows of the register tile. */
    public static final int MR = 8;
    /** Partial tiles of at most this many rows run the half-height kernel ({@link #microKernelHalfRows}). */
    static final int HALF_MR = 4;
    /** Vectors per row of the register tile. */
    public static final int NV = 2;
    /** Columns of the register tile (NV vectors). */
    public static final int NR = NV * L;
    /** Depth of a K slice (packed A sliver and B panel length). */
    public static final int KC = 256;
    /** Rows of C per packed A block (a multiple of MR). */
    public static final int MC = 128;
    /** Columns of C per packed B block (a multiple of NR). */
    public static final int NC = 1024;

    private static final ThreadLocal<GemmWorkspace> LOCAL = ThreadLocal.withInitial(GemmWorkspace::new);

    /** Float lanes of the chosen species (16 for 512-bit vectors). */
    public static int lanes() {
        return L;
    }

    /** Float lanes of the CPU's preferred species, whatever species this class was told to use. */
    public static int preferredLanes() {
        return FloatVector.SPECIES_PREFERRED.length();
    }

    /** A short description such as {@code "simd-512 (MR=8, NR=32)"}. */
    public static String description() {
        return "simd-" + S.vectorBitSize() + " (MR=" + MR + ", NR=" + NR + ")";
    }

    /**
     * Same contract as {@code ScalarGemm.gemm}; packing buffers come from a per-thread workspace
     * (allocated on a thread's first call, then reused).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, LOCAL.get());
    }

    /**
     * {@code C[M, N] = (accumulate ? C : 0) + op(A)·op(B)}, packing into ws.
     * A is [M, K] (lda ≥ K) or, if transA, stored [K, M] (lda ≥ M);
     * B is [K, N] (ldb ≥ N) or, if transB, stored [N, K] (ldb ≥ K); C is [M, N] (ldc ≥ N).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate, GemmWorkspace ws) {
        assert m >= 0 && n >= 0 && k >= 0 : "negative size";
        assert ldc >= n && lda >= (transA ? m : k) && ldb >= (transB ? k : n) : "leading dimension too small";
        if (m == 0 || n == 0) return;
        if (k == 0) {
            zeroUnlessAccumulate(m, n, c, cOff, ldc, accumulate);
            return;
        }
        if (m == 1) {
            gemvDirect(transA, transB, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, accumulate);
            return;
        }
        int kcMax = Math.min(KC, k);
        float[] ap = transA ? ws.a(roundUp(Math.min(MC, m), MR) * kcMax) : null;
        float[] bp = ws.b(roundUp(Math.min(NC, n), NR) * kcMax);
        float[] tile = ws.tile(MR * NR);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, 0, kc * NR);
                boolean add = accumulate || pc > 0;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    if (transA) {
                        packTransposedA(a, aOff, lda, ic, mc, pc, kc, ap);
                        macroKernel(mc, nc, kc, ap, bp, 0, kc * NR, c, cOff + ic * ldc + jc, ldc, add, tile);
                    } else {
                        macroKernelDirect(mc, nc, kc, a, aOff + ic * lda + pc, lda, bp, 0, kc * NR,
                                c, cOff + ic * ldc + jc, ldc, add, tile);
                    }
                }
            }
        }
    }

    /**
     * {@code C = bias + A·Wᵀ} for rows r in [lo, hi) of an M-row product with a narrow inner
     * dimension (K ≤ KC; a pixel task's input projection, K = I = 1), with exactly the bits of
     * filling C with the bias row and then calling {@link #gemm}{@code (false, true, M, N, K, …,
     * accumulate = true)}, but in one pass over C: an element in a full MR × NR tile (row below
     * M − M mod MR, column below N − N mod NR) is a chain of fused multiply-adds over k from
     * bias[p]; any other element is bias[p] + (the same chain from 0); M = 1 is all partial, as
     * the one-row path. Rows are independent, so callers may split [0, M) anywhere.
     * A is [M, K] (row stride lda) from aOff; W is [N, K] from wOff; C is [M, N] (stride N).
     */
    public static void biasPlusNarrowProduct(float[] a, int aOff, int lda, float[] w, int wOff, int biasOff, int k,
                                             int n, float[] c, int lo, int hi, int m) {
        assert k <= KC : "K must be <= KC";
        final int rowsFull = m == 1 ? 0 : m - m % MR, colsFull = n - n % NR;
        for (int r = lo; r < hi; r++) {
            final int ar = aOff + r * lda, cr = r * n, full = r < rowsFull ? colsFull : 0;
            if (k == 1) {
                final float av = a[ar];
                for (int p = 0; p < full; p++) c[cr + p] = Math.fma(av, w[wOff + p], w[biasOff + p]);
                for (int p = full; p < n; p++) c[cr + p] = w[biasOff + p] + Math.fma(av, w[wOff + p], 0f);
                continue;
            }
            for (int p = 0; p < n; p++) {
                float acc = p < full ? w[biasOff + p] : 0f;
                for (int i = 0; i < k; i++) acc = Math.fma(a[ar + i], w[wOff + p * k + i], acc);
                c[cr + p] = p < full ? acc : w[biasOff + p] + acc;
            }
        }
    }

    /** Floats needed to pre-pack a [K, N] right operand: ceil(N / NR) panels of [K][NR]. */
    public static int packedSize(int k, int n) {
        return ((n + NR - 1) / NR) * NR * k;
    }

    /**
     * Packs the whole right operand op(B)[K, N] into dst from dstOff as ceil(N / NR) panels, each
     * [K][NR] (K·NR floats, zero-padded past column N). B is [K, N] (ldb ≥ N) or, if transB,
     * stored [N, K] (ldb ≥ K). The columns from j (a multiple of NR) start at
     * {@code dstOff + (j / NR)·NR·K}.
     */
    public static void packB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] dst, int dstOff) {
        assert dst.length - dstOff >= packedSize(k, n) : "dst too small";
        packB(transB, b, bOff, ldb, 0, k, 0, n, dst, dstOff, k * NR);
    }

    /**
     * {@code C[M, N] = (accumulate ? C : 0) + op(A)·B} with B pre-packed by {@link #packB} for K
     * rows; bp from bpOff holds the panels of this call's N columns (bpOff = the offset of the panel
     * holding its first column). Reads bp only, so many threads may share it.
     */
    public static void gemmPacked(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                                  float[] bp, int bpOff, float[] c, int cOff, int ldc, boolean accumulate,
                                  GemmWorkspace ws) {
        assert m >= 0 && n >= 0 && k >= 0 : "negative size";
        assert ldc >= n && lda >= (transA ? m : k) : "leading dimension too small";
        assert bp.length - bpOff >= packedSize(k, n) : "packed B too small";
        if (m == 0 || n == 0) return;
        if (k == 0) {
            zeroUnlessAccumulate(m, n, c, cOff, ldc, accumulate);
            return;
        }
        if (m == 1) {
            gemvPacked(transA, n, k, a, aOff, lda, bp, bpOff, c, cOff, accumulate, ws.tile(MR * NR));
            return;
        }
        float[] ap = transA ? ws.a(roundUp(Math.min(MC, m), MR) * Math.min(KC, k)) : null;
        float[] tile = ws.tile(MR * NR);
        int panelStride = k * NR;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int bBlock = bpOff + (jc / NR) * panelStride + pc * NR;
                boolean add = accumulate || pc > 0;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    if (transA) {
                        packTransposedA(a, aOff, lda, ic, mc, pc, kc, ap);
                        macroKernel(mc, nc, kc, ap, bp, bBlock, panelStride, c, cOff + ic * ldc + jc, ldc, add, tile);
                    } else {
                        macroKernelDirect(mc, nc, kc, a, aOff + ic * lda + pc, lda, bp, bBlock, panelStride,
                                c, cOff + ic * ldc + jc, ldc, add, tile);
                    }
                }
            }
        }
    }

    /**
     * {@link #gemmPacked} for one row of A (M = 1: streaming inference, B = 1): one pass over the
     * packed panels with vector accumulators instead of an MR-row tile, which would compute MR − 1
     * rows of zeros. Per KC slice every element is {@code C + s} (or s itself in the first slice
     * unless accumulating) with s
     * summed from zero over the slice in increasing k by fused multiply-adds — the numerics of the
     * MR×NR kernel on a partial tile, so one row gives the same bits alone or in a partial tile.
     * Four panels go together (8 independent accumulator chains): one panel alone would wait on
     * the latency of each fused multiply-add.
     * <p>Each vector loop sits in a small method of its own: in one large method C2 stopped
     * intrinsifying the Vector API calls and boxed every vector (measured: 244 MB allocated per
     * LSTM-128 training step by the one-row dWx product, and several times slower).
     */
    private static void gemvPacked(boolean transA, int n, int k, float[] a, int aOff, int lda, float[] bp,
                                   int bpOff, float[] c, int cOff, boolean accumulate, float[] tile) {
        int panelStride = k * NR, aStep = transA ? lda : 1;
        int fullPanels = n / NR;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean add = accumulate || pc > 0;
            int ai = aOff + pc * aStep;
            int q = 0;
            for (; q + 4 <= fullPanels; q += 4) {
                fourPanels(kc, a, ai, aStep, bp, bpOff + q * panelStride + pc * NR, panelStride, c, cOff + q * NR, add);
            }
            for (int jr = q * NR; jr < n; jr += NR) {
                onePanel(kc, a, ai, aStep, bp, bpOff + (jr / NR) * panelStride + pc * NR, tile);
                int nr = Math.min(NR, n - jr), ci = cOff + jr;
                if (add) {
                    for (int j = 0; j < nr; j++) c[ci + j] = c[ci + j] + tile[j];
                } else {
                    System.arraycopy(tile, 0, c, ci, nr);
                }
            }
        }
    }

    /** Sums of one KC slice for four full panels from b0 (stride panelStride), stored or added at c[ci..ci+4·NR). */
    private static void fourPanels(int kc, float[] a, int ai, int aStep, float[] bp, int b0, int panelStride,
                                   float[] c, int ci, boolean add) {
        final int b1 = b0 + panelStride, b2 = b1 + panelStride, b3 = b2 + panelStride;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00,
                s30 = s00, s31 = s00;
        for (int p = 0; p < kc; p++) {
            FloatVector av = FloatVector.broadcast(S, a[ai + p * aStep]);
            int o = p * NR;
            s00 = av.fma(FloatVector.fromArray(S, bp, b0 + o), s00);
            s01 = av.fma(FloatVector.fromArray(S, bp, b0 + o + L), s01);
            s10 = av.fma(FloatVector.fromArray(S, bp, b1 + o), s10);
            s11 = av.fma(FloatVector.fromArray(S, bp, b1 + o + L), s11);
            s20 = av.fma(FloatVector.fromArray(S, bp, b2 + o), s20);
            s21 = av.fma(FloatVector.fromArray(S, bp, b2 + o + L), s21);
            s30 = av.fma(FloatVector.fromArray(S, bp, b3 + o), s30);
            s31 = av.fma(FloatVector.fromArray(S, bp, b3 + o + L), s31);
        }
        if (add) {                                                     // C + s (addition commutes exactly)
            s00 = s00.add(FloatVector.fromArray(S, c, ci));
            s01 = s01.add(FloatVector.fromArray(S, c, ci + L));
            s10 = s10.add(FloatVector.fromArray(S, c, ci + NR));
            s11 = s11.add(FloatVector.fromArray(S, c, ci + NR + L));
            s20 = s20.add(FloatVector.fromArray(S, c, ci + 2 * NR));
            s21 = s21.add(FloatVector.fromArray(S, c, ci + 2 * NR + L));
            s30 = s30.add(FloatVector.fromArray(S, c, ci + 3 * NR));
            s31 = s31.add(FloatVector.fromArray(S, c, ci + 3 * NR + L));
        }
        s00.intoArray(c, ci);
        s01.intoArray(c, ci + L);
        s10.intoArray(c, ci + NR);
        s11.intoArray(c, ci + NR + L);
        s20.intoArray(c, ci + 2 * NR);
        s21.intoArray(c, ci + 2 * NR + L);
        s30.intoArray(c, ci + 3 * NR);
        s31.intoArray(c, ci + 3 * NR + L);
    }

    /** Sums of one KC slice for one panel from bi into tile[0, NR). */
    private static void onePanel(int kc, float[] a, int ai, int aStep, float[] bp, int bi, float[] tile) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        for (int p = 0; p < kc; p++) {
            FloatVector av = FloatVector.broadcast(S, a[ai + p * aStep]);
            s0 = av.fma(FloatVector.fromArray(S, bp, bi + p * NR), s0);
            s1 = av.fma(FloatVector.fromArray(S, bp, bi + p * NR + L), s1);
        }
        s0.intoArray(tile, 0);
        s1.intoArray(tile, L);
    }

    /**
     * {@link #gemm} for one row of A (M = 1) without packing either operand: a streaming step's
     * readout would otherwise pack the whole of B for a single row. Same numerics as a partial
     * tile (see {@link #gemvPacked}): per KC slice and column, s is a chain of fused multiply-adds
     * from zero in increasing k, then {@code C = C + s} (s itself in the first slice unless
     * accumulating). B stored [N, K] (transB): eight columns' scalar chains go together, then
     * pairs; B stored [K, N]: 16-lane vectors along N, four at a time, then one; a scalar chain per
     * column for the rest. One loop per method (see gemvPacked).
     */
    private static void gemvDirect(boolean transA, boolean transB, int n, int k, float[] a, int aOff, int lda,
                                   float[] b, int bOff, int ldb, float[] c, int cOff, boolean accumulate) {
        int aStep = transA ? lda : 1;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean add = accumulate || pc > 0;
            int ai = aOff + pc * aStep;
            int j = 0;
            if (transB) {
                for (; j + 8 <= n; j += 8) eightRows(kc, a, ai, aStep, b, bOff + j * ldb + pc, ldb, c, cOff + j, add);
                for (; j + 2 <= n; j += 2) twoRows(kc, a, ai, aStep, b, bOff + j * ldb + pc, ldb, c, cOff + j, add);
            } else {
                for (; j + 4 * L <= n; j += 4 * L) fourVectors(kc, a, ai, aStep, b, bOff + pc * ldb + j, ldb, c, cOff + j, add);
                for (; j + L <= n; j += L) oneVector(kc, a, ai, aStep, b, bOff + pc * ldb + j, ldb, c, cOff + j, add);
            }
            for (; j < n; j++) {                                      // the last columns, one chain each
                int bi = transB ? bOff + j * ldb + pc : bOff + pc * ldb + j, bStep = transB ? 1 : ldb;
                float s0 = 0f;
                for (int p = 0; p < kc; p++) s0 = Math.fma(a[ai + p * aStep], b[bi + p * bStep], s0);
                c[cOff + j] = add ? c[cOff + j] + s0 : s0;
            }
        }
    }

    /** Eight columns of a [N, K]-stored B (rows r0, r0 + ldb, …): their KC-slice chains, stored or added at c[ci..ci+8). */
    private static void eightRows(int kc, float[] a, int ai, int aStep, float[] b, int r0, int ldb, float[] c, int ci,
                                  boolean add) {
        final int r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb, r4 = r3 + ldb, r5 = r4 + ldb, r6 = r5 + ldb, r7 = r6 + ldb;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        for (int p = 0; p < kc; p++) {
            float av = a[ai + p * aStep];
            s0 = Math.fma(av, b[r0 + p], s0);
            s1 = Math.fma(av, b[r1 + p], s1);
            s2 = Math.fma(av, b[r2 + p], s2);
            s3 = Math.fma(av, b[r3 + p], s3);
            s4 = Math.fma(av, b[r4 + p], s4);
            s5 = Math.fma(av, b[r5 + p], s5);
            s6 = Math.fma(av, b[r6 + p], s6);
            s7 = Math.fma(av, b[r7 + p], s7);
        }
        c[ci] = add ? c[ci] + s0 : s0;
        c[ci + 1] = add ? c[ci + 1] + s1 : s1;
        c[ci + 2] = add ? c[ci + 2] + s2 : s2;
        c[ci + 3] = add ? c[ci + 3] + s3 : s3;
        c[ci + 4] = add ? c[ci + 4] + s4 : s4;
        c[ci + 5] = add ? c[ci + 5] + s5 : s5;
        c[ci + 6] = add ? c[ci + 6] + s6 : s6;
        c[ci + 7] = add ? c[ci + 7] + s7 : s7;
    }

    /** Two columns of a [N, K]-stored B, as {@link #eightRows}. */
    private static void twoRows(int kc, float[] a, int ai, int aStep, float[] b, int r0, int ldb, float[] c, int ci,
                                boolean add) {
        final int r1 = r0 + ldb;
        float s0 = 0f, s1 = 0f;
        for (int p = 0; p < kc; p++) {
            float av = a[ai + p * aStep];
            s0 = Math.fma(av, b[r0 + p], s0);
            s1 = Math.fma(av, b[r1 + p], s1);
        }
        c[ci] = add ? c[ci] + s0 : s0;
        c[ci + 1] = add ? c[ci + 1] + s1 : s1;
    }

    /** 4·L columns of a [K, N]-stored B from bi (row stride ldb): their KC-slice chains, stored or added at c[ci..]. */
    private static void fourVectors(int kc, float[] a, int ai, int aStep, float[] b, int bi, int ldb, float[] c, int ci,
                                    boolean add) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < kc; p++) {
            FloatVector av = FloatVector.broadcast(S, a[ai + p * aStep]);
            int o = bi + p * ldb;
            s0 = av.fma(FloatVector.fromArray(S, b, o), s0);
            s1 = av.fma(FloatVector.fromArray(S, b, o + L), s1);
            s2 = av.fma(FloatVector.fromArray(S, b, o + 2 * L), s2);
            s3 = av.fma(FloatVector.fromArray(S, b, o + 3 * L), s3);
        }
        if (add) {
            s0 = s0.add(FloatVector.fromArray(S, c, ci));
            s1 = s1.add(FloatVector.fromArray(S, c, ci + L));
            s2 = s2.add(FloatVector.fromArray(S, c, ci + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, c, ci + 3 * L));
        }
        s0.intoArray(c, ci);
        s1.intoArray(c, ci + L);
        s2.intoArray(c, ci + 2 * L);
        s3.intoArray(c, ci + 3 * L);
    }

    /** L columns of a [K, N]-stored B, as {@link #fourVectors}. */
    private static void oneVector(int kc, float[] a, int ai, int aStep, float[] b, int bi, int ldb, float[] c, int ci,
                                  boolean add) {
        FloatVector s0 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            s0 = FloatVector.broadcast(S, a[ai + p * aStep]).fma(FloatVector.fromArray(S, b, bi + p * ldb), s0);
        }
        if (add) s0 = s0.add(FloatVector.fromArray(S, c, ci));
        s0.intoArray(c, ci);
    }

    private static void zeroUnlessAccumulate(int m, int n, float[] c, int cOff, int ldc, boolean accumulate) {
        if (accumulate) return;
        for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * Packs op(A)[i0 : i0+mc, p0 : p0+kc] of a transposed A (stored [K, M], lda ≥ M) into dst as
     * ceil(mc / MR) slivers, each [kc][MR] (sliver s starts at s·kc·MR), rows past mc zero. A
     * row-major A is not packed: {@link #macroKernelDirect} reads it in place.
     */
    static void packTransposedA(float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst) {
        for (int s = 0; s < mc; s += MR) {
            int rows = Math.min(MR, mc - s);
            int d = s * kc;
            // The MR rows of one k step are contiguous. An 8-lane vector copy here was not
            // scalar-replaced by C2 (measured: 48 bytes allocated per k step, 240 MB per LSTM-128
            // training step in the dWh GEMM); arraycopy is an intrinsic and allocates nothing.
            if (rows == MR) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, aOff + (p0 + p) * lda + i0 + s, dst, d + p * MR, MR);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + s;
                    int dd = d + p * MR;
                    for (int r = 0; r < rows; r++) dst[dd + r] = a[src + r];
                    for (int r = rows; r < MR; r++) dst[dd + r] = 0f;
                }
            }
        }
    }

    /**
     * Packs op(B)[p0 : p0+kc, j0 : j0+nc] into ceil(nc / NR) panels of [kc][NR], panel q starting
     * at dstOff + q·panelStride; columns past nc zero.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      float[] dst, int dstOff, int panelStride) {
        for (int jp = 0; jp < nc; jp += NR) {
            int cols = Math.min(NR, nc - jp);
            int d = dstOff + (jp / NR) * panelStride;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jp;
                    int dd = d + p * NR;
                    if (cols == NR) {
                        copyPanelRow(b, src, dst, dd);
                    } else {
                        System.arraycopy(b, src, dst, dd, cols);
                        java.util.Arrays.fill(dst, dd + cols, dd + NR, 0f);
                    }
                }
            } else {
                // B stored [N, K]: column j of op(B) is row j of the stored matrix (read each row
                // once, contiguously; a panel being written, kc·NR floats, stays in L1).
                for (int jj = 0; jj < NR; jj++) {
                    if (jj < cols) {
                        int src = bOff + (j0 + jp + jj) * ldb + p0;
                        for (int p = 0; p < kc; p++) dst[d + p * NR + jj] = b[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) dst[d + p * NR + jj] = 0f;
                    }
                }
            }
        }
    }

    /**
     * NR floats from b to dst by vector loads and stores, in a method of its own: inline in
     * {@link #packB}, whose loop runs long enough to be compiled on-stack, C2 once boxed every
     * vector (176 MB allocated per NRU training step); System.arraycopy of 32 floats took 3× the profile samples.
     */
    private static void copyPanelRow(float[] b, int src, float[] dst, int dd) {
        for (int v = 0; v < NR; v += L) FloatVector.fromArray(S, b, src + v).intoArray(dst, dd + v);
    }

    /** Runs the micro-kernel over an mc × nc block of C from packed A (ap) and packed B panels. */
    private static void macroKernel(int mc, int nc, int kc, float[] ap, float[] bp, int bpOff, int panelStride,
                                    float[] c, int cOff, int ldc, boolean add, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bPanel = bpOff + (jr / NR) * panelStride;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int aSliver = ir * kc;
                int cTile = cOff + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    microKernel(kc, ap, aSliver, bp, bPanel, c, cTile, ldc, add);
                } else {
                    if (mr <= HALF_MR) microKernelHalfRows(kc, ap, aSliver, MR, 1, 2, 3, bp, bPanel, tile);
                    else if (nr <= L) microKernelOneVector(kc, ap, aSliver, MR, 1, 2, 3, 4, 5, 6, 7, bp, bPanel, tile);
                    else microKernel(kc, ap, aSliver, bp, bPanel, tile, 0, NR, false);
                    for (int r = 0; r < mr; r++) {
                        int ci = cTile + r * ldc;
                        int ti = r * NR;
                        if (add) {
                            for (int j = 0; j < nr; j++) c[ci + j] = c[ci + j] + tile[ti + j];
                        } else {
                            System.arraycopy(tile, ti, c, ci, nr);
                        }
                    }
                }
            }
        }
    }

    /**
     * The 8 × (2 vectors) register tile: {@code C[8, NR] (+)= Ap[kc][8]ᵀ · Bp[kc][NR]}; writes all
     * 8 rows and NR columns of C from cOff (stride ldc), adding to them if add.
     * <p>When adding, the accumulators start from C instead of being added to C at the end: every
     * vector stays in a local, so C2 keeps all 16 in registers. (A store helper taking vectors was
     * not inlined once it had the add branch, which boxed the vectors and cost 6.5×; measured in
     * docs/benchmarks.md.)
     */
    private static void microKernel(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                    float[] c, int cOff, int ldc, boolean add) {
        final int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc,
                o6 = o5 + ldc, o7 = o6 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (add) {
            c00 = FloatVector.fromArray(S, c, o0);
            c01 = FloatVector.fromArray(S, c, o0 + L);
            c10 = FloatVector.fromArray(S, c, o1);
            c11 = FloatVector.fromArray(S, c, o1 + L);
            c20 = FloatVector.fromArray(S, c, o2);
            c21 = FloatVector.fromArray(S, c, o2 + L);
            c30 = FloatVector.fromArray(S, c, o3);
            c31 = FloatVector.fromArray(S, c, o3 + L);
            c40 = FloatVector.fromArray(S, c, o4);
            c41 = FloatVector.fromArray(S, c, o4 + L);
            c50 = FloatVector.fromArray(S, c, o5);
            c51 = FloatVector.fromArray(S, c, o5 + L);
            c60 = FloatVector.fromArray(S, c, o6);
            c61 = FloatVector.fromArray(S, c, o6 + L);
            c70 = FloatVector.fromArray(S, c, o7);
            c71 = FloatVector.fromArray(S, c, o7 + L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00; c60 = c00; c61 = c00; c70 = c00; c71 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
        c60.intoArray(c, o6);
        c61.intoArray(c, o6 + L);
        c70.intoArray(c, o7);
        c71.intoArray(c, o7 + L);
    }

    /**
     * {@link #macroKernel} reading A in place, row-major from aOff with stride lda (this slice's
     * first column already in aOff), instead of from a packed sliver. Packing a row-major A is a
     * copy that costs as much as a sixth of a per-step GEMM (K = 512, B = 100), and every thread
     * of a split would repeat it; the micro-kernel broadcasts the same values either way, so the
     * bits are those of the packed path. Rows of a partial tile past mc read row 0 again (their
     * sums land in the edge tile and are dropped).
     */
    private static void macroKernelDirect(int mc, int nc, int kc, float[] a, int aOff, int lda, float[] bp,
                                          int bpOff, int panelStride, float[] c, int cOff, int ldc, boolean add,
                                          float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bPanel = bpOff + (jr / NR) * panelStride;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int r0 = aOff + ir * lda;
                int r1 = mr > 1 ? r0 + lda : r0, r2 = mr > 2 ? r0 + 2 * lda : r0, r3 = mr > 3 ? r0 + 3 * lda : r0,
                        r4 = mr > 4 ? r0 + 4 * lda : r0, r5 = mr > 5 ? r0 + 5 * lda : r0,
                        r6 = mr > 6 ? r0 + 6 * lda : r0, r7 = mr > 7 ? r0 + 7 * lda : r0;
                int cTile = cOff + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    microKernelDirect(kc, a, r0, r1, r2, r3, r4, r5, r6, r7, bp, bPanel, c, cTile, ldc, add);
                } else {
                    if (mr <= HALF_MR) microKernelHalfRows(kc, a, r0, 1, r1 - r0, r2 - r0, r3 - r0, bp, bPanel, tile);
                    else if (nr <= L) microKernelOneVector(kc, a, r0, 1, r1 - r0, r2 - r0, r3 - r0, r4 - r0, r5 - r0,
                            r6 - r0, r7 - r0, bp, bPanel, tile);
                    else microKernelDirect(kc, a, r0, r1, r2, r3, r4, r5, r6, r7, bp, bPanel, tile, 0, NR, false);
                    for (int r = 0; r < mr; r++) {
                        int ci = cTile + r * ldc;
                        int ti = r * NR;
                        if (add) {
                            for (int j = 0; j < nr; j++) c[ci + j] = c[ci + j] + tile[ti + j];
                        } else {
                            System.arraycopy(tile, ti, c, ci, nr);
                        }
                    }
                }
            }
        }
    }

    /** {@link #microKernel} with A read in place: row i of the tile starts at a[r_i] (column 0 of the slice). */
    private static void microKernelDirect(int kc, float[] a, int r0, int r1, int r2, int r3, int r4, int r5,
                                          int r6, int r7, float[] bp, int bOff, float[] c, int cOff, int ldc, boolean add) {
        final int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc,
                o6 = o5 + ldc, o7 = o6 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (add) {
            c00 = FloatVector.fromArray(S, c, o0);
            c01 = FloatVector.fromArray(S, c, o0 + L);
            c10 = FloatVector.fromArray(S, c, o1);
            c11 = FloatVector.fromArray(S, c, o1 + L);
            c20 = FloatVector.fromArray(S, c, o2);
            c21 = FloatVector.fromArray(S, c, o2 + L);
            c30 = FloatVector.fromArray(S, c, o3);
            c31 = FloatVector.fromArray(S, c, o3 + L);
            c40 = FloatVector.fromArray(S, c, o4);
            c41 = FloatVector.fromArray(S, c, o4 + L);
            c50 = FloatVector.fromArray(S, c, o5);
            c51 = FloatVector.fromArray(S, c, o5 + L);
            c60 = FloatVector.fromArray(S, c, o6);
            c61 = FloatVector.fromArray(S, c, o6 + L);
            c70 = FloatVector.fromArray(S, c, o7);
            c71 = FloatVector.fromArray(S, c, o7 + L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00; c60 = c00; c61 = c00; c70 = c00; c71 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[r0 + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[r1 + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[r2 + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[r3 + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[r4 + p]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[r5 + p]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[r6 + p]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[r7 + p]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
        c60.intoArray(c, o6);
        c61.intoArray(c, o6 + L);
        c70.intoArray(c, o7);
        c71.intoArray(c, o7 + L);
    }

    /**
     * A partial tile of at most {@value #HALF_MR} rows: {@code tile[0:4, NR] = A[4, kc] · Bp[kc][NR]},
     * row i's k-th element at {@code a[a0 + dᵢ + k·kStep]} (d₀ = 0; a packed sliver has kStep = MR and
     * dᵢ = i, a row-major A kStep = 1 and dᵢ = its row offset). Half the multiply-adds of
     * {@link #microKernel} on such a tile, and the same bits: each element is the same chain of fused
     * multiply-adds in increasing k from 0. At B = 100 (12 full tiles and one of 4 rows) this is the
     * tile that made a two-shard split 6 against 7 full-tile costs.
     */
    private static void microKernelHalfRows(int kc, float[] a, int a0, int kStep, int d1, int d2, int d3,
                                            float[] bp, int bOff, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0, ai = a0; p < kc; p++, ai += kStep) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x0 = FloatVector.broadcast(S, a[ai]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + d1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + d2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + d3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    /**
     * A partial tile at most one vector wide (the N edge, e.g. the last 8 of the NRU's 136 head
     * rows): {@code tile[0:8, 0:L] = A[8, kc] · Bp[kc][0:L]}, rows addressed as in
     * {@link #microKernelHalfRows}. Half the multiply-adds of {@link #microKernel}, the same bits.
     */
    private static void microKernelOneVector(int kc, float[] a, int a0, int kStep, int d1, int d2, int d3, int d4,
                                             int d5, int d6, int d7, float[] bp, int bOff, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0, ai = a0; p < kc; p++, ai += kStep) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bOff + p * NR);
            c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + d1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + d2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + d3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[ai + d4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[ai + d5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[ai + d6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[ai + d7]).fma(b0, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, NR);
        c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR);
        c4.intoArray(tile, 4 * NR);
        c5.intoArray(tile, 5 * NR);
        c6.intoArray(tile, 6 * NR);
        c7.intoArray(tile, 7 * NR);
    }
}
