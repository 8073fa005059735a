package org.rnn4j.train;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Optimizer;

/**
 * Truncated back-propagation through time, BPTT(k1, k2) (Williams &amp; Peng 1990; k1, k2 are
 * DL4J's tBPTTForwardLength / tBPTTBackwardLength): trains on one long batch {@code [T, B, …]}
 * segment by segment, carrying the state across segments and updating once per segment that
 * carries loss (with k2 = k1 the protocol of the NRU paper's character-level Penn Treebank model:
 * segments of 150 steps, state carried and detached).
 * <pre>
 *   segment s = steps [s·k1, end_s),  end_s = min((s+1)·k1, T),  s = 0 … ⌈T/k1⌉−1
 *   L_s = Σ_{t∈s} mask·ℓ_t / Σ_{t∈s} mask            each step's loss counts in its own segment only
 *
 *   k2 = k1:  L_s = model.forward(segment s, training, carryState)   from state[s·k1], held constant
 *             grads = 0;  model.backward();  norm = clip(grads, clipNorm);  optimizer.update(…, ++updates)
 *   k2 &lt; k1:  steps [s·k1, end_s − k2): forward WITHOUT training caches, in chunks of ≤ k2 steps
 *             (state carried; their losses are computed and counted in the reported loss, no gradient)
 *             steps [end_s − k2, end_s): forward in training mode from that state, backward, update
 *             g_s = ∂(window's part of L_s)/∂θ with state[end_s − k2] a constant
 *   k2 &gt; k1:  window w_s = [max(end_s − k2, 0), end_s)     0 = step 0 of this call's sequence
 *             forward w_s in training mode from state[start of w_s], the mask zeroed on the steps
 *             before segment s (their losses belong to their own segments), backward, update
 *             g_s = ∂L_s/∂θ back through k2 steps, with state[start of w_s] a constant
 * </pre>
 * <b>k2 = k1</b> is the plain scheme: the loss of segment s is computed with the parameters left by
 * update s−1, so for k1 &lt; T the losses are not those of one pass with fixed parameters; with
 * k1 ≥ T there is one segment and one update, exactly (bit for bit) {@link Trainer}'s step on the
 * same batch.
 * <p><b>k2 &lt; k1</b> back-propagates only the last k2 steps of each segment. The losses at the
 * steps before the window are counted in {@link Pass#loss()} and {@link Pass#accuracy()} but give
 * no gradient. With the loss only at the last step, k1 ≥ T and k2 = W this is exactly the
 * "Truncate-W" baseline of Trinh et al. 2018 (a classifier on the final state, BPTT truncated to
 * the last W steps; ../shared/papers/glstm-kaf-aux.md §3). A segment whose window carries no
 * loss (mask all zero there) makes no update, even when its prefix has loss.
 * <p><b>k2 &gt; k1</b> (overlapping windows) is implemented by recomputation, memory O(k2): the state
 * at the next window's start (a step inside this window) is kept from this window's forward pass
 * ({@link SequenceModel#carryFrom}), and the next window is run forward again from it. The overlap
 * steps are thus recomputed with the current parameters: the forward cost is about k2/k1 times that
 * of k2 = k1, and where an implementation retaining the graph would back-propagate through the
 * overlap as computed with the older parameters, this one uses the current ones (no difference
 * when the learning rate is 0). The state at a window's start comes from the previous window's
 * forward pass, before that window's update, as the carried state of k2 = k1 does. The window
 * never reaches into an earlier call ({@code continueState}): its start is at least step 0. With
 * k2 ≥ T and fixed parameters the sum {@code Σ_s m_s·g_s} is {@code (Σ_s m_s)·g} of full BPTT. For
 * time-gated cells the budget term ({@link SequenceModel#lastBudgetLoss()}) is that of the window.
 * <p>In all cases a segment whose mask is all zero carries no loss and so no gradient: it is run
 * forward (advancing the state) without an update; {@link Pass#loss()} is the masked mean of the
 * segments' losses, each taken before its own update. {@link #evaluate} ignores k2: segments of
 * k1 steps, forward only, which gives the loss of one full pass up to float rounding of the sums.
 * The state carried on at the end of a call is the state at step T in every case.
 * <p>Memory: the layers' buffers hold one forward pass, whatever T is: at most {@code k1·B} rows
 * with k2 = k1, {@code k2·B} otherwise (k2 &lt; k1: the window and the prefix chunks); the
 * long batch is read one range at a time into reused buffers. The optimizer's step counter
 * ({@link #updates()}) continues across calls, as Adam's bias correction needs.
 */
