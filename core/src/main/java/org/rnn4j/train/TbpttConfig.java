package org.rnn4j.train;

import org.rnn4j.data.Check;

/**
 * Settings of truncated BPTT(k1, k2) ({@link Tbptt}; Williams &amp; Peng 1990).
 * <pre>
 *   segment s = steps [s·k1, min((s+1)·k1, T))       one update per segment that carries loss
 *   k2 = k1   the gradient of segment s flows back to the segment's first step
 *   k2 &lt; k1   only the last k2 steps of each segment are back-propagated; the first k1 − k2 run
 *             forward without gradient (their losses are counted in the reported loss, give none)
 *   k2 &gt; k1   the gradient of segment s flows back k2 steps from its end, into the steps of the
 *             earlier segments (never before step 0 of the call's sequence)
 * </pre>
 *
 * @param truncation    k1 ≥ 1: steps per segment; the state is carried from one segment to the
 *                      next and the optimizer updates once per segment ({@link Integer#MAX_VALUE}:
 *                      one segment, the whole sequence)
 * @param backwardSteps k2 ≥ 1: steps the gradient of a segment's losses flows back, counted from
 *                      the segment's end (k2 = k1: the whole segment)
 * @param clipNorm      global-norm clipping threshold applied to each segment's gradient; 0 = none
 */
public record TbpttConfig(int truncation, int backwardSteps, double clipNorm) {

    public TbpttConfig {
        Check.positive("truncation k1", truncation);
        Check.positive("backwardSteps k2", backwardSteps);
        Check.nonNegative("clipNorm", clipNorm);
    }

    /** Segments of {@code truncation} steps, back-propagated whole (k2 = k1), clipped at 1.0 (the NRU protocol's clip). */
    public static TbpttConfig of(int truncation) {
        return new TbpttConfig(truncation, truncation, 1.0);
    }

    /** Segments of {@code k1} steps, each back-propagated {@code k2} steps from its end, clipped at 1.0. */
    public static TbpttConfig of(int k1, int k2) {
        return new TbpttConfig(k1, k2, 1.0);
    }

    /** A copy of this configuration with {@code k2} changed. */
    public TbpttConfig withBackwardSteps(int k2) {
        return new TbpttConfig(truncation, k2, clipNorm);
    }

    /** A copy of this configuration with {@code c} changed. */
    public TbpttConfig withClipNorm(double c) {
        return new TbpttConfig(truncation, backwardSteps, c);
    }
}
