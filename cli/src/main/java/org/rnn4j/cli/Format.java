package org.rnn4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small text and JSON formatting helpers for the CLI. */
final class Format {
    private Format() {}

    /** {@code m:ss} or {@code h:mm:ss}. */
    static String duration(long seconds) {
        long h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** A JSON object of the map's entries (strings, numbers, booleans, nested maps and lists), one per line. */
    static String json(Map<String, ?> map) {
        StringBuilder sb = new StringBuilder();
        write(sb, map, "");
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, String indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(indent).append("  ").append(quote(e.getKey().toString())).append(": ");
                write(sb, e.getValue(), indent + "  ");
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (v instanceof List<?> list) {
            sb.append("[\n");
            int i = 0;
            for (Object e : list) {
                sb.append(indent).append("  ");
                write(sb, e, indent + "  ");
                sb.append(++i < list.size() ? ",\n" : "\n");
            }
            sb.append(indent).append(']');
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (v instanceof Double || v instanceof Float) {
                sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
            } else {
                sb.append(n);
            }
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else {
            sb.append(quote(v.toString()));
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
