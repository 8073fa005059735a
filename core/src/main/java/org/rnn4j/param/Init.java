package org.rnn4j.param;

import java.util.random.RandomGenerator;

/**
 * How a parameter block is filled before training. Every initializer draws only from the generator
 * it is given, so a seed fixes it. Blocks are row-major {@code [rows, cols]}; for a weight matrix
 * {@code W [out, in]} (PyTorch's {@code nn.Linear} layout) fan-in is {@code cols} and fan-out
 * {@code rows}.
 */
public sealed interface Init {

    /** Writes {@code rows·cols} floats at {@code data[off]}. */
    void fill(float[] data, int off, int rows, int cols, RandomGenerator rng);

    /** All entries {@code value}. */
    record Constant(double value) implements Init {
        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            java.util.Arrays.fill(data, off, off + rows * cols, (float) value);
        }
    }

    /** Uniform on {@code [lo, hi)}. */
    record Uniform(double lo, double hi) implements Init {
        public Uniform {
            if (!(hi >= lo)) throw new IllegalArgumentException("uniform init needs lo <= hi, got " + lo + ", " + hi);
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            for (int i = 0; i < rows * cols; i++) data[off + i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
    }

    /**
     * PyTorch's default for {@code nn.Linear}, {@code nn.LSTM}, {@code nn.GRU} and {@code nn.RNN}:
     * {@code U(-1/√fanIn, 1/√fanIn)}. For recurrent layers PyTorch uses {@code fanIn = H} for every
     * block, biases included.
     */
    record FanInUniform(int fanIn) implements Init {
        public FanInUniform {
            if (fanIn < 1) throw new IllegalArgumentException("fanIn must be >= 1, got " + fanIn);
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            double a = 1.0 / Math.sqrt(fanIn);
            new Uniform(-a, a).fill(data, off, rows, cols, rng);
        }
    }

    /** Glorot/Xavier normal: {@code N(0, gain²·2/(fanIn+fanOut))}, fanIn = cols, fanOut = rows. */
    record XavierNormal(double gain) implements Init {
        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            double std = gain * Math.sqrt(2.0 / (rows + cols));
            for (int i = 0; i < rows * cols; i++) data[off + i] = (float) (std * rng.nextGaussian());
        }
    }

    /** Glorot/Xavier uniform: {@code U(±gain·√(6/(fanIn+fanOut)))}. */
    record XavierUniform(double gain) implements Init {
        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            double a = gain * Math.sqrt(6.0 / (rows + cols));
            new Uniform(-a, a).fill(data, off, rows, cols, rng);
        }
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, as {@code torch.nn.init.orthogonal_}: QR of a
     * Gaussian matrix with the signs of R's diagonal folded into Q. With rows ≥ cols the columns are
     * orthonormal, otherwise the rows.
     */
    record Orthogonal(double gain) implements Init {
        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            double[][] q = Orthogonalizer.orthogonal(rows, cols, rng);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) data[off + r * cols + c] = (float) (gain * q[r][c]);
            }
        }
    }

    /** {@code scale} on the diagonal, 0 elsewhere (IRNN, Le et al. 2015). Draws nothing. */
    record Identity(double scale) implements Init {
        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            java.util.Arrays.fill(data, off, off + rows * cols, 0f);
            for (int i = 0; i < Math.min(rows, cols); i++) data[off + i * cols + i] = (float) scale;
        }
    }

    /**
     * Applies {@code each} separately to {@code blocks} equal row blocks of the matrix, e.g. an
     * orthogonal {@code [H, H]} matrix per gate of an LSTM's {@code Wh [4H, H]} (as Keras does).
     */
    record PerRowBlock(int blocks, Init each) implements Init {
        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            if (rows % blocks != 0) {
                throw new IllegalArgumentException("rows " + rows + " do not split into " + blocks + " blocks");
            }
            int r = rows / blocks;
            for (int b = 0; b < blocks; b++) each.fill(data, off + b * r * cols, r, cols, rng);
        }
    }

    /**
     * Concatenates initializers along a vector (or along rows of a matrix): segment {@code i} has
     * {@code lengths[i]} rows (or entries, for a vector) and is filled by {@code parts[i]}.
     * Used for bias vectors whose gate blocks differ (e.g. an LSTM forget bias of 1).
     */
    record Segments(int[] lengths, Init[] parts) implements Init {
        public Segments {
            if (lengths.length != parts.length) throw new IllegalArgumentException("lengths and parts differ");
            lengths = lengths.clone();
            parts = parts.clone();
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            boolean vector = rows == 1;
            int pos = off;
            int total = 0;
            for (int i = 0; i < parts.length; i++) {
                int len = lengths[i];
                if (vector) {
                    parts[i].fill(data, pos, 1, len, rng);
                    pos += len;
                } else {
                    parts[i].fill(data, pos, len, cols, rng);
                    pos += len * cols;
                }
                total += len;
            }
            if (total != (vector ? cols : rows)) {
                throw new IllegalArgumentException("segments cover " + total + ", block has " + (vector ? cols : rows));
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Segments s && java.util.Arrays.equals(s.lengths, lengths)
                    && java.util.Arrays.equals(s.parts, parts);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(lengths) + java.util.Arrays.hashCode(parts);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Segments[");
            for (int i = 0; i < parts.length; i++) sb.append(i == 0 ? "" : ", ").append(lengths[i]).append(':').append(parts[i]);
            return sb.append(']').toString();
        }
    }
}
