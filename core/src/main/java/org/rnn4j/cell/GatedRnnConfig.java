package org.rnn4j.cell;

import java.util.Optional;
import org.rnn4j.data.Check;
import org.rnn4j.param.Init;

/**
 * Configuration of {@link GatedRnn}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param chrono     chrono initialisation of the gate bias (Tallec &amp; Ollivier 2018, §2:
 *                   {@code b_g ~ −log(U[T_min, T_max] − 1)} with {@code T_min = 2}):
 *                   {@code b_g = −log T}, so {@code σ(b_g) = 1/(1 + T)}; empty: {@code b_g = 0}
 */
public record GatedRnnConfig(int inputSize, int hiddenSize, Optional<Init.Chrono> chrono) implements CellConfig {

    public GatedRnnConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        if (chrono == null) chrono = Optional.empty();
    }

    /** {@code b_g = 0}; every other block {@code U(±1/√H)}. */
    public static GatedRnnConfig of(int inputSize, int hiddenSize) {
        return new GatedRnnConfig(inputSize, hiddenSize, Optional.empty());
    }

    /**
     * A copy of this configuration with chrono initialisation of {@code b_g} for dependencies up to
     * {@code tMax} steps, T drawn by {@code sampling} (see {@link Init.Chrono}).
     */
    public GatedRnnConfig withChrono(double tMax, Init.Chrono.Sampling sampling) {
        return new GatedRnnConfig(inputSize, hiddenSize, Optional.of(new Init.Chrono(tMax, sampling)));
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public GatedRnnConfig withInputSize(int inputSize) {
        return new GatedRnnConfig(inputSize, hiddenSize, chrono);
    }
}
