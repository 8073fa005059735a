package org.rnn4j.layer;

import java.util.List;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * Symbol embedding: each input is a symbol id, and the layer above reads that symbol's row of E.
 * <pre>
 *   X[r] = E[id_r]          ids: [N] (one float per row holding an integer in [0, V)), E: [V, D], X: [N, D]
 *   dE[id_r] += dX[r]       for r = 0..N-1 in order
 * </pre>
 * N = T·B rows, time-major as every sequence buffer. The backward sum runs over the rows in one
 * fixed order on the calling thread, so dE has the same bits for any thread count (a symbol seen
 * twice gets its two rows added in row order).
 * Init: {@code N(0, 1)}, PyTorch's {@code nn.Embedding} default. No padding index, no max-norm.
 */
public final class Embedding {
    private final int V, D;
    private float[] w, dw;
    private int offE;

    /** An embedding of {@code vocabulary} = V symbols into {@code dimension} = D floats. */
    public Embedding(int vocabulary, int dimension) {
        if (vocabulary < 1 || dimension < 1) {
            throw new IllegalArgumentException("embedding needs vocabulary V >= 1 and dimension D >= 1, got V="
                    + vocabulary + ", D=" + dimension);
        }
        this.V = vocabulary;
        this.D = dimension;
    }

    /** {@code E [V, D]}. */
    public List<ParamSpec> params() {
        return List.of(ParamSpec.matrix("E", V, D, new Init.Normal(0, 1)));
    }

    /** Binds to the flat buffers; E starts at {@code base}. */
    public void bind(float[] params, float[] grads, int base) {
        this.w = params;
        this.dw = grads;
        this.offE = base;
    }

    /** V. */
    public int vocabulary() {
        return V;
    }

    /** D: the width of each row the layer above reads. */
    public int dimension() {
        return D;
    }

    /**
     * Requires every entry of {@code ids [T, B]} to be an integer in [0, V); the message names the
     * first bad entry's step and example.
     */
    public void checkIds(float[] ids, int steps, int batch) {
        for (int r = 0; r < steps * batch; r++) {
            float v = ids[r];
            if (!(v >= 0 && v < V) || v != (float) Math.rint(v)) {
                throw new IllegalArgumentException("x at step " + r / batch + ", example " + r % batch
                        + " must be a symbol id: an integer in [0, V=" + V + "), got " + v);
            }
        }
    }

    /** {@code x[r] = E[ids[r]]} for {@code n} rows: x is {@code [n, D]} (overwritten). Ids must be checked. */
    public void forward(float[] ids, int n, float[] x) {
        for (int r = 0; r < n; r++) System.arraycopy(w, offE + (int) ids[r] * D, x, r * D, D);
    }

    /** {@code dE[ids[r]] += dx[r]} for {@code r = 0..n-1} in order; dx is {@code [n, D]}. */
    public void backward(float[] ids, int n, float[] dx) {
        for (int r = 0; r < n; r++) {
            int e = offE + (int) ids[r] * D, u = r * D;
            for (int j = 0; j < D; j++) dw[e + j] += dx[u + j];
        }
    }
}
