package org.rnn4j.cell;

import java.util.OptionalDouble;
import org.rnn4j.data.Check;

/**
 * Configuration of {@link Lstm}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param peepholes  Graves (2013) peephole connections {@code wci, wcf, wco}
 * @param forgetBias empty: every bias from PyTorch's default {@code U(±1/√H)}; a value {@code v}:
 *                   {@code b_f = v} and the other biases 0 (Gers et al. 2000; Keras
 *                   {@code unit_forget_bias}; the NRU paper's LSTM baseline uses 1)
 */
public record LstmConfig(int inputSize, int hiddenSize, boolean peepholes, OptionalDouble forgetBias)
        implements CellConfig {

    public LstmConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        if (forgetBias == null) forgetBias = OptionalDouble.empty();
        if (forgetBias.isPresent() && !Double.isFinite(forgetBias.getAsDouble())) {
            throw new IllegalArgumentException("forgetBias must be finite, got " + forgetBias.getAsDouble());
        }
    }

    /** PyTorch's {@code nn.LSTM}: no peepholes, default bias init. */
    public static LstmConfig of(int inputSize, int hiddenSize) {
        return new LstmConfig(inputSize, hiddenSize, false, OptionalDouble.empty());
    }

    /** A copy of this configuration with {@code on} changed. */
    public LstmConfig withPeepholes(boolean on) {
        return new LstmConfig(inputSize, hiddenSize, on, forgetBias);
    }

    /** A copy of this configuration with {@code value} changed. */
    public LstmConfig withForgetBias(double value) {
        return new LstmConfig(inputSize, hiddenSize, peepholes, OptionalDouble.of(value));
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public LstmConfig withInputSize(int inputSize) {
        return new LstmConfig(inputSize, hiddenSize, peepholes, forgetBias);
    }
}
