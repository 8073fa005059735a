package org.rnn4j.loss;

/**
 * Softmax cross-entropy at masked rows, as PyTorch's {@code F.cross_entropy} with per-row weights:
 * <pre>
 *   p = softmax(y)            ℓ = −log p[label]          (log-sum-exp with the max subtracted)
 *   loss = Σ mask·ℓ / Σ mask   ∂loss/∂y = mask·(p − onehot(label)) / Σ mask
 * </pre>
 */
public record MaskedCrossEntropy() implements Loss {

    @Override
    public String name() {
        return "cross-entropy";
    }

    @Override
    public double forwardBackward(float[] y, int yOff, int n, int C, int[] labels, int lOff, float[] targets,
                                  int tOff, float[] mask, int mOff, double norm, float[] dy, int dyOff) {
        double total = 0;
        for (int r = 0; r < n; r++) {
            int row = yOff + r * C, drow = dyOff + r * C;
            float m = mask[mOff + r];
            if (m == 0f) {
                java.util.Arrays.fill(dy, drow, drow + C, 0f);
                continue;
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < C; c++) max = Math.max(max, y[row + c]);
            double sum = 0;
            for (int c = 0; c < C; c++) sum += Math.exp(y[row + c] - max);
            double logSum = Math.log(sum) + max;
            int label = labels[lOff + r];
            total += m * (logSum - y[row + label]);
            double scale = m / norm;
            for (int c = 0; c < C; c++) {
                double p = Math.exp(y[row + c] - logSum);
                dy[drow + c] = (float) (scale * (p - (c == label ? 1 : 0)));
            }
        }
        return total;
    }

    /** Mask-weighted count of rows whose arg-max equals the label. */
    public static double correct(float[] y, int yOff, int n, int C, int[] labels, int lOff, float[] mask, int mOff) {
        double hits = 0;
        for (int r = 0; r < n; r++) {
            float m = mask[mOff + r];
            if (m == 0f) continue;
            int row = yOff + r * C, best = 0;
            for (int c = 1; c < C; c++) if (y[row + c] > y[row + best]) best = c;
            if (best == labels[lOff + r]) hits += m;
        }
        return hits;
    }
}
