package org.rnn4j.bench;

import java.util.SplittableRandom;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Clip;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

/**
 * One training step of a one-layer classifier of any cell at the sequential-MNIST shape, the
 * workload of the PyTorch baselines ({@code bench/python/}, cpu-performance.md §4): input I = 1 over
 * T steps, a linear readout to 10 classes at the last step only, cross-entropy, full BPTT,
 * global-norm clipping at 1.0, Adam (lr 1e-3).
 * <pre>
 *   zeroGrads → forward(batch, true) → backward → Clip.globalNorm(grads, 1.0) → Adam.update
 * </pre>
 * The batch ({@code [T, B, 1]} inputs uniform in [0, 1), labels uniform in 0..9 at the last step)
 * is fixed by the seed. Records each phase's time and the GEMM flops the model's {@code Compute}
 * counted during the step. Not thread-safe; {@link #close()} stops the compute workers.
 */
public final class TrainStep implements AutoCloseable {
    /** Classes of the readout. */
    public static final int CLASSES = 10;

    private final SequenceModel model;
    private final Batch batch;
    private final Adam adam = Adam.of(1e-3);
    private long step;
    private long forwardNanos, backwardNanos, optimizerNanos, flops;
    private double lastLoss;

    /** Builds the model of {@code cell} (its input size must be 1; seeded init) and a random batch of {@code [T, B, 1]}. */
    public TrainStep(CellConfig cell, int steps, int batchSize, int threads, long seed) {
        if (cell.inputSize() != 1) throw new IllegalArgumentException("the cell's input size I must be 1, got " + cell.inputSize());
        SplittableRandom rnd = new SplittableRandom(seed);
        this.model = new SequenceModel(ModelConfig.classifier(cell, CLASSES), rnd.split(), threads);
        this.batch = randomBatch(steps, batchSize, rnd);
    }

    /** A batch of T·B inputs in [0, 1) with a label and mask 1 at the last step only. */
    static Batch randomBatch(int steps, int batchSize, SplittableRandom rnd) {
        float[] x = new float[steps * batchSize];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble();
        int[] labels = new int[steps * batchSize];
        float[] mask = new float[steps * batchSize];
        int last = (steps - 1) * batchSize;
        for (int b = 0; b < batchSize; b++) {
            labels[last + b] = rnd.nextInt(CLASSES);
            mask[last + b] = 1f;
        }
        return new Batch(steps, batchSize, 1, CLASSES, x, labels, null, mask);
    }

    /** Runs one full training step, recording the time of its phases and its GEMM flops; returns the loss. */
    public double run() {
        model.compute().resetFlops();
        long t0 = System.nanoTime();
        model.zeroGrads();
        double loss = model.forward(batch, true);
        long t1 = System.nanoTime();
        model.backward();
        long t2 = System.nanoTime();
        Clip.globalNorm(model.grads(), 1.0);
        adam.update(model.params(), model.grads(), ++step);
        long t3 = System.nanoTime();
        flops = model.compute().flops();
        forwardNanos = t1 - t0;
        backwardNanos = t2 - t1;
        optimizerNanos = t3 - t2;
        lastLoss = loss;
        return loss;
    }

    /** Nanoseconds of zeroGrads + forward (with loss) in the last {@link #run()}. */
    public long forwardNanos() {
        return forwardNanos;
    }

    /** Nanoseconds of backward (readout and BPTT) in the last {@link #run()}. */
    public long backwardNanos() {
        return backwardNanos;
    }

    /** Nanoseconds of clipping plus the Adam update in the last {@link #run()}. */
    public long optimizerNanos() {
        return optimizerNanos;
    }

    /** GEMM flops (Σ 2·M·N·K) of the last {@link #run()}. */
    public long flops() {
        return flops;
    }

    /** The loss of the last {@link #run()}. */
    public double lastLoss() {
        return lastLoss;
    }

    /** The model trained. */
    public SequenceModel model() {
        return model;
    }

    /** Stops the model's compute workers. */
    @Override
    public void close() {
        model.close();
    }
}
