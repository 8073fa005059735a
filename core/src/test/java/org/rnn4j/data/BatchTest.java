package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchTest {
    static Batch batch() {
        return new Batch(3, 2, 1, 1, new float[6], null, new float[6], new float[6]);
    }

    @Test
    void timesAreOptionalAndSharedNotCopied() {
        Batch b = batch();
        assertNull(b.times(), "tasks give none");
        float[] times = {0, 0.5f, 1, 1.5f, 2, 2.5f};
        Batch timed = b.withTimes(times);
        assertSame(times, timed.times());
        assertSame(b.x(), timed.x());
        assertNull(timed.withTimes(null).times());
    }

    @Test
    void timesMustCoverEveryStepAndExampleWithFiniteValues() {
        Batch b = batch();
        assertEquals("times [T, B] must have 6 floats, got 5",
                assertThrows(IllegalArgumentException.class, () -> b.withTimes(new float[5])).getMessage());
        float[] times = new float[6];
        times[3] = Float.NaN;
        assertEquals("times at step 1, example 1 must be finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> b.withTimes(times)).getMessage());
    }
}
