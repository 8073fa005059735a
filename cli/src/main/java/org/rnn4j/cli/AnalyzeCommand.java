package org.rnn4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.rnn4j.analysis.SequenceAnalysis;
import org.rnn4j.cell.Cell;
import org.rnn4j.data.Batch;
import org.rnn4j.data.Check;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskOptions;
import org.rnn4j.task.TaskRegistry;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j analyze}: gradient flow and state traces of a model on one sequence (the NRU
 * paper's analysis, nru-chrono.md §1.8; the math is {@link SequenceAnalysis}). The model comes
 * from a run folder ({@code --run}: config.json + params.bin) or is built untrained from the same
 * task and cell options as {@code rnn4j train}, which this command takes over from
 * {@link TrainCommand} when the command line is built ({@link CopyModelOptions}), so a cell option
 * added to {@code train} works here too.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = AnalyzeCommand.CopyModelOptions.class, subcommands = TimescalesCommand.class,
        description = {"Gradient flow and state traces of a model on one sequence of its task.",
                "For every step t: ||dl_T/ds_t|| for each state block s (h, c, m, ...) with l_T",
                "the loss of the last step, ||h_t|| and ||h_t - h_T||; and the trace of every",
                "state block beyond h. Writes analysis.csv, <block>_trace.csv, analysis.json",
                "and PNG figures (line plots and heat-maps) into --out.",
                "The model: --run DIR (a folder written by 'rnn4j train'), or --task, --cell",
                "and the other model options of 'rnn4j train' for an untrained model.",
                "Subcommand 'timescales': time scales from the gates and the gradient-decay probe",
                "(rnn4j analyze timescales --help).", ""},
        footer = {"", "Examples:", "  rnn4j analyze --run runs/20250101-120000-copy-lstm --out analysis",
                "  rnn4j analyze --task copy --lag 20 --cell lstm --hidden 64 --out untrained",
                "  rnn4j analyze timescales --task adding --lag 100 --cell lstm --chrono 100 --out ts"})
final class AnalyzeCommand implements Callable<Integer> {
    /** Options of {@code train} that describe the task and model (besides every cell option). */
    static final List<String> MODEL_OPTIONS = List.of("--task", "--lag", "--length", "--cell", "--hidden", "--layers");
    /** Options that may change the task of a {@code --run} model (the model itself is fixed). */
    static final List<String> TASK_OVERRIDES = List.of("--lag", "--length");

