package org.rnn4j.cell;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rnn4j.data.Check;
import org.rnn4j.param.Init;
import org.rnn4j.param.TimeScales;

/**
 * Configuration of {@link Janet}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param beta       the shift β in the input term {@code 1 − σ(s_f − β)}; the NRU authors' reference
 *                   code (myTorch {@code JANETCell}) uses 0, i.e. tied gates {@code 1 − f}
 * @param chrono     chrono initialisation of the forget bias (Tallec &amp; Ollivier 2018, eq. 16, as
 *                   the JANET paper and the NRU paper's JANET baseline): {@code b_f = log T},
 *                   {@code b_c = 0}; JANET has no separate input gate to receive {@code −log T}
 * @param forgetGate the gate function: {@link GateFunction#SIGMOID} (default) or
 *                   {@link GateFunction#FAST}, which replaces σ in both {@code f = φ(z_f)} and
 *                   {@code u = φ(z_f − β)} (so β = 0 keeps the tied input gate {@code 1 − f}) and
 *                   stores the initial {@code b_f} through asinh
 * @param timeScales time-scale initialisation ({@link TimeScales}): {@code b_f = b(T)},
 *                   {@code b_c = 0}; with {@code freeze} {@code b_f} stays fixed; excludes {@code chrono}
 * @param kafGates   the gates (among f) that are flexible KAF gates {@code σ(a·s + b·KAF(s))}
 *                   ({@link KafGate}); empty (default): all σ, the cell as without KAF
 * @param kaf        the KAF gates' settings (default {@link KafGate#of()})
 */
public record JanetConfig(int inputSize, int hiddenSize, double beta, Optional<Init.Chrono> chrono,
                          GateFunction forgetGate, Optional<TimeScales> timeScales,
                          Set<String> kafGates, KafGate kaf)
        implements CellConfig {

    public JanetConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        if (!Double.isFinite(beta)) throw new IllegalArgumentException("beta must be finite, got " + beta);
        if (chrono == null) chrono = Optional.empty();
        if (forgetGate == null) throw new IllegalArgumentException("forgetGate must be SIGMOID or FAST, got null");
        if (timeScales == null) timeScales = Optional.empty();
        if (timeScales.isPresent() && chrono.isPresent()) {
            throw new IllegalArgumentException("timeScales and chrono both set the forget bias; choose one");
        }
        kafGates = KafGate.gates("janet", kafGates, List.of("f"));
        if (kaf == null) kaf = KafGate.of();
        if (kafGates.contains("f") && forgetGate == GateFunction.FAST) {
            throw new IllegalArgumentException("kafGates: gate f cannot be both a KAF gate and the FAST gate; choose one");
        }
    }

    /** Tied gates ({@code β = 0}), as in the NRU paper's baseline code; default init; sigmoid gates. */
    public static JanetConfig of(int inputSize, int hiddenSize) {
        return new JanetConfig(inputSize, hiddenSize, 0.0, Optional.empty(), GateFunction.SIGMOID, Optional.empty(), Set.of(), KafGate.of());
    }

    /** A copy of this configuration with {@code beta} changed. */
    public JanetConfig withBeta(double beta) {
        return new JanetConfig(inputSize, hiddenSize, beta, chrono, forgetGate, timeScales, kafGates, kaf);
    }

    /**
     * A copy of this configuration with chrono initialisation of {@code b_f} for dependencies up to
     * {@code tMax} steps, T drawn by {@code sampling} (see {@link Init.Chrono}).
     */
    public JanetConfig withChrono(double tMax, Init.Chrono.Sampling sampling) {
        return new JanetConfig(inputSize, hiddenSize, beta, Optional.of(new Init.Chrono(tMax, sampling)), forgetGate, timeScales, kafGates, kaf);
    }

    /** A copy of this configuration with the gate function {@code gate} (see {@link GateFunction}). */
    public JanetConfig withForgetGate(GateFunction gate) {
        return new JanetConfig(inputSize, hiddenSize, beta, chrono, gate, timeScales, kafGates, kaf);
    }

    /** A copy of this configuration with time-scale initialisation {@code scales} of {@code b_f} (see {@link TimeScales}). */
    public JanetConfig withTimeScales(TimeScales scales) {
        return new JanetConfig(inputSize, hiddenSize, beta, chrono, forgetGate, Optional.of(scales), kafGates, kaf);
    }

    /**
     * A copy of this configuration whose gates {@code gates} (among f) are KAF gates with
     * the settings {@code kaf} ({@link KafGate}); an empty set: every gate σ (the default).
     */
    public JanetConfig withKafGates(java.util.Collection<String> gates, KafGate kaf) {
        return new JanetConfig(inputSize, hiddenSize, beta, chrono, forgetGate, timeScales, gates == null ? null : new java.util.HashSet<>(gates), kaf);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public JanetConfig withInputSize(int inputSize) {
        return new JanetConfig(inputSize, hiddenSize, beta, chrono, forgetGate, timeScales, kafGates, kaf);
    }

    /** The record's form; the KAF components only when some gate uses KAF (so configurations without stay as before). */
    @Override
    public String toString() {
        return "JanetConfig[" + "inputSize=" + inputSize + ", " + "hiddenSize=" + hiddenSize + ", " + "beta=" + beta + ", " + "chrono=" + chrono + ", " + "forgetGate=" + forgetGate + ", " + "timeScales=" + timeScales
                + (kafGates.isEmpty() ? "" : ", kafGates=" + kafGates + ", kaf=" + kaf) + "]";
    }
}
