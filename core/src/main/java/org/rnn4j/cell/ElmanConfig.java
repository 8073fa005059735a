package org.rnn4j.cell;

import java.util.Objects;
import org.rnn4j.data.Check;

/**
 * Configuration of {@link ElmanRnn}.
 *
 * @param inputSize     I
 * @param hiddenSize    H
 * @param activation    tanh (PyTorch's default) or ReLU
 * @param recurrentInit how {@code Wh} starts
 * @param layerNorm     LayerNorm (learnable gain and bias, eps 1e-5) on the pre-activation
 */
public record ElmanConfig(int inputSize, int hiddenSize, Activation activation,
                          RecurrentInit recurrentInit, boolean layerNorm) implements CellConfig {

    /** The nonlinearity {@code act}. */
    public enum Activation { TANH, RELU }

    /** Initial recurrent matrix. */
    public enum RecurrentInit {
        /** PyTorch's {@code U(±1/√H)}. */
        DEFAULT,
        /** A random orthogonal matrix (RNN-orth). */
        ORTHOGONAL,
        /** The identity (IRNN, Le et al. 2015; RNN-id). */
        IDENTITY
    }

    public ElmanConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(recurrentInit, "recurrentInit");
    }

    /** PyTorch's {@code nn.RNN}: tanh, default init, no LayerNorm. */
    public static ElmanConfig of(int inputSize, int hiddenSize) {
        return new ElmanConfig(inputSize, hiddenSize, Activation.TANH, RecurrentInit.DEFAULT, false);
    }

    /** A copy of this configuration with {@code a} changed. */
    public ElmanConfig withActivation(Activation a) {
        return new ElmanConfig(inputSize, hiddenSize, a, recurrentInit, layerNorm);
    }

    /** A copy of this configuration with {@code r} changed. */
    public ElmanConfig withRecurrentInit(RecurrentInit r) {
        return new ElmanConfig(inputSize, hiddenSize, activation, r, layerNorm);
    }

    /** A copy of this configuration with {@code on} changed. */
    public ElmanConfig withLayerNorm(boolean on) {
        return new ElmanConfig(inputSize, hiddenSize, activation, recurrentInit, on);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public ElmanConfig withInputSize(int inputSize) {
        return new ElmanConfig(inputSize, hiddenSize, activation, recurrentInit, layerNorm);
    }
}
