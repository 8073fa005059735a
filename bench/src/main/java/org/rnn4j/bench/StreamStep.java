package org.rnn4j.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.rnn4j.cell.Cell;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.LinearReadout;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;

/**
 * Streaming inference: one recurrent layer (and optionally its linear readout) fed one timestep
 * of one sequence at a time, carrying the state from call to call.
 * <pre>
 *   state' = layer.streamStep(x_t [1, I], state)     (weights packed once, by startStream)
 *   y_t    = h_t·Wᵀ + b                          (readout, C classes; skipped when C = 0)
 * </pre>
 * Parameters are laid out and initialised as {@code SequenceModel} does ({@code layer0.*}, then
 * {@code readout.*}, from {@code new SplittableRandom(seed).split()}). Not thread-safe;
 * {@link #close()} stops the compute workers.
 */
public final class StreamStep implements AutoCloseable {
    private final Compute compute;
    private final RecurrentLayer layer;
    private final LinearReadout readout;
    private final float[] params, grads;
    private final int I, S, C;
    private final float[] state, y;

    /** A layer of {@code cell}, with a readout to {@code classes} outputs ({@code 0} = none), on {@code threads} threads. */
    public StreamStep(CellConfig cell, int classes, int threads, long seed) {
        if (classes < 0) throw new IllegalArgumentException("classes C must be >= 0, got " + classes);
        Cell c = cell.create();
        this.I = c.inputSize();
        this.S = c.stateSize();
        this.C = classes;
        this.layer = new RecurrentLayer(c);
        this.readout = classes > 0 ? new LinearReadout(c.hiddenSize(), classes) : null;
        ParamLayout.Builder lb = ParamLayout.builder();
        int base = -1;
        for (ParamSpec s : c.params()) {
            int o = lb.add("layer0", s);
            if (base < 0) base = o;
        }
        int readoutBase = -1;
        if (readout != null) {
            for (ParamSpec s : readout.params()) {
                int o = lb.add("readout", s);
                if (readoutBase < 0) readoutBase = o;
            }
        }
        ParamLayout layout = lb.build();
        this.params = new float[layout.size()];
        this.grads = new float[layout.size()];                      // bound but never written: inference only
        layout.initialize(params, new SplittableRandom(seed).split());
        layer.bind(params, grads, base);
        if (readout != null) readout.bind(params, grads, readoutBase);
        this.compute = Compute.create(threads);
        layer.startStream(compute, 1);                              // weights packed once: inference only
        this.state = new float[S];
        this.y = new float[Math.max(classes, 1)];
    }

    /** Feeds one timestep {@code input [I]} (from {@code off}), updates the state and, with a readout, the outputs. */
    public void step(float[] input, int off) {
        layer.streamStep(input, off, state);
        if (readout != null) readout.forward(compute, layer.states(), layer.outputOffset(0), S, 1, y, 0);
    }

    /** Sets the carried state back to zeros (the start of a new sequence). */
    public void reset() {
        Arrays.fill(state, 0f);
    }

    /** The carried state {@code [S]} ({@code h} first) after the last step; live. */
    public float[] state() {
        return state;
    }

    /** The readout's outputs {@code [C]} of the last step; live. */
    public float[] outputs() {
        if (readout == null) throw new IllegalStateException("built without a readout");
        return y;
    }

    /** The flat parameters ({@code layer0.*} first, so the layer's blocks start at 0). */
    public float[] params() {
        return params;
    }

    /** The compute engine (for its flop count). */
    public Compute compute() {
        return compute;
    }

    /** I. */
    public int inputSize() {
        return I;
    }

    /** S. */
    public int stateSize() {
        return S;
    }

    /** C (0 without a readout). */
    public int classes() {
        return C;
    }

    /** Stops the compute workers. */
    @Override
    public void close() {
        compute.close();
    }
}
