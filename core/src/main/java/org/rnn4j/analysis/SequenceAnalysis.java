package org.rnn4j.analysis;

import java.util.List;
import java.util.Objects;
import org.rnn4j.cell.Cell;
import org.rnn4j.data.Batch;
import org.rnn4j.data.Check;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.train.SequenceModel;

/**
 * Gradient flow and state traces of one layer of a model on one sequence (B = 1), as in the NRU
 * authors' notebooks {@code GradientViz_CopyingMemory} and {@code FlatMemoryViz}
 * (nru-chrono.md §1.8). With ℓ_T the loss of the last step that carries loss (step t* below),
 * for every step t = 0..T−1 and every state block s of the layer (h first, then c, m, …):
 * <pre>
 *   gradNorms[k][t]   = ‖∂ℓ_T/∂s_t‖₂      total derivative through every later step and the layers
 *                                         above (PyTorch: torch.autograd.grad(ℓ_T, s_t)); 0 for t > t*
 *   hNorm[t]          = ‖h_t‖₂
 *   hDistToLast[t]    = ‖h_t − h_{T−1}‖₂   distance to the last hidden state of the sequence
 *   traces[k]         = [T, W_k]           row t = block k of the state after step t
 *   increments[k]     = [T, W_k]           row t = s_t − s_{t−1}, with s_{−1} the initial state (zeros)
 * </pre>
 * ℓ_T is the batch's loss with its mask zeroed everywhere but step t* ({@link #lastLossStepOnly}):
 * t* = T−1 when the task puts loss on the last step (copy, denoise, adding), else the last step
 * that carries loss ({@code lossStep} says which). Block k's gradient is the k-th slice of
 * ∂ℓ/∂state[t+1] recorded by {@link RecurrentLayer#recordStateGradients}: for every block the
 * whole-graph derivative autograd reports for that tensor, including the paths inside step t by
 * which one block feeds another (an LSTM's c_t through h_t = o⊙tanh(c_t); an NRU's h_t through the
 * memory write m_t).
 *
 * @param layer       the analysed layer (0 = nearest the input)
 * @param lossStep    t*, the step whose loss is differentiated
 * @param loss        ℓ_T, the loss of step t*
 * @param blocks      the layer's state blocks, h first ({@link Cell#stateBlocks()})
 * @param gradNorms   {@code [blocks][T]}
 * @param hNorm       {@code [T]}
 * @param hDistToLast {@code [T]}
 * @param traces      {@code [blocks][T·W_k]}, time-major
 * @param increments  {@code [blocks][T·W_k]}, time-major
 */
