package org.rnn4j.param;

import java.util.Arrays;
import java.util.Objects;

/**
 * A parameter block a cell or layer declares: a local name, a shape and how to initialise it.
 * The block is stored row-major in the model's flat buffer; a 2-D shape {@code [rows, cols]} is a
 * matrix, a 1-D shape {@code [n]} a vector.
 *
 * @param name  local name, unique within its owner (e.g. {@code Wh})
 * @param shape dimensions, each >= 1
 * @param init  how {@link #init} fills it
 */
public record ParamSpec(String name, int[] shape, Init init) {

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(init, "init");
        if (shape == null || shape.length == 0 || shape.length > 2) {
            throw new IllegalArgumentException("shape of " + name + " must have 1 or 2 dimensions");
        }
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException("shape of " + name + " must be positive, got "
                    + Arrays.toString(shape));
        }
        shape = shape.clone();
    }

    /** A matrix block {@code [rows, cols]}. */
    public static ParamSpec matrix(String name, int rows, int cols, Init init) {
        return new ParamSpec(name, new int[] {rows, cols}, init);
    }

    /** A vector block {@code [n]}. */
    public static ParamSpec vector(String name, int n, Init init) {
        return new ParamSpec(name, new int[] {n}, init);
    }

    /** Number of floats. */
    public int size() {
        int s = 1;
        for (int d : shape) s *= d;
        return s;
    }

    /** Rows of the block as a matrix (1 for a vector). */
    public int rows() {
        return shape.length == 2 ? shape[0] : 1;
    }

    /** Columns of the block as a matrix (its length for a vector). */
    public int cols() {
        return shape[shape.length - 1];
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape)
                && p.init.equals(init);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), init);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + init;
    }
}