public final class Tbptt {

    /**
     * What one pass over a long batch gave.
     *
     * @param segments segments run (including those without loss)
     * @param updates  optimizer updates made in this pass (segments with loss, for k2 &lt; k1 in their
     *                 last k2 steps; 0 for {@link #evaluate})
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
     * Trains on {@code sequence}, one update per segment with loss (k2 &lt; k1: per segment whose
     * last k2 steps carry loss), as the class comment describes for each relation of k2 to k1.
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
        int B = sequence.batchSize();
        if (continueState && model.carriedBatchSize() != 0 && model.carriedBatchSize() != B) {
            throw new IllegalArgumentException("continueState needs a batch of the carried state's size B="
                    + model.carriedBatchSize() + ", got B=" + B + " (pass continueState = false to start from zeros)");
        }
        Sums sums = new Sums(System.nanoTime());
        int k1 = cfg.truncation(), k2 = cfg.backwardSteps();
        if (!training || k2 == k1) return equalSteps(sequence, continueState, training, sums);
        return k2 < k1 ? lastSteps(sequence, continueState, sums) : overlapping(sequence, continueState, sums);
    }

    /** The masked sums of the reported loss and accuracy, and the updates made, of one pass. */
    private static final class Sums {
        final long start;
        double loss, hits, mask;
        long made;
        int segments;

        Sums(long start) {
            this.start = start;
        }

        /** Adds a forward pass's part: its loss and accuracy weighted by its mask sum m. */
        void add(double loss, double accuracy, double m) {
            this.loss += loss * m;
            hits += accuracy * m;
            mask += m;
        }

        Pass pass() {
            return new Pass(segments, made, loss / mask, hits / mask);
        }
    }

    /** k2 = k1 (and {@link #evaluate}): each segment forward, backward, update. */
    private Pass equalSteps(Batch sequence, boolean continueState, boolean training, Sums sums) {
        int k = cfg.truncation(), T = sequence.steps(), B = sequence.batchSize();
        for (long t0 = 0; t0 < T; t0 += k, sums.segments++) {
            long s0 = System.nanoTime();
            int steps = (int) Math.min(k, T - t0);
            Batch segment = segments.slice(sequence, (int) t0, steps, 0);
            boolean carry = t0 > 0 || continueState;
            double m = segment.maskSum();
            if (!(m > 0)) {
                model.forward(segment, false, carry);               // no loss here: only the state moves on
                continue;
            }
            double loss = model.forward(segment, training, carry);
            if (training) update(loss, s0, sums, (long) steps * B);
            sums.add(loss, model.lastAccuracy(), m);
        }
        return sums.pass();
    }

    /**
     * k2 &lt; k1: each segment's first k1 − k2 steps forward without caches (chunks of ≤ k2 steps),
     * then its last k2 steps forward in training mode from that state, backward, update.
     */
    private Pass lastSteps(Batch sequence, boolean continueState, Sums sums) {
        int k1 = cfg.truncation(), k2 = cfg.backwardSteps(), T = sequence.steps(), B = sequence.batchSize();
        for (long t0 = 0; t0 < T; t0 += k1, sums.segments++) {
            long s0 = System.nanoTime();
            int steps = (int) Math.min(k1, T - t0), window = Math.min(k2, steps), w0 = (int) t0 + steps - window;
            for (int c0 = (int) t0; c0 < w0; c0 += k2) {            // the prefix: inference, state carried
                Batch chunk = segments.slice(sequence, c0, Math.min(k2, w0 - c0), 0);
                double loss = model.forward(chunk, false, c0 > 0 || continueState);
                double m = chunk.maskSum();
                if (m > 0) sums.add(loss, model.lastAccuracy(), m);    // counted, no gradient
            }
            Batch last = segments.slice(sequence, w0, window, 0);
            boolean carry = w0 > 0 || continueState;
            double m = last.maskSum();
            if (!(m > 0)) {
                model.forward(last, false, carry);                  // no loss in the window: no update
                continue;
            }
            double loss = model.forward(last, true, carry);
            update(loss, s0, sums, (long) window * B);
            sums.add(loss, model.lastAccuracy(), m);
        }
        return sums.pass();
    }

