package org.rnn4j.loss;

/**
 * Squared error at masked rows, averaged over rows and output units (PyTorch's
 * {@code F.mse_loss} on the masked rows):
 * <pre>
 *   ℓ = (1/C)·Σ_c (y_c − target_c)²     loss = Σ mask·ℓ / Σ mask
 *   ∂loss/∂y_c = mask·2(y_c − target_c) / (C·Σ mask)
 * </pre>
 */
public record MeanSquaredError() implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double forwardBackward(float[] y, int yOff, int n, int C, int[] labels, int lOff, float[] targets,
                                  int tOff, float[] mask, int mOff, double norm, float[] dy, int dyOff) {
        double total = 0;
        for (int r = 0; r < n; r++) {
            int row = yOff + r * C, trow = tOff + r * C, drow = dyOff + r * C;
            float m = mask[mOff + r];
            double sq = 0;
            for (int c = 0; c < C; c++) {
                double e = y[row + c] - targets[trow + c];
                sq += e * e;
                dy[drow + c] = (float) (m * 2 * e / (C * norm));
            }
            total += m * sq / C;
        }
        return total;
    }
}
