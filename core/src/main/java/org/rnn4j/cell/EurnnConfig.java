package org.rnn4j.cell;

import org.rnn4j.data.Check;

/**
 * Configuration of {@link Eurnn}.
 *
 * @param inputSize  I
 * @param hiddenSize H, at least 2 (the rotations act on pairs of units)
 * @param capacity   L, the number of rotation layers of the orthogonal matrix, in [1, H]; L = H
 *                   gives H(H−1)/2 angles, the dimension of the rotation group SO(H)
 */
public record EurnnConfig(int inputSize, int hiddenSize, int capacity) implements CellConfig {

    /** L = 2, the default of the EUNN authors' code and of their copying-task script. */
    public static final int DEFAULT_CAPACITY = 2;

    public EurnnConfig {
        Check.positive("inputSize I", inputSize);
        checkSizes(hiddenSize, capacity);
    }

    /** Shared with {@link GoruConfig}: H ≥ 2 and 1 ≤ L ≤ H. */
    static void checkSizes(int hiddenSize, int capacity) {
        if (hiddenSize < 2) {
            throw new IllegalArgumentException("hiddenSize H must be >= 2 (rotations act on pairs of units), got "
                    + hiddenSize);
        }
        Check.inRange("capacity L", capacity, 1, hiddenSize);
    }

    /** Capacity {@value #DEFAULT_CAPACITY}. */
    public static EurnnConfig of(int inputSize, int hiddenSize) {
        return new EurnnConfig(inputSize, hiddenSize, DEFAULT_CAPACITY);
    }

    /** A copy of this configuration with {@code capacity} changed. */
    public EurnnConfig withCapacity(int capacity) {
        return new EurnnConfig(inputSize, hiddenSize, capacity);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public EurnnConfig withInputSize(int inputSize) {
        return new EurnnConfig(inputSize, hiddenSize, capacity);
    }
}
