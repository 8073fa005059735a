package org.rnn4j.kernel;

import org.rnn4j.kernel.simd.SimdActivations;
import org.rnn4j.kernel.simd.SimdGemm;
import org.rnn4j.kernel.simd.SimdGroupGemv;
import org.rnn4j.kernel.simd.SimdCellKernels;
import org.rnn4j.kernel.simd.SimdNruKernels;

/**
 * The entry point the rest of the library uses for element-wise kernels; GEMM goes through
 * {@link Compute}. The implementation is chosen once, when this class initializes, and logged:
 * SIMD ({@code org.rnn4j.kernel.simd}) when the module {@code jdk.incubator.vector} is present and
 * the CPU's preferred float species has at least 8 lanes, else the scalar twins. The system
 * property {@code rnn4j.kernels} = {@code scalar} | {@code simd} | {@code auto} (default) forces
 * the choice; {@code simd} without a usable Vector API falls back to scalar and says so in
 * {@link #implementationName()}.
 */
public final class Kernels {
    private Kernels() {}

    /** True when the SIMD kernels are in use (read by {@link Compute} and {@link PackedMatrix}). */
    static final boolean SIMD;
    private static final String NAME;
    /** The NRU head kernels run vectorized (they need 16 float lanes; else their scalar twins run). */
    private static final boolean NRU_SIMD;
    private static final boolean GROUP_SIMD;

    static {
        String requested = System.getProperty("rnn4j.kernels", "auto");
        String unusable = simdUnusableReason();
        switch (requested) {
            case "scalar" -> {
                SIMD = false;
                NAME = "scalar";
            }
            case "simd", "auto" -> {
                SIMD = unusable == null;
                NAME = SIMD ? SimdGemm.description()
                        : requested.equals("simd") ? "scalar (rnn4j.kernels=simd requested, but " + unusable + ")"
                        : "scalar";
            }
            default -> throw new IllegalArgumentException(
                    "rnn4j.kernels must be one of scalar, simd, auto, got " + requested);
        }
        System.getLogger(Kernels.class.getName()).log(System.Logger.Level.INFO, "rnn4j kernels: " + NAME);
        NRU_SIMD = SIMD && SimdNruKernels.USABLE;
        GROUP_SIMD = SIMD && SimdGroupGemv.USABLE;
    }

