package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.task.TaskOptions;
import org.rnn4j.task.TaskRegistry;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TrainListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j compare}: trains a list of models on one task with identical data and settings and
 * writes the comparison the NRU paper shows: per model the loss curve, the final loss over the
 * memoryless loss and the steps needed to reach 1 % of it.
 * <pre>
 *   DIR/summary.md  summary.csv  summary.json  curves.svg
 *   DIR/&lt;model&gt;/config.json  metrics.csv  metrics.jsonl  summary.json  params.bin  params-layout.tsv
 * </pre>
 * Every model draws its batches from {@code dataRandom(seed)} and its initial parameters from
 * {@code initRandom(seed)}, so all see the same data, and it trains on one thread: the numbers do not
 * depend on {@code --jobs}, only the wall times do.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains several models on one or more tasks with the same batches, seed and settings",
                "and writes a comparison folder: one run folder per model, summary.md/.csv/.json",
                "(final loss over the memoryless loss, steps to reach 1%% of it) and curves.svg.", ""},
        footer = {"", "Examples:", "  rnn4j compare --task copy --lag 10 --steps 3000 --out runs/copy10",
                "  rnn4j compare --task copy --lag 100 --models lstm,gru --params 23.5k"})
final class CompareCommand implements Callable<Integer> {
    static final String DEFAULT_MODELS = "classic";
    static final String DEFAULT_PARAMS = "23.5k";

    @Option(names = "--task", required = true, paramLabel = "NAME[,NAME]",
            description = "Task, or a comma-separated list of tasks, each with its own table and folder: "
                    + "${COMPLETION-CANDIDATES}.", completionCandidates = TrainCommand.TaskNames.class)
    String task;

    @Option(names = "--lag", paramLabel = "T", description = "Lag T, as for train. Default per task.")
    Integer lag;

    @Option(names = "--length", paramLabel = "L", description = "Digits to copy or recall L (copy, varcopy, denoise); sequence length N (warp, varwarp, pad, varpad). Default per task.")
    Integer length;

    @Option(names = "--models", defaultValue = DEFAULT_MODELS, paramLabel = "LIST",
            description = "Comma-separated presets and cells, in table order (default ${DEFAULT-VALUE}). Presets: "
                    + "${COMPLETION-CANDIDATES}; a cell name alone trains that cell with its default options.",
            completionCandidates = PresetNames.class)
    String models;

    @Option(names = "--params", defaultValue = DEFAULT_PARAMS, paramLabel = "N",
            description = "Parameter budget: each model without a fixed H gets the H closest to N parameters ("
                    + ParamBudget.FORMS + "; default ${DEFAULT-VALUE}).")
    String params;

    @Option(names = "--layers", defaultValue = "1", paramLabel = "N", description = "Stacked layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--steps", defaultValue = "2000", paramLabel = "N", description = "Optimizer updates per model (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "10", paramLabel = "B", description = "Batch size B (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "adam, amsgrad, rmsprop or sgd, with PyTorch's defaults (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: 1e-3 for adam/amsgrad, 1e-2 for rmsprop/sgd).")
    Double lr;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "NORM",
            description = "Global gradient-norm clipping, 0 = off (default ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--seed", defaultValue = "5", paramLabel = "N",
            description = "Seed of the data and of every model's initial parameters (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Models trained at once, one thread each; results do not depend on it (default: processors).")
    Integer jobs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The comparison folder; must be new or empty (default: runs/<timestamp>-compare-<task>).")
    Path out;

    @Option(names = "--no-progress", description = "No progress lines.")
    boolean noProgress;

    /** One model of one task, resolved before anything is written. */
    private record Planned(String task, CompareModels.Entry entry, RunSpec spec, RunSpec.Built built,
                           ParamBudget.Match match, CurriculumPlan curriculum) {}

