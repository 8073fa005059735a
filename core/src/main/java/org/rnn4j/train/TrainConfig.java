package org.rnn4j.train;

import org.rnn4j.data.Check;

/**
 * Settings of a training run.
 *
 * @param steps     number of optimizer updates (one fresh batch each)
 * @param batchSize B
 * @param clipNorm  global-norm clipping threshold; 0 = no clipping
 * @param seed      seeds every random draw of the run (init and data)
 * @param threads   compute threads (results do not depend on it)
 */
public record TrainConfig(int steps, int batchSize, double clipNorm, long seed, int threads) {

    public TrainConfig {
        Check.positive("steps", steps);
        Check.positive("batchSize", batchSize);
        Check.nonNegative("clipNorm", clipNorm);
        Check.positive("threads", threads);
    }

    /** The NRU paper's protocol: batch 10, clip 1.0, seed 5, one thread. */
    public static TrainConfig of(int steps) {
        return new TrainConfig(steps, 10, 1.0, 5, 1);
    }

    /** A copy of this configuration with {@code b} changed. */
    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(steps, b, clipNorm, seed, threads);
    }

    /** A copy of this configuration with {@code c} changed. */
    public TrainConfig withClipNorm(double c) {
        return new TrainConfig(steps, batchSize, c, seed, threads);
    }

    /** A copy of this configuration with {@code s} changed. */
    public TrainConfig withSeed(long s) {
        return new TrainConfig(steps, batchSize, clipNorm, s, threads);
    }

    /** A copy of this configuration with {@code t} changed. */
    public TrainConfig withThreads(int t) {
        return new TrainConfig(steps, batchSize, clipNorm, seed, t);
    }
}
