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

    /**
     * Gaussian {@code N(mean, std²)}, every entry an independent draw; {@code N(0, 1)} is PyTorch's
     * default for {@code nn.Embedding}.
     */
    record Normal(double mean, double std) implements Init {
        public Normal {
            if (!Double.isFinite(mean)) throw new IllegalArgumentException("normal init mean must be finite, got " + mean);
            if (!(std >= 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("normal init std must be a finite number >= 0, got " + std);
            }
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            for (int i = 0; i < rows * cols; i++) data[off + i] = (float) (mean + std * rng.nextGaussian());
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
     * Chrono initialisation (Tallec &amp; Ollivier 2018, "Can recurrent neural networks warp time?",
     * eq. 16) of a forget-gate bias: every entry is an independent draw of
     * <pre>
     *   b = log(T)      CONTINUOUS: T ~ U[1, tMax − 1]        (the paper; needs tMax ≥ 2)
     *                   INTEGER:    T ~ U{1, 2, …, tMax}       (the NRU authors' myTorch code,
     *                                                           numpy randint(1, tMax + 1); integer tMax ≥ 1)
     * </pre>
     * {@code tMax} is the longest dependency expected, in steps. With {@code b = log(T − 1)} the gate
     * {@code σ(b) = 1 − 1/T} forgets on a time scale of T steps. For a bias vector of gate blocks (an
     * LSTM's input gate gets {@code −log T}, the same draw) use {@link ChronoGates}.
     *
     * @param tMax     the longest expected dependency T_max, in steps
     * @param sampling how T is drawn
     */
    record Chrono(double tMax, Sampling sampling) implements Init {

        /** How T is drawn. */
        public enum Sampling {
            /** {@code T ~ U[1, tMax − 1]}, continuous: the chrono paper's eq. 16. */
            CONTINUOUS,
            /** {@code T ~ U{1, …, tMax}}, integers, tMax included: the NRU authors' myTorch code. */
            INTEGER
        }

        /** Largest integer tMax for INTEGER sampling (every integer up to it is exact in a double). */
        private static final double INTEGER_MAX = 1L << 53;

        public Chrono {
            java.util.Objects.requireNonNull(sampling, "sampling");
            switch (sampling) {
                case CONTINUOUS -> {
                    if (!(tMax >= 2) || Double.isInfinite(tMax)) {
                        throw new IllegalArgumentException("chrono tMax must be a finite number >= 2 for CONTINUOUS"
                                + " sampling (T ~ U[1, tMax - 1]), got " + tMax);
                    }
                }
                case INTEGER -> {
                    if (!(tMax >= 1 && tMax <= INTEGER_MAX) || tMax != Math.rint(tMax)) {
                        throw new IllegalArgumentException("chrono tMax must be an integer >= 1 for INTEGER"
                                + " sampling (T ~ {1, ..., tMax}), got " + tMax);
                    }
                }
            }
        }

        /** One draw of {@code log(T)} from {@code rng}. */
        public double drawLogT(RandomGenerator rng) {
            double t = switch (sampling) {
                case CONTINUOUS -> 1 + (tMax - 2) * rng.nextDouble();
                case INTEGER -> rng.nextLong(1, (long) tMax + 1);
            };
            return Math.log(t);
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            for (int i = 0; i < rows * cols; i++) data[off + i] = (float) drawLogT(rng);
        }
    }

    /**
     * Chrono initialisation of a whole bias vector made of equal gate blocks (Tallec &amp; Ollivier
     * 2018, eq. 16: {@code b_f ~ log(U[1, T_max − 1])}, {@code b_i = −b_f}, other biases as usual).
     * For each unit j one {@code log T_j} is drawn ({@link Chrono#drawLogT}, units in order), then
     * <pre>
     *   FORGET blocks:  b[j] = +log T_j      the gate that keeps the previous state (LSTM f, GRU z)
     *   INPUT  blocks:  b[j] = −log T_j      the gate that writes the new value (LSTM i)
     *   OTHER  blocks:  b[j] = others        (a constant, 0 in rnn4j's cells)
     * </pre>
     * The vector has {@code gates.length · H} entries; at least one block is FORGET or INPUT.
     *
     * @param chrono the law of T
     * @param gates  the role of each block, in the cell's gate order (e.g. LSTM i | f | g | o:
     *               INPUT, FORGET, OTHER, OTHER)
     * @param others the value of the OTHER blocks
     */
    record ChronoGates(Chrono chrono, Gate[] gates, double others) implements Init {

        /** What a gate block of the bias receives. */
        public enum Gate { FORGET, INPUT, OTHER }

        public ChronoGates {
            java.util.Objects.requireNonNull(chrono, "chrono");
            if (gates == null || gates.length == 0) throw new IllegalArgumentException("gates must not be empty");
            gates = gates.clone();
            boolean drawn = false;
            for (Gate g : gates) {
                java.util.Objects.requireNonNull(g, "gates");
                drawn |= g != Gate.OTHER;
            }
            if (!drawn) throw new IllegalArgumentException("gates must contain a FORGET or INPUT block");
            if (!Double.isFinite(others)) throw new IllegalArgumentException("others must be finite, got " + others);
        }

        @Override
        public Gate[] gates() {
            return gates.clone();
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            int n = rows * cols, k = gates.length;
            if (rows != 1 || n % k != 0) {
                throw new IllegalArgumentException("chrono fills a bias vector of " + k + " equal gate blocks, got ["
                        + rows + ", " + cols + "]");
            }
            int h = n / k;
            for (int j = 0; j < h; j++) {
                float logT = (float) chrono.drawLogT(rng);
                for (int g = 0; g < k; g++) {
                    data[off + g * h + j] = switch (gates[g]) {
                        case FORGET -> logT;
                        case INPUT -> -logT;
                        case OTHER -> (float) others;
                    };
                }
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ChronoGates c && c.chrono.equals(chrono) && java.util.Arrays.equals(c.gates, gates)
                    && Double.compare(c.others, others) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * chrono.hashCode() + java.util.Arrays.hashCode(gates)) + Double.hashCode(others);
        }

        @Override
        public String toString() {
            return "ChronoGates[" + chrono + ", gates=" + java.util.Arrays.toString(gates) + ", others=" + others + "]";
        }
    }

    /**
     * Time-scale initialisation of a whole bias vector made of equal gate blocks ({@link TimeScales}:
     * Mahto et al. 2021; the chrono mapping of Tallec &amp; Ollivier 2018). The law gives each unit j
     * its {@code T_j} (units in order, drawn from the generator when the law is random), the
     * mapping its {@code b_j} (in double, rounded once to float), then
     * <pre>
     *   FORGET blocks:  b[j] = +b_j        the gate that keeps the previous state (LSTM and JANET f, GRU z)
     *   INPUT  blocks:  b[j] = −b_j        the gate that writes the new value (LSTM i, leaky a, gated g)
     *   OTHER  blocks:  b[j] = others
     * </pre>
     * The vector has {@code gates.length · H} entries; at least one block is FORGET or INPUT. Which
     * entries stay frozen is the cell's business ({@link ParamSpec#withFrozen}).
     *
     * @param scales the law and the mapping (its {@code freeze} is read by the cells)
     * @param gates  the role of each block, in the cell's gate order
     * @param others the value of the OTHER blocks
     */
    record TimeScaleGates(TimeScales scales, ChronoGates.Gate[] gates, double others) implements Init {

        public TimeScaleGates {
            java.util.Objects.requireNonNull(scales, "scales");
            if (gates == null || gates.length == 0) throw new IllegalArgumentException("gates must not be empty");
            gates = gates.clone();
            boolean drawn = false;
            for (ChronoGates.Gate g : gates) {
                java.util.Objects.requireNonNull(g, "gates");
                drawn |= g != ChronoGates.Gate.OTHER;
            }
            if (!drawn) throw new IllegalArgumentException("gates must contain a FORGET or INPUT block");
            if (!Double.isFinite(others)) throw new IllegalArgumentException("others must be finite, got " + others);
        }

        @Override
        public ChronoGates.Gate[] gates() {
            return gates.clone();
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            int n = rows * cols, k = gates.length;
            if (rows != 1 || n % k != 0) {
                throw new IllegalArgumentException("time scales fill a bias vector of " + k + " equal gate blocks, got ["
                        + rows + ", " + cols + "]");
            }
            int h = n / k;
            double[] b = scales.biases(h, rng);
            for (int j = 0; j < h; j++) {
                for (int g = 0; g < k; g++) {
                    data[off + g * h + j] = switch (gates[g]) {
                        case FORGET -> (float) b[j];
                        case INPUT -> (float) -b[j];
                        case OTHER -> (float) others;
                    };
                }
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TimeScaleGates t && t.scales.equals(scales) && java.util.Arrays.equals(t.gates, gates)
                    && Double.compare(t.others, others) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * scales.hashCode() + java.util.Arrays.hashCode(gates)) + Double.hashCode(others);
        }

        @Override
        public String toString() {
            return "TimeScaleGates[" + scales + ", gates=" + java.util.Arrays.toString(gates) + ", others=" + others + "]";
        }
    }

    /**
     * Log-uniform on {@code [lo, hi)}: {@code exp(U(ln lo, ln hi))}, one draw per entry; the
     * Phased LSTM's periods ({@code exp(U(1, 3))} in its authors' PyTorch code is
     * {@code LogUniform(e, e³)}).
     */
    record LogUniform(double lo, double hi) implements Init {
        public LogUniform {
            if (!(lo > 0) || !(hi >= lo) || Double.isInfinite(hi)) {
                throw new IllegalArgumentException("log-uniform init needs 0 < lo <= hi < ∞, got " + lo + ", " + hi);
            }
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            double a = Math.log(lo), b = Math.log(hi);
            for (int i = 0; i < rows * cols; i++) data[off + i] = (float) Math.exp(a + (b - a) * rng.nextDouble());
        }
    }

    /**
     * Evenly spaced over {@code [lo, hi]}: entry j of n is {@code lo + (j + ½)·(hi − lo)/n}, the
     * centre of the j-th of n equal cells (no draw). Used to spread the g-LSTM's gate centres over
     * a sequence.
     */
    record Spaced(double lo, double hi) implements Init {
        public Spaced {
            if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi >= lo)) {
                throw new IllegalArgumentException("spaced init needs finite lo <= hi, got " + lo + ", " + hi);
            }
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            int n = rows * cols;
            for (int j = 0; j < n; j++) data[off + j] = (float) (lo + (j + 0.5) * (hi - lo) / n);
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
    /**
     * Fills as {@code base}, then replaces the entries {@code [from, from + length)} of the block
     * (row-major) by their asinh: the bias of a fast gate {@code σ(sinh z)} that starts where a
     * sigmoid gate with the value {@code base} gives starts, {@code σ(sinh(asinh b)) = σ(b)}
     * ({@code org.rnn4j.cell.GateFunction#FAST}). Draws exactly what {@code base} draws, so every
     * other block of a model gets the same values as with {@code base} alone.
     *
     * @param base   what the block would be for a sigmoid gate
     * @param from   the first entry mapped
     * @param length how many entries are mapped
     */
    record Asinh(Init base, int from, int length) implements Init {
        public Asinh {
            java.util.Objects.requireNonNull(base, "base");
            if (from < 0 || length < 0) {
                throw new IllegalArgumentException("asinh range must be non-negative, got from " + from + ", length " + length);
            }
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            if (from + length > rows * cols) {
                throw new IllegalArgumentException("asinh range [" + from + ", " + (from + length) + ") is outside the block of "
                        + rows * cols + " entries");
            }
            base.fill(data, off, rows, cols, rng);
            for (int i = off + from; i < off + from + length; i++) data[i] = (float) org.rnn4j.kernel.FastGate.asinh(data[i]);
        }
    }

    /**
     * Every row the same values {@code row} (cols = row.length); draws nothing. The KAF gates'
     * ridge initialisation: each unit's mixing coefficients α fit the same target
     * ({@code org.rnn4j.kernel.Kaf#ridge}).
     */
    record RepeatedRow(double[] row) implements Init {
        public RepeatedRow {
            java.util.Objects.requireNonNull(row, "row");
            row = row.clone();
        }

        @Override
        public void fill(float[] data, int off, int rows, int cols, RandomGenerator rng) {
            if (cols != row.length) {
                throw new IllegalArgumentException("repeated row has " + row.length + " entries, the block " + cols + " columns");
            }
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) data[off + r * cols + c] = (float) row[c];
            }
        }
    }
}
