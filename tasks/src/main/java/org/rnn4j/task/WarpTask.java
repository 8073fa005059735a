package org.rnn4j.task;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Batch;
import org.rnn4j.data.Check;

/**
 * The pure warping and padding tasks of the chrono paper (Tallec &amp; Ollivier 2018, §3, Figs. 1–2;
 * nru-chrono.md §2.3 (a)): output the previous character of a random character sequence whose time
 * axis has been warped. Alphabet of 10 symbols: 0 = dummy, 1..9 = characters.
 * <pre>
 *   characters  c_0 ~ UniformInt[1, 9];  c_k ~ uniform over the 8 characters of 1..9 other than c_{k-1}
 *   spans       r_k = W (uniform: warp, pad)   or   r_k ~ UniformInt[1, W] (variable: varwarp, varpad)
 *   character k occupies steps [s_k, s_k + r_k), s_0 = 0, s_{k+1} = s_k + r_k; cut at T = steps N
 *   warp, varwarp   x_t = c_k on every step of the span        label_t = c_{k-1}   (the same warping)
 *   pad, varpad     x_t = c_k at t = s_k, dummy 0 on the other r_k − 1 steps of the span
 *                   label_{s_k} = c_{k-1} (the previous non-zero character)
 *                   padding steps: mask 0 (PadTarget.MASK, default) or label 0, mask 1 (PadTarget.DUMMY)
 *   first character (k = 0, no previous one): mask 0 on its character steps (label 0 there)
 *   mask 1 on every other step; loss = Σ mask·CE / Σ mask (cross-entropy on the previous character)
 * </pre>
 * Shapes: x [T, B, I=10] one-hot, labels [T, B] in [0, C=10), mask [T, B]; every batch has T = N.
 * Draw order: example by example; per example c_0, r_0, c_1, r_1, … (r_k only when variable) until
 * the spans cover N steps. The padding span is the warping span with the repeats replaced by the
 * dummy, so "W − 1 zeros" (pad) and "UniformInt[0, W − 1] zeros" (varpad) follow each character and
 * consecutive characters are at most W steps apart in every variant.
 * <p>Where the paper is silent (see docs/tasks/warping.md): characters are 1..9 (the dummy is never a
 * character); the first character's steps carry no loss; the padding steps' target is an option.
 */
public final class WarpTask implements Task {

    /** The four settings of the paper's Figs. 1–2, by registry name. */
    public enum Variant {
        /** Uniform warping: each character repeated W times. */
        WARP("warp", false, false),
        /** Variable warping: each character repeated UniformInt[1, W] times. */
        VARWARP("varwarp", true, false),
        /** Fixed padding: each character followed by W − 1 dummies. */
        PAD("pad", false, true),
        /** Variable padding: each character followed by UniformInt[0, W − 1] dummies. */
        VARPAD("varpad", true, true);

        private final String taskName;
        private final boolean variable;
        private final boolean padded;

        Variant(String taskName, boolean variable, boolean padded) {
            this.taskName = taskName;
            this.variable = variable;
            this.padded = padded;
        }

        /** The registry name: warp, varwarp, pad or varpad. */
        public String taskName() {
            return taskName;
        }

        /** True when the spans are drawn from UniformInt[1, W] rather than fixed at W. */
        public boolean variable() {
            return variable;
        }

        /** True when the repeats are dummies (pad, varpad) rather than the character (warp, varwarp). */
        public boolean padded() {
            return padded;
        }
    }

    /** What the model must output on a padding step (input dummy); the paper does not say. */
    public enum PadTarget {
        /** No loss on padding steps: only the character steps are scored (the default). */
        MASK,
        /** The dummy 0 is the target on padding steps, scored like any other step. */
        DUMMY
    }

    /**
     * Warping settings; defaults live only in {@link #of(Variant)}.
     *
     * @param variant   which of the four tasks
     * @param maxWarp   W, the paper's maximum_warping: the span of each character (uniform) or its
     *                  largest span (variable); 1 ≤ W < N
     * @param steps     N = T, the length every sequence is cut to (the paper: 500)
     * @param padTarget the target on padding steps; must be MASK for warp and varwarp
     */
    public record Config(Variant variant, int maxWarp, int steps, PadTarget padTarget) {

