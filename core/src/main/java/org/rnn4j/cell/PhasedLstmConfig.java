package org.rnn4j.cell;

import org.rnn4j.data.Check;

/**
 * Configuration of {@link PhasedLstm}. The defaults ({@link #of}) are those of the authors' PyTorch
 * port (dannyneil/pytorch_plstm {@code plstm_cell.py}, the same as their Theano frequency task):
 * periods {@code exp(U(1, 3))}, shifts {@code U(0, 100)}, open ratio 0.05, every time parameter
 * learned; the leak of their Theano layer ({@code plstm.py}, and the paper): α = 1e-3 in training,
 * 0 at evaluation.
 *
 * @param inputSize        I
 * @param hiddenSize       H
 * @param periodMin        τ is drawn per unit log-uniform on [periodMin, periodMax), in time units
 *                         (steps with {@link Timestamps#STEP}); default e¹
 * @param periodMax        default e³ (so τ ∈ [2.72, 20.1))
 * @param shiftMax         s is drawn per unit uniform on [0, shiftMax); default 100
 * @param openRatio        r_on, the open fraction of each period, in (0, 1]; default 0.05
 * @param leak             α, the gate's slope in the closed phase during training, in [0, 1); default 1e-3
 * @param leakAtEvaluation keep α when not training (the PyTorch port and TensorFlow's
 *                         {@code PhasedLSTMCell} do); false (default): 0 at evaluation, as the paper
 *                         and the Theano layer
 * @param freezePeriod     keep τ at its initial value (not trained)
 * @param freezeShift      keep s at its initial value
 * @param freezeOpenRatio  keep r_on at its initial value (the Theano layer's
 *                         {@code learn_time_params} switches, one per parameter)
 * @param timestamps       the step index (default) or the batch's real-valued times
 * @param updateThreshold  ε in (0, 1): a unit-step counts as an update when {@code k > ε}
 *                         ({@link GateBudget#updatedFraction()}); default 0.01, as the g-LSTM's (the
 *                         closed phase's leak α·u/τ ≤ α = 1e-3 stays below it)
 */
public record PhasedLstmConfig(int inputSize, int hiddenSize, double periodMin, double periodMax, double shiftMax,
                               double openRatio, double leak, boolean leakAtEvaluation, boolean freezePeriod,
                               boolean freezeShift, boolean freezeOpenRatio, Timestamps timestamps,
                               double updateThreshold) implements CellConfig {

    public PhasedLstmConfig {
        Check.positive("inputSize I", inputSize);
        Check.positive("hiddenSize H", hiddenSize);
        Check.positive("periodMin", periodMin);
        Check.positive("periodMax", periodMax);
        if (periodMax < periodMin) {
            throw new IllegalArgumentException("periodMax must be >= periodMin=" + periodMin + ", got " + periodMax);
        }
        Check.nonNegative("shiftMax", shiftMax);
        if (!(openRatio > 0 && openRatio <= 1)) {
            throw new IllegalArgumentException("openRatio r_on must be in (0, 1], got " + openRatio);
        }
        if (!(leak >= 0 && leak < 1)) throw new IllegalArgumentException("leak α must be in [0, 1), got " + leak);
        if (timestamps == null) throw new IllegalArgumentException("timestamps must be STEP or GIVEN, got null");
        if (!(updateThreshold > 0 && updateThreshold < 1)) {
            throw new IllegalArgumentException("updateThreshold ε must be in (0, 1), got " + updateThreshold);
        }
    }

    /** The authors' defaults (see the class comment), step-index timestamps. */
    public static PhasedLstmConfig of(int inputSize, int hiddenSize) {
        return new PhasedLstmConfig(inputSize, hiddenSize, Math.E, Math.exp(3), 100, 0.05, 1e-3, false, false, false,
                false, Timestamps.STEP, GaussianLstmConfig.DEFAULT_UPDATE_THRESHOLD);
    }

    /** A copy with τ drawn log-uniform on [{@code min}, {@code max}). */
    public PhasedLstmConfig withPeriods(double min, double max) {
        return new PhasedLstmConfig(inputSize, hiddenSize, min, max, shiftMax, openRatio, leak, leakAtEvaluation,
                freezePeriod, freezeShift, freezeOpenRatio, timestamps, updateThreshold);
    }

    /** A copy with s drawn uniform on [0, {@code max}). */
    public PhasedLstmConfig withShiftMax(double max) {
        return new PhasedLstmConfig(inputSize, hiddenSize, periodMin, periodMax, max, openRatio, leak, leakAtEvaluation,
                freezePeriod, freezeShift, freezeOpenRatio, timestamps, updateThreshold);
    }

    /** A copy with the initial open ratio {@code ratio}. */
    public PhasedLstmConfig withOpenRatio(double ratio) {
        return new PhasedLstmConfig(inputSize, hiddenSize, periodMin, periodMax, shiftMax, ratio, leak, leakAtEvaluation,
                freezePeriod, freezeShift, freezeOpenRatio, timestamps, updateThreshold);
    }

    /** A copy with the leak α {@code alpha}, and whether it stays at evaluation. */
    public PhasedLstmConfig withLeak(double alpha, boolean atEvaluation) {
        return new PhasedLstmConfig(inputSize, hiddenSize, periodMin, periodMax, shiftMax, openRatio, alpha, atEvaluation,
                freezePeriod, freezeShift, freezeOpenRatio, timestamps, updateThreshold);
    }

    /** A copy with the three freeze switches: τ, s, r_on kept at their initial values when true. */
    public PhasedLstmConfig withFrozen(boolean period, boolean shift, boolean openRatio) {
        return new PhasedLstmConfig(inputSize, hiddenSize, periodMin, periodMax, shiftMax, this.openRatio, leak,
                leakAtEvaluation, period, shift, openRatio, timestamps, updateThreshold);
    }

    /** A copy reading its times from {@code source}. */
    public PhasedLstmConfig withTimestamps(Timestamps source) {
        return new PhasedLstmConfig(inputSize, hiddenSize, periodMin, periodMax, shiftMax, openRatio, leak, leakAtEvaluation,
                freezePeriod, freezeShift, freezeOpenRatio, source, updateThreshold);
    }

    @Override
    /** A copy of this configuration with {@code inputSize} changed. */
    public PhasedLstmConfig withInputSize(int inputSize) {
        return new PhasedLstmConfig(inputSize, hiddenSize, periodMin, periodMax, shiftMax, openRatio, leak, leakAtEvaluation,
                freezePeriod, freezeShift, freezeOpenRatio, timestamps, updateThreshold);
    }

    /** A copy counting a unit-step as an update when {@code k > epsilon}. */
    public PhasedLstmConfig withUpdateThreshold(double epsilon) {
        return new PhasedLstmConfig(inputSize, hiddenSize, periodMin, periodMax, shiftMax, openRatio, leak, leakAtEvaluation,
                freezePeriod, freezeShift, freezeOpenRatio, timestamps, epsilon);
    }
}
