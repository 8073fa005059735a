package org.rnn4j.task;

import java.util.Objects;
import java.util.OptionalInt;
import org.rnn4j.data.Check;

/**
 * The generic task knobs the CLI passes to {@link TaskRegistry#create}; an empty value means "the
 * task's default" (see {@link TaskRegistry#defaults}). What each knob means per task:
 * <pre>
 *   task      lag                                    length
 *   copy      T, the fixed lag                       L, digits to copy
 *   varcopy   T, the longest lag (lags 1..T)         L, digits to copy
 *   denoise   T, noisy steps the digits hide among   L, digits to recall
 *   adding    T, the sequence length                 (not used: giving it is an error)
 *   warp, varwarp, pad, varpad
 *             W, the maximum warping (the span of    N, the sequence length (W < N)
 *             each character, or its largest span)
 * </pre>
 *
 * @param lag    T, if given (≥ 1)
 * @param length L, if given (≥ 1)
 */
public record TaskOptions(OptionalInt lag, OptionalInt length) {

    /** Validates that given values are ≥ 1. */
    public TaskOptions {
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(length, "length");
        if (lag.isPresent()) Check.positive("lag T", lag.getAsInt());
        if (length.isPresent()) Check.positive("length L", length.getAsInt());
    }

    /** No knob given: every task uses its defaults. */
    public static TaskOptions none() {
        return new TaskOptions(OptionalInt.empty(), OptionalInt.empty());
    }

    /** From nullable values, as a CLI parser delivers them; null means "the task's default". */
    public static TaskOptions of(Integer lag, Integer length) {
        return new TaskOptions(lag == null ? OptionalInt.empty() : OptionalInt.of(lag),
                length == null ? OptionalInt.empty() : OptionalInt.of(length));
    }

    /** These options with lag T = {@code lag}. */
    public TaskOptions withLag(int lag) {
        return new TaskOptions(OptionalInt.of(lag), length);
    }

    /** These options with length L = {@code length}. */
    public TaskOptions withLength(int length) {
        return new TaskOptions(lag, OptionalInt.of(length));
    }
}
