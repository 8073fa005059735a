package org.rnn4j.cell;

import java.util.Optional;
import org.rnn4j.data.Check;
import org.rnn4j.param.Init;
import org.rnn4j.param.TimeScales;

/**
 * Configuration of {@link LeakyRnn}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param chrono     chrono initialisation of the leak logit {@code a} (Tallec &amp; Ollivier 2018, §2:
 *                   the gate that writes the new value gets {@code −log T}): {@code a_j = −log T_j},
 *                   so {@code α_j = σ(a_j) = 1/(1 + T_j)}; empty: {@code a = 0}, {@code α = 1/2}
 * @param timeScales time-scale initialisation ({@link TimeScales}): the leak logit
 *                   {@code a = −b(T)}, so the retention {@code 1 − α = σ(b)}; with {@code freeze}
 *                   {@code a} stays fixed (a constant leak); excludes {@code chrono}
 */
public record LeakyRnnConfig(int inputSize, int hiddenSize, Optional<Init.Chrono> chrono,
                             Optional<TimeScales> timeScales) implements CellConfig {

    public LeakyRnnConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        if (chrono == null) chrono = Optional.empty();
        if (timeScales == null) timeScales = Optional.empty();
        if (timeScales.isPresent() && chrono.isPresent()) {
            throw new IllegalArgumentException("timeScales and chrono both set a; choose one");
        }
    }

    /** {@code a = 0} ({@code α = 1/2} in every unit); every other block {@code U(±1/√H)}. */
    public static LeakyRnnConfig of(int inputSize, int hiddenSize) {
        return new LeakyRnnConfig(inputSize, hiddenSize, Optional.empty(), Optional.empty());
    }

    /**
     * A copy of this configuration with chrono initialisation of {@code a} for dependencies up to
     * {@code tMax} steps, T drawn by {@code sampling} (see {@link Init.Chrono}).
     */
    public LeakyRnnConfig withChrono(double tMax, Init.Chrono.Sampling sampling) {
        return new LeakyRnnConfig(inputSize, hiddenSize, Optional.of(new Init.Chrono(tMax, sampling)), timeScales);
    }

    /** A copy of this configuration with time-scale initialisation {@code scales} of {@code a} (see {@link TimeScales}). */
    public LeakyRnnConfig withTimeScales(TimeScales scales) {
        return new LeakyRnnConfig(inputSize, hiddenSize, chrono, Optional.of(scales));
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public LeakyRnnConfig withInputSize(int inputSize) {
        return new LeakyRnnConfig(inputSize, hiddenSize, chrono, timeScales);
    }
}
