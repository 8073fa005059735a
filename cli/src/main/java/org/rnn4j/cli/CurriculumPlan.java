package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskOptions;
import org.rnn4j.task.TaskRegistry;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TemporalCurriculum;

/**
 * {@code rnn4j train --curriculum SPEC [--curriculum-steps N]} on a synthetic task whose lag sets its
 * length (adding, copy, varcopy, denoise): a temporal curriculum ({@link TemporalCurriculum}) of
 * stages at shorter lags, then the task itself.
 * <pre>
 *   SPEC = T₁,T₂,…       the earlier stages' lags, increasing, each below the task's lag T
 *        | double:K      K earlier stages halving the lag: ⌈T/2^K⌉, …, ⌈T/2⌉
 *   N    = updates per earlier stage (default ⌊steps/(K+1)⌋); the task itself gets the rest, at least
 *          the last steps the run's final loss averages ({@link #finalWindow})
 * </pre>
 * Each stage's task is the same task with the stage's lag (and the run's other knobs); the time
 * gates are stretched by the ratio of the stages' sequence lengths ({@link Task#maxSteps()}).
 *
 * @param lags    the earlier stages' lags (the final stage, the task's own lag, not included)
 * @param updates updates per earlier stage
 */
record CurriculumPlan(List<Integer> lags, long updates) {

    /** Tasks whose lag sets the sequence length. */
    static final Set<String> TASKS = Set.of("adding", "copy", "varcopy", "denoise");

    /**
     * Parses and checks {@code --curriculum} / {@code --curriculum-steps} for a run of {@code steps}
     * updates on {@code task} with {@code options} and the cell options {@code cell} (a periodic
     * g-LSTM is refused); null when no curriculum is asked for.
     *
     * @throws IllegalArgumentException naming the flag and the accepted values
     */
    static CurriculumPlan parse(String spec, Integer stageSteps, String task, TaskOptions options, int steps,
                                CellRegistry.CellOptions cell) {
        if (spec == null) {
            if (stageSteps != null) throw new IllegalArgumentException("--curriculum-steps needs --curriculum");
            return null;
        }
        if (cell.gatePeriod() != null) {
            throw new IllegalArgumentException("--curriculum cannot stretch a periodic g-LSTM (--gate-period): its gate reads"
                    + " t mod the fixed period, which a longer sequence does not rescale");
        }
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException("--curriculum applies to the tasks whose lag sets the length ("
                    + String.join(", ", TASKS.stream().sorted().toList()) + "), not to '" + task + "'");
        }
        List<Integer> lags = lags(spec, RunConfig.resolve(task, options).lag().orElseThrow());
        checkStages(spec, task, options, lags);
        long per = stageSteps == null ? steps / (lags.size() + 1) : stageSteps;
        if (stageSteps != null && stageSteps < 1) {
            throw new IllegalArgumentException("--curriculum-steps must be >= 1, got " + stageSteps);
        }
        long full = steps - per * lags.size(), window = finalWindow(steps);
        if (per < 1 || full < window) {
            throw new IllegalArgumentException("--curriculum: " + lags.size() + " earlier stage(s) of " + per
                    + " updates leave " + Math.max(0, full) + " update(s) of the full task in --steps " + steps
                    + ", fewer than the " + window + " last steps its final loss averages (raise --steps or lower"
                    + " --curriculum-steps)");
        }
        return new CurriculumPlan(List.copyOf(lags), per);
    }

    /** The shorter stages' lags of {@code spec} for a task of lag {@code lag}: the list, or the halvings. */
    private static List<Integer> lags(String spec, int lag) {
        List<Integer> lags = new ArrayList<>();
        String s = spec.trim();
        if (s.startsWith("double:")) {
            int k = positiveInt(s.substring("double:".length()), spec);
            List<Integer> all = TemporalCurriculum.doubling(lag, k + 1);
            lags.addAll(all.subList(0, all.size() - 1));
            if (lags.isEmpty()) {
                throw new IllegalArgumentException("--curriculum " + spec + ": the lag T=" + lag + " is too short to halve");
            }
        } else {
            for (String part : s.split(",", -1)) {
                int v = positiveInt(part, spec);
                if (!lags.isEmpty() && v <= lags.get(lags.size() - 1)) {
                    throw new IllegalArgumentException("--curriculum lags must increase, got " + spec);
                }
                lags.add(v);
            }
            if (lags.get(lags.size() - 1) >= lag) {
                throw new IllegalArgumentException("--curriculum lags must be below the task's lag T=" + lag + ", got " + spec);
            }
        }
        return lags;
    }

    /** Every stage's task is valid, and the sequences grow from stage to stage up to the full task. */
    private static void checkStages(String spec, String task, TaskOptions options, List<Integer> lags) {
        int previous = 0;                    // every stage's task is valid and longer than the one before
        for (int l : lags) {
            int len;
            try {
                len = TaskRegistry.create(task, options.withLag(l)).maxSteps();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--curriculum " + spec + ": the stage at lag " + l + " is not a valid '"
                        + task + "' task: " + e.getMessage(), e);
            }
            if (len <= previous) {
                throw new IllegalArgumentException("--curriculum " + spec + ": the stage at lag " + l + " has " + len
                        + " steps, not more than the stage before it (" + previous + ")");
            }
            previous = len;
        }
        if (TaskRegistry.create(task, options).maxSteps() <= previous) {
            throw new IllegalArgumentException("--curriculum " + spec + ": the full task is not longer than its last stage");
        }
    }

    /**
     * The last steps a run's final loss averages: the larger of train's window (min(100, steps/10))
     * and compare's ({@link LossCurve#finalSteps}), so both lie in the full task.
     */
    static long finalWindow(int steps) {
        return Math.max(Math.max(1, Math.min(100, steps / 10)), LossCurve.finalSteps(steps));
    }

    /** The first update on the full task (1-based): after every shorter stage. */
    long fullTaskFrom() {
        return updates * lags.size() + 1;
    }

    private static int positiveInt(String text, String spec) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 1) return v;
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("--curriculum must be increasing lags T1,T2,... (each >= 1) or double:K"
                + " (K >= 1 halvings), got '" + spec + "'");
    }

    /**
     * The curriculum over {@code model}: one stage per earlier lag, then {@code task} itself;
     * stage tasks are {@code taskName} with the stage's lag.
     */
    TemporalCurriculum build(SequenceModel model, String taskName, TaskOptions options, Task task,
                             TemporalCurriculum.Listener listener) {
        List<TemporalCurriculum.Stage> stages = new ArrayList<>();
        for (int lag : lags) {
            Task t = TaskRegistry.create(taskName, options.withLag(lag));
            stages.add(new TemporalCurriculum.Stage(t.maxSteps(), updates, t::sample));
        }
        stages.add(new TemporalCurriculum.Stage(task.maxSteps(), 1, task::sample));
        return new TemporalCurriculum(model, task.maxSteps(), stages, listener);
    }

    /** For config.json. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lags", lags);
        m.put("updates_per_stage", updates);
        m.put("full_task_from_update", fullTaskFrom());
        return m;
    }
}
