package org.rnn4j.layer;

import java.util.Arrays;
import org.rnn4j.cell.Cell;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;

/**
 * The time loop of one recurrent layer over a whole sequence (full BPTT).
 * <pre>
 *   forward:   zx = X·Wxᵀ + bx for all T steps at once      X: [T·B, I], zx: [T·B, P]
 *              for t = 0..T-1:  cell.forward(t)              state[t] → state[t+1]
 *   backward:  for t = T-1..0:  dNext[h] += dH[t];  cell.backward(t)
 *                               dbx += Σ_b dz_t (while step t is in cache)
 *              cell.finishBackward()                          dWh += dZᵀ·Hprev, K = T·B
 *              dWx += dZᵀ·X,  dX = dZ·Wx                      one GEMM each, all T steps at once
 * </pre>
 * Buffers are time-major and sized once per (T, B); a longer sequence or bigger batch grows them,
 * the time loop never allocates. Outputs {@code h_t} live in {@link #states()} at
 * {@link #outputOffset(int)} with row stride {@link #outputStride()} = S.
 * <p>For analysis, {@link #recordStateGradients(float[])} makes backward copy the complete
 * {@code dNext = ∂L/∂state[t+1]} of every step into a caller's buffer.
 */
public final class RecurrentLayer {
    /** Input widths below this get {@code dWx} as the transposed product {@code Xᵀ·dZ}. */
    private static final int NARROW_INPUT = 16;
    private final Cell cell;
    private final int I, H, P, S, Cw;
    private int offWx, offBx;
    private float[] w, dw;

    private int T, B;
    private float[] z = new float[0], states = new float[0], cache = new float[0];
    private float[] dA = new float[0], dB = new float[0];
    private final float[] dWxT;
    private Cell.Sequence seq;
    private float[] x;
    private int xOff, ldx;
    private boolean trained;
    private float[] stateGradSink;
    private Compute streamCompute;
    /** Steps streamed since {@link #startStream}: the step index a time-gated cell sees next. */
    private long streamSteps;
    /** The least T·B·P for which the narrow projection is split over the threads. */
    private static final long PARALLEL_PROJECTION_MIN = 1 << 16;
    private final Compute.RangeBody narrowProjection = this::narrowProjection;

    /** Wraps {@code cell}; call {@link #bind} before use. */
    public RecurrentLayer(Cell cell) {
        this.cell = cell;
        this.I = cell.inputSize();
        this.H = cell.hiddenSize();
        this.P = cell.projectionSize();
        this.S = cell.stateSize();
        this.Cw = cell.cacheSize();
        this.dWxT = I < NARROW_INPUT ? new float[I * P] : null;
    }

    /** The cell this layer runs. */
    public Cell cell() {
        return cell;
    }

    /** Binds the cell's blocks, which start at {@code base} in the flat buffers. */
    public void bind(float[] params, float[] grads, int base) {
        cell.bind(params, grads, base);
        this.w = params;
        this.dw = grads;
        this.offWx = base;                 // Wx [P, I] is always the first block ...
        this.offBx = base + P * I;         // ... and bx [P] the second
    }

    /**
     * Runs the sequence {@code x [T, B, I]} (row stride {@code ldx} ≥ I, starting at {@code xOff})
     * from {@code initialState [B, S]} (null = zeros). {@code x} must stay unchanged until
     * {@link #backward} when {@code training}. A time-gated cell sees step t's time as t (no
     * timestamps, the first step is 0; see {@link Cell#timestamps}).
     */
    public void forward(Compute compute, float[] x, int xOff, int ldx, int steps, int batch,
                        float[] initialState, boolean training) {
        forward(compute, x, xOff, ldx, steps, batch, initialState, training, null, 0);
    }

