package org.rnn4j.cell;

import java.util.Optional;
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
 */
public record GruConfig(int inputSize, int hiddenSize, boolean resetAfter, Optional<Init.Chrono> chrono,
                        GateFunction forgetGate, Optional<TimeScales> timeScales)
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
    }

    /** PyTorch's {@code nn.GRU} equations (reset after the product), default init, sigmoid update gate. */
    public static GruConfig of(int inputSize, int hiddenSize) {
        return new GruConfig(inputSize, hiddenSize, true, Optional.empty(), GateFunction.SIGMOID, Optional.empty());
    }

    /** A copy of this configuration with {@code on} changed. */
    public GruConfig withResetAfter(boolean on) {
        return new GruConfig(inputSize, hiddenSize, on, chrono, forgetGate, timeScales);
    }

    /**
     * A copy of this configuration with chrono initialisation of {@code b_z} for dependencies up to
     * {@code tMax} steps, T drawn by {@code sampling} (see {@link Init.Chrono}).
     */
    public GruConfig withChrono(double tMax, Init.Chrono.Sampling sampling) {
        return new GruConfig(inputSize, hiddenSize, resetAfter, Optional.of(new Init.Chrono(tMax, sampling)), forgetGate, timeScales);
    }

    /** A copy of this configuration with the update gate's function {@code gate} (see {@link GateFunction}). */
    public GruConfig withForgetGate(GateFunction gate) {
        return new GruConfig(inputSize, hiddenSize, resetAfter, chrono, gate, timeScales);
    }

    /** A copy of this configuration with time-scale initialisation {@code scales} of {@code b_z} (see {@link TimeScales}). */
    public GruConfig withTimeScales(TimeScales scales) {
        return new GruConfig(inputSize, hiddenSize, resetAfter, chrono, forgetGate, Optional.of(scales));
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public GruConfig withInputSize(int inputSize) {
        return new GruConfig(inputSize, hiddenSize, resetAfter, chrono, forgetGate, timeScales);
    }
}
