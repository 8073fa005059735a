package org.rnn4j.task;

import java.util.random.RandomGenerator;

/**
 * The symbol alphabet shared by the copy and denoise tasks (myTorch {@code CopyingMemoryData},
 * {@code DenoisingData}): 0 = blank/noise, 1..8 = data digits, 9 = marker. Inputs are one-hot of
 * width I = 10; outputs have C = 9 classes, because the marker is never a target.
 */
final class Symbols {
    private Symbols() {}

    /** Blank (and the only noise symbol): id 0. */
    static final int BLANK = 0;
    /** Number of data digits; digits are ids 1..DIGITS. */
    static final int DIGITS = 8;
    /** The marker that asks the model to start answering: id 9. */
    static final int MARKER = 9;
    /** I: one-hot input width (blank + 8 digits + marker). */
    static final int INPUT_SIZE = 10;
    /** C: output classes (blank + 8 digits). */
    static final int CLASSES = 9;

    /** Draws one data digit, uniform over 1..8 and exact. */
    static int digit(RandomGenerator rng) {
        return rng.nextInt(1, DIGITS + 1);
    }

    /** Allocates the one-hot input buffer x [T, B, I=10], failing clearly if it cannot fit an array. */
    static float[] newOneHot(int steps, int batchSize) {
        long n = (long) steps * batchSize * INPUT_SIZE;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("x [T=" + steps + ", B=" + batchSize + ", I=" + INPUT_SIZE
                    + "] has " + n + " entries, more than a Java array holds; use a smaller T or B");
        }
        return new float[(int) n];
    }

    /** Sets x[t, b, symbol] = 1. x: [T, B, I=10] row-major. */
    static void set(float[] x, int t, int b, int batchSize, int symbol) {
        x[(t * batchSize + b) * INPUT_SIZE + symbol] = 1f;
    }

    /** Sets every step of every example of x [T, B, I=10] from t0 (inclusive) to t1 (exclusive) to blank. */
    static void blanks(float[] x, int t0, int t1, int batchSize) {
        for (int t = t0; t < t1; t++) {
            for (int b = 0; b < batchSize; b++) set(x, t, b, batchSize, BLANK);
        }
    }
}
