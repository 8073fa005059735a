package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.rnn4j.data.Batch;

/** Test helper: reads one-hot rows of x [T, B, I] back as symbols. */
final class OneHot {
    private OneHot() {}

    /** The symbol at step t of example b; fails unless that row is exactly one-hot. */
    static int symbol(Batch batch, int t, int b) {
        int width = batch.inputSize();
        int off = (t * batch.batchSize() + b) * width;
        int hot = -1;
        float sum = 0;
        for (int i = 0; i < width; i++) {
            float v = batch.x()[off + i];
            sum += v;
            if (v == 1f) hot = i;
            else assertEquals(0f, v, "x[" + t + ", " + b + ", " + i + "] must be 0 or 1");
        }
        assertEquals(1f, sum, "row x[" + t + ", " + b + ", :] must sum to 1");
        return hot;
    }

    /** Label at step t of example b. labels: [T, B]. */
    static int label(Batch batch, int t, int b) {
        return batch.labels()[t * batch.batchSize() + b];
    }

    /** Mask at step t of example b. mask: [T, B]. */
    static float mask(Batch batch, int t, int b) {
        return batch.mask()[t * batch.batchSize() + b];
    }
}
