package org.rnn4j.cell;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalDouble;
import org.rnn4j.data.Check;
import org.rnn4j.param.Init;
import org.rnn4j.param.TimeScales;

/**
 * Configuration of {@link Lstm}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param peepholes  Graves (2013) peephole connections {@code wci, wcf, wco}
 * @param forgetBias empty: every bias from PyTorch's default {@code U(±1/√H)}; a value {@code v}:
 *                   {@code b_f = v} and the other biases 0 (Gers et al. 2000; Keras
 *                   {@code unit_forget_bias}; the NRU paper's LSTM baseline uses 1)
 * @param chrono     chrono initialisation (Tallec &amp; Ollivier 2018, eq. 16): {@code b_f = log T},
 *                   {@code b_i = −log T} (the same draw per unit), {@code b_g = b_o = 0}; excludes
 *                   {@code forgetBias}
 * @param forgetGate the forget gate's function: {@link GateFunction#SIGMOID} (default) or
 *                   {@link GateFunction#FAST} {@code f = σ(sinh(clamp(zf + wcf⊙cPrev, −20, 20)))};
 *                   FAST stores every initial {@code b_f} above (v, {@code log T} or the
 *                   {@code U(±1/√H)} draw) as {@code asinh(b_f)}, so the gate starts at {@code σ(b_f)}
 * @param timeScales time-scale initialisation ({@link TimeScales}): {@code b_f = b(T)},
 *                   {@code b_i = −b(T)} per unit, {@code b_g = b_o = 0}; with {@code freeze} the
 *                   blocks {@code b_i, b_f} stay fixed in training; excludes {@code forgetBias} and
 *                   {@code chrono}
 * @param kafGates   the gates (among i, f, o) that are flexible KAF gates {@code σ(a·s + b·KAF(s))}
 *                   ({@link KafGate}); empty (default): all σ, the cell as without KAF
 * @param kaf        the KAF gates' settings (default {@link KafGate#of()})
 */
public record LstmConfig(int inputSize, int hiddenSize, boolean peepholes, OptionalDouble forgetBias,
                         Optional<Init.Chrono> chrono, GateFunction forgetGate, Optional<TimeScales> timeScales,
                         Set<String> kafGates, KafGate kaf)
        implements CellConfig {

    public LstmConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        if (forgetBias == null) forgetBias = OptionalDouble.empty();
        if (chrono == null) chrono = Optional.empty();
        if (forgetGate == null) throw new IllegalArgumentException("forgetGate must be SIGMOID or FAST, got null");
        if (timeScales == null) timeScales = Optional.empty();
        if (forgetBias.isPresent() && !Double.isFinite(forgetBias.getAsDouble())) {
            throw new IllegalArgumentException("forgetBias must be finite, got " + forgetBias.getAsDouble());
        }
        if (forgetBias.isPresent() && chrono.isPresent()) {
            throw new IllegalArgumentException("forgetBias and chrono both set the forget bias; choose one");
        }
        if (timeScales.isPresent() && (forgetBias.isPresent() || chrono.isPresent())) {
            throw new IllegalArgumentException("timeScales and " + (chrono.isPresent() ? "chrono" : "forgetBias")
                    + " both set the forget bias; choose one");
        }
        kafGates = KafGate.gates("lstm", kafGates, List.of("i", "f", "o"));
        if (kaf == null) kaf = KafGate.of();
        if (kafGates.contains("f") && forgetGate == GateFunction.FAST) {
            throw new IllegalArgumentException("kafGates: gate f cannot be both a KAF gate and the FAST gate; choose one");
        }
        if (!kafGates.isEmpty() && peepholes) {
            throw new IllegalArgumentException("kafGates " + kafGates + " with peepholes is not supported; drop one");
        }
    }

    /** PyTorch's {@code nn.LSTM}: no peepholes, default bias init, sigmoid forget gate. */
    public static LstmConfig of(int inputSize, int hiddenSize) {
        return new LstmConfig(inputSize, hiddenSize, false, OptionalDouble.empty(), Optional.empty(), GateFunction.SIGMOID,
                Optional.empty(), Set.of(), KafGate.of());
    }

    /** A copy of this configuration with {@code on} changed. */
    public LstmConfig withPeepholes(boolean on) {
        return new LstmConfig(inputSize, hiddenSize, on, forgetBias, chrono, forgetGate, timeScales, kafGates, kaf);
    }

    /** A copy of this configuration with {@code value} changed. */
    public LstmConfig withForgetBias(double value) {
        return new LstmConfig(inputSize, hiddenSize, peepholes, OptionalDouble.of(value), chrono, forgetGate, timeScales, kafGates, kaf);
    }

    /**
     * A copy of this configuration with chrono initialisation for dependencies up to {@code tMax}
     * steps, T drawn by {@code sampling} (see {@link Init.Chrono}).
     */
    public LstmConfig withChrono(double tMax, Init.Chrono.Sampling sampling) {
        return new LstmConfig(inputSize, hiddenSize, peepholes, forgetBias, Optional.of(new Init.Chrono(tMax, sampling)),
                forgetGate, timeScales, kafGates, kaf);
    }

    /** A copy of this configuration with the forget gate's function {@code gate} (see {@link GateFunction}). */
    public LstmConfig withForgetGate(GateFunction gate) {
        return new LstmConfig(inputSize, hiddenSize, peepholes, forgetBias, chrono, gate, timeScales, kafGates, kaf);
    }

    /** A copy of this configuration with time-scale initialisation {@code scales} (see {@link TimeScales}). */
    public LstmConfig withTimeScales(TimeScales scales) {
        return new LstmConfig(inputSize, hiddenSize, peepholes, forgetBias, chrono, forgetGate, Optional.of(scales), kafGates, kaf);
    }

    /**
     * A copy of this configuration whose gates {@code gates} (among i, f, o) are KAF gates with
     * the settings {@code kaf} ({@link KafGate}); an empty set: every gate σ (the default).
     */
    public LstmConfig withKafGates(java.util.Collection<String> gates, KafGate kaf) {
        return new LstmConfig(inputSize, hiddenSize, peepholes, forgetBias, chrono, forgetGate, timeScales, gates == null ? null : new java.util.HashSet<>(gates), kaf);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public LstmConfig withInputSize(int inputSize) {
        return new LstmConfig(inputSize, hiddenSize, peepholes, forgetBias, chrono, forgetGate, timeScales, kafGates, kaf);
    }

    /** The record's form; the KAF components only when some gate uses KAF (so configurations without stay as before). */
    @Override
    public String toString() {
        return "LstmConfig[" + "inputSize=" + inputSize + ", " + "hiddenSize=" + hiddenSize + ", " + "peepholes=" + peepholes + ", " + "forgetBias=" + forgetBias + ", " + "chrono=" + chrono + ", " + "forgetGate=" + forgetGate + ", " + "timeScales=" + timeScales
                + (kafGates.isEmpty() ? "" : ", kafGates=" + kafGates + ", kaf=" + kaf) + "]";
    }
}