    /**
     * {@link #forward(Compute, float[], int, int, int, int, float[], boolean)} with the pass's
     * timestamps for a time-gated cell ({@link Cell#timestamps}): {@code times [T, B]} (from index 0;
     * null = none) and {@code firstStep} ≥ 0, the step index of step 0 when no times are given.
     * Cells without a time gate ignore both.
     */
    public void forward(Compute compute, float[] x, int xOff, int ldx, int steps, int batch,
                        float[] initialState, boolean training, float[] times, long firstStep) {
        if (times != null && times.length < (long) steps * batch) {
            throw new IllegalArgumentException("times must hold [T=" + steps + ", B=" + batch + "] = " + (long) steps * batch
                    + " floats, got " + times.length);
        }
        if (firstStep < 0) throw new IllegalArgumentException("firstStep must be >= 0, got " + firstStep);
        cell.timestamps(times, 0, firstStep);                              // a cell that needs times fails here, first
        ensureCapacity(steps, batch);
        this.streamCompute = null;
        this.x = x;
        this.xOff = xOff;
        this.ldx = ldx;
        int rows = T * B;
        if (I < NARROW_INPUT && compute.simd()) {
            // zx = X·Wxᵀ + bx in one pass over z, split over the threads by rows, with the bits the
            // bias fill and the SIMD GEMM below would give (SimdGemm.biasPlusNarrowProduct)
            if (compute.threads() == 1 || (long) rows * P < PARALLEL_PROJECTION_MIN) narrowProjection(0, rows);
            else compute.parallelFor(rows, 8, narrowProjection);
        } else {
            for (int r = 0; r < rows; r++) System.arraycopy(w, offBx, z, r * P, P);
            compute.gemm(false, true, rows, P, I, x, xOff, ldx, w, offWx, I, z, 0, P, true); // zx = X·Wxᵀ + bx
        }
        if (initialState == null) Arrays.fill(states, 0, B * S, 0f);
        else System.arraycopy(initialState, 0, states, 0, B * S);
        cell.prepare(compute, seq, training);
        for (int t = 0; t < T; t++) cell.forward(t);
        this.trained = training;
    }

    /**
     * Starts streaming inference: afterwards {@link #streamStep} feeds one step of {@code batch}
     * sequences at a time, carrying the state in the caller's buffer. The weights are packed here,
     * once, so they must not change while streaming (call this again after they do). Any
     * {@link #forward} ends the stream.
     */
    public void startStream(Compute compute, int batch) {
        startStream(compute, batch, 0);
    }

    /**
     * {@link #startStream(Compute, int)} for a stream that continues a state already {@code firstStep}
     * steps old (after a forward of that many steps whose state the caller carries): time-gated cells
     * count their step-index timestamps from there ({@link Cell#timestamps}).
     */
    public void startStream(Compute compute, int batch, long firstStep) {
        if (firstStep < 0) throw new IllegalArgumentException("firstStep must be >= 0, got " + firstStep);
        ensureCapacity(1, batch);
        cell.prepare(compute, seq, false);
        this.streamCompute = compute;
        this.trained = false;
        this.streamSteps = firstStep;
    }

    /**
     * One step of streaming inference.
     * <pre>
     *   zx = x·Wxᵀ + bx;   state ← cell step from state        x: [B, I] at xOff; state: [B, S]
     * </pre>
     * The output {@code h} is then the first H floats of each row of {@code state}, and also at
     * {@link #outputOffset(int) outputOffset(0)} of {@link #states()}. Allocates nothing. A
     * time-gated cell sees the number of steps streamed since {@link #startStream} as this step's
     * time (0 first), as {@link #forward} would for the whole sequence.
     */
    public void streamStep(float[] x, int xOff, float[] state) {
        if (streamCompute == null) throw new IllegalStateException("streamStep needs startStream first");
        cell.timestamps(null, 0, streamSteps);                             // a time gate's step index
        step(x, xOff, state);
    }

    /**
     * {@link #streamStep(float[], int, float[])} with this step's timestamps for a time-gated cell
     * that reads them ({@link Cell#timestamps}): {@code times [B]} at {@code timesOff}.
     */
    public void streamStep(float[] x, int xOff, float[] times, int timesOff, float[] state) {
        if (streamCompute == null) throw new IllegalStateException("streamStep needs startStream first");
        if (times == null || timesOff < 0 || timesOff + B > times.length) {
            throw new IllegalArgumentException("times must hold B=" + B + " floats from timesOff=" + timesOff
                    + (times == null ? ", got null" : ", got " + times.length + " floats"));
        }
        cell.timestamps(times, timesOff, streamSteps);
        step(x, xOff, state);
    }

