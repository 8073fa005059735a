package org.rnn4j.bench;

import java.util.SplittableRandom;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.Clip;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

/**
 * One training step of the pixel-MNIST-shaped LSTM classifier, the workload of the PyTorch
 * baseline ({@code bench/scripts/pytorch_lstm_step.py}, cpu-performance.md §4): an LSTM with
 * I = 1 and H hidden units over T steps, a linear readout to 10 classes at the last step only,
 * cross-entropy, full BPTT, global-norm clipping at 1.0 and Adam (lr 1e-3).
 * <pre>
 *   zeroGrads → forward(batch, true) → backward → Clip.globalNorm(grads, 1.0) → Adam.update
 * </pre>
 * Inputs are uniform in [0, 1) and labels uniform in 0..9, both fixed by the seed. Not thread-safe;
 * {@link #close()} stops the model's compute workers.
 */
public final class LstmStep implements AutoCloseable {
    /** Classes of the readout. */
    public static final int CLASSES = 10;

    private final SequenceModel model;
    private final Batch batch;
    private final Adam adam = Adam.of(1e-3);
    private long step;
    private long forwardNanos, backwardNanos, optimizerNanos;
    private double lastLoss;

    /** Builds the model (seeded init) and a random batch of {@code [T, B, 1]}. */
    public LstmStep(int hidden, int steps, int batchSize, int threads, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        this.model = new SequenceModel(ModelConfig.classifier(LstmConfig.of(1, hidden), CLASSES), rnd.split(), threads);
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

    /** Runs one full training step, recording the time of its phases; returns the loss. */
    public double run() {
        long t0 = System.nanoTime();
        model.zeroGrads();
        double loss = model.forward(batch, true);
        long t1 = System.nanoTime();
        model.backward();
        long t2 = System.nanoTime();
        Clip.globalNorm(model.grads(), 1.0);
        adam.update(model.params(), model.grads(), ++step);
        long t3 = System.nanoTime();
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
