package org.rnn4j.cell;

import java.util.Locale;
import java.util.Objects;
import org.rnn4j.data.Check;

/**
 * Configuration of {@link Nru}, the Non-saturating Recurrent Unit (Chandar et al. 2019), with the
 * switches that separate the paper's equations from the authors' released code
 * (nru-chrono.md §1.3). Two presets:
 * <ul>
 *   <li>{@link #reference} — the released code ({@code apsarath/NRU} {@code NRUCell}, identical to
 *       myTorch {@code FlatMemoryCell}): heads read {@code [h_t; m_{t−1}]}, mean over heads, one
 *       outer product shared by all heads, no ReLU, no LayerNorm, 5-norm with eps 1e-12;</li>
 *   <li>{@link #paper} — the paper's equations as transcribed: heads read
 *       {@code [x_t; h_t; m_{t−1}]}, sum over heads, one outer product per head, ReLU on α, β
 *       and the directions, no LayerNorm, 5-norm.</li>
 * </ul>
 *
 * @param inputSize    I
 * @param hiddenSize   H
 * @param memorySize   M
 * @param writeHeads   k₁ ≥ 1
 * @param eraseHeads   k₂ ≥ 1
 * @param headInputs   what α, β and the directions read
 * @param reduction    how the heads' writes and erases are combined
 * @param outerProduct how each direction set is built from a rank-1 product
 * @param relu         ReLU on α, β and the direction matrices (the reference code's {@code use_relu})
 * @param layerNorm    LayerNorm (learnable gain and bias, eps 1e-5) on {@code a_t} before the ReLU
 * @param normP        p of the p-norm that normalises each head's direction (the code uses 5)
 * @param normEps      the clamp: {@code v = V / max(‖V‖_p, eps)} (the code uses 1e-12, as
 *                     {@code torch.nn.functional.normalize})
 */
