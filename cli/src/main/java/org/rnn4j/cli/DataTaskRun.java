package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.data.Check;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.task.data.DataFolder;
import org.rnn4j.task.data.DataSets;
import org.rnn4j.task.data.PixelSequences;
import org.rnn4j.train.EpochPolicy;
import org.rnn4j.train.EpochTrainer;
import org.rnn4j.train.MetricsLog;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.StepMetrics;
import org.rnn4j.train.Trainer;

/**
 * {@code rnn4j train} on a fixed data set (psmnist, pmnist, seqmnist, seq-fashion-mnist, pcifar,
 * pcifar-serial): epochs over the
 * training fold, validation and test after every epoch, the test figures at the best validation
 * epoch. Writes a run folder like the synthetic tasks' (config.json, metrics.csv/jsonl,
 * params.bin) plus {@code epochs.csv}, and a summary.json with every epoch and the best one.
 */
final class DataTaskRun {
    private DataTaskRun() {}

    /** The data-set tasks {@code --task} accepts besides the synthetic ones. */
    static final List<String> TASKS = List.of("pcifar", "pcifar-serial", "pmnist", "psmnist", "seq-fashion-mnist", "seqmnist");
    /** The NRU protocol's batch size for psMNIST. */
    static final int DEFAULT_BATCH = 100;

    static boolean isDataTask(String name) {
        return TASKS.contains(name);
    }

    /** What the command line gave (already parsed), for the data-set path. */
    record Options(String task, String cell, Integer hidden, String params, int layers, CellRegistry.CellOptions cellOptions,
                   int epochs, int trainLimit, int batch, int evalBatch, String optimizer, Double lr, double clip, long seed,
                   int threads, Path dataDir, Path out, boolean noProgress, EpochPolicy policy, Integer pixelSymbols,
                   long permutationSeed, Integer truncation, Integer backpropSteps) {}

    /** Requires {@code --backprop-steps K2} ≥ 1, with one message naming the flag and its values. */
    static int checkBackpropSteps(int k2) {
        if (k2 < 1) {
            throw new IllegalArgumentException("--backprop-steps K2 must be >= 1 (the steps the gradient flows back from each"
                    + " segment's end), got " + k2);
        }
        return k2;
    }

    /**
     * The policy of {@code --lr-schedule none | step:N | plateau:P}, {@code --lr-factor F} (default
     * 0.5) and {@code --early-stop P} (default 0), with one clear message for a malformed value.
     */
    static EpochPolicy policy(String schedule, Double factor, Integer earlyStop) {
        double f = factor == null ? 0.5 : factor;
        EpochPolicy p;
        String spec = schedule == null ? "none" : schedule.trim();
        try {
            if (spec.equals("none")) {
                if (factor != null) throw new IllegalArgumentException("--lr-factor needs --lr-schedule step:N or plateau:P");
                p = EpochPolicy.none();
            } else if (spec.startsWith("step:")) {
                p = EpochPolicy.step(Integer.parseInt(spec.substring(5)), f);
            } else if (spec.startsWith("plateau:")) {
                p = EpochPolicy.plateau(Integer.parseInt(spec.substring(8)), f);
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--lr-schedule must be none, step:N (N >= 1 epochs) or plateau:P (P >= 0 epochs),"
                    + " got '" + schedule + "'");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--lr-schedule/--lr-factor: " + e.getMessage());
        }
        if (earlyStop != null && earlyStop < 0) {
            throw new IllegalArgumentException("--early-stop must be >= 0 (0 = never), got " + earlyStop);
        }
        return earlyStop == null ? p : p.withEarlyStop(earlyStop);
    }

