package org.rnn4j.cell;

import java.util.Optional;
import org.rnn4j.data.Check;
import org.rnn4j.param.Init;
import org.rnn4j.param.TimeScales;

/**
 * Configuration of {@link GatedRnn}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param chrono     chrono initialisation of the gate bias (Tallec &amp; Ollivier 2018, §2:
 *                   {@code b_g ~ −log(U[T_min, T_max] − 1)} with {@code T_min = 2}):
 *                   {@code b_g = −log T}, so {@code σ(b_g) = 1/(1 + T)}; empty: {@code b_g = 0}
 * @param timeScales time-scale initialisation ({@link TimeScales}): the gate bias
 *                   {@code b_g = −b(T)}, so the initial retention {@code 1 − σ(b_g) = σ(b)}; with
 *                   {@code freeze} {@code b_g} stays fixed; excludes {@code chrono}
 */
public record GatedRnnConfig(int inputSize, int hiddenSize, Optional<Init.Chrono> chrono,
                             Optional<TimeScales> timeScales) implements CellConfig {

    public GatedRnnConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        if (chrono == null) chrono = Optional.empty();
        if (timeScales == null) timeScales = Optional.empty();
        if (timeScales.isPresent() && chrono.isPresent()) {
            throw new IllegalArgumentException("timeScales and chrono both set b_g; choose one");
        }
    }

    /** {@code b_g = 0}; every other block {@code U(±1/√H)}. */
    public static GatedRnnConfig of(int inputSize, int hiddenSize) {
        return new GatedRnnConfig(inputSize, hiddenSize, Optional.empty(), Optional.empty());
    }

    /**
     * A copy of this configuration with chrono initialisation of {@code b_g} for dependencies up to
     * {@code tMax} steps, T drawn by {@code sampling} (see {@link Init.Chrono}).
     */
    public GatedRnnConfig withChrono(double tMax, Init.Chrono.Sampling sampling) {
        return new GatedRnnConfig(inputSize, hiddenSize, Optional.of(new Init.Chrono(tMax, sampling)), timeScales);
    }

    /** A copy of this configuration with time-scale initialisation {@code scales} of {@code b_g} (see {@link TimeScales}). */
    public GatedRnnConfig withTimeScales(TimeScales scales) {
        return new GatedRnnConfig(inputSize, hiddenSize, chrono, Optional.of(scales));
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public GatedRnnConfig withInputSize(int inputSize) {
        return new GatedRnnConfig(inputSize, hiddenSize, chrono, timeScales);
    }
}
