package org.rnn4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.data.Check;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskOptions;
import org.rnn4j.task.TaskRegistry;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TrainConfig;

/**
 * Everything one training run needs, resolved and validated before anything is written:
 * the task, the model, the optimizer and the loop settings.
 */
record RunSpec(String taskName, TaskOptions taskOptions, String cellName, int hidden, int layers,
               CellRegistry.CellOptions cellOptions, int steps, int batch, String optimizer, double lr,
               double clip, long seed, int threads) {

    RunSpec {
        Check.positive("--hidden", hidden);
        Check.positive("--layers", layers);
        Check.positive("--steps", steps);
        Check.positive("--batch", batch);
        Check.positive("--threads", threads);
        if (!Double.isNaN(lr)) Check.positive("--lr", lr);
        Check.nonNegative("--clip", clip);
        if (!Optimizer.names().contains(optimizer)) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'; known optimizers: "
                    + String.join(", ", Optimizer.names()));
        }
    }

    /** The built pieces of a run. */
    record Built(Task task, ModelConfig model, Optimizer optimizer, TrainConfig train) {}

    /** Builds and validates every piece (throws IllegalArgumentException naming the field). */
    Built build() {
        Task task = TaskRegistry.create(taskName, taskOptions);
        ModelConfig model = model(task, cellName, hidden, layers, cellOptions);
        Optimizer opt = Optimizer.create(optimizer, lr);
        TrainConfig train = new TrainConfig(steps, batch, clip, seed, threads);
        return new Built(task, model, opt, train);
    }

    /**
     * The model for {@code task}: {@code layers} layers of cell {@code cellName} with H =
     * {@code hidden}, a readout over the task's outputs and the task's loss.
     */
    static ModelConfig model(Task task, String cellName, int hidden, int layers, CellRegistry.CellOptions options) {
        CellConfig cell = CellRegistry.create(cellName, task.inputSize(), hidden, task.maxSteps(), options);
        ModelConfig.LossKind loss = task.kind() == Task.Kind.CLASSIFICATION
                ? ModelConfig.LossKind.CROSS_ENTROPY : ModelConfig.LossKind.MSE;
        return new ModelConfig(cell, layers, task.outputSize(), loss);
    }

    /**
     * The hidden size that brings this run's model (its cell and options, layers, the task's input
     * and output sizes) closest to {@code budget} parameters; see {@link ParamBudget#match}.
     *
     * @param what names the model in messages, e.g. {@code cell 'lstm'}
     */
    ParamBudget.Match fitTo(long budget, String what) {
        Task task = TaskRegistry.create(taskName, taskOptions);
        return ParamBudget.match(what, budget, h -> SequenceModel.parameterCount(model(task, cellName, h, layers, cellOptions)));
    }

    /** This spec with hidden size {@code h}. */
    RunSpec withHidden(int h) {
        return new RunSpec(taskName, taskOptions, cellName, h, layers, cellOptions, steps, batch, optimizer, lr,
                clip, seed, threads);
    }

    /**
     * The resolved settings, for the run folder's config.json; {@code task_options},
     * {@code cell_options}, {@code hidden} and {@code layers} rebuild the model ({@link RunConfig}).
     */
    Map<String, Object> describe(Built b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", taskName);
        m.put("task_description", b.task().describe());
        m.put("task_options", RunConfig.describe(RunConfig.resolve(taskName, taskOptions)));
        m.put("memoryless_loss", b.task().memorylessLoss());
        m.put("cell", cellName);
        m.put("cell_config", b.model().cell().toString());
        m.put("cell_options", RunConfig.describe(cellOptions));
        m.put("hidden", hidden);
        m.put("layers", layers);
        m.put("loss", b.model().loss().name().toLowerCase());
        m.put("steps", steps);
        m.put("batch", batch);
        m.put("optimizer", b.optimizer().toString());
        m.put("clip", clip);
        m.put("seed", seed);
        m.put("threads", threads);
        return m;
    }
}
