package org.rnn4j.cell;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rnn4j.data.Check;
import org.rnn4j.param.Init;
import org.rnn4j.param.TimeScales;

/**
 * Configuration of {@link Gru}.
 *
 * @param inputSize  I
 * @param hiddenSize H
 * @param resetAfter where the reset gate acts. true: after the recurrent product,
 *                   {@code n = tanh(zx_n + r⊙(hPrev·Wh_nᵀ + bh_n))}, with two biases {@code bx, bh}
 *                   (PyTorch {@code nn.GRU}, cuDNN, Keras {@code reset_after=True}); false: before it,
 *                   {@code n = tanh(zx_n + (r⊙hPrev)·Wh_nᵀ)}, one bias (Cho et al. 2014, Keras
 *                   {@code reset_after=False}, the NRU authors' myTorch {@code GRUCell})
 * @param chrono     chrono initialisation (Tallec &amp; Ollivier 2018, rule derived for the GRU in
 *                   {@link Gru}): {@code b_z = log T} in {@code bx}, every other bias 0
 * @param forgetGate the function of the update gate z, the gate that keeps hPrev (the GRU's
 *                   forget gate): {@link GateFunction#SIGMOID} (default) or {@link GateFunction#FAST}
 *                   {@code z = σ(sinh(clamp(zx_z + zh_z, −20, 20)))}; FAST stores the initial z
 *                   biases ({@code bx_z}, and {@code bh_z} in the reset-after form) through asinh
 * @param timeScales time-scale initialisation ({@link TimeScales}), the same sign as chrono:
 *                   {@code b_z = +b(T)} in {@code bx}, every other bias 0; with {@code freeze} the
 *                   z blocks of {@code bx} (and of {@code bh}) stay fixed; excludes {@code chrono}
 * @param kafGates   the gates (among r, z) that are flexible KAF gates {@code σ(a·s + b·KAF(s))}
 *                   ({@link KafGate}); empty (default): all σ, the cell as without KAF
 * @param kaf        the KAF gates' settings (default {@link KafGate#of()})
 */
public record GruConfig(int inputSize, int hiddenSize, boolean resetAfter, Optional<Init.Chrono> chrono,
                        GateFunction forgetGate, Optional<TimeScales> timeScales,
                        Set<String> kafGates, KafGate kaf)
        implements CellConfig {

    public GruConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        if (chrono == null) chrono = Optional.empty();
        if (forgetGate == null) throw new IllegalArgumentException("forgetGate must be SIGMOID or FAST, got null");
        if (timeScales == null) timeScales = Optional.empty();
        if (timeScales.isPresent() && chrono.isPresent()) {
            throw new IllegalArgumentException("timeScales and chrono both set the update-gate bias; choose one");
        }
        kafGates = KafGate.gates("gru", kafGates, List.of("r", "z"));
        if (kaf == null) kaf = KafGate.of();
        if (kafGates.contains("z") && forgetGate == GateFunction.FAST) {
            throw new IllegalArgumentException("kafGates: gate z cannot be both a KAF gate and the FAST gate; choose one");
        }
    }

    /** PyTorch's {@code nn.GRU} equations (reset after the product), default init, sigmoid update gate. */
    public static GruConfig of(int inputSize, int hiddenSize) {
        return new GruConfig(inputSize, hiddenSize, true, Optional.empty(), GateFunction.SIGMOID, Optional.empty(), Set.of(), KafGate.of());
    }

    /** A copy of this configuration with {@code on} changed. */
    public GruConfig withResetAfter(boolean on) {
        return new GruConfig(inputSize, hiddenSize, on, chrono, forgetGate, timeScales, kafGates, kaf);
    }

    /**
     * A copy of this configuration with chrono initialisation of {@code b_z} for dependencies up to
     * {@code tMax} steps, T drawn by {@code sampling} (see {@link Init.Chrono}).
     */
    public GruConfig withChrono(double tMax, Init.Chrono.Sampling sampling) {
        return new GruConfig(inputSize, hiddenSize, resetAfter, Optional.of(new Init.Chrono(tMax, sampling)), forgetGate, timeScales, kafGates, kaf);
    }

    /** A copy of this configuration with the update gate's function {@code gate} (see {@link GateFunction}). */
    public GruConfig withForgetGate(GateFunction gate) {
        return new GruConfig(inputSize, hiddenSize, resetAfter, chrono, gate, timeScales, kafGates, kaf);
    }

    /** A copy of this configuration with time-scale initialisation {@code scales} of {@code b_z} (see {@link TimeScales}). */
    public GruConfig withTimeScales(TimeScales scales) {
        return new GruConfig(inputSize, hiddenSize, resetAfter, chrono, forgetGate, Optional.of(scales), kafGates, kaf);
    }

    /**
     * A copy of this configuration whose gates {@code gates} (among r, z) are KAF gates with
     * the settings {@code kaf} ({@link KafGate}); an empty set: every gate σ (the default).
     */
    public GruConfig withKafGates(java.util.Collection<String> gates, KafGate kaf) {
        return new GruConfig(inputSize, hiddenSize, resetAfter, chrono, forgetGate, timeScales, gates == null ? null : new java.util.HashSet<>(gates), kaf);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public GruConfig withInputSize(int inputSize) {
        return new GruConfig(inputSize, hiddenSize, resetAfter, chrono, forgetGate, timeScales, kafGates, kaf);
    }

    /** The record's form; the KAF components only when some gate uses KAF (so configurations without stay as before). */
    @Override
    public String toString() {
        return "GruConfig[" + "inputSize=" + inputSize + ", " + "hiddenSize=" + hiddenSize + ", " + "resetAfter=" + resetAfter + ", " + "chrono=" + chrono + ", " + "forgetGate=" + forgetGate + ", " + "timeScales=" + timeScales
                + (kafGates.isEmpty() ? "" : ", kafGates=" + kafGates + ", kaf=" + kaf) + "]";
    }
}