    @Override
    public Integer call() throws Exception {
        // Every bad input fails here, before anything is written.
        int jobCount = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (jobCount < 1) throw new IllegalArgumentException("--jobs must be >= 1, got " + jobCount);
        List<String> tasks = taskNames();
        long budget = ParamBudget.parse(params);
        TaskOptions taskOptions = TaskOptions.of(lag, length);
        Map<String, List<Planned>> plans = new LinkedHashMap<>();
        for (String t : tasks) {
            int seq = TaskRegistry.create(t, taskOptions).maxSteps();
            List<Planned> plan = new ArrayList<>();
            for (CompareModels.Entry e : CompareModels.resolve(models, seq)) {
                RunSpec spec = new RunSpec(t, taskOptions, e.cell(), e.hidden().orElse(TrainCommand.DEFAULT_HIDDEN), layers,
                        e.options(), steps, batch, optimizer, lr == null ? Double.NaN : lr, clip, seed, 1);
                ParamBudget.Match match = null;
                if (e.hidden().isEmpty()) {
                    match = spec.fitTo(budget, "model '" + e.label() + "' (" + e.flags() + ")");
                    spec = spec.withHidden(match.hidden());
                }
                CurriculumPlan curriculum;
                try {
                    curriculum = CurriculumPlan.parse(e.curriculum(), e.curriculumSteps(), t, taskOptions, steps, e.options());
                } catch (IllegalArgumentException x) {
                    throw new IllegalArgumentException("model '" + e.label() + "' (" + e.flags() + "): " + x.getMessage(), x);
                }
                plan.add(new Planned(t, e, spec, spec.build(), match, curriculum));
            }
            plans.put(t, plan);
        }
        if (out != null && Files.exists(out) && !isEmptyFolder(out)) {
            throw new IllegalArgumentException("--out " + out + " exists and is not an empty folder; give a new folder");
        }

        boolean several = tasks.size() > 1;
        RunFolder dir = createFolder(String.join("-", tasks));
        PrintStream stdout = System.out;
        List<Planned> all = new ArrayList<>();
        plans.values().forEach(all::addAll);
        int threads = Math.min(jobCount, all.size());
        for (List<Planned> plan : plans.values()) {
            RunSpec.Built first = plan.get(0).built();
            stdout.printf(Locale.ROOT, "rnn4j compare: %s%n", first.task().describe());
            stdout.printf(Locale.ROOT, "%d models | %d steps, batch %d, %s, clip %s, seed %d | %d at once, one thread each"
                            + " | kernels %s%n", plan.size(), steps, batch, first.optimizer(), clip, seed, threads,
                    Kernels.implementationName());
            for (Planned p : plan) {
                stdout.println("  " + (p.match() != null ? p.match().describe(p.entry().label())
                        : String.format(Locale.ROOT, "%s: H=%d (fixed) → %,d parameters", p.entry().label(), p.spec().hidden(),
                                SequenceModel.parameterCount(p.built().model()))));
            }
        }
        stdout.println("comparison folder: " + dir.path());

        List<String> labels = all.stream().map(p -> several ? p.task() + " " + p.entry().label() : p.entry().label()).toList();
        double[] baselines = all.stream().mapToDouble(p -> p.built().task().memorylessLoss()).toArray();
        ProgressBoard board = noProgress ? null : new ProgressBoard(stdout, labels, steps, baselines, Terminal.interactive());
        List<CompareSummary.Row> rows = train(all, dir, several, board, threads);

        StringBuilder combined = new StringBuilder();
        int from = 0;
        for (Map.Entry<String, List<Planned>> e : plans.entrySet()) {
            List<Planned> plan = e.getValue();
            RunSpec.Built first = plan.get(0).built();
            double baseline = first.task().memorylessLoss();
            CompareSummary summary = new CompareSummary(title(first), plotTitle(e.getKey()), baseline,
                    settings(e.getKey(), first, threads, budget), rows.subList(from, from + plan.size()));
            from += plan.size();
            RunFolder target = several ? RunFolder.existing(dir.path().resolve(e.getKey())) : dir;
            String md = summary.markdown(steps);
            target.writeText("summary.md", md);
            target.writeText("summary.csv", summary.csv());
            target.writeText("summary.json", summary.json());
            target.writeText("curves.svg", summary.svg());
            if (several) combined.append("## ").append(e.getKey()).append("\n\n");
            combined.append(md).append(several ? "\n" : "");
        }
        if (several) dir.writeText("summary.md", combined.toString());
        stdout.println();
        stdout.print(combined);
        stdout.println();
        stdout.println(several
                ? "wrote " + dir.path() + "/summary.md and, per task, <task>/{summary.md, summary.csv, summary.json, curves.svg} and one run folder per model"
                : "wrote " + dir.path() + "/{summary.md, summary.csv, summary.json, curves.svg} and one run folder per model");
        return 0;
    }

    /** The tasks of {@code --task}: known names, each once. */
    private List<String> taskNames() {
        List<String> names = new ArrayList<>();
        for (String token : task.split(",", -1)) {
            String t = token.strip();
            if (!TaskRegistry.names().contains(t)) {
                throw new IllegalArgumentException("unknown task '" + t + "' in --task; known tasks: "
                        + String.join(", ", TaskRegistry.names()));
            }
            if (names.contains(t)) throw new IllegalArgumentException("--task names task '" + t + "' twice");
            names.add(t);
        }
        return names;
    }