        /** Validates W ≥ 1, N ≥ 2, W &lt; N (so every example has a scored step) and the pad target. */
        public Config {
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(padTarget, "padTarget");
            Check.positive("maxWarp W (maximum warping)", maxWarp);
            Check.inRange("steps T (sequence length N)", steps, 2, Integer.MAX_VALUE - 8);
            if (maxWarp >= steps) {
                throw new IllegalArgumentException("maxWarp W (maximum warping) must be < steps T=" + steps
                        + " so that every sequence holds a second character, got " + maxWarp);
            }
            if (padTarget != PadTarget.MASK && !variant.padded()) {
                throw new IllegalArgumentException("padTarget " + padTarget + " applies only to tasks pad and"
                        + " varpad (task " + variant.taskName() + " has no padding steps); use MASK");
            }
        }

        /** The defaults: W = 100 (the largest warping of the paper's sweep 10..100), N = 500, MASK. */
        public static Config of(Variant variant) {
            return new Config(variant, 100, 500, PadTarget.MASK);
        }

        /** This config with maximum warping W = {@code maxWarp}. */
        public Config withMaxWarp(int maxWarp) {
            return new Config(variant, maxWarp, steps, padTarget);
        }

        /** This config with sequence length N = {@code steps}. */
        public Config withSteps(int steps) {
            return new Config(variant, maxWarp, steps, padTarget);
        }

        /** This config with the given target on padding steps (pad and varpad only). */
        public Config withPadTarget(PadTarget padTarget) {
            return new Config(variant, maxWarp, steps, padTarget);
        }
    }

    /** The dummy symbol (padding, and the target of padding steps under PadTarget.DUMMY): id 0. */
    static final int DUMMY = 0;
    /** Number of characters; characters are ids 1..CHARACTERS. */
    static final int CHARACTERS = 9;
    /** I = C = 10: the dummy and the 9 characters. */
    static final int ALPHABET = 10;

    private final Config config;

