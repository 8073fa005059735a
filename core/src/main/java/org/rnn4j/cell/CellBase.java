package org.rnn4j.cell;

import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.PackedMatrix;
import org.rnn4j.param.ParamSpec;

/**
 * Plumbing shared by the cells: the bound flat buffers, the current pass and the offsets of step
 * {@code t} in its buffers. Holds no math; each cell's equations live in its own file.
 */
abstract class CellBase implements Cell {
    protected float[] w;
    protected float[] dw;
    /** Offsets of the cell's blocks in {@link #params()} order. */
    protected int[] off;
    protected Compute compute;
    protected Sequence seq;
    protected int B;
    /** {@code Whᵀ} packed for the forward product {@code hPrev·Whᵀ}. */
    protected PackedMatrix whT;
    /** {@code Wh} packed for the backward product {@code dz·Wh}. */
    protected PackedMatrix wh;

    @Override
    public void bind(float[] params, float[] grads, int base) {
        List<ParamSpec> specs = params();
        off = new int[specs.size()];
        int o = base;
        for (int i = 0; i < specs.size(); i++) {
            off[i] = o;
            o += specs.get(i).size();
        }
        if (o > params.length || grads.length != params.length) {
            throw new IllegalArgumentException("parameter buffers too small for " + getClass().getSimpleName());
        }
        this.w = params;
        this.dw = grads;
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        if (w == null) throw new IllegalStateException(getClass().getSimpleName() + " is not bound to parameters");
        this.compute = compute;
        this.seq = seq;
        this.B = seq.batch();
    }

    /**
     * Packs the recurrent matrix {@code Wh [rows, H]} at {@code w[offset]} once per pass: as
     * {@code Whᵀ} for forward and, when {@code training}, as {@code Wh} for backward. Reuses the
     * packed buffers across passes (the weights change after every update).
     */
    protected final void packRecurrent(int offset, int rows, int H, boolean training) {
        if (whT == null) whT = compute.pack(true, H, rows, w, offset, H);
        else compute.repack(whT, w, offset, H);
        if (training) {
            if (wh == null) wh = compute.pack(false, rows, H, w, offset, H);
            else compute.repack(wh, w, offset, H);
        }
    }

    /**
     * {@code dWh [rows, H] += dZᵀ·Hprev} over all T steps at once: {@code dZ [T·B, rows]} (row
     * stride {@code ldz}) against the previous outputs, which are rows {@code 0..T-1} of the state
     * buffer ({@code h} is the first H floats of each state row).
     */
    protected final void addRecurrentWeightGradient(float[] dZ, int ldz, int rows, int H, int whOffset) {
        compute.gemm(true, false, rows, H, seq.steps() * B, dZ, 0, ldz, seq.states(), 0, stateSize(),
                dw, whOffset, H, true);
    }

    /** Below this many floats per step ({@code B·H}), element-wise work stays on the calling thread. */
    private static final int PARALLEL_ROWS_MIN = 8192;

    /**
     * Runs {@code body} over the batch rows {@code [0, B)}, split across the compute threads when
     * the step is large enough. Rows are independent, so the result does not depend on the split.
     */
    protected final void forRows(int width, Compute.RangeBody body) {
        if (compute.threads() == 1 || B * width < PARALLEL_ROWS_MIN) body.run(0, B);
        else compute.parallelFor(B, 1, body);
    }

    /**
     * Whether {@link #forShards} will split this step's work by batch shards: the engine asks for
     * it ({@link Compute.StepSplit#BATCH_SHARD}, or {@link Compute.StepSplit#AUTO} and the cell
     * measured faster with shards: {@code shardsUnderAuto}), there is more than one thread, at
     * least two shards of the kernel's tile height, and enough element-wise work
     * ({@code B·width}) to pay for a hand-off. Otherwise the cell runs its GEMM through the engine
     * (split by output tiles when large) and its rows through {@link #forRows}.
     */
    protected final boolean shardSteps(int width, boolean shardsUnderAuto) {
        Compute.StepSplit split = compute.stepSplit();
        boolean wanted = split == Compute.StepSplit.BATCH_SHARD || (split == Compute.StepSplit.AUTO && shardsUnderAuto);
        return wanted && compute.threads() > 1 && B >= 2 * compute.shardGrain() && B * width >= PARALLEL_ROWS_MIN;
    }

    /** Runs {@code body} over batch shards on the compute threads (see {@link #shardSteps}). */
    protected final void forShards(Compute.ShardBody body) {
        compute.parallelShards(B, body);
    }

    /** Offset of {@code z[t]}. */
    protected final int zOff(int t) {
        return t * B * projectionSize();
    }

    /** Offset of {@code state[t]} ({@code t = 0} is the initial state). */
    protected final int stateOff(int t) {
        return t * B * stateSize();
    }

    /** Offset of {@code cache[t]}. */
    protected final int cacheOff(int t) {
        return t * B * cacheSize();
    }

}
