package org.rnn4j.cell;

import org.rnn4j.data.Check;

/**
 * Configuration of {@link Gru}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 */
public record GruConfig(int inputSize, int hiddenSize) implements CellConfig {

    public GruConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
    }

    /** PyTorch's {@code nn.GRU} equations and default init. */
    public static GruConfig of(int inputSize, int hiddenSize) {
        return new GruConfig(inputSize, hiddenSize);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public GruConfig withInputSize(int inputSize) {
        return new GruConfig(inputSize, hiddenSize);
    }
}
