package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsBackWhatFormatWrites() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("lag", 20L);
        inner.put("ratio", 0.125);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", "copy \"quoted\" \\ tab\t line\n");
        m.put("opts", inner);
        m.put("on", true);
        m.put("none", null);
        m.put("big", 12345678901L);
        m.put("neg", -1.5e-7);
        assertEquals(m, Json.parse(Format.json(m)));
    }

    @Test
    void parsesArraysEscapesAndNumbers() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5e2, \"\\u00e9\\/\"], \"b\": {}, \"c\": []} ");
        assertEquals(Map.of("a", List.of(1L, -2L, 350.0, "é/"), "b", Map.of(), "c", List.of()), v);
    }

    @Test
    void malformedTextFailsWithThePosition() {
        for (String bad : Arrays.asList("{", "{\"a\" 1}", "{\"a\": tru}", "[1,]", "{} x", "\"open", "{a: 1}", "1.2.3", "")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertEquals(true, e.getMessage().startsWith("not valid JSON: ") && e.getMessage().contains(" at character "),
                    e.getMessage());
        }
        assertEquals("not valid JSON: expected ':' at character 6", assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"a\" 1}")).getMessage());
    }
}
