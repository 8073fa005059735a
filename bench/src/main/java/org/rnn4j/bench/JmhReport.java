package org.rnn4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH JSON results ({@code -rf json}) into plain tables: GEMM benchmarks in GFLOP/s
 * (score · 2·M·N·K / 10⁹, from the {@code shape} parameter, see {@link GemmShape}), activation
 * benchmarks in elements per ns (score · n / 10⁹), everything else as JMH's score and unit.
 * <pre>
 *   java -cp bench/target/rnn4j-bench.jar org.rnn4j.bench.JmhReport bench/results/*.json
 * </pre>
 */
public final class JmhReport {
    private JmhReport() {}

    /** Prints one table row per benchmark result in each file. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: JmhReport result.json...");
            System.exit(2);
        }
        for (String a : args) {
            System.out.println("== " + a);
            Object root = new Json(Files.readString(Path.of(a))).parse();
            for (Object o : (List<?>) root) System.out.println(row((Map<?, ?>) o));
        }
    }

    /** One formatted line for one JMH result object. */
    static String row(Map<?, ?> r) {
        String bench = (String) r.get("benchmark");
        String shortName = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
        Map<?, ?> params = r.get("params") instanceof Map<?, ?> p ? p : Map.of();
        Map<?, ?> pm = (Map<?, ?>) r.get("primaryMetric");
        double score = ((Number) pm.get("score")).doubleValue();
        double err = pm.get("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
        String unit = (String) pm.get("scoreUnit");
        double[] range = minMax(pm.get("rawData"));
        StringBuilder ps = new StringBuilder();
        params.forEach((k, v) -> ps.append(ps.isEmpty() ? "" : " ").append(k).append('=').append(v));
        Object shape = params.get("shape");
        if (shape != null && unit.equals("ops/s")) {
            double gf = GemmShape.parse((String) shape).flops() / 1e9;
            return String.format(Locale.ROOT, "%-28s %-40s %8.1f GFLOP/s  ± %5.1f  (iterations %.1f–%.1f)",
                    shortName, ps, score * gf, err * gf, range[0] * gf, range[1] * gf);
        }
        Object n = params.get("n");
        if (n != null && unit.equals("ops/s")) {
            double e = Double.parseDouble((String) n) / 1e9;
            return String.format(Locale.ROOT, "%-28s %-40s %8.3f elem/ns  ± %6.3f  (%.3g calls/s)",
                    shortName, ps, score * e, err * e, score);
        }
        return String.format(Locale.ROOT, "%-28s %-40s %10.3f %s  ± %.3f  (iterations %.3f–%.3f)",
                shortName, ps, score, unit, err, range[0], range[1]);
    }

    /** Smallest and largest raw iteration score over all forks. */
    private static double[] minMax(Object raw) {
        double lo = Double.NaN, hi = Double.NaN;
        if (raw instanceof List<?> forks) {
            for (Object f : forks) {
                for (Object v : (List<?>) f) {
                    double d = ((Number) v).doubleValue();
                    lo = Double.isNaN(lo) ? d : Math.min(lo, d);
                    hi = Double.isNaN(hi) ? d : Math.max(hi, d);
                }
            }
        }
        return new double[] {lo, hi};
    }

    /** A minimal JSON reader: objects → LinkedHashMap, arrays → List, numbers → Double, and strings, booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object parse() {
            Object v = value();
            ws();
            if (i != s.length()) throw error("trailing characters");
            return v;
        }

        private Object value() {
            ws();
            if (i >= s.length()) throw error("unexpected end");
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    i++;
                    ws();
                    if (peek('}')) return m;
                    do {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                    } while (take(','));
                    expect('}');
                    return m;
                }
                case '[' -> {
                    List<Object> l = new ArrayList<>();
                    i++;
                    ws();
                    if (peek(']')) return l;
                    do {
                        l.add(value());
                        ws();
                    } while (take(','));
                    expect(']');
                    return l;
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
                    if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
                    if (s.startsWith("null", i)) { i += 4; return null; }
                    if (s.startsWith("NaN", i)) { i += 3; return Double.NaN; }
                    int st = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
                    if (st == i) throw error("unexpected '" + c + "'");
                    return Double.parseDouble(s.substring(st, i));
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw error("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private boolean take(char c) {
            return peek(c);
        }

        private void expect(char c) {
            if (!peek(c)) throw error("expected '" + c + "'");
        }

        private IllegalArgumentException error(String msg) {
            return new IllegalArgumentException("JSON: " + msg + " at offset " + i);
        }
    }
}
