package org.rnn4j.train;

import java.util.List;
import java.util.Objects;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Optimizer;

/**
 * Truncated back-propagation through time: trains on one long batch {@code [T, B, …]} segment by
 * segment, carrying the state across segments and updating once per segment (the protocol of the
 * NRU paper's character-level Penn Treebank model: segments of 150 steps, state carried and detached).
 * <pre>
 *   segment s = steps [s·k, min((s+1)·k, T)),  k = truncation k1,  s = 0 … ⌈T/k⌉−1
 *   for each segment s:
 *     L_s   = model.forward(segment s, training, carryState)   starts from state[s·k] (zeros for s = 0
 *                                                                 unless continueState), held constant
 *     grads = 0;  model.backward()                             BPTT inside the segment only
 *     norm  = clip(grads, clipNorm);  optimizer.update(params, grads, ++updates)
 *
 *   L_s = Σ_{t∈s} mask·ℓ_t / Σ_{t∈s} mask         the segment's own masked loss
 *   g_s = ∂L_s/∂θ with state[s·k] a constant       nothing flows into segment s−1
 * </pre>
 * The loss of segment s is computed with the parameters left by update s−1, so for k &lt; T the
 * losses are not those of one pass with fixed parameters; with k ≥ T there is one segment and one
 * update, exactly (bit for bit) {@link Trainer}'s step on the same batch. A segment whose mask is all
 * zero carries no loss and so no gradient: it is run forward (advancing the state) without an
 * update. The forward pass itself does not depend on k: {@link #evaluate} gives the loss of one
 * full pass up to float rounding of the sums.
 * <p>Memory: the layers' buffers hold one segment ({@code k·B} rows), whatever T is; the long
 * batch is read one segment at a time into reused buffers. The optimizer's step counter
 * ({@link #updates()}) continues across calls, as Adam's bias correction needs.
 */
public final class Tbptt {

    /**
     * What one pass over a long batch gave.
     *
     * @param segments segments run (including those without loss)
     * @param updates  optimizer updates made in this pass (segments with loss; 0 for {@link #evaluate})
     * @param loss     {@code Σ_s L_s·m_s / Σ_s m_s}, m_s = Σ mask over segment s: the masked mean over
     *                 the whole batch, each segment's part taken before its own update (NaN when no
     *                 step carries loss)
     * @param accuracy the same average of the segments' accuracies (NaN for regression)
     */
    public record Pass(int segments, long updates, double loss, double accuracy) {}

    private final SequenceModel model;
    private final Optimizer optimizer;
    private final TbpttConfig cfg;
    private final List<TrainListener> listeners;
    private final Segments segments = new Segments();
    private long updates;

