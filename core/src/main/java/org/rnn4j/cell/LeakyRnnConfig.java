package org.rnn4j.cell;

import java.util.Optional;
import org.rnn4j.data.Check;
import org.rnn4j.param.Init;

/**
 * Configuration of {@link LeakyRnn}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param chrono     chrono initialisation of the leak logit {@code a} (Tallec &amp; Ollivier 2018, §2:
 *                   the gate that writes the new value gets {@code −log T}): {@code a_j = −log T_j},
 *                   so {@code α_j = σ(a_j) = 1/(1 + T_j)}; empty: {@code a = 0}, {@code α = 1/2}
 */
public record LeakyRnnConfig(int inputSize, int hiddenSize, Optional<Init.Chrono> chrono) implements CellConfig {

    public LeakyRnnConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        if (chrono == null) chrono = Optional.empty();
    }

    /** {@code a = 0} ({@code α = 1/2} in every unit); every other block {@code U(±1/√H)}. */
    public static LeakyRnnConfig of(int inputSize, int hiddenSize) {
        return new LeakyRnnConfig(inputSize, hiddenSize, Optional.empty());
    }

    /**
     * A copy of this configuration with chrono initialisation of {@code a} for dependencies up to
     * {@code tMax} steps, T drawn by {@code sampling} (see {@link Init.Chrono}).
     */
    public LeakyRnnConfig withChrono(double tMax, Init.Chrono.Sampling sampling) {
        return new LeakyRnnConfig(inputSize, hiddenSize, Optional.of(new Init.Chrono(tMax, sampling)));
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public LeakyRnnConfig withInputSize(int inputSize) {
        return new LeakyRnnConfig(inputSize, hiddenSize, chrono);
    }
}
