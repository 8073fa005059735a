package org.rnn4j.cli;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.rnn4j.task.TaskOptions;
import org.rnn4j.task.TaskRegistry;

/**
 * The part of a run folder's {@code config.json} that rebuilds its task and model: the keys
 * {@code task}, {@code task_options} ({@code lag}, {@code length}), {@code cell}, {@code hidden},
 * {@code layers}, {@code cell_options} (the cell options given to {@code rnn4j train}, by option
 * name without dashes) and {@code parameters}.
 * <p>Cell options go to and from {@code config.json} through the components of
 * {@link CellRegistry.CellOptions}, so an option added there for a new cell is saved and read
 * back with no change here.
 */
record RunConfig(String task, TaskOptions taskOptions, String cell, int hidden, int layers,
                 CellRegistry.CellOptions cellOptions, long parameters) {

    /** Reads {@code dir/config.json}; a missing, unreadable or incomplete file fails naming the key. */
    static RunConfig read(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--run " + dir + " is not a run folder: it has no config.json");
        }
        Object root;
        try {
            root = Json.parse(Files.readString(file));
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> m)) throw new IllegalArgumentException(file + " must hold a JSON object");
        Map<?, ?> to = map(m, "task_options", file), co = map(m, "cell_options", file);
        TaskOptions taskOptions = new TaskOptions(optionalInt(to, "lag", file), optionalInt(to, "length", file));
        return new RunConfig(string(m, "task", file), taskOptions, string(m, "cell", file),
                (int) integer(m, "hidden", file), (int) integer(m, "layers", file), cellOptions(co, file.toString()),
                integer(m, "parameters", file));
    }

    /** {@code o} with every knob it leaves out set to task {@code task}'s default (unknown tasks fail). */
    static TaskOptions resolve(String task, TaskOptions o) {
        TaskOptions d = TaskRegistry.defaults(task);
        return new TaskOptions(o.lag().isPresent() ? o.lag() : d.lag(), o.length().isPresent() ? o.length() : d.length());
    }

    /** The task options as {@code config.json} stores them (absent knobs left out). */
    static Map<String, Object> describe(TaskOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.lag().isPresent()) m.put("lag", o.lag().getAsInt());
        if (o.length().isPresent()) m.put("length", o.length().getAsInt());
        return m;
    }

    /** The given cell options by name ({@code forget-bias} → {@code forget_bias}); unset ones left out. */
    static Map<String, Object> describe(CellRegistry.CellOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : CellRegistry.CellOptions.class.getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read cell option " + c.getName(), e);
            }
            if (v != null) m.put(key(c.getName()), v);
        }
        return m;
    }

    /**
     * The cell options of a {@code cell_options} object ({@code where} names its source in
     * messages); unknown names and wrong types fail.
     */
    static CellRegistry.CellOptions cellOptions(Map<?, ?> given, String where) {
        RecordComponent[] comps = CellRegistry.CellOptions.class.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        List<String> known = java.util.Arrays.stream(comps).map(c -> key(c.getName())).toList();
        for (Object k : given.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(where + ": unknown cell option '" + k + "' in cell_options; known: "
                        + String.join(", ", known));
            }
        }
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            Object v = given.get(known.get(i));
            args[i] = v == null ? null : convert(v, types[i], known.get(i), where);
        }
        try {
            Constructor<CellRegistry.CellOptions> ctor = CellRegistry.CellOptions.class.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) throw new IllegalArgumentException(where + ": " + iae.getMessage());
            throw new IllegalStateException("cannot build the cell options", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the cell options", e);
        }
    }

    private static Object convert(Object v, Class<?> type, String name, String where) {
        if (type == Boolean.class && v instanceof Boolean) return v;
        if (type == String.class && v instanceof String) return v;
        if (type == Double.class && v instanceof Number n) return n.doubleValue();
        if (type == Integer.class && v instanceof Integer) return v;                 // from the command line
        if (type == Integer.class && v instanceof Long n && n == n.intValue()) return n.intValue(); // from JSON
        throw new IllegalArgumentException(where + ": cell option '" + name + "' must be a " + type.getSimpleName()
                + ", got " + v);
    }

    /** Record component name to config key: {@code forgetBias} → {@code forget_bias}. */
    static String key(String component) {
        return component.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<?, ?> map(Map<?, ?> m, String key, Path file) {
        Object v = m.get(key);
        if (v instanceof Map<?, ?> r) return r;
        if (v == null) {
            throw new IllegalArgumentException(file + " has no '" + key + "': it was written by an rnn4j older than"
                    + " 'rnn4j analyze'; train the run again to analyze it");
        }
        throw new IllegalArgumentException(file + ": '" + key + "' must be a JSON object, got " + v);
    }

    private static String string(Map<?, ?> m, String key, Path file) {
        if (m.get(key) instanceof String s) return s;
        throw new IllegalArgumentException(file + " needs a string '" + key + "', got " + m.get(key));
    }

    private static long integer(Map<?, ?> m, String key, Path file) {
        if (m.get(key) instanceof Long n) return n;
        throw new IllegalArgumentException(file + " needs an integer '" + key + "', got " + m.get(key));
    }

    private static OptionalInt optionalInt(Map<?, ?> m, String key, Path file) {
        Object v = m.get(key);
        if (v == null) return OptionalInt.empty();
        if (v instanceof Long n && n >= 1 && n <= Integer.MAX_VALUE) return OptionalInt.of(n.intValue());
        throw new IllegalArgumentException(file + ": task option '" + key + "' must be an integer >= 1, got " + v);
    }
}
