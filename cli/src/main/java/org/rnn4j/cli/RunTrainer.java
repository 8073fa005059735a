package org.rnn4j.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.EpochTrainer;
import org.rnn4j.train.MetricsLog;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TemporalCurriculum;
import org.rnn4j.train.TrainListener;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingDivergedException;

/**
 * Trains one resolved run into a run folder: {@code config.json}, {@code metrics.csv},
 * {@code metrics.jsonl}, {@code params.bin} (+ layout) and {@code summary.json}. Shared by
 * {@code rnn4j train} and {@code rnn4j compare}, so both write the same format.
 */
final class RunTrainer {
    private RunTrainer() {}

    /**
     * How a run ended: the trainer's result, or the divergence that stopped it (exactly one is
     * non-null); for a model with a time gate the updated fraction of its last step (else NaN).
     */
    record Outcome(Trainer.Result result, TrainingDivergedException diverged, double updatedFraction) {}

    /**
     * The run's config.json: the resolved settings, the parameter count, the parameter budget when
     * one chose H ({@code null} otherwise), kernels and versions.
     */
    static Map<String, Object> config(RunSpec spec, RunSpec.Built built, String command, ParamBudget.Match budget) {
        Map<String, Object> config = spec.describe(built);
        config.put("parameters", SequenceModel.parameterCount(built.model()));
        if (budget != null) config.put("param_budget", budget.toJson());
        putProvenance(config, command);
        return config;
    }

    /**
     * Runs {@code epochs} epochs of {@code trainer} on {@code model} into {@code folder}:
     * {@code epochs.csv} (the lines gathered in {@code epochsCsv}) is written however the run ends,
     * then the parameters; a divergence also writes summary.json (status {@code diverged}) and is
     * rethrown.
     */
    static EpochTrainer.Result runEpochs(EpochTrainer trainer, int epochs, SequenceModel model, RunFolder folder,
                                         StringBuilder epochsCsv) throws IOException {
        EpochTrainer.Result result;
        try {
            result = trainer.run(epochs);
        } catch (TrainingDivergedException e) {
            folder.writeParams(model.params(), model.layout());
            folder.writeText("summary.json", Format.json(Map.of("status", "diverged", "message", e.getMessage(), "step", e.step())));
            throw e;
        } finally {
            folder.writeText("epochs.csv", epochsCsv.toString());
        }
        folder.writeParams(model.params(), model.layout());
        return result;
    }

    /** The first keys of an epoch run's summary.json: status, epochs run, whether it stopped early, the best epoch. */
    static Map<String, Object> epochSummary(EpochTrainer.Result result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", "done");
        summary.put("epochs", result.epochs().size());
        summary.put("stopped_early", result.stoppedEarly());
        summary.put("best_epoch", result.best().epoch());
        return summary;
    }

    /**
     * For a model with a time gate, the measures of its last forward pass (the last training
     * step's batch; after epochs, the last evaluation batch):
     * {@code budget_loss} (λ·B), {@code gate_openness} (B), {@code updated_fraction} (unit-steps with
     * k &gt; ε) and {@code updates_vs_lstm} (the same number: an LSTM updates every unit every step).
     */
    static void putGateMeasures(Map<String, Object> summary, SequenceModel model) {
        if (!model.hasTimeGate()) return;
        summary.put("budget_loss", model.lastBudgetLoss());
        summary.put("gate_openness", model.lastGateOpenness());
        summary.put("updated_fraction", model.lastUpdatedFraction());
        summary.put("updates_vs_lstm", model.lastUpdatedFraction());
    }

    /** Adds what made a run to its config: the kernels, the rnn4j and Java versions and the command. */
    static void putProvenance(Map<String, Object> config, String command) {
        config.put("kernels", Kernels.implementationName());
        config.put("rnn4j_version", Main.version());
        config.put("java_version", Runtime.version().toString());
        config.put("command", command);
    }

    /**
     * Writes {@code config} and trains; {@code listeners} see every step after the metrics log.
     * A divergence is written to summary.json (status {@code diverged}) and returned, not thrown.
     */
    static Outcome train(RunSpec spec, RunSpec.Built built, RunFolder folder, Map<String, Object> config,
                         List<TrainListener> listeners) throws IOException {
        return train(spec, built, folder, config, listeners, null, null);
    }

    /**
     * {@link #train(RunSpec, RunSpec.Built, RunFolder, Map, List)} drawing its batches from a
     * temporal curriculum ({@code plan}; null: the task's own batches), whose stage starts go to
     * {@code stages} (may be null).
     */
    static Outcome train(RunSpec spec, RunSpec.Built built, RunFolder folder, Map<String, Object> config,
                         List<TrainListener> listeners, CurriculumPlan plan, TemporalCurriculum.Listener stages)
            throws IOException {
        try (SequenceModel model = new SequenceModel(built.model(), Trainer.initRandom(spec.seed()), spec.threads());
             MetricsLog metrics = new MetricsLog(folder.file("metrics.csv"), folder.file("metrics.jsonl"), 50, model)) {
            folder.writeText("config.json", Format.json(config));
            List<TrainListener> all = new ArrayList<>();
            all.add(metrics);
            all.addAll(listeners);
            BatchSource source = plan == null ? built.task()::sample
                    : plan.build(model, spec.taskName(), spec.taskOptions(), built.task(), stages);
            Trainer trainer = new Trainer(model, built.optimizer(), source, built.train(), Trainer.dataRandom(spec.seed()), all);
            Trainer.Result result;
            try {
                result = trainer.run();
            } catch (TrainingDivergedException e) {
                folder.writeParams(model.params(), model.layout());
                folder.writeText("summary.json", Format.json(Map.of("status", "diverged", "message", e.getMessage(),
                        "step", e.step())));
                return new Outcome(null, e, Double.NaN);
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
            putGateMeasures(summary, model);
            folder.writeText("summary.json", Format.json(summary));
            return new Outcome(result, null, model.lastUpdatedFraction());
        }
    }
}
