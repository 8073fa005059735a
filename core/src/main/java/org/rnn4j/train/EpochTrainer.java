package org.rnn4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Optimizer;

/**
 * Epoch-based training on a fixed data set, with validation and test after every epoch and the
 * test figures reported at the best validation epoch:
 * <pre>
 *   for epoch in 1..E:
 *     for each batch of ⌊N_train / B⌋ in data.order(TRAIN, epoch):      (a last partial batch is dropped)
 *       loss = forward; grads = 0; backward; clip; optimizer.update
 *     valid = evaluate(VALID);  test = evaluate(TEST)                   (forward only, no backward caches)
 *     the policy: learning-rate schedule, early stopping (EpochPolicy)
 *   best = the epoch with the lowest validation loss (ties: the earlier epoch)
 * </pre>
 * Evaluation runs every example once, in batches of {@code evalBatch} (the last one smaller), and
 * returns the mask-weighted mean loss and accuracy over the fold. A non-finite training loss or
 * gradient norm stops training with {@link TrainingDivergedException} before the update.
 */
public final class EpochTrainer {
    /** k1 of {@link #truncation(int, int)} for one segment per sequence, however long: {@link Integer#MAX_VALUE}. */
    public static final int WHOLE_SEQUENCE = Integer.MAX_VALUE;

    /** Mean loss and accuracy over one fold (NaN when the fold is empty). */
    public record Eval(double loss, double accuracy, int examples) {}

    /** One finished epoch; {@code learningRate} is the rate it trained with. */
    public record EpochResult(int epoch, double trainLoss, double trainAccuracy, Eval valid, Eval test,
                              long updates, double learningRate, double seconds) {}

    /**
     * All epochs and the best one (by validation loss; the last epoch when there is no validation
     * fold); {@code stoppedEarly} when the policy's early stopping ended the run before its epochs.
     */
    public record Result(List<EpochResult> epochs, EpochResult best, boolean stoppedEarly) {}

    /** Sees every update and every finished epoch. */
    public interface Listener {
        /** After each update; {@code m.step()} counts updates over all epochs. */
        default void onStep(StepMetrics m) {}

        /** After each epoch's evaluation. */
        default void onEpoch(EpochResult r) {}
    }

    private final SequenceModel model;
    private final Optimizer optimizer;
    private final EpochData data;
    private final int batchSize, evalBatch;
    private final double clipNorm;
    private final List<Listener> listeners;
    private EpochPolicy policy = EpochPolicy.none();
    private Tbptt tbptt;