    /** A warping or padding task with the given settings. */
    public WarpTask(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The settings of this task. */
    public Config config() {
        return config;
    }

    /** {@code warp}, {@code varwarp}, {@code pad} or {@code varpad}. */
    @Override
    public String name() {
        return config.variant().taskName();
    }

    /** Classification: cross-entropy over C = 10 classes. */
    @Override
    public Kind kind() {
        return Kind.CLASSIFICATION;
    }

    /** I = 10: one-hot over the dummy and the 9 characters. */
    @Override
    public int inputSize() {
        return ALPHABET;
    }

    /** C = 10: the dummy (a target only on padding steps under PadTarget.DUMMY) and the 9 characters. */
    @Override
    public int outputSize() {
        return ALPHABET;
    }

    /** T = N (every batch has this length). */
    @Override
    public int maxSteps() {
        return config.steps();
    }

    /** Example by example: characters and spans until N steps are covered; see the class doc. */
    @Override
    public Batch sample(int batchSize, RandomGenerator rng) {
        Check.positive("batchSize B", batchSize);
        Objects.requireNonNull(rng, "rng");
        int steps = config.steps();
        boolean padded = config.variant().padded();
        float padMask = config.padTarget() == PadTarget.DUMMY ? 1f : 0f;
        float[] x = Symbols.newOneHot(steps, batchSize);       // x: [T, B, 10]
        int[] labels = new int[steps * batchSize];              // labels: [T, B]; 0 on unscored steps
        float[] mask = new float[steps * batchSize];            // mask: [T, B]
        for (int b = 0; b < batchSize; b++) {
            int prev = DUMMY;                                   // no character before c_0
            for (int start = 0; start < steps; ) {
                int c = prev == DUMMY ? rng.nextInt(1, CHARACTERS + 1) : differentFrom(prev, rng);
                int span = config.variant().variable() ? rng.nextInt(1, config.maxWarp() + 1) : config.maxWarp();
                int end = Math.min(start + span, steps);
                for (int t = start; t < end; t++) {
                    int i = t * batchSize + b;
                    boolean padding = padded && t > start;
                    Symbols.set(x, t, b, batchSize, padding ? DUMMY : c);
                    if (padding) {
                        mask[i] = padMask;                      // label stays DUMMY
                    } else if (prev != DUMMY) {
                        labels[i] = prev;
                        mask[i] = 1f;
                    }                                           // first character: label 0, mask 0
                }
                prev = c;
                start = end;
            }
        }
        return new Batch(steps, batchSize, ALPHABET, ALPHABET, x, labels, null, mask);
    }

    /** A character uniform over the 8 characters of 1..9 other than {@code prev}, exactly. */
    private static int differentFrom(int prev, RandomGenerator rng) {
        int c = rng.nextInt(1, CHARACTERS);                     // 1..8
        return c >= prev ? c + 1 : c;
    }

    /**
     * Expected cross-entropy (nats) of the best predictor that sees only the current input x_t (and
     * the clock t). On a scored character step the previous character is uniform over the 8
     * characters other than x_t, whatever t, so it scores ln 8 there; on a padding step (x_t = 0)
     * the target is known to be the dummy, so it scores 0. Hence:
     * <pre>
     *   warp, varwarp, and pad, varpad with MASK:   ln 8 ≈ 2.0794 (exactly, for every batch)
     *   pad,    DUMMY:   ln 8 · ⌊(N−1)/W⌋ / (N−1)          (characters at t = W, 2W, … below N)
     *   varpad, DUMMY:   ln 8 · Σ_{t=1}^{N−1} u(t) / (N−1)
     *                    u(0) = 1, u(t) = (1/W) Σ_{r=1}^{min(t,W)} u(t−r): the chance a character starts at t
     * </pre>
     * (Under DUMMY the mask is 1 everywhere but t = 0, so the batch loss is the mean over N − 1 steps
     * and its expectation is exactly the value above.)
     */
    @Override
    public double memorylessLoss() {
        double ln8 = Math.log(CHARACTERS - 1);
        if (config.padTarget() == PadTarget.MASK) return ln8;
        int n = config.steps(), w = config.maxWarp();
        if (!config.variant().variable()) return ln8 * ((n - 1) / w) / (n - 1);
        return ln8 * expectedCharacterSteps(n, w) / (n - 1);
    }

    /** E[number of characters starting in [1, N)] for spans ~ UniformInt[1, W] (renewal recursion). */
    static double expectedCharacterSteps(int n, int w) {
        double[] u = new double[n];                             // u[t] = P(a character starts at t)
        u[0] = 1;
        double window = 1;                                      // Σ_{r=1}^{min(t,W)} u[t−r], slid along t
        double sum = 0;
        for (int t = 1; t < n; t++) {
            u[t] = window / w;
            sum += u[t];
            window += u[t];
            if (t - w >= 0) window -= u[t - w];
        }
        return sum;
    }

    /** For example {@code varwarp: characters 1..9 each repeated UniformInt[1, W=100] times, ...}. */
    @Override
    public String describe() {
        String span = config.variant().variable() ? "UniformInt[1, W=" + config.maxWarp() + "]"
                : "W=" + config.maxWarp();
        String layout = config.variant().padded()
                ? "each character then dummies up to a span of " + span + " steps, target = previous"
                        + " character on character steps, padding steps "
                        + (config.padTarget() == PadTarget.MASK ? "unscored" : "target the dummy")
                : "each character repeated " + span + " times, target = previous character (same warping)";
        return String.format(Locale.ROOT,
                "%s: %s, first character unscored, T=%d steps, I=%d one-hot, C=%d classes, memoryless CE %.4f nats",
                name(), layout, config.steps(), inputSize(), outputSize(), memorylessLoss());
    }
}
