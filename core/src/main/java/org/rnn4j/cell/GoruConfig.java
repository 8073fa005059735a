package org.rnn4j.cell;

import org.rnn4j.data.Check;

/**
 * Configuration of {@link Goru}.
 *
 * @param inputSize  I
 * @param hiddenSize H, at least 2 (the rotations act on pairs of units)
 * @param capacity   L, the number of rotation layers of the orthogonal matrix U, in [1, H]
 */
public record GoruConfig(int inputSize, int hiddenSize, int capacity) implements CellConfig {

    /** L = 2, the default of the GORU authors' code (tunable style). */
    public static final int DEFAULT_CAPACITY = 2;

    public GoruConfig {
        Check.positive("inputSize I", inputSize);
        EurnnConfig.checkSizes(hiddenSize, capacity);
    }

    /** Capacity {@value #DEFAULT_CAPACITY}. */
    public static GoruConfig of(int inputSize, int hiddenSize) {
        return new GoruConfig(inputSize, hiddenSize, DEFAULT_CAPACITY);
    }

    /** A copy of this configuration with {@code capacity} changed. */
    public GoruConfig withCapacity(int capacity) {
        return new GoruConfig(inputSize, hiddenSize, capacity);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public GoruConfig withInputSize(int inputSize) {
        return new GoruConfig(inputSize, hiddenSize, capacity);
    }
}