    @CommandLine.Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "A run folder written by 'rnn4j train' (config.json, params.bin).")
    Path run;

    @Option(names = "--seed", defaultValue = "1000", paramLabel = "N",
            description = "Seed of the analysed sequence (default ${DEFAULT-VALUE}, as in the NRU authors' notebook).")
    long seed;

    @Option(names = "--layer", defaultValue = "0", paramLabel = "N",
            description = "Layer to analyse, 0 = nearest the input (default ${DEFAULT-VALUE}, as in the NRU authors' notebook).")
    int layer;

    @Option(names = "--init-seed", defaultValue = "5", paramLabel = "N",
            description = "Seed of the initial parameters of an untrained model (default ${DEFAULT-VALUE}, train's default seed).")
    long initSeed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (created; files in an existing folder are replaced).")
    Path out;

    /** The resolved model: where it came from, its task and configuration. */
    record Source(String label, String taskName, TaskOptions taskOptions, String cell, int hidden, int layers,
                          CellRegistry.CellOptions cellOptions, long parameters) {}

    @Override
    public Integer call() throws IOException {
        if (out == null) throw new IllegalArgumentException("--out DIR is required (the folder the analysis is written to)");
        Source src = source(spec, run, initSeed);
        checkOut(out);
        Task task = TaskRegistry.create(src.taskName(), src.taskOptions());
        ModelConfig cfg = RunSpec.model(task, src.cell(), src.hidden(), src.layers(), src.cellOptions());
        Check.inRange("--layer", layer, 0, cfg.layers() - 1);
        Map<String, byte[]> files;
        try (SequenceModel model = open(src, cfg, run, initSeed, 1)) {
            Batch sequence = task.sample(1, Trainer.dataRandom(seed));
            SequenceAnalysis a = SequenceAnalysis.of(model, sequence, layer);
            String title = String.format(Locale.ROOT, "%s%s H=%d%s | %s | layer %d | seed %d", run == null ? "untrained " : "",
                    src.cell(), src.hidden(), src.layers() > 1 ? " x" + src.layers() : "", taskLabel(src), layer, seed);
            files = outputs(a, title, describe(src, task, a));
            System.out.printf(Locale.ROOT, "rnn4j analyze: %s | %s H=%d x%d | %s%n", task.describe(), src.cell(), src.hidden(),
                    src.layers(), src.label());
            System.out.print(summary(a, task));
        }
        writeAll(out, files, AnalyzeCommand::analyzeOutput);
        System.out.println("wrote " + out + ": " + String.join(", ", files.keySet()));
        return 0;
    }

    /** {@code --out} may be a new or an existing folder, not a file. */
    static void checkOut(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
        }
    }

    /**
     * The model of {@code src} on {@code threads} threads: initialised from {@code initSeed}, then
     * with a run's parameters when {@code run} is given (their count checked against config.json).
     */
    static SequenceModel open(Source src, ModelConfig cfg, Path run, long initSeed, int threads) throws IOException {
        SequenceModel model = new SequenceModel(cfg, Trainer.initRandom(initSeed), threads);
        try {
            if (run != null) {
                if (src.parameters() != model.parameterCount()) {
                    throw new IllegalArgumentException(run.resolve("config.json") + " says " + src.parameters()
                            + " parameters but its model has " + model.parameterCount());
                }
                float[] p = RunFolder.readParams(run, model.layout());
                System.arraycopy(p, 0, model.params(), 0, p.length);
            }
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The model a command with the analyze options ({@code --run} or the task and model options of
     * {@code train}, {@link CopyModelOptions}) asks for.
     */
    static Source source(CommandSpec spec, Path run, long initSeed) throws IOException {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        return run != null ? fromRun(spec, parsed, run) : untrained(spec, initSeed);
    }

    private static Source fromRun(CommandSpec spec, CommandLine.ParseResult parsed, Path run) throws IOException {
        for (OptionSpec o : modelOptions(spec)) {
            if (parsed.hasMatchedOption(o) && !TASK_OVERRIDES.contains(o.longestName())) {
                throw new IllegalArgumentException(o.longestName() + " does not apply with --run: the run's config.json fixes"
                        + " the model (only " + String.join(" and ", TASK_OVERRIDES) + " may change its task)");
            }
        }
        if (parsed.hasMatchedOption("--init-seed")) {
            throw new IllegalArgumentException("--init-seed does not apply with --run: the parameters come from params.bin");
        }
        if (!Files.isDirectory(run)) throw new IllegalArgumentException("--run " + run + " is not a directory");
        RunConfig rc = RunConfig.read(run);
        TaskOptions o = rc.taskOptions();
        Integer lag = value(spec, "--lag"), length = value(spec, "--length");
        if (lag != null) o = o.withLag(lag);
        if (length != null) o = o.withLength(length);
        return new Source("run " + run, rc.task(), RunConfig.resolve(rc.task(), o), rc.cell(), rc.hidden(), rc.layers(), rc.cellOptions(), rc.parameters());
    }

    private static Source untrained(CommandSpec spec, long initSeed) {
        String task = value(spec, "--task"), cell = value(spec, "--cell");
        if (task == null || cell == null) {
            throw new IllegalArgumentException("give --run DIR (a trained model) or --task and --cell (an untrained one)");
        }
        Integer h = value(spec, "--hidden");
        int hidden = h == null ? TrainCommand.DEFAULT_HIDDEN : h, layers = value(spec, "--layers");
        Check.positive("--hidden", hidden);
        Check.positive("--layers", layers);
        Map<String, Object> given = new LinkedHashMap<>();
        for (String name : cellOptionNames()) given.put(RunConfig.key(name), spec.findOption(option(name)).getValue());
        CellRegistry.CellOptions co = RunConfig.cellOptions(given, "the command line");
        return new Source("untrained, init seed " + initSeed, task, RunConfig.resolve(task, TaskOptions.of(value(spec, "--lag"),
                value(spec, "--length"))), cell,
                hidden, layers, co, -1);
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(CommandSpec spec, String option) {
        return (T) spec.findOption(option).getValue();
    }

    /** For example {@code copy T=20 L=10}. */
    static String taskLabel(Source s) {
        StringBuilder sb = new StringBuilder(s.taskName());
        s.taskOptions().lag().ifPresent(v -> sb.append(" T=").append(v));
        s.taskOptions().length().ifPresent(v -> sb.append(" L=").append(v));
        return sb.toString();
    }

    private Map<String, Object> describe(Source src, Task task, SequenceAnalysis a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "rnn4j analyze");
        m.put("model", src.label());
        m.put("task", src.taskName());
        m.put("task_description", task.describe());
        m.put("task_options", RunConfig.describe(src.taskOptions()));
        m.put("cell", src.cell());
        m.put("cell_options", RunConfig.describe(src.cellOptions()));
        m.put("hidden", src.hidden());
        m.put("layers", src.layers());
        m.put("layer", a.layer());
        m.put("seed", seed);
        if (run == null) m.put("init_seed", initSeed);
        m.put("steps", a.steps());
        m.put("loss_step", a.lossStep());
        m.put("loss_at_last_step", a.lossAtLastStep());
        m.put("loss", a.loss());
        Map<String, Object> blocks = new LinkedHashMap<>();
        for (Cell.StateBlock b : a.blocks()) blocks.put(b.name(), b.width());
        m.put("state_blocks", blocks);
        m.put("rnn4j_version", Main.version());
        return m;
    }

    private static String summary(SequenceAnalysis a, Task task) {
        StringBuilder sb = new StringBuilder();
        int T = a.steps(), ts = a.lossStep();
        String unit = task.kind() == Task.Kind.CLASSIFICATION ? " nats" : "";
        if (!a.lossAtLastStep()) {
            sb.append(String.format(Locale.ROOT, "note: the last step (t=%d) carries no loss in this task; the analysed loss"
                    + " is that of the last step that does, t=%d.%n", T - 1, ts));
        }
        sb.append(String.format(Locale.ROOT, "T=%d steps; loss of step t=%d: %.5g%s.", T, ts, a.loss(), unit));
        for (int k = 0; k < a.blocks().size(); k++) {
            double[] g = a.gradNorms()[k];
            sb.append(String.format(Locale.ROOT, " ||dl/d%s_t||: %s at t=%d, %s at t=0;", a.blocks().get(k).name(), number(g[ts]), ts,
                    number(g[0])));
        }
        sb.setLength(sb.length() - 1);
        return sb.append(".\n").toString();
    }

    private static String number(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
    }

    // ------------------------------------------------------------------ outputs

    /** Every output file's bytes, computed before anything is written. */
    static Map<String, byte[]> outputs(SequenceAnalysis a, String title, Map<String, Object> info) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        int T = a.steps();
        List<Cell.StateBlock> blocks = a.blocks();
        StringBuilder csv = new StringBuilder("t");
        for (Cell.StateBlock b : blocks) csv.append(",grad_norm_").append(b.name());
        csv.append(",h_norm,h_dist_to_last\n");
        for (int t = 0; t < T; t++) {
            csv.append(t);
            for (int k = 0; k < blocks.size(); k++) csv.append(',').append(a.gradNorms()[k][t]);
            csv.append(',').append(a.hNorm()[t]).append(',').append(a.hDistToLast()[t]).append('\n');
        }
        f.put("analysis.csv", bytes(csv.toString()));
        f.put("analysis.json", bytes(Format.json(info)));
        double[] steps = new double[T];
        for (int t = 0; t < T; t++) steps[t] = t;
        PngLinePlot grads = new PngLinePlot(title, "time step t", "||dl_T/ds_t||  (log scale)", true);
        for (int k = 0; k < blocks.size(); k++) grads.add(new PngLinePlot.Series("s = " + blocks.get(k).name(), steps, a.gradNorms()[k]));
        f.put("grad_norms.png", PngEncoder.encode(grads.render()));
        f.put("h_norm.png", PngEncoder.encode(new PngLinePlot(title, "time step t", "||h_t||", false)
                .add(new PngLinePlot.Series("", steps, a.hNorm())).render()));
        f.put("h_dist_to_last.png", PngEncoder.encode(new PngLinePlot(title, "time step t", "||h_t - h_T||", false)
                .add(new PngLinePlot.Series("", steps, a.hDistToLast())).render()));
        for (int k = 1; k < blocks.size(); k++) {
            String name = blocks.get(k).name();
            int W = blocks.get(k).width();
            StringBuilder tr = new StringBuilder("t");
            for (int j = 0; j < W; j++) tr.append(',').append(name).append('_').append(j);
            tr.append('\n');
            for (int t = 0; t < T; t++) {
                tr.append(t);
                for (int j = 0; j < W; j++) tr.append(',').append(a.traces()[k][t * W + j]);
                tr.append('\n');
            }
            f.put(name + "_trace.csv", bytes(tr.toString()));
            f.put(name + "_trace.png", PngEncoder.encode(new PngHeatMap(name + "_t: " + title, "time step t", name + " unit",
                    a.traces()[k], T, W, false).render()));
            f.put(name + "_increments.png", PngEncoder.encode(new PngHeatMap(name + "_t - " + name + "_t-1: " + title,
                    "time step t", name + " unit", a.increments()[k], T, W, true).render()));
        }
        return f;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The names {@code rnn4j analyze} may write (some only for some cells): stale ones are removed on a rerun. */
    static boolean analyzeOutput(String name) {
        return List.of("analysis.csv", "analysis.json", "grad_norms.png", "h_norm.png", "h_dist_to_last.png").contains(name)
                || name.endsWith("_trace.csv") || name.endsWith("_trace.png") || name.endsWith("_increments.png");
    }

    /**
     * Writes the files into {@code dir}: all of them first into a fresh sibling folder, which then
     * becomes {@code dir} by one move when {@code dir} does not exist; otherwise each file is moved
     * into {@code dir}, replacing the old one, and files an earlier run of the same command wrote
     * ({@code owned}) that this run did not are deleted, so the folder describes one run. Other
     * files are left alone. On failure the sibling folder is removed.
     */
    static void writeAll(Path dir, Map<String, byte[]> files, java.util.function.Predicate<String> owned) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) throw new IllegalArgumentException("--out must not be the root directory");
        Files.createDirectories(parent);
        // A plain directory (createTempDirectory would make it owner-only, and it becomes the output folder).
        Path stage = Files.createDirectory(parent.resolve("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime()));
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) Files.write(stage.resolve(e.getKey()), e.getValue());
            if (!Files.exists(abs)) {
                move(stage, abs);
                return;
            }
            for (String name : files.keySet()) move(stage.resolve(name), abs.resolve(name));
            try (Stream<Path> old = Files.list(abs)) {
                for (Path f : old.toList()) {
                    String name = f.getFileName().toString();
                    if (owned.test(name) && !files.containsKey(name) && Files.isRegularFile(f)) Files.delete(f);
                }
            }
        } finally {
            deleteTree(stage);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    // ------------------------------------------------------------------ options taken over from train

    /** The record components of {@link CellRegistry.CellOptions}, as names ({@code forgetBias}). */
    static List<String> cellOptionNames() {
        return Arrays.stream(CellRegistry.CellOptions.class.getRecordComponents()).map(c -> c.getName()).toList();
    }

    /** {@code forgetBias} → {@code --forget-bias}. */
    static String option(String component) {
        return "--" + component.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static List<OptionSpec> modelOptions(CommandSpec spec) {
        List<OptionSpec> list = new ArrayList<>();
        for (String n : MODEL_OPTIONS) list.add(spec.findOption(n));
        for (String c : cellOptionNames()) list.add(spec.findOption(option(c)));
        return list;
    }

    /**
     * Adds to {@code analyze} the task and model options of {@code train} ({@link #MODEL_OPTIONS}
     * and one per cell option), with the same names, types, defaults and help, none required.
     */
    static final class CopyModelOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec analyze) {
            CommandSpec train = CommandSpec.forAnnotatedObject(new TrainCommand());
            List<String> names = new ArrayList<>(MODEL_OPTIONS);
            for (String c : cellOptionNames()) names.add(option(c));
            for (String n : names) {
                OptionSpec o = train.findOption(n);
                if (o == null) throw new IllegalStateException("rnn4j train has no option " + n + " to share with analyze");
                OptionSpec.Builder b = OptionSpec.builder(o.names()).type(o.type()).auxiliaryTypes(o.auxiliaryTypes())
                        .arity(o.arity()).paramLabel(o.paramLabel()).description(o.description()).required(false)
                        .completionCandidates(o.completionCandidates());
                if (o.defaultValue() != null) b.defaultValue(o.defaultValue());
                analyze.addOption(b.build());
            }
            return analyze;
        }
    }
}
