package org.rnn4j.optim;

/**
 * Global-norm gradient clipping with PyTorch's formula ({@code clip_grad_norm_}):
 * <pre>
 *   n = √(Σ g²)          coef = maxNorm / (n + 1e-6)          if coef &lt; 1:  g ← coef·g
 * </pre>
 * The sum is accumulated in double.
 */
public final class Clip {
    private Clip() {}

    /** The global L2 norm of {@code grads}. */
    public static double norm(float[] grads) {
        double s = 0;
        for (float g : grads) s += (double) g * g;
        return Math.sqrt(s);
    }

    /**
     * Scales {@code grads} so their global norm is at most about {@code maxNorm}
     * ({@code maxNorm <= 0} or infinite: no clipping) and returns the norm before clipping.
     */
    public static double globalNorm(float[] grads, double maxNorm) {
        double n = norm(grads);
        if (maxNorm > 0 && Double.isFinite(maxNorm)) {
            double coef = maxNorm / (n + 1e-6);
            if (coef < 1) {
                float c = (float) coef;
                for (int i = 0; i < grads.length; i++) grads[i] *= c;
            }
        }
        return n;
    }
}
