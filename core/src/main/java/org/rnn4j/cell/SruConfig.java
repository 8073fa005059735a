package org.rnn4j.cell;

import java.util.Arrays;
import org.rnn4j.data.Check;

/**
 * Configuration of {@link Sru}, the Statistical Recurrent Unit (Oliva et al. 2017).
 *
 * @param inputSize  I
 * @param hiddenSize H, the width of the output {@code h}
 * @param phiSize    F, the width of the statistics {@code φ}
 * @param rSize      R, the width of the recurrent summary {@code r}
 * @param alphas     the decay rates A of the moving averages {@code μ^(α)}, each in [0, 1), all
 *                   different; μ has A·F entries, one block of F per α in this order
 */
public record SruConfig(int inputSize, int hiddenSize, int phiSize, int rSize, double[] alphas)
        implements CellConfig {

    /** The decay rates of the NRU authors' myTorch {@code SRUCell} (its default and every SRU baseline config). */
    private static final double[] MYTORCH_ALPHAS = {0, 0.5, 0.9, 0.99, 0.999};

    public SruConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        Check.positive("phiSize F", phiSize);
        Check.positive("rSize R", rSize);
        if (alphas == null || alphas.length == 0) {
            throw new IllegalArgumentException("alphas must hold at least one decay rate in [0, 1), got none");
        }
        alphas = alphas.clone();
        for (int a = 0; a < alphas.length; a++) {
            if (!(alphas[a] >= 0 && alphas[a] < 1)) {
                throw new IllegalArgumentException("alphas must each be in [0, 1), got " + alphas[a] + " at index " + a);
            }
            for (int b = 0; b < a; b++) {
                if (alphas[b] == alphas[a]) {
                    throw new IllegalArgumentException("alphas must all be different, got " + alphas[a] + " twice");
                }
            }
        }
        Check.positive("mu width A·F", Math.multiplyExact(alphas.length, phiSize));
    }

    /**
     * The defaults: {@code F = H}, {@code R = ⌈H/4⌉} (the ratio of myTorch's defaults F 256, R 64)
     * and A = {0, 0.5, 0.9, 0.99, 0.999} (myTorch). The NRU paper's copy-task SRU is
     * {@code of(10, 60).withPhiSize(55).withRSize(16)}.
     */
    public static SruConfig of(int inputSize, int hiddenSize) {
        return new SruConfig(inputSize, hiddenSize, hiddenSize, (hiddenSize + 3) / 4, MYTORCH_ALPHAS);
    }

    /** A copy of the decay rates. */
    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    /** A copy of this configuration with {@code phiSize} changed. */
    public SruConfig withPhiSize(int phiSize) {
        return new SruConfig(inputSize, hiddenSize, phiSize, rSize, alphas);
    }

    /** A copy of this configuration with {@code rSize} changed. */
    public SruConfig withRSize(int rSize) {
        return new SruConfig(inputSize, hiddenSize, phiSize, rSize, alphas);
    }

    /** A copy of this configuration with {@code alphas} changed. */
    public SruConfig withAlphas(double... alphas) {
        return new SruConfig(inputSize, hiddenSize, phiSize, rSize, alphas);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public SruConfig withInputSize(int inputSize) {
        return new SruConfig(inputSize, hiddenSize, phiSize, rSize, alphas);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SruConfig c && c.inputSize == inputSize && c.hiddenSize == hiddenSize
                && c.phiSize == phiSize && c.rSize == rSize && Arrays.equals(c.alphas, alphas);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * inputSize + hiddenSize) + phiSize) + rSize) + Arrays.hashCode(alphas);
    }

    @Override
    public String toString() {
        return "SruConfig[inputSize=" + inputSize + ", hiddenSize=" + hiddenSize + ", phiSize=" + phiSize
                + ", rSize=" + rSize + ", alphas=" + Arrays.toString(alphas) + "]";
    }
}
