package org.rnn4j.cell;

import org.rnn4j.param.Init;

/**
 * The function of the gate that keeps the previous state: the LSTM's and JANET's forget gate f,
 * the GRU's update gate z (in {@code h = (1 − z)⊙n + z⊙hPrev} it multiplies hPrev). Chosen per
 * cell by {@code LstmConfig.forgetGate}, {@code GruConfig.forgetGate}, {@code JanetConfig.forgetGate}.
 * <pre>
 *   SIGMOID:  f = σ(z)
 *   FAST:     f = φ(z) = σ(sinh(clamp(z, −20, 20)))      (Ohno, Kanai &amp; Ida, AAAI 2023)
 *             ∂f/∂z = f(1 − f)·cosh(z) for |z| ≤ 20, 0 outside
 * </pre>
 * The fast gate saturates doubly exponentially, {@code 1 − φ(z) ≈ exp(−sinh z)}, so a gate near 1
 * (a long time scale) is reached with a moderate z and its gradient vanishes later than the
 * sigmoid's (the paper's claim; the reference code is {@code chandar-lab/non-linear-rnn}
 * {@code models/fast_lstm.py}). It has no parameters. The clamp only keeps sinh and cosh finite:
 * in float32 {@code σ(sinh 20) = 1} already. φ is odd about ½, {@code φ(−z) = 1 − φ(z)}, so the
 * gate that keeps the state and its complement that admits the candidate are both fast.
 * <p>Bias mapping: every initial bias value v the configuration gives this gate (a forget bias,
 * chrono's {@code log T}, or the draw of the default {@code U(±1/√H)} init) is stored as
 * {@code asinh(v)} under FAST ({@link Init.Asinh}), so at zero input and state the initial gate
 * equals the sigmoid cell's, {@code φ(asinh v) = σ(v)}, for the same seed; every other parameter
 * gets the same values as under SIGMOID. (The reference code maps its forget bias the same way.)
 */
public enum GateFunction {
    /** {@code σ(z)}: the standard gate, the default. */
    SIGMOID,
    /** {@code σ(sinh(clamp(z, −20, 20)))}: the fast saturating gate; biases initialised through asinh. */
    FAST;

    /** The gate's value at pre-activation z, in double: {@code σ(z)} or {@code σ(sinh(clamp(z, −20, 20)))}. */
    public double value(double z) {
        double a = this == SIGMOID ? z : Math.sinh(Math.max(-20, Math.min(20, z)));
        return 1 / (1 + Math.exp(-a));
    }

    /**
     * The initializer of a bias vector whose entries {@code [from, from + length)} are this gate's
     * bias, given the initializer {@code sigmoid} that the cell uses with a sigmoid gate:
     * {@code sigmoid} itself for SIGMOID, its values mapped through asinh there for FAST.
     */
    Init bias(Init sigmoid, int from, int length) {
        return this == SIGMOID ? sigmoid : new Init.Asinh(sigmoid, from, length);
    }
}