public record SequenceAnalysis(int layer, int lossStep, double loss, List<Cell.StateBlock> blocks,
                               double[][] gradNorms, double[] hNorm, double[] hDistToLast,
                               float[][] traces, float[][] increments) {

    /** Validates the shapes (the arrays are kept, not copied). */
    public SequenceAnalysis {
        Objects.requireNonNull(blocks, "blocks");
        blocks = List.copyOf(blocks);
        int T = hNorm.length;
        Check.positive("steps T", T);
        if (hDistToLast.length != T || gradNorms.length != blocks.size() || traces.length != blocks.size()
                || increments.length != blocks.size()) {
            throw new IllegalArgumentException("analysis arrays must cover T=" + T + " steps and "
                    + blocks.size() + " state blocks");
        }
        Check.inRange("lossStep", lossStep, 0, T - 1);
    }

    /** T, the number of steps. */
    public int steps() {
        return hNorm.length;
    }

    /** True when the analysed loss is that of the sequence's last step T−1. */
    public boolean lossAtLastStep() {
        return lossStep == steps() - 1;
    }

    /**
     * Runs {@code sequence} (B = 1) through {@code model} and measures layer {@code layer}. The
     * model's parameters and gradients are left as they were.
     *
     * @throws IllegalArgumentException if the batch is not one sequence, carries no loss, or does
     *                                  not fit the model; or the layer does not exist
     */
    public static SequenceAnalysis of(SequenceModel model, Batch sequence, int layer) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sequence, "sequence");
        if (sequence.batchSize() != 1) {
            throw new IllegalArgumentException("the analysis runs one sequence: batch must have B=1, got B="
                    + sequence.batchSize());
        }
        RecurrentLayer rl = model.layer(layer);
        int tStar = lastLossStep(sequence);
        Batch single = lastLossStepOnly(sequence);
        int T = sequence.steps(), S = rl.cell().stateSize(), H = rl.cell().hiddenSize();
        float[] dState = new float[T * S];                     // dState: [T, B=1, S], row t = ∂ℓ/∂state[t+1]
        float[] grads = model.grads(), savedGrads = grads.clone();
        double loss;
        rl.recordStateGradients(dState);
        try {
            loss = model.forward(single, true);
            model.backward();
        } finally {
            rl.recordStateGradients(null);
            System.arraycopy(savedGrads, 0, grads, 0, grads.length);
        }
        float[] st = rl.states();                              // st: [T+1, B=1, S], state[0] = initial
        List<Cell.StateBlock> blocks = rl.cell().stateBlocks();
        double[][] gradNorms = new double[blocks.size()][T];
        float[][] traces = new float[blocks.size()][], increments = new float[blocks.size()][];
        int o = 0;
        for (int k = 0; k < blocks.size(); k++) {
            int W = blocks.get(k).width();
            float[] trace = new float[T * W], inc = new float[T * W];
            for (int t = 0; t < T; t++) {
                gradNorms[k][t] = norm(dState, t * S + o, W);
                int now = rl.stateOffset(t + 1) + o, before = rl.stateOffset(t) + o;
                for (int j = 0; j < W; j++) {
                    trace[t * W + j] = st[now + j];
                    inc[t * W + j] = st[now + j] - st[before + j];
                }
            }
            traces[k] = trace;
            increments[k] = inc;
            o += W;
        }
        double[] hNorm = new double[T], hDist = new double[T];
        int last = rl.outputOffset(T - 1);
        for (int t = 0; t < T; t++) {
            int h = rl.outputOffset(t);
            hNorm[t] = norm(st, h, H);
            double d = 0;
            for (int j = 0; j < H; j++) {
                double e = (double) st[h + j] - st[last + j];
                d += e * e;
            }
            hDist[t] = Math.sqrt(d);
        }
        return new SequenceAnalysis(layer, tStar, loss, blocks, gradNorms, hNorm, hDist, traces, increments);
    }

    /** The last step whose mask is not zero (for B = 1: the last step that carries loss). */
    public static int lastLossStep(Batch batch) {
        int B = batch.batchSize();
        float[] mask = batch.mask();
        for (int t = batch.steps() - 1; t >= 0; t--) {
            for (int b = 0; b < B; b++) {
                if (mask[t * B + b] != 0f) return t;
            }
        }
        throw new IllegalArgumentException("the batch carries no loss: its mask is 0 at every step");
    }

    /**
     * The same batch with the mask kept at the last step that carries loss ({@link #lastLossStep})
     * and set to 0 everywhere else, so the model's loss is that step's loss alone.
     */
    public static Batch lastLossStepOnly(Batch batch) {
        int t = lastLossStep(batch), B = batch.batchSize();
        float[] mask = new float[batch.mask().length];
        System.arraycopy(batch.mask(), t * B, mask, t * B, B);
        return new Batch(batch.steps(), B, batch.inputSize(), batch.outputSize(), batch.x(), batch.labels(),
                batch.targets(), mask, batch.times());
    }

    /** The index of the block called {@code name} in {@link #blocks()}. */
    public int blockIndex(String name) {
        for (int k = 0; k < blocks.size(); k++) {
            if (blocks.get(k).name().equals(name)) return k;
        }
        throw new IllegalArgumentException("no state block '" + name + "'; blocks: "
                + String.join(", ", blocks.stream().map(Cell.StateBlock::name).toList()));
    }

    private static double norm(float[] a, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a[off + i] * a[off + i];
        return Math.sqrt(s);
    }
}
