package org.rnn4j.param;

import java.util.Arrays;
import java.util.Objects;

/**
 * A parameter block a cell or layer declares: a local name, a shape and how to initialise it.
 * The block is stored row-major in the model's flat buffer; a 2-D shape {@code [rows, cols]} is a
 * matrix, a 1-D shape {@code [n]} a vector.
 *
 * @param name   local name, unique within its owner (e.g. {@code Wh})
 * @param shape  dimensions, each >= 1
 * @param init   how {@link #init} fills it
 * @param frozen the entries training leaves unchanged, as ascending, disjoint, non-adjacent
 *               {@code [from, to)} pairs of row-major indices into the block (empty: all trained);
 *               they keep their initial values ({@link #withFrozen})
 */
public record ParamSpec(String name, int[] shape, Init init, int[] frozen) {

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
        frozen = frozen == null ? new int[0] : frozen.clone();
        long size = 1;
        for (int d : shape) size *= d;
        if (frozen.length % 2 != 0) throw new IllegalArgumentException("frozen ranges of " + name + " must be [from, to) pairs");
        for (int i = 0; i < frozen.length; i += 2) {
            int lo = i == 0 ? 0 : frozen[i - 1] + 1;
            if (frozen[i] < lo || frozen[i + 1] <= frozen[i] || frozen[i + 1] > size) {
                throw new IllegalArgumentException("frozen ranges of " + name + " must be ascending, disjoint, non-adjacent"
                        + " [from, to) pairs within [0, " + size + "), got " + Arrays.toString(frozen));
            }
        }
    }

    /** A block with nothing frozen. */
    public ParamSpec(String name, int[] shape, Init init) {
        this(name, shape, init, null);
    }

    /** A matrix block {@code [rows, cols]}. */
    public static ParamSpec matrix(String name, int rows, int cols, Init init) {
        return new ParamSpec(name, new int[] {rows, cols}, init);
    }

    /** A vector block {@code [n]}. */
    public static ParamSpec vector(String name, int n, Init init) {
        return new ParamSpec(name, new int[] {n}, init);
    }

    /**
     * A copy of this block with entries {@code [from, to)} (row-major) frozen as well: training
     * leaves them at their initial values.
     */
    public ParamSpec withFrozen(int from, int to) {
        if (from < 0 || to <= from || to > size()) {
            throw new IllegalArgumentException("frozen range of " + name + " must satisfy 0 <= from < to <= " + size()
                    + ", got [" + from + ", " + to + ")");
        }
        boolean[] mask = new boolean[size()];
        for (int i = 0; i < frozen.length; i += 2) Arrays.fill(mask, frozen[i], frozen[i + 1], true);
        Arrays.fill(mask, from, to, true);
        int[] ranges = new int[size() + 1];
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] && (i == 0 || !mask[i - 1])) ranges[n++] = i;
            if (mask[i] && (i == mask.length - 1 || !mask[i + 1])) ranges[n++] = i + 1;
        }
        return new ParamSpec(name, shape, init, Arrays.copyOf(ranges, n));
    }

    /** Number of frozen entries. */
    public int frozenCount() {
        int n = 0;
        for (int i = 0; i < frozen.length; i += 2) n += frozen[i + 1] - frozen[i];
        return n;
    }

    @Override
    public int[] frozen() {
        return frozen.clone();
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
                && p.init.equals(init) && Arrays.equals(p.frozen, frozen);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), init, Arrays.hashCode(frozen));
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + init + (frozen.length == 0 ? "" : " frozen " + Arrays.toString(frozen));
    }
}
