package org.rnn4j.loss;

/**
 * A loss over the rows of a readout that carry weight. Rows are (step, example) pairs;
 * the value is {@code Σ mask·ℓ / Σ mask}, accumulated in double.
 */
public sealed interface Loss permits MaskedCrossEntropy, MeanSquaredError {

    /** The registry name ({@code cross-entropy}, {@code mse}). */
    String name();

    /**
     * Loss over {@code n} rows of {@code y [n, C]}, and its gradient {@code dy [n, C]}
     * (overwritten) already divided by {@code norm} (= Σ mask over the whole batch).
     *
     * @param labels  class per row (cross-entropy) or null
     * @param targets {@code [n, C]} (MSE) or null
     * @param mask    weight per row
     * @return {@code Σ mask·ℓ} over these rows (not yet divided by norm)
     */
    double forwardBackward(float[] y, int yOff, int n, int C, int[] labels, int lOff, float[] targets, int tOff,
                           float[] mask, int mOff, double norm, float[] dy, int dyOff);
}
