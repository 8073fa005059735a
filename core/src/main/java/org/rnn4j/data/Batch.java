package org.rnn4j.data;

import java.util.Objects;

/**
 * One batch of sequences, time-major: step {@code t} of every buffer is one contiguous block.
 * <pre>
 *   x       [T, B, I]  inputs (one-hot symbols or real values)
 *   labels  [T, B]     class ids in [0, C) for classification tasks, else null
 *   targets [T, B, C]  regression targets for regression tasks, else null
 *   mask    [T, B]     loss weight of each (step, example); 0 = the step carries no loss
 *   times   [T, B]     the timestamp of each (step, example), or null (see below)
 * </pre>
 * The loss of a batch is {@code Σ mask·ℓ / Σ mask}, so an all-ones mask gives the mean over
 * every step and example, and a mask on the last step only gives the batch mean at that step.
 * <p>{@code times} carries real-valued timestamps for the cells with a time gate that read them
 * ({@code Timestamps.GIVEN} of the cell package, e.g. asynchronously sampled events, as the Phased LSTM's
 * own code feeds them: a separate array beside x). Every other cell ignores them, and the tasks
 * leave them null. Float32 like everything else: keep them relative to the sequence's start (a
 * float holds integers exactly only up to 2^24).
 *
 * @param steps      T, the sequence length of this batch
 * @param batchSize  B
 * @param inputSize  I
 * @param outputSize C, the number of classes or the regression width
 * @param times      {@code [T, B]} finite timestamps, or null
 */
public record Batch(int steps, int batchSize, int inputSize, int outputSize,
                    float[] x, int[] labels, float[] targets, float[] mask, float[] times) {

    public Batch {
        Check.positive("steps T", steps);
        Check.positive("batchSize B", batchSize);
        Check.positive("inputSize I", inputSize);
        Check.positive("outputSize C", outputSize);
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(mask, "mask");
        Check.length("x [T, B, I]", x, (long) steps * batchSize * inputSize);
        Check.length("mask [T, B]", mask, (long) steps * batchSize);
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("a batch needs exactly one of labels or targets");
        }
        if (labels != null) {
            if (labels.length != steps * batchSize) {
                throw new IllegalArgumentException("labels must have T*B = " + steps * batchSize
                        + " entries, got " + labels.length);
            }
            for (int i = 0; i < labels.length; i++) {
                if (mask[i] != 0f && (labels[i] < 0 || labels[i] >= outputSize)) {
                    throw new IllegalArgumentException("label at step " + i / batchSize + ", example "
                            + i % batchSize + " must be in [0, C=" + outputSize + "), got " + labels[i]);
                }
            }
        } else {
            Check.length("targets [T, B, C]", targets, (long) steps * batchSize * outputSize);
        }
        if (times != null) {
            Check.length("times [T, B]", times, (long) steps * batchSize);
            for (int i = 0; i < times.length; i++) {
                if (!Float.isFinite(times[i])) {
                    throw new IllegalArgumentException("times at step " + i / batchSize + ", example " + i % batchSize
                            + " must be finite, got " + times[i]);
                }
            }
        }
    }

    /** A batch without timestamps ({@code times = null}). */
    public Batch(int steps, int batchSize, int inputSize, int outputSize, float[] x, int[] labels, float[] targets,
                 float[] mask) {
        this(steps, batchSize, inputSize, outputSize, x, labels, targets, mask, null);
    }

    /** This batch with timestamps {@code times [T, B]} (null: none); the other arrays are shared, not copied. */
    public Batch withTimes(float[] times) {
        return new Batch(steps, batchSize, inputSize, outputSize, x, labels, targets, mask, times);
    }

    /** True when the batch carries class labels (cross-entropy), false for regression targets. */
    public boolean isClassification() {
        return labels != null;
    }

    /** Σ mask: the number of (step, example) pairs that carry loss, weighted. */
    public double maskSum() {
        double s = 0;
        for (float m : mask) s += m;
        return s;
    }
}
