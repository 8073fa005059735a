package org.rnn4j.task;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Maps CLI task names to factories. Defaults are not written here: each task's
 * {@code Config.defaults()} holds them, and {@link #defaults(String)} reads them back from there.
 */
public final class TaskRegistry {
    private TaskRegistry() {}

    /** One registered task: how to build it from options, and its default config as options. */
    private record Entry(Function<TaskOptions, Task> create, TaskOptions defaults) {}

    private static final SortedMap<String, Entry> TASKS = new TreeMap<>(Map.of(
            "copy", new Entry(TaskRegistry::copy, options(CopyTask.Config.defaults())),
            "varcopy", new Entry(TaskRegistry::varcopy, options(CopyTask.Config.defaults().variable())),
            "denoise", new Entry(TaskRegistry::denoise, options(DenoiseTask.Config.defaults())),
            "adding", new Entry(TaskRegistry::adding, options(AddingTask.Config.defaults())),
            "warp", warp(WarpTask.Variant.WARP),
            "varwarp", warp(WarpTask.Variant.VARWARP),
            "pad", warp(WarpTask.Variant.PAD),
            "varpad", warp(WarpTask.Variant.VARPAD)));

    /** The known task names, sorted: {@code adding, copy, denoise, pad, varcopy, varpad, varwarp, warp}. */
    public static List<String> names() {
        return List.copyOf(TASKS.keySet());
    }

    /**
     * Builds the task called {@code name}; absent options take the task's defaults.
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or options the
     *                                  task rejects (naming the option)
     */
    public static Task create(String name, TaskOptions options) {
        Objects.requireNonNull(options, "options");
        return entry(name).create().apply(options);
    }

    /** The values task {@code name} uses for options that are not given (length empty for adding). */
    public static TaskOptions defaults(String name) {
        return entry(name).defaults();
    }

    private static Entry entry(String name) {
        Entry e = name == null ? null : TASKS.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown task '" + name + "'; known tasks: "
                    + String.join(", ", TASKS.keySet()));
        }
        return e;
    }

    private static Task copy(TaskOptions o) {
        return new CopyTask(apply(o, CopyTask.Config.defaults()));
    }

    private static Task varcopy(TaskOptions o) {
        return new CopyTask(apply(o, CopyTask.Config.defaults()).variable());
    }

    private static CopyTask.Config apply(TaskOptions o, CopyTask.Config c) {
        if (o.lag().isPresent()) c = c.withLag(o.lag().getAsInt());
        if (o.length().isPresent()) c = c.withLength(o.length().getAsInt());
        return c;
    }

    private static Task denoise(TaskOptions o) {
        DenoiseTask.Config c = DenoiseTask.Config.defaults();
        // Set both at once: T ≥ L is checked on the pair, so one-at-a-time could fail spuriously.
        c = new DenoiseTask.Config(o.length().orElse(c.length()), o.lag().orElse(c.lag()));
        return new DenoiseTask(c);
    }

    private static Task adding(TaskOptions o) {
        if (o.length().isPresent()) {
            throw new IllegalArgumentException("length L does not apply to task 'adding' (its lag T is the"
                    + " sequence length), got " + o.length().getAsInt());
        }
        AddingTask.Config c = AddingTask.Config.defaults();
        if (o.lag().isPresent()) c = c.withSteps(o.lag().getAsInt());
        return new AddingTask(c);
    }

    /** Lag T is the maximum warping W, length L the sequence length N (see {@link TaskOptions}). */
    private static Entry warp(WarpTask.Variant variant) {
        WarpTask.Config d = WarpTask.Config.of(variant);
        // Set both at once: W < N is checked on the pair, so one-at-a-time could fail spuriously.
        return new Entry(o -> new WarpTask(new WarpTask.Config(variant, o.lag().orElse(d.maxWarp()),
                o.length().orElse(d.steps()), d.padTarget())),
                TaskOptions.none().withLag(d.maxWarp()).withLength(d.steps()));
    }

    private static TaskOptions options(CopyTask.Config c) {
        return TaskOptions.none().withLag(c.lagMax()).withLength(c.length());
    }

    private static TaskOptions options(DenoiseTask.Config c) {
        return TaskOptions.none().withLag(c.lag()).withLength(c.length());
    }

    private static TaskOptions options(AddingTask.Config c) {
        return new TaskOptions(OptionalInt.of(c.steps()), OptionalInt.empty());
    }
}
