package org.rnn4j.kernel;

/**
 * Plain-Java element-wise activations, the scalar twins of
 * {@code org.rnn4j.kernel.simd.SimdActivations}. Each reads n elements of x from xOff and writes
 * n elements of y from yOff; in place (same array and offset) is allowed.
 */
public final class ScalarActivations {
    private ScalarActivations() {}

    /** {@code y = σ(x) = 1 / (1 + exp(-x))}, computed in double and rounded; σ(±∞) = 1 or 0. */
    public static void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        assert n >= 0 && xOff + n <= x.length && yOff + n <= y.length : "range out of bounds";
        for (int i = 0; i < n; i++) y[yOff + i] = (float) (1.0 / (1.0 + Math.exp(-(double) x[xOff + i])));
    }

    /** {@code y = tanh(x)}, computed in double and rounded; tanh(±∞) = ±1, tanh(±0) = ±0. */
    public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        assert n >= 0 && xOff + n <= x.length && yOff + n <= y.length : "range out of bounds";
        for (int i = 0; i < n; i++) y[yOff + i] = (float) Math.tanh(x[xOff + i]);
    }

    /** {@code y = max(x, 0)} with {@link Math#max} semantics: NaN stays NaN, relu(-0) = +0. */
    public static void relu(float[] x, int xOff, float[] y, int yOff, int n) {
        assert n >= 0 && xOff + n <= x.length && yOff + n <= y.length : "range out of bounds";
        for (int i = 0; i < n; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
    }
}
