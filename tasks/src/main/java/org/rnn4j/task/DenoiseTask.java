package org.rnn4j.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Batch;
import org.rnn4j.data.Check;

/**
 * Denoising (Jing et al. 2017, the GORU paper, arXiv 1706.02761), generated exactly as myTorch
 * {@code DenoisingData} (nru-chrono.md §1.4). Symbols: 0 blank/noise, 1..8 digits, 9 marker.
 * <pre>
 *   per example: seq ~ UniformInt[1, 8]^L;  pos = L distinct positions of [0, T), uniform, sorted
 *   x      t ∈ [0, T): seq[k] at t = pos[k], blank (the only noise id) elsewhere
 *          t = T: marker 9          t ∈ [T+1, T+1+L): blank
 *   labels 0 for t ≤ T;   seq[t-T-1] for t ∈ [T+1, T+1+L)
 *   mask   1 on the last L steps only: the loss is the mean cross-entropy over those L·B entries
 * </pre>
 * Shapes: x [L+T+1, B, I=10] one-hot, labels [L+T+1, B] in [0, C=9), mask [L+T+1, B]. Unlike copy,
 * T is fixed for the task and the digits sit at random positions among the noise. Requires T ≥ L.
 */
public final class DenoiseTask implements Task {

    /**
     * Denoise settings; defaults live only in {@link #defaults()}.
     *
     * @param length L, the number of digits to recall
     * @param lag    T, the number of noisy steps the digits are scattered over (T ≥ L)
     */
    public record Config(int length, int lag) {

        /** Validates L ≥ 1, T ≥ L and that L + T + 1 fits an int. */
        public Config {
            Check.positive("length L", length);
            Check.positive("lag T", lag);
            if (lag < length) {
                throw new IllegalArgumentException("lag T must be >= length L=" + length
                        + " (L distinct positions are drawn from [0, T)), got " + lag);
            }
            if ((long) length + lag + 1 > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("steps L+T+1 must fit an int; got L=" + length + ", T=" + lag);
            }
        }

        /** The defaults: L = 10 digits over T = 100 noisy steps (the NRU paper's "100_lag" denoise). */
        public static Config defaults() {
            return new Config(10, 100);
        }

        /** This config with L = {@code length} digits. */
        public Config withLength(int length) {
            return new Config(length, lag);
        }

        /** This config with T = {@code lag} noisy steps. */
        public Config withLag(int lag) {
            return new Config(length, lag);
        }
    }

    private final Config config;

    /** A denoise task with the given settings. */
    public DenoiseTask(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The settings of this task. */
    public Config config() {
        return config;
    }

    /** {@code denoise}. */
    @Override
    public String name() {
        return "denoise";
    }

    /** Classification: cross-entropy over C = 9 classes on the last L steps. */
    @Override
    public Kind kind() {
        return Kind.CLASSIFICATION;
    }

    /** I = 10: one-hot over blank, 8 digits and the marker. */
    @Override
    public int inputSize() {
        return Symbols.INPUT_SIZE;
    }

    /** C = 9: blank and the 8 digits (the marker is never a target). */
    @Override
    public int outputSize() {
        return Symbols.CLASSES;
    }

    /** L + T + 1 (every batch has this length). */
    @Override
    public int maxSteps() {
        return config.length() + config.lag() + 1;
    }

    /** Per example: L digits, then L positions (Floyd's sampling); see the class doc for the layout. */
    @Override
    public Batch sample(int batchSize, RandomGenerator rng) {
        Check.positive("batchSize B", batchSize);
        Objects.requireNonNull(rng, "rng");
        int n = config.length();
        int lag = config.lag();
        int steps = maxSteps();
        float[] x = Symbols.newOneHot(steps, batchSize);               // x: [L+T+1, B, 10]
        int[] labels = new int[steps * batchSize];                      // labels: [L+T+1, B]
        float[] mask = new float[steps * batchSize];                    // mask: [L+T+1, B]
        int[] seq = new int[n];
        boolean[] chosen = new boolean[lag];
        for (int b = 0; b < batchSize; b++) {
            for (int i = 0; i < n; i++) seq[i] = Symbols.digit(rng);
            choose(n, chosen, rng);
            int k = 0;
            for (int t = 0; t < lag; t++) {
                Symbols.set(x, t, b, batchSize, chosen[t] ? seq[k++] : Symbols.BLANK);
            }
            Symbols.set(x, lag, b, batchSize, Symbols.MARKER);
            for (int i = 0; i < n; i++) {
                int at = (lag + 1 + i) * batchSize + b;
                labels[at] = seq[i];
                mask[at] = 1f;
            }
        }
        Symbols.blanks(x, lag + 1, steps, batchSize);
        return new Batch(steps, batchSize, Symbols.INPUT_SIZE, Symbols.CLASSES, x, labels, null, mask);
    }

    /**
     * Marks a uniformly random subset of {@code count} positions in {@code chosen} (length T), each
     * subset equally likely, with exactly {@code count} integer draws (Floyd's algorithm). Scanning
     * {@code chosen} in order then gives the positions sorted.
     */
    static void choose(int count, boolean[] chosen, RandomGenerator rng) {
        Arrays.fill(chosen, false);
        for (int j = chosen.length - count; j < chosen.length; j++) {
            int r = rng.nextInt(0, j + 1);
            chosen[chosen[r] ? j : r] = true;
        }
    }

    /**
     * ln 8 ≈ 2.0794 nats: at each of the L scored steps the input is blank, and each digit is
     * uniform over 8 values independent of the clock, so a predictor with no memory can only guess
     * uniformly among the 8 digits.
     */
    @Override
    public double memorylessLoss() {
        return Math.log(Symbols.DIGITS);
    }

    /** For example {@code denoise: L=10 digits among T=100 noisy steps, L+T+1=111 steps, ...}. */
    @Override
    public String describe() {
        return String.format(Locale.ROOT,
                "denoise: L=%d digits among T=%d noisy steps, L+T+1=%d steps, I=%d one-hot, C=%d classes,"
                        + " CE on the last L steps, memoryless CE %.4f nats",
                config.length(), config.lag(), maxSteps(), inputSize(), outputSize(), memorylessLoss());
    }
}