    /** One streamed step: the projection, the cell, the state copied in and out. */
    private void step(float[] x, int xOff, float[] state) {
        streamSteps++;
        for (int b = 0; b < B; b++) {
            int zr = b * P, xr = xOff + b * I;
            if (I < NARROW_INPUT) {                                      // zx by a loop: a GEMM's packing costs more here
                for (int p = 0; p < P; p++) {
                    float acc = w[offBx + p];
                    for (int i = 0; i < I; i++) acc += x[xr + i] * w[offWx + p * I + i];
                    z[zr + p] = acc;
                }
            } else {
                System.arraycopy(w, offBx, z, zr, P);
            }
        }
        if (I >= NARROW_INPUT) streamCompute.gemm(false, true, B, P, I, x, xOff, I, w, offWx, I, z, 0, P, true);
        System.arraycopy(state, 0, states, 0, B * S);
        cell.forward(0);
        System.arraycopy(states, B * S, state, 0, B * S);
    }

    /**
     * Asks every later {@link #backward} to record, for every step t, the total gradient of the
     * loss with respect to each block of the state the step produced:
     * <pre>
     *   sink[t] = ∂L/∂state[t+1]     sink: [T, B, S], row t = what step t wrote (h_t first)
     * </pre>
     * The layer copies {@code dNext} (the gradient from all later steps plus {@code dH[t]} from
     * above) before {@code cell.backward(t)}, and the cell adds the paths inside step t by which one
     * block of the new state feeds another ({@link Cell#addInStepStateGradients}): each block's
     * part is then what an autograd engine returns for {@code grad(L, block_t)} — for an LSTM's
     * c_t it includes the path through h_t = o⊙tanh(c_t), for an NRU's h_t the path through the
     * memory write m_t.
     * {@code null} stops recording (the default: then backward does no extra work). The sink stays
     * set until replaced; backward rejects a sink shorter than T·B·S.
     */
    public void recordStateGradients(float[] sink) {
        this.stateGradSink = sink;
        cell.addInStepStateGradients(sink);
    }

    /** {@link #backward(Compute, float[], boolean[], float[], float[], int, int, float[])} with every step of dH in use. */
    public void backward(Compute compute, float[] dH, float[] dFinal, float[] dX, int dxOff, int lddx,
                         float[] dInitial) {
        backward(compute, dH, null, dFinal, dX, dxOff, lddx, dInitial);
    }

