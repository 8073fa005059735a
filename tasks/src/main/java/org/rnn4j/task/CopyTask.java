package org.rnn4j.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Batch;
import org.rnn4j.data.Check;

/**
 * Copying memory (Arjovsky et al. 2016, arXiv 1511.06464), generated exactly as myTorch
 * {@code CopyingMemoryData} (nru-chrono.md §1.4). Symbols: 0 blank, 1..8 digits, 9 marker.
 * <pre>
 *   lag T ~ UniformInt[lagMin, lagMax], drawn ONCE PER BATCH (every row shares it); steps = 2L + T
 *   x      t ∈ [0, L): digit d_t ~ UniformInt[1, 8] iid   t ∈ [L, L+T-1): blank   t = L+T-1: marker 9
 *          t ∈ [L+T, 2L+T): blank
 *   labels 0 for t < L+T;   d_{t-L-T} for t ∈ [L+T, 2L+T)
 *   mask   1 everywhere: the loss is the mean cross-entropy over all 2L+T steps and B examples
 * </pre>
 * Shapes: x [2L+T, B, I=10] one-hot, labels [2L+T, B] in [0, C=9), mask [2L+T, B]. The marker is
 * never a target, so C = 9.
 * <p>Fixed copy ("copy_v1", registry name {@code copy}): lagMin = lagMax = T. Variable copy
 * ("copy_v2", Henaff et al. 2016, registry name {@code varcopy}): lagMin = 1, lagMax = T.
 */
public final class CopyTask implements Task {

    /**
     * Copy settings; defaults live only in {@link #defaults()}.
     *
     * @param length L, the number of digits to copy
     * @param lagMin shortest lag T; the marker comes T steps after the last digit (index L+T-1)
     * @param lagMax longest lag T; equal to lagMin for fixed-lag copy
     */
    public record Config(int length, int lagMin, int lagMax) {

        /** Validates L ≥ 1, 1 ≤ lagMin ≤ lagMax and that 2L + lagMax fits an int. */
        public Config {
            Check.positive("length L", length);
            Check.positive("lagMin (shortest lag T)", lagMin);
            if (lagMax < lagMin) {
                throw new IllegalArgumentException("lagMax (longest lag T) must be >= lagMin=" + lagMin
                        + ", got " + lagMax);
            }
            if (2L * length + lagMax > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("steps 2L+T must fit an int; got L=" + length
                        + ", lagMax=" + lagMax);
            }
        }

        /** The defaults: L = 10 digits, fixed lag T = 100 (the NRU paper's "100_lag" copy_v1). */
        public static Config defaults() {
            return new Config(10, 100, 100);
        }

        /** This config with L = {@code length} digits. */
        public Config withLength(int length) {
            return new Config(length, lagMin, lagMax);
        }

        /** This config with the fixed lag T = {@code lag} (lagMin = lagMax = lag). */
        public Config withLag(int lag) {
            Check.positive("lag T", lag);
            return new Config(length, lag, lag);
        }

        /** This config with lags drawn per batch from UniformInt[lagMin, lagMax]. */
        public Config withLagRange(int lagMin, int lagMax) {
            return new Config(length, lagMin, lagMax);
        }

        /** Variable copy: this config with lagMin = 1 and the same lagMax. */
        public Config variable() {
            return new Config(length, 1, lagMax);
        }

        /** True when every batch has the same lag (lagMin = lagMax). */
        public boolean isFixed() {
            return lagMin == lagMax;
        }
    }

    private final Config config;

    /** A copy task with the given settings. */
    public CopyTask(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Fixed-lag copy with lag T = {@code lag} and the default L. */
    public static CopyTask fixed(int lag) {
        return new CopyTask(Config.defaults().withLag(lag));
    }

    /** Variable copy: lag T ~ UniformInt[1, maxLag] per batch, default L. */
    public static CopyTask variable(int maxLag) {
        return new CopyTask(Config.defaults().withLag(maxLag).variable());
    }

    /** The settings of this task. */
    public Config config() {
        return config;
    }

    /** {@code copy} for a fixed lag, {@code varcopy} when the lag varies (lagMin < lagMax). */
    @Override
    public String name() {
        return config.isFixed() ? "copy" : "varcopy";
    }

    /** Classification: cross-entropy over C = 9 classes at every step. */
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

    /** 2L + lagMax. */
    @Override
    public int maxSteps() {
        return 2 * config.length() + config.lagMax();
    }

    /** Draws one lag for the batch, then L digits per example; see the class doc for the layout. */
    @Override
    public Batch sample(int batchSize, RandomGenerator rng) {
        Check.positive("batchSize B", batchSize);
        Objects.requireNonNull(rng, "rng");
        int n = config.length();
        int lag = rng.nextInt(config.lagMin(), config.lagMax() + 1);   // once per batch
        int steps = 2 * n + lag;
        int marker = n + lag - 1;
        float[] x = Symbols.newOneHot(steps, batchSize);              // x: [2L+T, B, 10]
        int[] labels = new int[steps * batchSize];                     // labels: [2L+T, B], 0 = blank
        float[] mask = new float[steps * batchSize];                   // mask: [2L+T, B], all ones
        Arrays.fill(mask, 1f);
        for (int b = 0; b < batchSize; b++) {
            for (int i = 0; i < n; i++) {
                int d = Symbols.digit(rng);
                Symbols.set(x, i, b, batchSize, d);
                labels[(n + lag + i) * batchSize + b] = d;
            }
            Symbols.set(x, marker, b, batchSize, Symbols.MARKER);
        }
        Symbols.blanks(x, n, marker, batchSize);
        Symbols.blanks(x, marker + 1, steps, batchSize);
        return new Batch(steps, batchSize, Symbols.INPUT_SIZE, Symbols.CLASSES, x, labels, null, mask);
    }

    /**
     * Cross-entropy (nats) of the best predictor that knows the lag and the clock but remembers no
     * digit: blank with certainty on the first L+T steps, uniform over the 8 digits on the last L,
     * so a batch with lag T scores {@code L·ln 8 / (T + 2L)} (chrono paper: 10 log 8 / (T + 20)).
     * With a variable lag this returns the expectation of that batch loss over
     * T ~ UniformInt[lagMin, lagMax]; a truly memoryless model, which cannot tell where the answer
     * starts, does worse, so the value is a lower bound a remembering model must still beat.
     */
    @Override
    public double memorylessLoss() {
        double n = config.length();
        double sum = 0;
        for (int lag = config.lagMin(); lag <= config.lagMax(); lag++) {
            sum += n * Math.log(Symbols.DIGITS) / (lag + 2 * n);
        }
        return sum / (config.lagMax() - config.lagMin() + 1);
    }

    /** For example {@code copy: L=10 digits, lag T=100, 2L+T=120 steps, I=10, C=9, ...}. */
    @Override
    public String describe() {
        String lag = config.isFixed()
                ? "lag T=" + config.lagMax() + ", 2L+T=" + maxSteps() + " steps"
                : "lag T ~ UniformInt[" + config.lagMin() + ", " + config.lagMax() + "] per batch, 2L+T <= "
                        + maxSteps() + " steps";
        return String.format(Locale.ROOT,
                "%s: L=%d digits, %s, I=%d one-hot, C=%d classes, CE on every step, memoryless CE %.4f nats",
                name(), config.length(), lag, inputSize(), outputSize(), memorylessLoss());
    }
}
