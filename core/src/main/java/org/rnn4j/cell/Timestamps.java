package org.rnn4j.cell;

/**
 * Where a time-gated cell ({@link PhasedLstm}, {@link GaussianLstm}) takes the time {@code t} of
 * each step from (see {@link Cell#timestamps}).
 */
public enum Timestamps {
    /**
     * The step index: step t of a sequence has time t, the first step 0, counted from the last
     * zero state (truncated BPTT's segments and streamed steps continue the count). The data's
     * timestamps, if any, are ignored. For regularly sampled sequences (every task of rnn4j).
     */
    STEP,
    /**
     * The batch's real-valued timestamps {@code times [T, B]} ({@code Batch.times()}), as the Phased
     * LSTM's own code feeds them (a separate array beside x): for asynchronously sampled events.
     * A batch without them is refused.
     */
    GIVEN
}
