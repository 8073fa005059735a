package org.rnn4j.cell;

import org.rnn4j.data.Check;

/**
 * Configuration of {@link Janet}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param beta       the shift β in the input term {@code 1 − σ(s_f − β)}; the NRU authors' reference
 *                   code (myTorch {@code JANETCell}) uses 0, i.e. tied gates {@code 1 − f}
 */
public record JanetConfig(int inputSize, int hiddenSize, double beta) implements CellConfig {

    public JanetConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        if (!Double.isFinite(beta)) throw new IllegalArgumentException("beta must be finite, got " + beta);
    }

    /** Tied gates ({@code β = 0}), as in the NRU paper's baseline code. */
    public static JanetConfig of(int inputSize, int hiddenSize) {
        return new JanetConfig(inputSize, hiddenSize, 0.0);
    }

    /** A copy of this configuration with {@code beta} changed. */
    public JanetConfig withBeta(double beta) {
        return new JanetConfig(inputSize, hiddenSize, beta);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public JanetConfig withInputSize(int inputSize) {
        return new JanetConfig(inputSize, hiddenSize, beta);
    }
}
