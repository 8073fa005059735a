package org.rnn4j.cell;

/**
 * A cell whose gate reads each step's time ({@link Timestamps}): the Phased LSTM and the g-LSTM.
 * Their time parameters (a period and a shift; a centre μ and a width σ) live on the axis of the
 * sequence, so a model trained on sequences of length L places its gates for length L.
 * <p>A temporal curriculum ({@link org.rnn4j.train.TemporalCurriculum}) trains on shorter sequences
 * first; when the length grows from L to L′ it stretches that axis by {@code f = L′/L}, so each
 * unit keeps its place relative to the sequence (glstm-kaf-aux.md §1.5: "μ and σ are rescaled by
 * T_new / T_old", a reconstruction: the paper's schedule was not retrieved).
 */
public interface TimeGated {

    /**
     * Stretches the gate's time axis by {@code factor} in the bound parameters, in place:
     * afterwards the gate at time {@code factor·t} equals (up to float rounding of the parameters)
     * the gate before at time t. Optimizer state is not touched.
     *
     * @throws IllegalArgumentException unless factor is finite and &gt; 0
     */
    void rescaleTime(double factor);

    /** Checks a time-axis factor (finite, &gt; 0). */
    static void checkFactor(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("time rescale factor must be finite and > 0, got " + factor);
        }
    }
}
