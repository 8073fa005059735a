package org.rnn4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Locale;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.cell.NruConfig;

/**
 * What the end-to-end timers ({@link TrainStepTimer}, {@link StreamTimer}) share: the cell
 * choice, order statistics, heap and allocation probes, and a one-line JSON writer.
 */
final class E2e {
    private E2e() {}

    /** The NRU's psMNIST size in its paper (nru-chrono.md): M = 256, K = 4 heads; the default for {@code --cell nru}. */
    static final int NRU_MEMORY = 256, NRU_HEADS = 4;

    /**
     * A cell of the benchmarks, I = 1.
     *
     * @param cell   lstm, gru, nru, or lstm-fast, gru-fast (the fast forget/update gate σ(sinh z))
     * @param hidden H
     * @param memory M (nru only, else 0)
     * @param heads  K write and K erase heads (nru only, else 0)
     */
    record CellChoice(String cell, int hidden, int memory, int heads) {
        CellChoice {
            switch (cell) {
                case "lstm", "gru", "lstm-fast", "gru-fast" -> {
                    if (memory != 0 || heads != 0) {
                        throw new IllegalArgumentException("--memory and --heads apply to --cell nru only, not " + cell);
                    }
                }
                case "nru" -> {
                    if (memory < 1 || heads < 1) throw new IllegalArgumentException("--memory M and --heads K must be >= 1");
                }
                default -> throw new IllegalArgumentException("--cell must be lstm, gru, nru, lstm-fast or gru-fast, got '" + cell + "'");
            }
            if (hidden < 1) throw new IllegalArgumentException("--hidden H must be >= 1, got " + hidden);
        }

        /**
         * From the options, {@code null} meaning not given: H defaults to 128 (lstm, gru) or 212
         * (nru, the psMNIST size); M and K to {@link #NRU_MEMORY} and {@link #NRU_HEADS} for nru.
         */
        static CellChoice of(String cell, Integer hidden, Integer memory, Integer heads) {
            boolean nru = "nru".equals(cell);
            int h = hidden != null ? hidden : nru ? 212 : 128;
            int m = memory != null ? memory : nru ? NRU_MEMORY : 0;
            int k = heads != null ? heads : nru ? NRU_HEADS : 0;
            return new CellChoice(cell, h, m, k);
        }

        /** The configuration: PyTorch-default LSTM and GRU (with the fast gate for the -fast names); the NRU as the authors' released code. */
        CellConfig config() {
            return switch (cell) {
                case "lstm" -> LstmConfig.of(1, hidden);
                case "gru" -> GruConfig.of(1, hidden);
                case "lstm-fast" -> LstmConfig.of(1, hidden).withForgetGate(org.rnn4j.cell.GateFunction.FAST);
                case "gru-fast" -> GruConfig.of(1, hidden).withForgetGate(org.rnn4j.cell.GateFunction.FAST);
                default -> NruConfig.reference(1, hidden, memory, heads);
            };
        }

        /** {@code lstm H=128} or {@code nru H=212 M=256 K=4}. */
        String label() {
            return cell + " H=" + hidden + (memory > 0 ? " M=" + memory + " K=" + heads : "");
        }

        /** Adds cell, H (and M, K) to a JSON line. */
        void json(Json j) {
            j.put("cell", cell).put("H", hidden);
            if (memory > 0) j.put("M", memory).put("K", heads);
        }
    }

    static double median(double[] v) {
        return LstmStepTimer.median(v);
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** The q-quantile (0..1) of v by the nearest-rank rule. */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    /** The 1-minute load average, or −1 where the OS does not report it. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Bytes the calling thread has allocated so far, or −1 if the JVM cannot tell. */
    static long threadAllocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    /** Resets the peak usage of every heap memory pool. */
    static void resetHeapPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) p.resetPeakUsage();
        }
    }

    /**
     * The sum over heap pools of each pool's peak usage since {@link #resetHeapPeaks()}: the
     * pools may peak at different moments, so this bounds the true peak from above (by at most
     * the young generation's size).
     */
    static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }

    /** Heap in use right after a full collection: what the benchmark keeps alive. */
    static long liveHeapBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The machine line printed first by both timers. */
    static String header() {
        return String.format(Locale.ROOT, "# kernels: %s, JDK %s, %d CPUs, load average %.2f",
                org.rnn4j.kernel.Kernels.implementationName(), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), loadAverage());
    }

    /** A one-line JSON object built in insertion order; numbers in plain ASCII notation. */
    static final class Json {
        private final StringBuilder sb = new StringBuilder("{");

        Json put(String key, String value) {
            key(key);
            quote(value);
            return this;
        }

        Json put(String key, boolean value) {
            key(key);
            sb.append(value);
            return this;
        }

        Json put(String key, long value) {
            key(key);
            sb.append(value);
            return this;
        }

        Json put(String key, double value) {
            key(key);
            sb.append(number(value));
            return this;
        }

        Json put(String key, double[] values) {
            key(key);
            sb.append('[');
            for (int i = 0; i < values.length; i++) sb.append(i > 0 ? "," : "").append(number(values[i]));
            sb.append(']');
            return this;
        }

        private void key(String k) {
            if (sb.length() > 1) sb.append(',');
            quote(k);
            sb.append(':');
        }

        private void quote(String s) {
            sb.append('"');
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') sb.append('\\').append(c);
                else if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                else sb.append(c);
            }
            sb.append('"');
        }

        private static String number(double v) {
            if (!Double.isFinite(v)) return "null";
            if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
            return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toString(); // 6 significant digits
        }

        @Override
        public String toString() {
            return sb + "}";
        }
    }
}