    /** Trains {@code model} with {@code optimizer}; {@code listeners} get every update's metrics. */
    public Tbptt(SequenceModel model, Optimizer optimizer, TbpttConfig cfg, List<TrainListener> listeners) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.listeners = List.copyOf(listeners);
    }

    /** The configuration. */
    public TbpttConfig config() {
        return cfg;
    }

    /** Optimizer updates made so far by this trainer (the last step number passed to the optimizer). */
    public long updates() {
        return updates;
    }

    /**
     * Trains on {@code sequence}, one update per segment with loss.
     *
     * @param continueState start the first segment from the model's carried state (the end of the
     *                      previous call, for a stream fed in chunks) instead of zeros
     * @throws TrainingDivergedException when a segment's loss or gradient norm is not finite (that
     *                                   update is not applied)
     */
    public Pass train(Batch sequence, boolean continueState) {
        return run(sequence, continueState, true);
    }

    /**
     * The loss of {@code sequence} run forward segment by segment with the state carried (no
     * gradients, no updates): equal, up to the rounding of the sums, to one full forward pass.
     */
    public Pass evaluate(Batch sequence, boolean continueState) {
        return run(sequence, continueState, false);
    }

    private Pass run(Batch sequence, boolean continueState, boolean training) {
        Objects.requireNonNull(sequence, "sequence");
        int k = cfg.truncation(), T = sequence.steps(), B = sequence.batchSize();
        if (continueState && model.carriedBatchSize() != 0 && model.carriedBatchSize() != B) {
            throw new IllegalArgumentException("continueState needs a batch of the carried state's size B="
                    + model.carriedBatchSize() + ", got B=" + B + " (pass continueState = false to start from zeros)");
        }
        long start = System.nanoTime();
        double lossSum = 0, hitSum = 0, maskSum = 0;
        long made = 0;
        int n = 0;
        for (int t0 = 0; t0 < T; t0 += k, n++) {
            long s0 = System.nanoTime();
            int steps = Math.min(k, T - t0);
            Batch segment = segments.slice(sequence, t0, steps, k);
            boolean carry = t0 > 0 || continueState;
            double m = segment.maskSum();
            if (!(m > 0)) {
                model.forward(segment, false, carry);               // no loss here: only the state moves on
                continue;
            }
            double loss = model.forward(segment, training, carry);
            if (training) {
                double norm = Trainer.update(model, optimizer, loss, cfg.clipNorm(), updates + 1);
                updates++;                                          // counted once the update is applied
                made++;
                long s1 = System.nanoTime();
                StepMetrics metrics = new StepMetrics(updates, loss, model.lastAccuracy(), norm, (s1 - s0) * 1e-9,
                        (s1 - start) * 1e-9, (long) steps * B);
                for (TrainListener l : listeners) l.onStep(metrics);
            }
            lossSum += loss * m;
            hitSum += model.lastAccuracy() * m;
            maskSum += m;
        }
        return new Pass(n, made, lossSum / maskSum, hitSum / maskSum);
    }

    /**
     * Copies segments of a long batch into reused buffers: one set for full segments of k steps,
     * one for the shorter last segment. Allocates only when the batch's shape changes.
     */
    private static final class Segments {
        private final Buffers full = new Buffers(), tail = new Buffers();

        /** Steps [t0, t0 + steps) of {@code src}; {@code steps < k} only for the last segment. */
        Batch slice(Batch src, int t0, int steps, int k) {
            Buffers b = steps == k ? full : tail;
            int B = src.batchSize(), I = src.inputSize(), C = src.outputSize();
            b.fit(steps, B, I, C, src.isClassification());
            System.arraycopy(src.x(), t0 * B * I, b.x, 0, steps * B * I);
            System.arraycopy(src.mask(), t0 * B, b.mask, 0, steps * B);
            if (src.isClassification()) System.arraycopy(src.labels(), t0 * B, b.labels, 0, steps * B);
            else System.arraycopy(src.targets(), t0 * B * C, b.targets, 0, steps * B * C);
            float[] times = null;
            if (src.times() != null) {
                if (b.times == null) b.times = new float[steps * B];
                System.arraycopy(src.times(), t0 * B, b.times, 0, steps * B);
                times = b.times;
            }
            return new Batch(steps, B, I, C, b.x, b.labels, b.targets, b.mask, times);
        }
    }

    /** The arrays of one segment shape {@code [steps, B, …]}, sized exactly (a Batch checks lengths). */
    private static final class Buffers {
        int steps, batch, inputs, outputs;
        boolean classification;
        float[] x, targets, mask, times;
        int[] labels;

        void fit(int steps, int batch, int inputs, int outputs, boolean classification) {
            if (steps == this.steps && batch == this.batch && inputs == this.inputs && outputs == this.outputs
                    && classification == this.classification) {
                return;
            }
            this.steps = steps;
            this.batch = batch;
            this.inputs = inputs;
            this.outputs = outputs;
            this.classification = classification;
            x = new float[steps * batch * inputs];
            mask = new float[steps * batch];
            labels = classification ? new int[steps * batch] : null;
            targets = classification ? null : new float[steps * batch * outputs];
            times = null;                                           // made on first use: most batches carry none
        }
    }
}