public record NruConfig(int inputSize, int hiddenSize, int memorySize, int writeHeads, int eraseHeads,
                        HeadInputs headInputs, Reduction reduction, OuterProduct outerProduct,
                        boolean relu, boolean layerNorm, double normP, double normEps) implements CellConfig {

    /** What the heads (α, β, p, q) read. */
    public enum HeadInputs {
        /** {@code [h_t; m_{t−1}]}, the released code. */
        H_M,
        /** {@code [x_t; h_t; m_{t−1}]}, the paper (and the authors' later ablation branch). */
        X_H_M
    }

    /** How the heads combine into the memory update. */
    public enum Reduction {
        /** {@code m_t = m_{t−1} + (1/k₁)·Σ αᵢvᵢ − (1/k₂)·Σ βᵢuᵢ}, the released code (torch.mean). */
        MEAN,
        /** {@code m_t = m_{t−1} + Σ αᵢvᵢ − Σ βᵢuᵢ}, the paper. */
        SUM
    }

    /** How one set of k directions (each of width M) comes out of a rank-1 product. */
    public enum OuterProduct {
        /**
         * One {@code p, q ∈ R^S}, {@code S = √(k·M)}: {@code p·qᵀ} flattened row-major and cut into
         * k heads of M (the released code; needs k·M a perfect square).
         */
        SHARED,
        /** Per head {@code pᵢ, qᵢ ∈ R^s}, {@code s = √M}: head i is {@code vec(pᵢ·qᵢᵀ)} (the paper; needs M a perfect square). */
        PER_HEAD
    }

    /** Named presets, for the CLI. */
    public enum Preset {
        /** {@link NruConfig#reference}. */
        REFERENCE,
        /** {@link NruConfig#paper}. */
        PAPER
    }

    /** The NRU paper's copy/denoise size (nru-chrono.md §1.5): M = 64, K = 4. */
    public static final int DEFAULT_MEMORY = 64, DEFAULT_HEADS = 4;

    public NruConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        Check.positive("memorySize M", memorySize);
        Check.positive("writeHeads k1", writeHeads);
        Check.positive("eraseHeads k2", eraseHeads);
        Objects.requireNonNull(headInputs, "headInputs");
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(outerProduct, "outerProduct");
        if (!(normP >= 1) || Double.isInfinite(normP)) {
            throw new IllegalArgumentException("normP (the p of the direction norm) must be a finite number >= 1, got " + normP);
        }
        Check.positive("normEps", normEps);
        if (outerProduct == OuterProduct.SHARED) {
            requireSquare(writeHeads, memorySize, "write");
            requireSquare(eraseHeads, memorySize, "erase");
        } else if (side(memorySize) < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "memorySize M=%d is not a perfect square, which the per-head outer product needs (p, q ∈ R^√M); "
                            + "nearest that work: M=%d or M=%d", memorySize, floorSquare(memorySize), ceilSquare(memorySize)));
        }
    }

    private static void requireSquare(int k, int M, String set) {
        if (side((long) k * M) >= 0) return;
        int lo = M - 1, hi = M + 1;
        while (lo > 0 && side((long) k * lo) < 0) lo--;
        while (side((long) k * hi) < 0) hi++;
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "%s heads k=%d times memorySize M=%d = %d is not a perfect square, which the shared outer product "
                        + "needs (p, q ∈ R^√(k·M)); with k=%d, M=%s%d would work, or use the per-head outer product",
                set, k, M, (long) k * M, k, lo > 0 ? lo + " or M=" : "", hi));
    }

    /** √n when n is a perfect square, else −1. */
    static int side(long n) {
        long s = Math.round(Math.sqrt((double) n));
        return s * s == n ? (int) s : -1;
    }

    private static int floorSquare(int n) {
        int s = (int) Math.floor(Math.sqrt(n));
        return Math.max(1, s * s);
    }

    private static int ceilSquare(int n) {
        int s = (int) Math.ceil(Math.sqrt(n));
        return s * s;
    }

    /** {@link #reference} with the paper's copy-task memory: M = 64, K = 4. */
    public static NruConfig of(int inputSize, int hiddenSize) {
        return reference(inputSize, hiddenSize, DEFAULT_MEMORY, DEFAULT_HEADS);
    }

    /** The authors' released code, K write and K erase heads. */
    public static NruConfig reference(int inputSize, int hiddenSize, int memorySize, int heads) {
        return new NruConfig(inputSize, hiddenSize, memorySize, heads, heads, HeadInputs.H_M, Reduction.MEAN,
                OuterProduct.SHARED, false, false, 5.0, 1e-12);
    }

    /** The paper's equations, K write and K erase heads. */
    public static NruConfig paper(int inputSize, int hiddenSize, int memorySize, int heads) {
        return new NruConfig(inputSize, hiddenSize, memorySize, heads, heads, HeadInputs.X_H_M, Reduction.SUM,
                OuterProduct.PER_HEAD, true, false, 5.0, 1e-12);
    }

    /** A preset by name. */
    public static NruConfig preset(Preset preset, int inputSize, int hiddenSize, int memorySize, int heads) {
        return switch (preset) {
            case REFERENCE -> reference(inputSize, hiddenSize, memorySize, heads);
            case PAPER -> paper(inputSize, hiddenSize, memorySize, heads);
        };
    }

    /** A copy of this configuration with {@code M} changed. */
    public NruConfig withMemorySize(int M) {
        return new NruConfig(inputSize, hiddenSize, M, writeHeads, eraseHeads, headInputs, reduction, outerProduct, relu, layerNorm, normP, normEps);
    }

    /** A copy of this configuration with both head counts changed. */
    public NruConfig withHeads(int writeHeads, int eraseHeads) {
        return new NruConfig(inputSize, hiddenSize, memorySize, writeHeads, eraseHeads, headInputs, reduction, outerProduct, relu, layerNorm, normP, normEps);
    }

    /** A copy of this configuration with {@code h} changed. */
    public NruConfig withHeadInputs(HeadInputs h) {
        return new NruConfig(inputSize, hiddenSize, memorySize, writeHeads, eraseHeads, h, reduction, outerProduct, relu, layerNorm, normP, normEps);
    }

    /** A copy of this configuration with {@code r} changed. */
    public NruConfig withReduction(Reduction r) {
        return new NruConfig(inputSize, hiddenSize, memorySize, writeHeads, eraseHeads, headInputs, r, outerProduct, relu, layerNorm, normP, normEps);
    }

    /** A copy of this configuration with {@code o} changed. */
    public NruConfig withOuterProduct(OuterProduct o) {
        return new NruConfig(inputSize, hiddenSize, memorySize, writeHeads, eraseHeads, headInputs, reduction, o, relu, layerNorm, normP, normEps);
    }

    /** A copy of this configuration with {@code on} changed. */
    public NruConfig withRelu(boolean on) {
        return new NruConfig(inputSize, hiddenSize, memorySize, writeHeads, eraseHeads, headInputs, reduction, outerProduct, on, layerNorm, normP, normEps);
    }

    /** A copy of this configuration with {@code on} changed. */
    public NruConfig withLayerNorm(boolean on) {
        return new NruConfig(inputSize, hiddenSize, memorySize, writeHeads, eraseHeads, headInputs, reduction, outerProduct, relu, on, normP, normEps);
    }

    /** A copy of this configuration with the direction norm's {@code p} and clamp {@code eps} changed. */
    public NruConfig withNorm(double p, double eps) {
        return new NruConfig(inputSize, hiddenSize, memorySize, writeHeads, eraseHeads, headInputs, reduction, outerProduct, relu, layerNorm, p, eps);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public NruConfig withInputSize(int inputSize) {
        return new NruConfig(inputSize, hiddenSize, memorySize, writeHeads, eraseHeads, headInputs, reduction, outerProduct, relu, layerNorm, normP, normEps);
    }
}