    /** Why the SIMD kernels cannot run here, or null if they can. Touches kernel.simd only if the module is present. */
    private static String simdUnusableReason() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector is not present (run with --add-modules jdk.incubator.vector)";
        }
        try {
            int lanes = SimdGemm.preferredLanes();
            return lanes >= 8 ? null : "the preferred float species has only " + lanes + " lanes (need >= 8)";
        } catch (LinkageError | RuntimeException e) {
            return "the Vector API failed to initialize: " + e;
        }
    }

    /** The implementation in use, e.g. {@code "simd-512 (MR=8, NR=32)"} or {@code "scalar"}. */
    public static String implementationName() {
        return NAME;
    }

    /** {@code y = σ(x) = 1 / (1 + exp(-x))} over n elements; in place allowed. */
    public static void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        if (SIMD) SimdActivations.sigmoid(x, xOff, y, yOff, n);
        else ScalarActivations.sigmoid(x, xOff, y, yOff, n);
    }

    /** {@code y = tanh(x)} over n elements; in place allowed. */
    public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        if (SIMD) SimdActivations.tanh(x, xOff, y, yOff, n);
        else ScalarActivations.tanh(x, xOff, y, yOff, n);
    }

    /** {@code y = max(x, 0)} over n elements; in place allowed. */
    public static void relu(float[] x, int xOff, float[] y, int yOff, int n) {
        if (SIMD) SimdActivations.relu(x, xOff, y, yOff, n);
        else ScalarActivations.relu(x, xOff, y, yOff, n);
    }

    /** The element-wise LSTM backward of one row; see {@link CellKernels#lstmBackward}. */
    public static void lstmBackward(float[] z, int zi, int H, float[] tc, int tcOff, float[] s, int cPrevOff,
                                    float[] dNext, int dhOff, int dcOff, float[] dPrev, int dcPrevOff,
                                    float[] pw, int wci, int wcf, int wco) {
        int done = SIMD ? SimdCellKernels.lstmBackward(z, zi, H, tc, tcOff, s, cPrevOff, dNext, dhOff, dcOff, dPrev,
                dcPrevOff, pw, wci, wcf, wco) : 0;
        if (done < H) {
            CellKernels.lstmBackward(z, zi, H, tc, tcOff, s, cPrevOff, dNext, dhOff, dcOff, dPrev, dcPrevOff,
                    pw, wci, wcf, wco, done);
        }
    }

    /**
     * The LSTM forward after σ(i), σ(f) for one row without peepholes: g = tanh(zg), o = σ(zo),
     * c = f⊙cPrev + i⊙g, tc = tanh(c), h = o⊙tc. The SIMD kernels fuse whole vectors into one pass
     * ({@code SimdCellKernels.lstmForwardCell}); {@link CellKernels#lstmForwardCell} does the rest
     * (all of it with the scalar kernels) with the separate calls, which give the same bits.
     */
    public static void lstmForwardCell(float[] z, int zi, int H, float[] s, int cPrevOff, int cOff, int hOff,
                                       float[] tc, int tcOff) {
        int done = SIMD ? SimdCellKernels.lstmForwardCell(z, zi, H, s, cPrevOff, cOff, hOff, tc, tcOff) : 0;
        if (done < H) CellKernels.lstmForwardCell(z, zi, H, s, cPrevOff, cOff, hOff, tc, tcOff, done);
    }

    /** The element-wise GRU backward (reset after the product) of one row; see {@link CellKernels#gruBackward}. */
    public static void gruBackward(float[] z, int zr, int H, float[] s, int hPrevOff, float[] zhn, int zhnOff,
                                   float[] dNext, int dhOff, float[] dPrev, float[] dzh, int dzhOff) {
        int done = SIMD ? SimdCellKernels.gruBackward(z, zr, H, s, hPrevOff, zhn, zhnOff, dNext, dhOff, dPrev, dzh, dzhOff) : 0;
        if (done < H) CellKernels.gruBackward(z, zr, H, s, hPrevOff, zhn, zhnOff, dNext, dhOff, dPrev, dzh, dzhOff, done);
    }

    /**
     * One row against the listed groups of a matrix packed by {@link GroupGemv#pack}; each element
     * gets the bits the GEMM in use ({@link Compute}) gives it in the dense one-row product.
     */
    public static void groupGemv(int K, float[] a, int aOff, float[] panels, int[] groups, int n, float[] out) {
        if (GROUP_SIMD) SimdGroupGemv.gemv(K, a, aOff, panels, groups, n, out);
        else GroupGemv.gemv(K, a, aOff, panels, groups, n, out);
    }

    /** Per-step bias and input-weight sums of a one-input layer in one pass; see {@link CellKernels#addBiasAndInputSums}. */
    public static void addBiasAndInputSums(float[] src, int off, int rows, int cols, float[] x, int xOff, int ldx,
                                           float[] db, int dbOff, float[] dwx, int dwxOff) {
        int done = SIMD ? SimdCellKernels.addBiasAndInputSums(src, off, rows, cols, x, xOff, ldx, db, dbOff, dwx, dwxOff) : 0;
        if (done < cols) CellKernels.addBiasAndInputSums(src, off, rows, cols, x, xOff, ldx, db, dbOff, dwx, dwxOff, done);
    }

    /** {@code dst[dstOff + c] += Σ_r src[off + r·cols + c]}, in row order; see {@link CellKernels#addColumnSums}. */
    public static void addColumnSums(float[] src, int off, int rows, int cols, float[] dst, int dstOff) {
        int done = SIMD ? SimdCellKernels.addColumnSums(src, off, rows, cols, dst, dstOff) : 0;
        if (done < cols) CellKernels.addColumnSums(src, off, rows, cols, dst, dstOff, done);
    }

    /** Σ|V|^p of one NRU head; see {@link NruKernels#headPowSum}. */
    public static double nruHeadPowSum(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu, double p,
                                       float[] v, int vOff) {
        if (NRU_SIMD && p == 5.0) return SimdNruKernels.headPowSum5(c, pOff, qOff, side, e0, M, relu, v, vOff);
        return NruKernels.headPowSum(c, pOff, qOff, side, e0, M, relu, p, v, vOff);
    }

    /** {@code y = x + scale·V} of one NRU head; see {@link NruKernels#headWrite}. */
    public static void nruHeadWrite(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu, float scale,
                                    float[] x, int xOff, float[] y, int yOff) {
        if (SIMD) SimdNruKernels.headWrite(c, pOff, qOff, side, e0, M, relu, scale, x, xOff, y, yOff);
        else NruKernels.headWrite(c, pOff, qOff, side, e0, M, relu, scale, x, xOff, y, yOff);
    }

    /** {@code y = x + w ⊗ q} over rows × side (an NRU head set's write); see {@link NruKernels#rankOneAdd}. */
    public static void nruRankOneAdd(float[] w, int wOff, float[] q, int qOff, int rows, int side,
                                     float[] x, int xOff, float[] y, int yOff) {
        if (SIMD) SimdNruKernels.rankOneAdd(w, wOff, q, qOff, rows, side, x, xOff, y, yOff);
        else NruKernels.rankOneAdd(w, wOff, q, qOff, rows, side, x, xOff, y, yOff);
    }

    /** Each row's dot product with q; see {@link NruKernels#rowDots}. */
    public static void nruRowDots(float[] dm, int dmOff, float[] q, int qOff, int rows, int side, float[] out, int outOff) {
        if (NRU_SIMD && side % 16 == 0) SimdNruKernels.rowDots(dm, dmOff, q, qOff, rows, side, out, outOff);
        else NruKernels.rowDots(dm, dmOff, q, qOff, rows, side, out, outOff);
    }

    /** An NRU head set's dq; see {@link NruKernels#columnsBackward}. */
    public static void nruColumnsBackward(float[] dm, int dmOff, float[] w, int wOff, int rows, int side,
                                          float[] q, int qOff, double kp, double p, float[] d, int dqOff) {
        if (NRU_SIMD && p == 5.0) SimdNruKernels.columnsBackward5(dm, dmOff, w, wOff, rows, side, q, qOff, kp, d, dqOff);
        else NruKernels.columnsBackward(dm, dmOff, w, wOff, rows, side, q, qOff, kp, p, d, dqOff);
    }

    /** Σ|x|^p in double; see {@link NruKernels#powSumOf}. */
    public static double nruPowSum(float[] x, int off, int n, double p) {
        if (NRU_SIMD && p == 5.0) return SimdNruKernels.powSumOf5(x, off, n);
        return NruKernels.powSumOf(x, off, n, p);
    }

    /** {@code x = x < 0 ? 0 : x} over n elements (keeps −0, unlike {@link #relu}); see {@link NruKernels#clampNegative}. */
    public static void clampNegative(float[] x, int off, int n) {
        if (SIMD) SimdNruKernels.clampNegative(x, off, n);
        else NruKernels.clampNegative(x, off, n);
    }

    /** {@code d = h > 0 ? d + u : 0} over n elements; see {@link NruKernels#reluBackward}. */
    public static void reluBackward(float[] d, int dOff, float[] u, int uOff, float[] h, int hOff, int n) {
        if (SIMD) SimdNruKernels.reluBackward(d, dOff, u, uOff, h, hOff, n);
        else NruKernels.reluBackward(d, dOff, u, uOff, h, hOff, n);
    }

    /** The backward of one NRU head; see {@link NruKernels#headBackward}. */
    public static double nruHeadBackward(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu, double p,
                                         boolean sameRows, float norm, float eps, float dvScale, float[] dm, int dmOff,
                                         float[] v, int vOff, float[] d, int dpOff, int dqOff) {
        if (NRU_SIMD && p == 5.0 && (relu || SimdNruKernels.factorizedRows(side, e0, M))) {
            return SimdNruKernels.headBackward5(c, pOff, qOff, side, e0, M, relu, sameRows, norm, eps, dvScale, dm, dmOff,
                    v, vOff, d, dpOff, dqOff);
        }
        return NruKernels.headBackward(c, pOff, qOff, side, e0, M, relu, p, sameRows, norm, eps, dvScale, dm, dmOff,
                v, vOff, d, dpOff, dqOff);
    }
}