    /** Runs it; every bad input fails (IllegalArgumentException) before anything is written. */
    static int run(Options o) throws IOException {
        Check.positive("--epochs", o.epochs());
        Check.positive("--batch", o.batch());
        Check.positive("--eval-batch", o.evalBatch());
        if (o.pixelSymbols() != null) Check.positive("--pixel-symbols", o.pixelSymbols());
        if (o.truncation() != null) Check.positive("--truncation", o.truncation());
        if (o.backpropSteps() != null) checkBackpropSteps(o.backpropSteps());
        Check.positive("--layers", o.layers());
        Check.positive("--threads", o.threads());
        Check.nonNegative("--clip", o.clip());
        if (o.trainLimit() < 0) throw new IllegalArgumentException("--train-limit must be >= 0 (0 = all), got " + o.trainLimit());
        if (o.params() != null && o.hidden() != null) {
            throw new IllegalArgumentException("--params and --hidden cannot be used together: --params picks H");
        }
        if (o.lr() != null) Check.positive("--lr", o.lr());
        Optimizer optimizer = Optimizer.create(o.optimizer(), o.lr() == null ? Double.NaN : o.lr());
        int hidden = o.hidden() == null ? TrainCommand.DEFAULT_HIDDEN : o.hidden();
        Check.positive("--hidden", hidden);
        ParamBudget.Match match = null;
        if (o.params() != null) {
            long budget = ParamBudget.parse(o.params());
            match = ParamBudget.match("cell '" + o.cell() + "'", budget, h -> SequenceModel.parameterCount(model(o, h, 1)));
            hidden = match.hidden();
        }
        if (o.pixelSymbols() != null && o.task().equals("pcifar")) {
            throw new IllegalArgumentException("--pixel-symbols needs one input per step: task 'pcifar' reads R, G, B at each step;"
                    + " use task 'pcifar-serial' (3072 steps x 1 input)");
        }
        model(o, hidden, 1);                                             // the cell options fail here, before the data is read
        DataFolder folder = DataFolder.resolve(o.dataDir(), System.getenv());
        PixelSequences data = switch (o.task()) {
            case "psmnist" -> PixelSequences.psmnist(folder, o.trainLimit());
            case "pmnist" -> PixelSequences.permuted(folder, DataSets.MNIST, o.permutationSeed(), o.trainLimit());
            case "seqmnist" -> PixelSequences.sequential(folder, DataSets.MNIST, o.trainLimit());
            case "seq-fashion-mnist" -> PixelSequences.sequential(folder, DataSets.FASHION_MNIST, o.trainLimit());
            case "pcifar" -> PixelSequences.cifar(folder, 3, o.trainLimit());
            case "pcifar-serial" -> PixelSequences.cifar(folder, 1, o.trainLimit());
            default -> throw new IllegalArgumentException("not a data-set task: " + o.task());
        };
        if (o.pixelSymbols() != null) data = data.withPixelSymbols();
        ModelConfig model = model(o, hidden, data.steps());
        // a pass keeps the rows of its steps in every layer buffer, about 4H + 3H floats per row for
        // an LSTM, which Java arrays cap at 2^31: training holds min(T, K) steps of --batch, or with
        // --backprop-steps K2 != K min(T, K2) (the window; the forward-only prefix runs in chunks of
        // <= K2 steps); evaluation min(T, K) steps of --eval-batch (K = T without --truncation)
        int steps = data.steps(), segment = o.truncation() == null ? steps : Math.min(steps, o.truncation());
        int trainSteps = o.backpropSteps() == null ? segment : Math.min(steps, o.backpropSteps());
        long rows = Math.max((long) trainSteps * o.batch(), (long) segment * o.evalBatch());
        int widest = Math.max(o.batch(), o.evalBatch());
        if (rows * 8L * hidden > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--batch/--eval-batch " + widest + " with H=" + hidden + " needs sequence buffers"
                    + " over 2^31 floats; use a smaller --eval-batch (only a memory/speed trade-off) or --truncation");
        }
        if (data.size(PixelSequences.Fold.TRAIN) < o.batch()) {
            throw new IllegalArgumentException("--train-limit " + o.trainLimit() + " leaves " + data.size(PixelSequences.Fold.TRAIN)
                    + " training examples, fewer than one batch of --batch " + o.batch() + ": raise --train-limit or lower --batch");
        }
        if (data.classes() != model.outputSize()) {
            throw new IllegalStateException(o.task() + " has " + data.classes() + " classes, the model " + model.outputSize());
        }
        double baseline = Math.log(data.classes());
        PrintStream out = System.out;
        if (match != null) out.println(match.describe(o.cell()));
        RunFolder run = RunFolder.create(o.out(), o.task() + "-" + o.cell());
        int batches = data.size(PixelSequences.Fold.TRAIN) / o.batch();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("task", o.task());
        config.put("task_description", data.describe());
        config.put("train_examples", data.size(PixelSequences.Fold.TRAIN));
        config.put("valid_examples", data.size(PixelSequences.Fold.VALID));
        config.put("test_examples", data.size(PixelSequences.Fold.TEST));
        config.put("train_limit", o.trainLimit());
        config.put("data_dir", folder.root().toString());
        config.put("memoryless_loss", baseline);
        config.put("cell", o.cell());
        config.put("cell_config", model.cell().toString());
        config.put("cell_options", RunConfig.describe(o.cellOptions()));
        config.put("hidden", hidden);
        config.put("layers", o.layers());
        config.put("parameters", SequenceModel.parameterCount(model));
        if (match != null) config.put("param_budget", match.toJson());
        config.put("loss", "cross_entropy");
        config.put("epochs", o.epochs());
        config.put("batch", o.batch());
        config.put("eval_batch", o.evalBatch());
        config.put("truncation", o.truncation() == null ? 0 : o.truncation());
        config.put("backprop_steps", o.backpropSteps() == null ? (o.truncation() == null ? 0 : o.truncation()) : o.backpropSteps());
        config.put("pixel_symbols", o.pixelSymbols() == null ? 0 : o.pixelSymbols());
        config.put("lr_schedule", o.policy().toString());
        config.put("optimizer", optimizer.toString());
        config.put("clip", o.clip());
        config.put("seed", o.seed());
        config.put("threads", o.threads());
        RunTrainer.putProvenance(config, "rnn4j train");
        out.printf(Locale.ROOT, "rnn4j train: %s | %s H=%d x%d (%,d params) | %s | %d epoch%s of %d batches of %d | kernels %s, %d thread%s%n",
                data.describe(), o.cell(), hidden, o.layers(), SequenceModel.parameterCount(model), optimizer, o.epochs(),
                o.epochs() == 1 ? "" : "s", batches, o.batch(), Kernels.implementationName(), o.threads(), o.threads() == 1 ? "" : "s");
        out.println("run folder: " + run.path());
        StringBuilder epochsCsv = new StringBuilder("epoch,updates,learning_rate,train_loss,train_accuracy,valid_loss,"
                + "valid_accuracy,test_loss,test_accuracy,seconds\n");
        try (SequenceModel m = new SequenceModel(model, Trainer.initRandom(o.seed()), o.threads());
             MetricsLog metrics = new MetricsLog(run.file("metrics.csv"), run.file("metrics.jsonl"), 50, m)) {
            run.writeText("config.json", Format.json(config));
            ProgressBar bar = o.noProgress() ? null
                    : new ProgressBar(out, "", (long) o.epochs() * batches, baseline, Terminal.interactive());
            List<EpochTrainer.Listener> listeners = new ArrayList<>();
            listeners.add(new EpochTrainer.Listener() {
                @Override
                public void onStep(StepMetrics s) {
                    metrics.onStep(s);
                    if (bar != null) bar.onStep(s);
                }

                @Override
                public void onEpoch(EpochTrainer.EpochResult r) {
                    out.println(epochLine(r, o.epochs()));
                    epochsCsv.append(String.format(Locale.ROOT, "%d,%d,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f%n", r.epoch(),
                            r.updates(), Double.toString(r.learningRate()), r.trainLoss(), r.trainAccuracy(), r.valid().loss(), r.valid().accuracy(),
                            r.test().loss(), r.test().accuracy(), r.seconds()));
                }
            });
            EpochTrainer trainer = new EpochTrainer(m, optimizer, data, o.batch(), o.evalBatch(), o.clip(), listeners)
                    .policy(o.policy());
            if (o.truncation() != null || o.backpropSteps() != null) {
                int k1 = o.truncation() == null ? EpochTrainer.WHOLE_SEQUENCE : o.truncation();
                trainer.truncation(k1, o.backpropSteps() == null ? k1 : o.backpropSteps());
            }
            EpochTrainer.Result result = RunTrainer.runEpochs(trainer, o.epochs(), m, run, epochsCsv);
            EpochTrainer.EpochResult best = result.best();
            Map<String, Object> summary = RunTrainer.epochSummary(result);
            summary.put("best_valid_loss", best.valid().loss());
            summary.put("best_valid_accuracy", best.valid().accuracy());
            summary.put("test_loss_at_best_valid", best.test().loss());
            summary.put("test_accuracy_at_best_valid", best.test().accuracy());
            EpochTrainer.EpochResult last = result.epochs().get(result.epochs().size() - 1);
            summary.put("final_train_loss", last.trainLoss());
            summary.put("memoryless_loss", baseline);
            summary.put("seconds", result.epochs().stream().mapToDouble(EpochTrainer.EpochResult::seconds).sum());
            if (m.hasTimeGate()) summary.put("gate_measured_on", "the final model's last evaluation pass: the last test batch (its last segment with --truncation)");
            RunTrainer.putGateMeasures(summary, m);                     // the last forward pass: the final test batch
            run.writeText("summary.json", Format.json(summary));
            if (result.stoppedEarly()) out.println("stopped early: no better validation loss for " + o.policy().earlyStop() + " epochs");
            out.printf(Locale.ROOT, "done: best validation at epoch %d: valid accuracy %.2f%%, test accuracy %.2f%% (test loss %.4f).%n",
                    best.epoch(), 100 * best.valid().accuracy(), 100 * best.test().accuracy(), best.test().loss());
            if (m.hasTimeGate()) {
                out.printf(Locale.ROOT, "time gate: %.2f%% of the unit-steps updated (k > threshold) in the final model's last"
                        + " evaluation pass (the last test batch) = %.4f of an LSTM's updates%n", 100 * m.lastUpdatedFraction(), m.lastUpdatedFraction());
            }
        }
        return 0;
    }

    static String epochLine(EpochTrainer.EpochResult r, int epochs) {
        return String.format(Locale.ROOT, "epoch %d/%d: lr %.3g, train loss %.4f acc %.2f%% | valid loss %.4f acc %.2f%% | test loss %.4f acc %.2f%% | %s",
                r.epoch(), epochs, r.learningRate(), r.trainLoss(), 100 * r.trainAccuracy(), r.valid().loss(), 100 * r.valid().accuracy(),
                r.test().loss(), 100 * r.test().accuracy(), Format.duration(Math.round(r.seconds())));
    }

    /**
     * The model for sequences of {@code steps} pixels (only a time-gated cell's initialisation
     * depends on it, never the parameter count: the checks before the data is read pass 1).
     */
    private static ModelConfig model(Options o, int hidden, int steps) {
        if (o.pixelSymbols() != null) {
            int D = o.pixelSymbols();
            CellConfig cell = CellRegistry.create(o.cell(), D, hidden, steps, o.cellOptions());
            return ModelConfig.classifier(cell, 10).withLayers(o.layers()).withEmbedding(256, D);
        }
        int inputs = o.task().equals("pcifar") ? 3 : 1;                  // R, G, B at each step
        CellConfig cell = CellRegistry.create(o.cell(), inputs, hidden, steps, o.cellOptions());
        return ModelConfig.classifier(cell, 10).withLayers(o.layers());
    }
}
