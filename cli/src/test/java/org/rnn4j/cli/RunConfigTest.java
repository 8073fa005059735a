package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.task.TaskOptions;

class RunConfigTest {
    @TempDir
    Path tmp;

    /** Every component of CellOptions set (so an option added later is covered too) survives config.json. */
    @Test
    void everyCellOptionSurvivesTheRoundTripThroughJson() throws Exception {
        RecordComponent[] comps = CellRegistry.CellOptions.class.getRecordComponents();
        Object[] values = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            values[i] = switch (types[i].getSimpleName()) {
                case "Boolean" -> Boolean.TRUE;
                case "Double" -> 0.25 + i;
                case "Integer" -> 3 + i;
                case "String" -> "value" + i;
                default -> throw new AssertionError("add a sample value for cell options of type " + types[i]);
            };
        }
        CellRegistry.CellOptions all = CellRegistry.CellOptions.class.getDeclaredConstructor(types).newInstance(values);
        Map<?, ?> json = (Map<?, ?>) Json.parse(Format.json(RunConfig.describe(all)));
        assertEquals(comps.length, json.size());
        assertEquals(all, RunConfig.cellOptions(json, "test"));
        assertEquals(CellRegistry.CellOptions.none(), RunConfig.cellOptions(Map.of(), "test"));
        assertEquals(Map.of(), RunConfig.describe(CellRegistry.CellOptions.none()));
    }

    @Test
    void configKeysAreSnakeCase() {
        assertEquals("forget_bias", RunConfig.key("forgetBias"));
        assertEquals("peepholes", RunConfig.key("peepholes"));
        assertEquals("--recurrent-init", AnalyzeCommand.option("recurrentInit"));
    }

    @Test
    void unknownOrMistypedCellOptionsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> RunConfig.cellOptions(Map.of("wings", true), "f"));
        assertTrue(e.getMessage().startsWith("f: unknown cell option 'wings' in cell_options; known: peepholes, forget_bias"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunConfig.cellOptions(Map.of("peepholes", "yes"), "f"));
        assertEquals("f: cell option 'peepholes' must be a Boolean, got yes", e.getMessage());
    }

    @Test
    void resolvedTaskOptionsFillInTheDefaults() {
        assertEquals(TaskOptions.of(100, 10), RunConfig.resolve("copy", TaskOptions.none()));
        assertEquals(TaskOptions.of(7, 10), RunConfig.resolve("copy", TaskOptions.of(7, null)));
        assertEquals(Map.of("lag", 7, "length", 10), RunConfig.describe(TaskOptions.of(7, 10)));
        assertEquals(Map.of("lag", 7), RunConfig.describe(TaskOptions.of(7, null)));
    }

    private void config(String text) throws IOException {
        Files.writeString(tmp.resolve("config.json"), text);
    }

    private String error() {
        return assertThrows(IllegalArgumentException.class, () -> RunConfig.read(tmp)).getMessage();
    }

    @Test
    void aMissingIncompleteOrMalformedConfigIsNamed() throws IOException {
        assertEquals("--run " + tmp + " is not a run folder: it has no config.json", error());
        config("{\"task\": \"copy\",");
        assertTrue(error().startsWith(tmp.resolve("config.json") + " is not valid JSON: "), error());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", "copy");
        m.put("task_options", Map.of("lag", 5));
        m.put("cell", "lstm");
        m.put("hidden", 8);
        m.put("layers", 1);
        m.put("parameters", 100);
        config(Format.json(m));
        assertTrue(error().endsWith("has no 'cell_options': it was written by an rnn4j older than 'rnn4j analyze';"
                + " train the run again to analyze it"), error());
        m.put("cell_options", Map.of("peepholes", true));
        m.put("hidden", "8");
        config(Format.json(m));
        assertTrue(error().endsWith("needs an integer 'hidden', got 8"), error());
        m.put("hidden", 8);
        config(Format.json(m));
        RunConfig rc = RunConfig.read(tmp);
        assertEquals(new RunConfig("copy", TaskOptions.of(5, null), "lstm", 8, 1,
                RunConfig.cellOptions(Map.of("peepholes", true), "x"), 100), rc);
        assertEquals(Boolean.TRUE, rc.cellOptions().peepholes());
    }
}