    /**
     * k2 &gt; k1: segment s's window [max(end − k2, 0), end) forward in training mode from the state
     * kept at its start, with the mask zeroed before the segment, backward, update; the state at the
     * next window's start is taken from this forward pass ({@link SequenceModel#carryFrom}).
     */
    private Pass overlapping(Batch sequence, boolean continueState, Sums sums) {
        int k1 = cfg.truncation(), k2 = cfg.backwardSteps(), T = sequence.steps(), B = sequence.batchSize();
        for (long t0 = 0; t0 < T; t0 += k1, sums.segments++) {
            long s0 = System.nanoTime();
            int end = (int) Math.min(t0 + k1, T), w0 = Math.max(end - k2, 0);
            Batch window = segments.slice(sequence, w0, end - w0, (int) t0 - w0);
            boolean carry = w0 > 0 || continueState;                // w0 = 0: the call's initial state
            double m = window.maskSum();
            if (m > 0) {
                double loss = model.forward(window, true, carry);
                update(loss, s0, sums, (long) (end - w0) * B);
                sums.add(loss, model.lastAccuracy(), m);
            } else {
                model.forward(window, false, carry);                // no loss in the segment: no update
            }
            if (end < T) {
                int next = (int) Math.min((long) end + k1, T);
                model.carryFrom(Math.max(next - k2, 0) - w0);       // the next window starts inside this one
            }
        }
        return sums.pass();
    }

    /** Backward, clip and update after a training forward pass that gave {@code loss}; tells the listeners. */
    private void update(double loss, long s0, Sums sums, long rows) {
        double norm = Trainer.update(model, optimizer, loss, cfg.clipNorm(), updates + 1);
        updates++;                                                  // counted once the update is applied
        sums.made++;
        long s1 = System.nanoTime();
        StepMetrics metrics = new StepMetrics(updates, loss, model.lastAccuracy(), norm, (s1 - s0) * 1e-9,
                (s1 - sums.start) * 1e-9, rows);
        for (TrainListener l : listeners) l.onStep(metrics);
    }

    /**
     * Copies step ranges of a long batch into reused buffers, one set per length, the few lengths
     * used last kept (full segments, windows, the last segment): allocates only when a length is
     * new or the batch's shape changes.
     */
    private static final class Segments {
        private final Buffers[] kept = new Buffers[4];

        /** Steps [t0, t0 + steps) of {@code src}, with the mask of the first {@code noLoss} steps set to 0. */
        Batch slice(Batch src, int t0, int steps, int noLoss) {
            Buffers b = buffers(steps);
            int B = src.batchSize(), I = src.inputSize(), C = src.outputSize();
            b.fit(steps, B, I, C, src.isClassification());
            System.arraycopy(src.x(), t0 * B * I, b.x, 0, steps * B * I);
            System.arraycopy(src.mask(), t0 * B, b.mask, 0, steps * B);
            Arrays.fill(b.mask, 0, noLoss * B, 0f);
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

        /** The buffers of this length, moved to the front; the least recently used one is reused for a new length. */
        private Buffers buffers(int steps) {
            int i = 0;
            while (i < kept.length - 1 && kept[i] != null && kept[i].steps != steps) i++;
            Buffers b = kept[i] != null ? kept[i] : new Buffers();
            System.arraycopy(kept, 0, kept, 1, i);
            kept[0] = b;
            return b;
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
