package org.rnn4j.layer;

import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * Linear readout applied to every step that carries loss:
 * <pre>
 *   y = h·Wᵀ + b          h: [N, H] (row stride ldh), W: [C, H], b: [C], y: [N, C]
 *   dW += dyᵀ·h    db += Σ dy    dh = dy·W
 * </pre>
 * Init: PyTorch's {@code nn.Linear} default, {@code U(±1/√H)} for W and b.
 */
public final class LinearReadout {
    private final int H, C;
    private float[] w, dw;
    private int offW, offB;

    /** A readout from H hidden units to C outputs. */
    public LinearReadout(int hiddenSize, int outputSize) {
        this.H = hiddenSize;
        this.C = outputSize;
    }

    /** {@code W [C, H]}, {@code b [C]}. */
    public List<ParamSpec> params() {
        Init u = new Init.FanInUniform(H);
        return List.of(ParamSpec.matrix("W", C, H, u), ParamSpec.vector("b", C, u));
    }

    /** Binds to the flat buffers; W starts at {@code base}, b follows. */
    public void bind(float[] params, float[] grads, int base) {
        this.w = params;
        this.dw = grads;
        this.offW = base;
        this.offB = base + C * H;
    }

    /** C. */
    public int outputSize() {
        return C;
    }

    /** {@code y[yOff..] [n, C] = h·Wᵀ + b} for {@code n} rows of {@code h} (stride {@code ldh}). */
    public void forward(Compute compute, float[] h, int hOff, int ldh, int n, float[] y, int yOff) {
        for (int r = 0; r < n; r++) System.arraycopy(w, offB, y, yOff + r * C, C);
        compute.gemm(false, true, n, C, H, h, hOff, ldh, w, offW, H, y, yOff, C, true);
    }

    /**
     * Adds {@code dyᵀ·h} into dW and {@code Σ dy} into db; writes {@code dh = dy·W} (overwrite)
     * into {@code dh [n, H]} (stride {@code lddh}).
     */
    public void backward(Compute compute, float[] h, int hOff, int ldh, int n, float[] dy, int dyOff,
                         float[] dh, int dhOff, int lddh) {
        compute.gemm(true, false, C, H, n, dy, dyOff, C, h, hOff, ldh, dw, offW, H, true);
        Kernels.addColumnSums(dy, dyOff, n, C, dw, offB);                                     // db += Σ dy
        compute.gemm(false, false, n, H, C, dy, dyOff, C, w, offW, H, dh, dhOff, lddh, false);
    }
}
