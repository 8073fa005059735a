package org.rnn4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Golden-fixture loader: a minimal JSON reader for test resources (core has no JSON library, see
 * STYLE.md §10). It reads objects, arrays, numbers, strings, true/false/null; numbers are parsed
 * as double, so the float64 values written by {@code tools/fixtures/*.py} round-trip exactly.
 * <pre>
 *   Fixtures.Json f = Fixtures.load("/org/rnn4j/cell/lstm-seq-v1.json");
 *   int h = f.get("config").get("H").asInt();
 *   float[] wx = f.get("weight_ih").floats();      // [4H, I] flattened row-major
 *   int[] shape = f.get("weight_ih").shape();      // {4H, I}
 * </pre>
 * Malformed input, a missing key or a wrong kind fails with {@link IllegalArgumentException}
 * naming the offset or the key.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** Loads and parses a JSON file from the test classpath, e.g. "/org/rnn4j/cell/gru-seq-v1.json". */
    public static Json load(String resourcePath) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resourcePath)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resourcePath);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(resourcePath + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + resourcePath, e);
        }
    }

    /** Parses one JSON document (surrounding whitespace allowed, nothing else after it). */
    public static Json parse(String text) {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Json value = p.value("$");
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the JSON value");
        }
        return value;
    }

    /** One parsed JSON value; {@code path} (e.g. "$.config.H") names it in error messages. */
    public static final class Json {

        /** The JSON kind of a value. */
        public enum Kind { OBJECT, ARRAY, NUMBER, STRING, BOOLEAN, NULL }

        private final Kind kind;
        private final String path;
        private final Object value; // Map<String, Json>, List<Json>, Double, String, Boolean or null

        private Json(Kind kind, String path, Object value) {
            this.kind = kind;
            this.path = path;
            this.value = value;
        }

        public Kind kind() {
            return kind;
        }

        public boolean isNull() {
            return kind == Kind.NULL;
        }

        /** Object member; fails naming the existing keys if {@code key} is absent. */
        public Json get(String key) {
            Json member = object().get(key);
            if (member == null) {
                throw new IllegalArgumentException(
                        path + " has no key \"" + key + "\"; keys are " + object().keySet());
            }
            return member;
        }

        /** True if this is an object with member {@code key}. */
        public boolean has(String key) {
            return kind == Kind.OBJECT && object().containsKey(key);
        }

        /** Object keys in file order. */
        public Set<String> keys() {
            return Collections.unmodifiableSet(object().keySet());
        }

        /** Array element. */
        public Json get(int index) {
            List<Json> list = array();
            if (index < 0 || index >= list.size()) {
                throw new IllegalArgumentException(
                        path + " has " + list.size() + " elements, no index " + index);
            }
            return list.get(index);
        }

        /** Number of array elements or object members. */
        public int size() {
            return switch (kind) {
                case ARRAY -> array().size();
                case OBJECT -> object().size();
                default -> throw wrongKind("an array or object");
            };
        }

        public double asDouble() {
            if (kind != Kind.NUMBER) {
                throw wrongKind("a number");
            }
            return (Double) value;
        }

        /** The number as an int; fails unless it is integral and in int range. */
        public int asInt() {
            double d = asDouble();
            if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(path + " must be an int, got " + d);
            }
            return (int) d;
        }

        public String asString() {
            if (kind != Kind.STRING) {
                throw wrongKind("a string");
            }
            return (String) value;
        }

        public boolean asBoolean() {
            if (kind != Kind.BOOLEAN) {
                throw wrongKind("a boolean");
            }
            return (Boolean) value;
        }

        /**
         * Dimensions of a rectangular nested numeric array: {@code [[1,2,3],[4,5,6]]} gives {2, 3},
         * a bare number gives {}. Fails on ragged arrays or non-numeric leaves.
         */
        public int[] shape() {
            if (kind == Kind.NUMBER) {
                return new int[0];
            }
            List<Json> list = array();
            if (list.isEmpty()) {
                return new int[] {0};
            }
            int[] inner = list.get(0).shape();
            for (int k = 1; k < list.size(); k++) {
                int[] other = list.get(k).shape();
                if (!Arrays.equals(inner, other)) {
                    throw new IllegalArgumentException(path + " is ragged: element 0 has shape "
                            + Arrays.toString(inner) + ", element " + k + " has "
                            + Arrays.toString(other));
                }
            }
            int[] shape = new int[inner.length + 1];
            shape[0] = list.size();
            System.arraycopy(inner, 0, shape, 1, inner.length);
            return shape;
        }

        /** All numbers, flattened row-major (a bare number gives one element). */
        public double[] doubles() {
            int[] shape = shape(); // also checks the array is rectangular and numeric
            int n = 1;
            for (int d : shape) {
                n = Math.multiplyExact(n, d);
            }
            double[] out = new double[n];
            int filled = flatten(out, 0);
            assert filled == n;
            return out;
        }

        /** All numbers, flattened row-major and rounded to float32. */
        public float[] floats() {
            double[] d = doubles();
            float[] out = new float[d.length];
            for (int k = 0; k < d.length; k++) {
                out[k] = (float) d[k];
            }
            return out;
        }

        @Override
        public String toString() {
            return path + " (" + kind + ")";
        }

        private int flatten(double[] out, int at) {
            if (kind == Kind.NUMBER) {
                out[at] = (Double) value;
                return at + 1;
            }
            for (Json element : array()) {
                at = element.flatten(out, at);
            }
            return at;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Json> object() {
            if (kind != Kind.OBJECT) {
                throw wrongKind("an object");
            }
            return (Map<String, Json>) value;
        }

        @SuppressWarnings("unchecked")
        private List<Json> array() {
            if (kind != Kind.ARRAY) {
                throw wrongKind("an array");
            }
            return (List<Json>) value;
        }

        private IllegalArgumentException wrongKind(String expected) {
            return new IllegalArgumentException(path + " must be " + expected + ", got " + kind);
        }
    }

    /** Recursive-descent parser over the whole text; {@code pos} is the next unread char. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Json value(String path) {
            if (pos >= s.length()) {
                throw error("unexpected end of input");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(path);
                case '[' -> array(path);
                case '"' -> new Json(Json.Kind.STRING, path, string());
                case 't' -> literal("true", Json.Kind.BOOLEAN, path, Boolean.TRUE);
                case 'f' -> literal("false", Json.Kind.BOOLEAN, path, Boolean.FALSE);
                case 'n' -> literal("null", Json.Kind.NULL, path, null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield new Json(Json.Kind.NUMBER, path, number());
                    }
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        private Json object(String path) {
            pos++; // '{'
            Map<String, Json> members = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return new Json(Json.Kind.OBJECT, path, members);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (members.put(key, value(path + "." + key)) != null) {
                    throw error("duplicate key \"" + key + "\"");
                }
                skipWhitespace();
                char c = next();
                if (c == '}') {
                    return new Json(Json.Kind.OBJECT, path, members);
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}'");
                }
            }
        }

        private Json array(String path) {
            pos++; // '['
            List<Json> elements = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return new Json(Json.Kind.ARRAY, path, elements);
            }
            while (true) {
                skipWhitespace();
                elements.add(value(path + "[" + elements.size() + "]"));
                skipWhitespace();
                char c = next();
                if (c == ']') {
                    return new Json(Json.Kind.ARRAY, path, elements);
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw error("control character in string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> {
                        pos--;
                        throw error("bad escape '\\" + e + "'");
                    }
                }
            }
        }

        /** JSON number grammar: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
        private Double number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (!digits()) {
                throw error("bad number");
            }
            if (peek() == '.') {
                pos++;
                if (!digits()) {
                    throw error("bad number: digits expected after '.'");
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!digits()) {
                    throw error("bad number: digits expected in exponent");
                }
            }
            return Double.parseDouble(s.substring(start, pos));
        }

        private boolean digits() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            return pos > start;
        }

        private Json literal(String word, Json.Kind kind, String path, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected literal");
            }
            pos += word.length();
            return new Json(kind, path, value);
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private char next() {
            if (pos >= s.length()) {
                throw error("unexpected end of input");
            }
            return s.charAt(pos++);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        IllegalArgumentException error(String message) {
            int line = 1;
            int column = 1;
            for (int k = 0; k < Math.min(pos, s.length()); k++) {
                if (s.charAt(k) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new IllegalArgumentException(
                    "JSON " + message + " at line " + line + ", column " + column);
        }
    }
}
