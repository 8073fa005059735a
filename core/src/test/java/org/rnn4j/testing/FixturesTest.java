package org.rnn4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FixturesTest {

    private static final String DIR = "/org/rnn4j/cell/";

    // ---------------------------------------------------------------- the reader

    @Test
    void parsesEveryJsonKind() {
        Fixtures.Json j = Fixtures.parse(
                " {\"a\": [1, -2.5e-3, 0.1], \"s\": \"x\\\"\\u00e9\\n\u03c3\", \"t\": true,"
                        + " \"f\": false, \"n\": null, \"o\": {}, \"e\": []} ");
        assertArrayEquals(new double[] {1, -2.5e-3, 0.1}, j.get("a").doubles());
        assertEquals("x\"é\nσ", j.get("s").asString());
        assertTrue(j.get("t").asBoolean());
        assertFalse(j.get("f").asBoolean());
        assertTrue(j.get("n").isNull());
        assertEquals(0, j.get("o").size());
        assertArrayEquals(new int[] {0}, j.get("e").shape());
        assertEquals(List.of("a", "s", "t", "f", "n", "o", "e"), new ArrayList<>(j.keys()));
    }

    @Test
    void flattensNestedArraysRowMajor() {
        Fixtures.Json j = Fixtures.parse("[[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]");
        assertArrayEquals(new int[] {2, 2, 3}, j.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, j.floats());
        assertEquals(6.0, j.get(0).get(1).get(2).asDouble());
        assertArrayEquals(new int[0], Fixtures.parse("3").shape());
        assertEquals(3, Fixtures.parse("3").asInt());
    }

    @Test
    void float64ReprRoundTripsExactly() {
        double[] values = {-1.7753175685678388, 0.036393945667579405, 1e-300, 4.9e-324, -0.0};
        StringBuilder sb = new StringBuilder("[");
        for (double v : values) {
            sb.append(sb.length() > 1 ? ", " : "").append(Double.toString(v));
        }
        assertArrayEquals(values, Fixtures.parse(sb.append(']').toString()).doubles());
    }

    @Test
    void rejectsMalformedJsonAndWrongUse() {
        for (String bad : new String[] {"[1, 2,]", "{\"a\" 1}", "[01]", "[1.]", "{\"a\":1,\"a\":2}",
                "\"unterminated", "[1] 2", "nul", "[1e]", "{\"a\":\"\\q\"}", ""}) {
            assertThrows(IllegalArgumentException.class, () -> Fixtures.parse(bad), bad);
        }
        Fixtures.Json j = Fixtures.parse("{\"ragged\": [[1, 2], [3]], \"x\": 1.5, \"s\": \"a\"}");
        assertThrows(IllegalArgumentException.class, () -> j.get("ragged").shape());
        assertThrows(IllegalArgumentException.class, () -> j.get("ragged").doubles());
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> j.get("missing"));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> j.get("x").asInt());
        assertThrows(IllegalArgumentException.class, () -> j.get("s").asDouble());
        assertThrows(IllegalArgumentException.class, () -> j.get("s").floats());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.load(DIR + "no-such-file.json"));
    }

    // ---------------------------------------------------------------- the cell fixtures

    @ParameterizedTest
    @ValueSource(strings = {"lstm-seq-v1.json", "lstm-peephole-seq-v1.json", "gru-seq-v1.json",
            "rnn-tanh-seq-v1.json", "rnn-relu-seq-v1.json", "rnn-tanh-layernorm-seq-v1.json",
            "janet-seq-v1.json", "janet-beta-seq-v1.json"})
    void cellFixtureKeysAndShapesMatchItsConfig(String file) {
        Fixtures.Json f = Fixtures.load(DIR + file);
        assertEquals("rnn4j-cell-fixture-v1", f.get("format").asString());
        Fixtures.Json gen = f.get("generator");
        assertEquals("tools/fixtures/make_cell_fixtures.py", gen.get("script").asString());
        assertFalse(gen.get("torch").asString().isBlank());
        assertFalse(gen.get("numpy").asString().isBlank());

        Fixtures.Json cfg = f.get("config");
        String cell = cfg.get("cell").asString();
        int i = cfg.get("I").asInt();
        int h = cfg.get("H").asInt();
        int b = cfg.get("B").asInt();
        int t = cfg.get("T").asInt();
        int gh = cfg.get("gates").asInt() * h;

        // Inputs and parameters, each with a gradient "d_" + name of the same shape.
        Map<String, int[]> leaves = new LinkedHashMap<>();
        leaves.put("x", new int[] {t, b, i});
        leaves.put("h0", new int[] {b, h});
        leaves.put("weight_ih", new int[] {gh, i});
        leaves.put("weight_hh", new int[] {gh, h});
        Map<String, int[]> other = new LinkedHashMap<>();
        other.put("G", new int[] {t, b, h});
        other.put("h", new int[] {t, b, h});
        other.put("loss", new int[0]);
        int gates = switch (cell) {
            case "lstm", "lstm_peephole" -> {
                assertEquals("i,f,g,o", cfg.get("gate_order").asString());
                leaves.put("c0", new int[] {b, h});
                other.put("Gc", new int[] {b, h});
                other.put("c", new int[] {t, b, h});
                if (cell.equals("lstm")) {
                    leaves.put("bias_ih", new int[] {gh});
                    leaves.put("bias_hh", new int[] {gh});
                } else {
                    leaves.put("bias", new int[] {gh});
                    for (String w : new String[] {"w_ci", "w_cf", "w_co"}) {
                        leaves.put(w, new int[] {h});
                    }
                }
                yield 4;
            }
            case "gru" -> {
                assertEquals("r,z,n", cfg.get("gate_order").asString());
                leaves.put("bias_ih", new int[] {gh});
                leaves.put("bias_hh", new int[] {gh});
                yield 3;
            }
            case "rnn_tanh", "rnn_relu", "rnn_tanh_layernorm" -> {
                assertEquals(cell.equals("rnn_relu") ? "relu" : "tanh",
                        cfg.get("nonlinearity").asString());
                leaves.put("bias_ih", new int[] {gh});
                leaves.put("bias_hh", new int[] {gh});
                if (cell.equals("rnn_tanh_layernorm")) {
                    assertEquals(1e-5, cfg.get("eps").asDouble());
                    leaves.put("gamma", new int[] {h});
                    leaves.put("beta", new int[] {h});
                }
                yield 1;
            }
            case "janet" -> {
                assertEquals("f,c", cfg.get("gate_order").asString());
                assertEquals(file.contains("beta") ? 1.0 : 0.0, cfg.get("beta").asDouble());
                leaves.put("bias", new int[] {gh});
                yield 2;
            }
            default -> throw new AssertionError(file + ": unknown cell " + cell);
        };
        assertEquals(gates, cfg.get("gates").asInt(), file + ": gates");

        List<String> expectedKeys = new ArrayList<>(List.of("format", "generator", "description", "config"));
        for (Map.Entry<String, int[]> e : leaves.entrySet()) {
            assertArrayEquals(e.getValue(), f.get(e.getKey()).shape(), file + ": " + e.getKey());
            assertArrayEquals(e.getValue(), f.get("d_" + e.getKey()).shape(), file + ": d_" + e.getKey());
            assertEquals(product(e.getValue()), f.get("d_" + e.getKey()).floats().length);
            expectedKeys.add(e.getKey());
            expectedKeys.add("d_" + e.getKey());
        }
        for (Map.Entry<String, int[]> e : other.entrySet()) {
            assertArrayEquals(e.getValue(), f.get(e.getKey()).shape(), file + ": " + e.getKey());
            expectedKeys.add(e.getKey());
        }
        assertEquals(expectedKeys.stream().sorted().toList(),
                f.keys().stream().sorted().toList(), file + ": key set");
    }

    /**
     * Recomputes the Elman tanh fixture in double straight from its arrays, confirming the layout
     * the cell tests rely on: weight_ih [H, I] row-major used as x·Wᵀ, sequences time-major.
     */
    @Test
    void rnnTanhFixtureMatchesHandWrittenForward() {
        Fixtures.Json f = Fixtures.load(DIR + "rnn-tanh-seq-v1.json");
        int[] s = f.get("x").shape();
        int t = s[0];
        int b = s[1];
        int i = s[2];
        int h = f.get("h0").shape()[1];
        double[] x = f.get("x").doubles();
        double[] wx = f.get("weight_ih").doubles();
        double[] wh = f.get("weight_hh").doubles();
        double[] bx = f.get("bias_ih").doubles();
        double[] bh = f.get("bias_hh").doubles();
        double[] g = f.get("G").doubles();
        double[] expected = f.get("h").doubles();
        double[] hPrev = f.get("h0").doubles();
        double loss = 0;
        for (int step = 0; step < t; step++) {
            double[] hNext = new double[b * h];
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < h; j++) {
                    double a = bx[j] + bh[j];
                    for (int k = 0; k < i; k++) {
                        a += x[(step * b + r) * i + k] * wx[j * i + k];
                    }
                    for (int k = 0; k < h; k++) {
                        a += hPrev[r * h + k] * wh[j * h + k];
                    }
                    hNext[r * h + j] = Math.tanh(a);
                    int at = (step * b + r) * h + j;
                    assertEquals(expected[at], hNext[r * h + j], 1e-12, "h at " + at);
                    loss += g[at] * hNext[r * h + j];
                }
            }
            hPrev = hNext;
        }
        assertEquals(f.get("loss").asDouble(), loss, 1e-12);
    }

    /** Recomputes the LSTM fixture forward in double: gate blocks i | f | g | o, loss with Gc·c_T. */
    @Test
    void lstmFixtureMatchesHandWrittenForward() {
        Fixtures.Json f = Fixtures.load(DIR + "lstm-seq-v1.json");
        Fixtures.Json cfg = f.get("config");
        int t = cfg.get("T").asInt();
        int b = cfg.get("B").asInt();
        int i = cfg.get("I").asInt();
        int h = cfg.get("H").asInt();
        double[] x = f.get("x").doubles();
        double[] wx = f.get("weight_ih").doubles();
        double[] wh = f.get("weight_hh").doubles();
        double[] bx = f.get("bias_ih").doubles();
        double[] bh = f.get("bias_hh").doubles();
        double[] g = f.get("G").doubles();
        double[] gc = f.get("Gc").doubles();
        double[] expectedH = f.get("h").doubles();
        double[] expectedC = f.get("c").doubles();
        double[] hPrev = f.get("h0").doubles();
        double[] cPrev = f.get("c0").doubles();
        double loss = 0;
        for (int step = 0; step < t; step++) {
            double[] hNext = new double[b * h];
            double[] cNext = new double[b * h];
            for (int r = 0; r < b; r++) {
                double[] z = new double[4 * h];
                for (int q = 0; q < 4 * h; q++) {
                    z[q] = bx[q] + bh[q];
                    for (int k = 0; k < i; k++) {
                        z[q] += x[(step * b + r) * i + k] * wx[q * i + k];
                    }
                    for (int k = 0; k < h; k++) {
                        z[q] += hPrev[r * h + k] * wh[q * h + k];
                    }
                }
                for (int j = 0; j < h; j++) {
                    double ig = sigmoid(z[j]);
                    double fg = sigmoid(z[h + j]);
                    double gg = Math.tanh(z[2 * h + j]);
                    double og = sigmoid(z[3 * h + j]);
                    double c = fg * cPrev[r * h + j] + ig * gg;
                    double hv = og * Math.tanh(c);
                    int at = (step * b + r) * h + j;
                    assertEquals(expectedC[at], c, 1e-12, "c at " + at);
                    assertEquals(expectedH[at], hv, 1e-12, "h at " + at);
                    cNext[r * h + j] = c;
                    hNext[r * h + j] = hv;
                    loss += g[at] * hv;
                }
            }
            hPrev = hNext;
            cPrev = cNext;
        }
        for (int k = 0; k < b * h; k++) {
            loss += gc[k] * cPrev[k];
        }
        assertEquals(f.get("loss").asDouble(), loss, 1e-12);
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static int product(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