    /**
     * @param batchSize training batch size B (≥ 1)
     * @param evalBatch evaluation batch size (≥ 1)
     * @param clipNorm  global-norm clip before each update (≤ 0: none)
     */
    public EpochTrainer(SequenceModel model, Optimizer optimizer, EpochData data, int batchSize, int evalBatch,
                        double clipNorm, List<Listener> listeners) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.data = Objects.requireNonNull(data, "data");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (evalBatch < 1) throw new IllegalArgumentException("evaluation batch size must be >= 1, got " + evalBatch);
        if (data.size(EpochData.Fold.TRAIN) < batchSize) {
            throw new IllegalArgumentException("the training fold has " + data.size(EpochData.Fold.TRAIN)
                    + " examples, fewer than one batch of " + batchSize);
        }
        this.batchSize = batchSize;
        this.evalBatch = evalBatch;
        this.clipNorm = clipNorm;
        this.listeners = List.copyOf(listeners);
    }

    /** Sets the learning-rate schedule and early stopping (default {@link EpochPolicy#none()}). */
    public EpochTrainer policy(EpochPolicy policy) {
        if (policy == null) throw new IllegalArgumentException("policy must not be null (EpochPolicy.none() for none)");
        this.policy = policy;
        return this;
    }

    /**
     * Trains and evaluates each sequence by truncated BPTT in segments of {@code k} steps (the state
     * carried and detached, one update per segment that carries loss; {@link Tbptt}), so that memory
     * holds k steps instead of T: for long sequences. With the loss at the last step only (the pixel
     * tasks), each batch makes one update, through its last segment. k ≥ T is full BPTT.
     * Same as {@code truncation(k, k)}.
     */
    public EpochTrainer truncation(int k) {
        return truncation(k, k);
    }

    /**
     * Trains each sequence by truncated BPTT(k1, k2) ({@link Tbptt}): segments of {@code k1} steps,
     * one update per segment, the gradient of each segment's losses flowing back {@code k2} steps
     * from its end (k2 &lt; k1: only the segment's last k2 steps, the others run forward without
     * gradient; k2 &gt; k1: into the earlier segments, recomputed). {@code k1 = }{@link #WHOLE_SEQUENCE}
     * makes one segment of the whole sequence: {@code truncation(WHOLE_SEQUENCE, W)} back-propagates
     * the last W steps of each sequence only (Trinh et al. 2018's Truncate-W with the loss at the
     * last step). Evaluation runs in segments of k1 steps (k2 plays no part in it).
     */
    public EpochTrainer truncation(int k1, int k2) {
        this.tbptt = new Tbptt(model, optimizer, new TbpttConfig(k1, k2, Math.max(0, clipNorm)),
                List.of(m -> {
                    for (Listener l : listeners) l.onStep(m);
                }));
        return this;
    }

    /** Trains up to {@code epochs} epochs (≥ 1), fewer when early stopping ends the run. */
    public Result run(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        List<EpochResult> results = new ArrayList<>();
        EpochResult best = null;
        EpochPolicy.Tracker tracker = policy.tracker();
        boolean stopped = false;
        long update = 0;
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long e0 = System.nanoTime();
            int[] order = data.order(EpochData.Fold.TRAIN, epoch);
            int batches = order.length / batchSize;
            double lossSum = 0, accSum = 0;
            for (int k = 0; k < batches; k++) {
                long t0 = System.nanoTime();
                Batch batch = data.batch(EpochData.Fold.TRAIN, order, k * batchSize, batchSize);
                if (tbptt != null) {
                    Tbptt.Pass p = tbptt.train(batch, false);
                    update = tbptt.updates();
                    lossSum += p.loss();
                    accSum += p.accuracy();
                    continue;
                }
                double loss = model.forward(batch, true);
                double norm = Trainer.update(model, optimizer, loss, clipNorm, ++update);
                lossSum += loss;
                accSum += model.lastAccuracy();
                long t1 = System.nanoTime();
                StepMetrics m = new StepMetrics(update, loss, model.lastAccuracy(), norm, (t1 - t0) * 1e-9,
                        (t1 - start) * 1e-9, (long) batch.steps() * batch.batchSize());
                for (Listener l : listeners) l.onStep(m);
            }
            Eval valid = evaluate(EpochData.Fold.VALID, epoch);
            Eval test = evaluate(EpochData.Fold.TEST, epoch);
            EpochResult r = new EpochResult(epoch, lossSum / batches, accSum / batches, valid, test, update,
                    optimizer.learningRate(), (System.nanoTime() - e0) * 1e-9);
            results.add(r);
            if (best == null || valid.examples() == 0 || valid.loss() < best.valid().loss()) best = r;
            for (Listener l : listeners) l.onEpoch(r);
            // the policy, on the validation loss (PyTorch: scheduler.step() after the epoch)
            EpochPolicy.Decision d = tracker.after(epoch, valid.examples() == 0 ? Double.NaN : valid.loss());
            if (d.lrFactor() != 1) optimizer.learningRate(optimizer.learningRate() * d.lrFactor());
            if (d.stop() && epoch < epochs) {
                stopped = true;
                break;
            }
        }
        return new Result(List.copyOf(results), best, stopped);
    }

    /**
     * Mean loss and accuracy over every example of {@code fold}, forward only. Asks the data for
     * the fold's order ({@link EpochData#order}), which for psMNIST draws from the protocol's one
     * generator: calling it outside {@link #run} shifts every later order of that data object.
     */
    public Eval evaluate(EpochData.Fold fold, int epoch) {
        int n = data.size(fold);
        if (n == 0) return new Eval(Double.NaN, Double.NaN, 0);
        int[] order = data.order(fold, epoch);
        double loss = 0, hits = 0, weight = 0;
        for (int from = 0; from < n; from += evalBatch) {
            int count = Math.min(evalBatch, n - from);
            Batch batch = data.batch(fold, order, from, count);
            double w = batch.maskSum();
            if (tbptt != null) {
                Tbptt.Pass p = tbptt.evaluate(batch, false);
                loss += p.loss() * w;
                hits += p.accuracy() * w;
            } else {
                loss += model.forward(batch, false) * w;
                hits += model.lastAccuracy() * w;
            }
            weight += w;
        }
        return new Eval(loss / weight, hits / weight, n);
    }
}