    /**
     * Back-propagates through the last forward pass.
     *
     * @param dH         {@code [T, B, H]} ∂L/∂h_t from above (readout or next layer); read only
     * @param dHSteps    which steps of dH carry gradient ({@code [T]}; null = all): the others are
     *                   not read, so a readout at a few steps costs nothing at the rest
     * @param dFinal     {@code [B, S]} ∂L/∂state[T] from beyond the sequence, or null
     * @param dX         {@code [T, B, I]} receives ∂L/∂x (overwritten), row stride {@code lddx}; or null
     * @param dInitial   {@code [B, S]} receives ∂L/∂state[0] (overwritten), or null
     */
    public void backward(Compute compute, float[] dH, boolean[] dHSteps, float[] dFinal, float[] dX, int dxOff,
                         int lddx, float[] dInitial) {
        if (!trained) throw new IllegalStateException("backward needs a forward pass with training = true");
        float[] sink = stateGradSink;
        if (sink != null && sink.length < T * B * S) {
            throw new IllegalArgumentException("state-gradient sink must hold [T=" + T + ", B=" + B + ", S=" + S
                    + "] = " + T * B * S + " floats, got " + sink.length);
        }
        trained = false;
        if (I == 1) Arrays.fill(dWxT, 0f);
        float[] dNext = dA, dPrev = dB;
        if (dFinal == null) Arrays.fill(dNext, 0, B * S, 0f);
        else System.arraycopy(dFinal, 0, dNext, 0, B * S);
        for (int t = T - 1; t >= 0; t--) {
            if (dHSteps == null || dHSteps[t]) {
                int h0 = t * B * H;
                for (int b = 0; b < B; b++) {
                    int d = b * S, u = h0 + b * H;
                    for (int j = 0; j < H; j++) dNext[d + j] += dH[u + j];
                }
            }
            if (sink != null) System.arraycopy(dNext, 0, sink, t * B * S, B * S); // before the cell may scratch it
            cell.backward(t, dNext, dPrev);
            // dbx += Σ_b dz_t while z[t] is in cache; with one input also dWxᵀ += x_tᵀ·dz_t, which
            // would otherwise be a one-row GEMM streaming all T·B rows of dZ again after the loop
            if (I == 1) Kernels.addBiasAndInputSums(z, t * B * P, B, P, x, xOff + t * B * ldx, ldx, dw, offBx, dWxT, 0);
            else Kernels.addColumnSums(z, t * B * P, B, P, dw, offBx);
            float[] tmp = dNext;
            dNext = dPrev;
            dPrev = tmp;
        }
        if (dInitial != null) System.arraycopy(dNext, 0, dInitial, 0, B * S);
        cell.finishBackward();
        int rows = T * B;
        if (I < NARROW_INPUT) {
            // dWxᵀ [I, P] = Xᵀ·dZ, then transposed into dWx: a narrow input (I = 1 for pixel tasks)
            // would otherwise be padded to a full register panel of output columns.
            if (I > 1) compute.gemm(true, false, I, P, rows, x, xOff, ldx, z, 0, P, dWxT, 0, P, false);
            for (int i = 0; i < I; i++) {
                for (int p = 0; p < P; p++) dw[offWx + p * I + i] += dWxT[i * P + p];
            }
        } else {
            compute.gemm(true, false, P, I, rows, z, 0, P, x, xOff, ldx, dw, offWx, I, true);   // dWx += dZᵀ·X
        }
        if (dX != null) compute.gemm(false, false, rows, I, P, z, 0, P, w, offWx, I, dX, dxOff, lddx, false); // dX = dZ·Wx
    }

    /** Rows [lo, hi) of this pass's narrow projection (see {@code SimdGemm.biasPlusNarrowProduct}). */
    private void narrowProjection(int lo, int hi) {
        org.rnn4j.kernel.simd.SimdGemm.biasPlusNarrowProduct(x, xOff, ldx, w, offWx, offBx, I, P, z, lo, hi, T * B);
    }

    private void ensureCapacity(int steps, int batch) {
        if (steps < 1 || batch < 1) throw new IllegalArgumentException("T and B must be >= 1, got T=" + steps + ", B=" + batch);
        T = steps;
        B = batch;
        z = grow(z, (long) T * B * P);
        states = grow(states, (long) (T + 1) * B * S);
        cache = grow(cache, (long) T * B * Cw);
        dA = grow(dA, (long) B * S);
        dB = grow(dB, (long) B * S);
        seq = new Cell.Sequence(T, B, z, states, cache);
    }

    private static float[] grow(float[] a, long n) {
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("sequence buffers too large: " + n + " floats");
        return a.length >= n ? a : new float[(int) n];
    }

    /** {@code [T+1, B, S]}: the states of the last pass; {@code state[0]} is the initial state. */
    public float[] states() {
        return states;
    }

    /** Offset of {@code h_t} ({@code t} in 0..T-1) in {@link #states()}: the output at step t. */
    public int outputOffset(int t) {
        return (t + 1) * B * S;
    }

    /** Row stride of outputs and states: S. */
    public int outputStride() {
        return S;
    }

    /**
     * {@code [T, B, P]}: after a forward pass what the cell saved per step (typically its activated
     * gates, {@link Cell#retentionGate()}); after backward {@code ∂L/∂zx}.
     */
    public float[] projections() {
        return z;
    }

    /** Offset of step t's row block in {@link #projections()}; row stride {@link Cell#projectionSize()}. */
    public int projectionOffset(int t) {
        return t * B * P;
    }

    /** Offset of {@code state[t]} in {@link #states()} (0 = initial, T = final). */
    public int stateOffset(int t) {
        return t * B * S;
    }
}
