package org.rnn4j.train;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Clip;
import org.rnn4j.optim.Optimizer;

/**
 * The training loop with full BPTT: one fresh batch per update.
 * <pre>
 *   for step in 1..steps:
 *     batch = source.next(B, dataRng)
 *     loss  = model.forward(batch)      // caches the whole sequence
 *     grads = 0;  model.backward()      // BPTT
 *     grads[frozen] = 0                 // entries training leaves unchanged (e.g. frozen gate biases)
 *     norm  = clip(grads, maxNorm)      // PyTorch's clip_grad_norm_, returns the pre-clip norm
 *     optimizer.update(params, grads, step);  params[frozen] = their values before the step
 * </pre>
 * A non-finite loss or norm stops training with {@link TrainingDivergedException} before the update.
 */
public final class Trainer {

    /** What a run ended with. */
    public record Result(long steps, double finalLoss, double meanLastLoss, double seconds) {}

    private final SequenceModel model;
    private final Optimizer optimizer;
    private final BatchSource source;
    private final TrainConfig cfg;
    private final List<TrainListener> listeners;
    private final RandomGenerator dataRng;

    /**
     * @param dataRng the generator batches are drawn from (see {@link #dataRandom(long)})
     */
    public Trainer(SequenceModel model, Optimizer optimizer, BatchSource source, TrainConfig cfg,
                   RandomGenerator dataRng, List<TrainListener> listeners) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.source = Objects.requireNonNull(source, "source");
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.dataRng = Objects.requireNonNull(dataRng, "dataRng");
        this.listeners = List.copyOf(listeners);
    }

    /** The generator for parameter initialisation derived from a run seed. */
    public static RandomGenerator initRandom(long seed) {
        return new SplittableRandom(seed);
    }

    /** The generator for data derived from a run seed (a stream independent of {@link #initRandom}). */
    public static RandomGenerator dataRandom(long seed) {
        return new SplittableRandom(seed).split();
    }

    /**
     * One update after a training forward pass that returned {@code loss}: gradients zeroed and
     * back-propagated, clipped to {@code clipNorm} (PyTorch's formula; ≤ 0: none), then optimizer
     * step number {@code step}. The model's frozen entries ({@link org.rnn4j.param.ParamLayout#frozen()})
     * get a zero gradient before clipping (so they are not in the norm, as parameters without
     * {@code requires_grad} in PyTorch) and their values back after the step, bit for bit. Returns
     * the pre-clip gradient norm. A non-finite loss or norm throws
     * {@link TrainingDivergedException} before the parameters change. Shared by every training loop.
     */
    static double update(SequenceModel model, Optimizer optimizer, double loss, double clipNorm, long step) {
        if (!Double.isFinite(loss)) throw new TrainingDivergedException(step, "the loss", loss);
        model.zeroGrads();
        model.backward();
        model.zeroFrozenGradients();                    // frozen entries: no gradient, not in the norm
        double norm = Clip.globalNorm(model.grads(), clipNorm);
        if (!Double.isFinite(norm)) throw new TrainingDivergedException(step, "the gradient norm", norm);
        model.saveFrozen();
        optimizer.update(model.params(), model.grads(), step);
        model.restoreFrozen();                          // weight decay would move them even so
        return norm;
    }

    /** Runs {@code cfg.steps()} updates. */
    public Result run() {
        long start = System.nanoTime();
        double last = Double.NaN, window = 0;
        int windowN = 0, windowSize = Math.max(1, Math.min(100, cfg.steps() / 10));
        for (long step = 1; step <= cfg.steps(); step++) {
            long t0 = System.nanoTime();
            Batch batch = source.next(cfg.batchSize(), dataRng);
            double loss = model.forward(batch, true);
            double norm = update(model, optimizer, loss, cfg.clipNorm(), step);
            long t1 = System.nanoTime();
            last = loss;
            if (step > cfg.steps() - windowSize) {
                window += loss;
                windowN++;
            }
            StepMetrics m = new StepMetrics(step, loss, model.lastAccuracy(), norm, (t1 - t0) * 1e-9,
                    (t1 - start) * 1e-9, (long) batch.steps() * batch.batchSize());
            for (TrainListener l : listeners) l.onStep(m);
        }
        Result r = new Result(cfg.steps(), last, window / Math.max(1, windowN), (System.nanoTime() - start) * 1e-9);
        for (TrainListener l : listeners) l.onEnd(r);
        return r;
    }
}
