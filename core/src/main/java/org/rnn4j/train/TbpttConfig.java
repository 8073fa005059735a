package org.rnn4j.train;

import org.rnn4j.data.Check;

/**
 * Settings of truncated BPTT ({@link Tbptt}).
 *
 * @param truncation    k1 ≥ 1: steps per segment; the state is carried (detached) from one segment
 *                      to the next and the optimizer updates once per segment
 * @param backwardSteps k2: steps the gradient flows back inside a segment; only k2 = k1 is
 *                      supported (every step of the segment back to its first), so k2 ≠ k1 is refused
 * @param clipNorm      global-norm clipping threshold applied to each segment's gradient; 0 = none
 */
public record TbpttConfig(int truncation, int backwardSteps, double clipNorm) {

    public TbpttConfig {
        Check.positive("truncation k1", truncation);
        Check.positive("backwardSteps k2", backwardSteps);
        if (backwardSteps != truncation) {
            throw new IllegalArgumentException("backwardSteps k2 must equal truncation k1=" + truncation
                    + " (back-propagating fewer or more steps than a segment holds is not supported), got " + backwardSteps);
        }
        Check.nonNegative("clipNorm", clipNorm);
    }

    /** Segments of {@code truncation} steps, back-propagated whole (k2 = k1), clipped at 1.0 (the NRU protocol's clip). */
    public static TbpttConfig of(int truncation) {
        return new TbpttConfig(truncation, truncation, 1.0);
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
