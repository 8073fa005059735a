package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.cell.EurnnConfig;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.task.TaskOptions;
import org.rnn4j.task.TaskRegistry;
import org.rnn4j.train.MetricsLog;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TrainListener;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rnn4j train}: trains one model on one task and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a recurrent model on a task with full BPTT and writes a run folder",
                "(config.json, metrics.csv, metrics.jsonl, summary.json, params.bin).", ""},
        footer = {"", "Examples:", "  rnn4j train --task copy --lag 100 --cell lstm --hidden 70 --steps 2000",
                "  rnn4j train --task copy --lag 100 --cell lstm --hidden 70 --chrono 120 --chrono-sampling integer",
                "  rnn4j train --task copy --lag 100 --cell sru --hidden 60 --sru-phi 55 --sru-r 16"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--task", required = true, paramLabel = "NAME",
            description = "Task: ${COMPLETION-CANDIDATES}.", completionCandidates = TaskNames.class)
    String task;

    @Option(names = "--lag", paramLabel = "T",
            description = "Lag T (copy: fixed lag; varcopy: longest lag; denoise: noisy span; adding: length). Default per task.")
    Integer lag;

    @Option(names = "--length", paramLabel = "L", description = "Digits to copy or recall L (copy, varcopy, denoise). Default 10.")
    Integer length;

    @Option(names = "--cell", required = true, paramLabel = "NAME",
            description = "Cell: ${COMPLETION-CANDIDATES}.", completionCandidates = CellNames.class)
    String cell;

    @Option(names = "--hidden", defaultValue = "128", paramLabel = "H", description = "Hidden units H (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", paramLabel = "N", description = "Stacked layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--steps", defaultValue = "2000", paramLabel = "N", description = "Optimizer updates (default ${DEFAULT-VALUE}).")
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

    @Option(names = "--seed", defaultValue = "5", paramLabel = "N", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Compute threads; results do not depend on it (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--peepholes", description = "lstm: Graves (2013) peephole connections.")
    Boolean peepholes;

    @Option(names = "--forget-bias", paramLabel = "V", description = "lstm: forget-gate bias V, other biases 0 (default: PyTorch init).")
    Double forgetBias;

    @Option(names = "--activation", paramLabel = "NAME", description = "rnn: tanh or relu (default tanh).")
    String activation;

    @Option(names = "--recurrent-init", paramLabel = "NAME", description = "rnn: default, orthogonal or identity.")
    String recurrentInit;

    @Option(names = "--layer-norm", description = "rnn, nru: LayerNorm on the pre-activation.")
    Boolean layerNorm;

    @Option(names = "--beta", paramLabel = "V", description = "janet: shift of the input gate 1 - sigmoid(s_f - beta) (default 0).")
    Double beta;

    @Option(names = "--chrono", paramLabel = "TMAX",
            description = "lstm, janet, gru: chrono initialisation of the gate biases (Tallec & Ollivier 2018) for"
                    + " dependencies up to TMAX steps: forget/update bias log T, LSTM input bias -log T, other biases 0.")
    Double chrono;

    @Option(names = "--chrono-sampling", paramLabel = "MODE",
            description = "With --chrono: continuous (T ~ U[1, TMAX-1], the paper; default) or integer"
                    + " (T ~ {1..TMAX}, the NRU authors' code).")
    String chronoSampling;

    @Option(names = "--reset-after", arity = "1", paramLabel = "BOOL",
            description = "gru: true = reset gate after the recurrent product (PyTorch; default), false = before it"
                    + " with one bias (Cho et al. 2014; the NRU paper's GRU).")
    Boolean resetAfter;

    @Option(names = "--sru-phi", paramLabel = "F", description = "sru: width of the statistics phi (default H).")
    Integer sruPhi;

    @Option(names = "--sru-r", paramLabel = "R", description = "sru: width of the recurrent summary r (default ceil(H/4)).")
    Integer sruR;

    @Option(names = "--sru-alphas", paramLabel = "A,...",
            description = "sru: decay rates of the moving averages, each in [0, 1) (default 0,0.5,0.9,0.99,0.999).")
    String sruAlphas;

    @Option(names = "--capacity", paramLabel = "L",
            description = "eurnn, goru: rotation layers L of the orthogonal matrix, 1..H (default "
                    + EurnnConfig.DEFAULT_CAPACITY + ").")
    Integer capacity;

    @Mixin
    NruOptionsMixin nru = new NruOptionsMixin();

    @Option(names = "--out", defaultValue = "runs", paramLabel = "DIR", description = "Where run folders go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        RunSpec spec = new RunSpec(task, TaskOptions.of(lag, length), cell, hidden, layers,
                new CellRegistry.CellOptions(peepholes, forgetBias, activation, recurrentInit, layerNorm, beta,
                        chrono, chronoSampling, resetAfter, sruPhi, sruR, sruAlphas, capacity).withNru(nru.options()),
                steps, batch, optimizer, lr == null ? Double.NaN : lr, clip, seed, threads);
        RunSpec.Built built = spec.build(); // every bad input fails here, before anything is written
        PrintStream out = System.out;
        RunFolder folder = RunFolder.create(this.out, task + "-" + cell);
        Map<String, Object> config = spec.describe(built);
        config.put("kernels", Kernels.implementationName());
        config.put("rnn4j_version", Main.version());
        config.put("java_version", Runtime.version().toString());
        config.put("command", "rnn4j train");
        try (SequenceModel model = new SequenceModel(built.model(), Trainer.initRandom(seed), threads);
             MetricsLog metrics = new MetricsLog(folder.file("metrics.csv"), folder.file("metrics.jsonl"), 50)) {
            config.put("parameters", model.parameterCount());
            folder.writeText("config.json", Format.json(config));
            out.printf(Locale.ROOT, "rnn4j train: %s | %s H=%d x%d (%,d params) | %s | kernels %s, %d thread%s%n",
                    built.task().describe(), cell, hidden, layers, model.parameterCount(), built.optimizer(),
                    Kernels.implementationName(), threads, threads == 1 ? "" : "s");
            out.println("run folder: " + folder.path());
            List<TrainListener> listeners = new ArrayList<>();
            listeners.add(metrics);
            if (!noProgress) {
                listeners.add(new ProgressBar(out, "", steps, built.task().memorylessLoss(), Terminal.interactive()));
            }
            Trainer trainer = new Trainer(model, built.optimizer(), built.task()::sample, built.train(),
                    Trainer.dataRandom(seed), listeners);
            Trainer.Result result;
            try {
                result = trainer.run();
            } catch (TrainingDivergedException e) {
                folder.writeParams(model.params(), model.layout());
                folder.writeText("summary.json", Format.json(Map.of("status", "diverged", "message", e.getMessage(),
                        "step", e.step())));
                throw e;
            }
            folder.writeParams(model.params(), model.layout());
            double baseline = built.task().memorylessLoss();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("status", "done");
            summary.put("steps", result.steps());
            summary.put("final_loss", result.finalLoss());
            summary.put("mean_loss_last_steps", result.meanLastLoss());
            summary.put("memoryless_loss", baseline);
            summary.put("ratio_to_memoryless", result.meanLastLoss() / baseline);
            summary.put("seconds", result.seconds());
            folder.writeText("summary.json", Format.json(summary));
            out.println(summaryLine(result, baseline));
        }
        return 0;
    }

    static String summaryLine(Trainer.Result r, double baseline) {
        double ratio = r.meanLastLoss() / baseline;
        String verdict = ratio < 0.5 ? "far below the memoryless baseline: the model remembers"
                : ratio < 0.95 ? "below the memoryless baseline"
                : "not below the memoryless baseline: the model has not learned to remember yet";
        return String.format(Locale.ROOT, "done: %d steps in %s; loss %.5f (mean of the last steps) vs memoryless %.5f"
                        + " = %.1f%% of it, %s.", r.steps(), Format.duration(Math.round(r.seconds())), r.meanLastLoss(),
                baseline, 100 * ratio, verdict);
    }

    /** Task names for help and completion. */
    static final class TaskNames extends ArrayList<String> {
        TaskNames() {
            super(TaskRegistry.names());
        }
    }

    /** Cell names for help and completion. */
    static final class CellNames extends ArrayList<String> {
        CellNames() {
            super(CellRegistry.names());
        }
    }
}
