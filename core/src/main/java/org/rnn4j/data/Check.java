package org.rnn4j.data;

/**
 * Argument checks for user-facing boundaries. Each throws {@link IllegalArgumentException} with a
 * message that names the argument and gives the accepted range and the value received.
 */
public final class Check {
    private Check() {}

    /** Requires {@code value >= 1}. */
    public static int positive(String name, int value) {
        if (value < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        return value;
    }

    /** Requires {@code value >= 0}. */
    public static int nonNegative(String name, int value) {
        if (value < 0) throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        return value;
    }

    /** Requires a finite {@code value > 0}. */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** Requires a finite {@code value >= 0}. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** Requires {@code lo <= value <= hi} (inclusive). */
    public static double inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }

    /** Requires {@code lo <= value <= hi} (inclusive). */
    public static int inRange(String name, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }

    /** Requires {@code array.length == expected}. */
    public static void length(String name, float[] array, long expected) {
        if (array == null) throw new IllegalArgumentException(name + " must not be null");
        if (array.length != expected) {
            throw new IllegalArgumentException(name + " must have " + expected + " floats, got " + array.length);
        }
    }
}