    /** Trains every model, {@code threads} at a time; returns the rows in plan order. */
    private List<CompareSummary.Row> train(List<Planned> plan, RunFolder dir, boolean perTask, ProgressBoard board,
                                           int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CompareSummary.Row>> futures = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                final int k = i;
                Planned p = plan.get(k);
                Path folder = perTask ? dir.path().resolve(p.task()).resolve(p.entry().folderName())
                        : dir.path().resolve(p.entry().folderName());
                futures.add(pool.submit(() -> trainOne(p, k, folder, board)));
            }
            pool.shutdown();
            while (!pool.awaitTermination(200, TimeUnit.MILLISECONDS)) {
                if (board != null) board.redraw();
                for (Future<?> f : futures) if (f.isDone()) result(f); // a failure stops the comparison now
            }
            if (board != null) board.redraw();
            List<CompareSummary.Row> rows = new ArrayList<>();
            for (Future<CompareSummary.Row> f : futures) rows.add(result(f));
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    private CompareSummary.Row trainOne(Planned p, int index, Path path, ProgressBoard board) throws IOException {
        CompareModels.Entry e = p.entry();
        double baseline = p.built().task().memorylessLoss();
        RunFolder folder = RunFolder.at(path);
        Map<String, Object> config = RunTrainer.config(p.spec(), p.built(), "rnn4j compare", p.match());
        config.put("comparison_model", e.label());
        config.put("comparison_cell", e.flags());
        LossCurve curve = new LossCurve(steps);
        List<TrainListener> listeners = new ArrayList<>();
        listeners.add(curve);
        if (board != null) listeners.add(board.listener(index));
        if (p.curriculum() != null) config.put("curriculum", p.curriculum().describe());
        RunTrainer.Outcome o = RunTrainer.train(p.spec(), p.built(), folder, config, listeners, p.curriculum(), null);
        long divergedStep = o.diverged() != null ? o.diverged().step() : 0;
        CompareSummary.Row row = CompareSummary.Row.of(e.label(), e.flags(), p.spec().hidden(),
                SequenceModel.parameterCount(p.built().model()), p.match() == null ? null : p.match().budget(),
                e.folderName(), divergedStep, curve, baseline, o.updatedFraction(),
                p.curriculum() == null ? 1 : p.curriculum().fullTaskFrom());
        if (board != null) {
            board.finish(index, row.diverged() ? "diverged at step " + divergedStep
                    : String.format(Locale.ROOT, "done: loss %.4g (%.3g%% of memoryless) in %s", row.finalLoss(),
                    100 * row.finalLoss() / baseline, Format.duration(Math.round(row.seconds()))));
        }
        return row;
    }

    private static <T> T result(Future<T> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    private RunFolder createFolder(String name) throws IOException {
        if (out == null) return RunFolder.create(Path.of("runs"), "compare-" + name);
        if (Files.isDirectory(out)) Files.delete(out); // empty (checked above); recreated at once
        return RunFolder.at(out);
    }

    private static boolean isEmptyFolder(Path p) throws IOException {
        if (!Files.isDirectory(p)) return false;
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    /** The line above the table: the task and the shared settings. */
    private String title(RunSpec.Built b) {
        return String.format(Locale.ROOT, "%s — %,d steps, batch %d, %s, clip %s, seed %d, %d layer%s.",
                b.task().describe(), steps, batch, b.optimizer(), clip, seed, layers, layers == 1 ? "" : "s");
    }

    private String plotTitle(String task) {
        TaskOptions d = TaskRegistry.defaults(task);
        StringBuilder sb = new StringBuilder(task);
        sb.append(", lag ").append(lag != null ? lag : d.lag().orElse(0));
        if (d.length().isPresent()) sb.append(", L=").append(length != null ? length : d.length().getAsInt());
        return sb.append(String.format(Locale.ROOT, " (batch %d, %s%s, clip %s, seed %d)", batch, optimizer,
                lr != null ? " lr " + lr : "", clip, seed)).toString();
    }

    private Map<String, Object> settings(String task, RunSpec.Built b, int threads, long budget) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "rnn4j compare");
        m.put("task", task);
        m.put("task_description", b.task().describe());
        m.put("models_option", models);
        m.put("param_budget", budget);
        m.put("layers", layers);
        m.put("steps", steps);
        m.put("batch", batch);
        m.put("optimizer", b.optimizer().toString());
        m.put("clip", clip);
        m.put("seed", seed);
        m.put("jobs", threads);
        m.put("kernels", Kernels.implementationName());
        m.put("rnn4j_version", Main.version());
        m.put("java_version", Runtime.version().toString());
        return m;
    }

    /** Preset names for help and completion. */
    static final class PresetNames extends ArrayList<String> {
        PresetNames() {
            super(CompareModels.presetNames());
        }
    }
}
