package org.rnn4j.task;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Batch;
import org.rnn4j.data.Check;

/**
 * The adding problem (Hochreiter &amp; Schmidhuber 1997) in the standard two-channel form used by the
 * chrono paper (Tallec &amp; Ollivier 2018, §4 and Fig. 4; nru-chrono.md §2.3 (c)).
 * <pre>
 *   x[t, b, 0] = u_t ~ U[0, 1)                          values, every step
 *   x[t, b, 1] = 1 at t = m1 ~ UniformInt[0, T/2) and t = m2 ~ UniformInt[T/2, T), else 0   markers
 *   target[T-1, b, 0] = u_m1 + u_m2;   mask = 1 at t = T-1 only (loss = batch-mean squared error there)
 * </pre>
 * Shapes: x [T, B, I=2], targets [T, B, C=1] (zero except at t = T-1), mask [T, B]. T/2 is integer
 * division, so for odd T the second half is one step longer.
 * <p>Deviation: myTorch {@code adding_task.py} uses a one-channel layout (values, then markers, in
 * time); this is the two-channel layout of the chrono paper and of Hochreiter &amp; Schmidhuber.
 */
public final class AddingTask implements Task {

    /**
     * Adding settings; defaults live only in {@link #defaults()}.
     *
     * @param steps T, the sequence length (each half holds one marker, so T ≥ 2)
     */
    public record Config(int steps) {

        /** Validates T ≥ 2. */
        public Config {
            Check.inRange("steps T (sequence length)", steps, 2, Integer.MAX_VALUE - 8);
        }

        /** The defaults: T = 200 (the shorter of the chrono paper's two adding runs). */
        public static Config defaults() {
            return new Config(200);
        }

        /** This config with sequence length T = {@code steps}. */
        public Config withSteps(int steps) {
            return new Config(steps);
        }
    }

    /** I = 2: value channel and marker channel. */
    private static final int INPUT_SIZE = 2;

    private final Config config;

    /** An adding task with the given settings. */
    public AddingTask(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The settings of this task. */
    public Config config() {
        return config;
    }

    /** {@code adding}. */
    @Override
    public String name() {
        return "adding";
    }

    /** Regression: squared error at the last step. */
    @Override
    public Kind kind() {
        return Kind.REGRESSION;
    }

    /** I = 2: channel 0 values, channel 1 markers. */
    @Override
    public int inputSize() {
        return INPUT_SIZE;
    }

    /** C = 1: the sum. */
    @Override
    public int outputSize() {
        return 1;
    }

    /** T (every batch has this length). */
    @Override
    public int maxSteps() {
        return config.steps();
    }

    /** Per example: T values, then m1, then m2; see the class doc for the layout. */
    @Override
    public Batch sample(int batchSize, RandomGenerator rng) {
        Check.positive("batchSize B", batchSize);
        Objects.requireNonNull(rng, "rng");
        int steps = config.steps();
        int half = steps / 2;
        long n = (long) steps * batchSize * INPUT_SIZE;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("x [T=" + steps + ", B=" + batchSize + ", I=2] has " + n
                    + " entries, more than a Java array holds; use a smaller T or B");
        }
        float[] x = new float[(int) n];                      // x: [T, B, 2]
        float[] targets = new float[steps * batchSize];      // targets: [T, B, 1]
        float[] mask = new float[steps * batchSize];         // mask: [T, B]
        int last = (steps - 1) * batchSize;
        for (int b = 0; b < batchSize; b++) {
            for (int t = 0; t < steps; t++) x[(t * batchSize + b) * INPUT_SIZE] = rng.nextFloat();
            int m1 = rng.nextInt(0, half);
            int m2 = rng.nextInt(half, steps);
            x[(m1 * batchSize + b) * INPUT_SIZE + 1] = 1f;
            x[(m2 * batchSize + b) * INPUT_SIZE + 1] = 1f;
            targets[last + b] = x[(m1 * batchSize + b) * INPUT_SIZE] + x[(m2 * batchSize + b) * INPUT_SIZE];
            mask[last + b] = 1f;
        }
        return new Batch(steps, batchSize, INPUT_SIZE, 1, x, null, targets, mask);
    }

    /**
     * 1/6 ≈ 0.1667: the MSE of always predicting E[u1 + u2] = 1, which is
     * Var(u1 + u2) = 2 · Var(U[0, 1)) = 2 · 1/12 = 1/6 (the chrono paper quotes 0.167). This is the
     * conventional baseline; it ignores the 2/T chance that the last input itself is marked.
     */
    @Override
    public double memorylessLoss() {
        return 1.0 / 6.0;
    }

    /** For example {@code adding: T=200 steps, I=2 (value, marker), C=1, ...}. */
    @Override
    public String describe() {
        return String.format(Locale.ROOT,
                "adding: T=%d steps, I=2 (value, marker), one marker per half, C=1 sum,"
                        + " MSE at the last step, memoryless MSE %.4f",
                config.steps(), memorylessLoss());
    }
}
