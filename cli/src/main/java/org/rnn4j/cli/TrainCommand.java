package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.cell.EurnnConfig;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.task.TaskOptions;
import org.rnn4j.task.TaskRegistry;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TrainListener;
import org.rnn4j.train.TemporalCurriculum;
import org.rnn4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rnn4j train}: trains one model on one task and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a recurrent model on a task with full BPTT and writes a run folder",
                "(config.json, metrics.csv, metrics.jsonl, summary.json, params.bin).", ""},
        footer = {"", "Examples:", "  rnn4j train --task copy --lag 100 --cell lstm --hidden 70 --steps 2000",
                "  rnn4j train --task copy --lag 100 --cell lstm --hidden 70 --chrono 120 --chrono-sampling integer",
                "  rnn4j train --task copy --lag 20 --cell lstm --hidden 64 --steps 300 --timescales loguniform:2,40 --freeze-gate-bias",
                "  rnn4j train --task copy --lag 100 --cell sru --hidden 60 --sru-phi 55 --sru-r 16",
                "  rnn4j train --task copy --lag 100 --cell lstm --peepholes --params 23.5k",
                "  rnn4j train --task adding --lag 100 --cell plstm --hidden 64 --period-min 10 --period-max 100 --open-ratio 0.1",
                "  rnn4j train --task adding --lag 100 --cell glstm --hidden 64 --centre-init spaced --width-init 0.05",
                "  rnn4j train --task psmnist --cell lstm --hidden 128 --epochs 1 --train-limit 5000   (after: rnn4j data fetch mnist)",
                "  rnn4j train --task char-lm --corpus my-text/ --text-format text --cell gru --hidden 256 --embedding 64 --truncation 100"})
final class TrainCommand implements Callable<Integer> {
    static final int DEFAULT_HIDDEN = 128;

    @Option(names = "--task", required = true, paramLabel = "NAME",
            description = "Task: ${COMPLETION-CANDIDATES}.", completionCandidates = TaskNames.class)
    String task;

    @Option(names = "--lag", paramLabel = "T",
            description = "Lag T (copy: fixed lag; varcopy: longest lag; denoise: noisy span; adding: length; warp, varwarp, pad, varpad: maximum warping W). Default per task.")
    Integer lag;

    @Option(names = "--length", paramLabel = "L", description = "Digits to copy or recall L (copy, varcopy, denoise); sequence length N (warp, varwarp, pad, varpad). Default per task.")
    Integer length;

    @Option(names = "--cell", required = true, paramLabel = "NAME",
            description = "Cell: ${COMPLETION-CANDIDATES}.", completionCandidates = CellNames.class)
    String cell;

    @Option(names = "--hidden", paramLabel = "H", description = "Hidden units H (default " + DEFAULT_HIDDEN + ").")
    Integer hidden;

    @Option(names = "--params", paramLabel = "N",
            description = "Pick H so the model (all layers + readout) has about N parameters: " + ParamBudget.FORMS
                    + ". Not with --hidden.")
    String params;

    @Option(names = "--layers", defaultValue = "1", paramLabel = "N", description = "Stacked layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--steps", paramLabel = "N", description = "Optimizer updates, synthetic tasks (default 2000).")
    Integer steps;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size B (default 10; 100 for the data-set tasks).")
    Integer batch;

    @Option(names = "--epochs", paramLabel = "N", description = "Data-set tasks: epochs over the training fold (default 1).")
    Integer epochs;

    @Option(names = "--train-limit", paramLabel = "N",
            description = "Data-set tasks: use only the first N examples of the (shuffled) training fold, 0 = all (default 0).")
    Integer trainLimit;

    @Option(names = "--eval-batch", paramLabel = "N",
            description = "Data-set tasks: evaluation batch size (default: --batch; memory grows with it: a pass keeps its whole sequence).")
    Integer evalBatch;

    @Option(names = "--permutation-seed", paramLabel = "N",
            description = "pmnist: seed of rnn4j's own pixel permutation (default 0); psmnist uses the NRU code's.")
    Long permutationSeed;

    @Option(names = "--pixel-symbols", paramLabel = "D",
            description = "psmnist, pmnist, seqmnist, seq-fashion-mnist, pcifar-serial: each pixel value as one of 256 symbols through an embedding of size D"
                    + " (the r-LSTM paper uses 128) instead of pixel/255.")
    Integer pixelSymbols;

    @Option(names = "--lr-schedule", paramLabel = "SPEC",
            description = "Data-set tasks: none (default), step:N (x factor every N epochs) or plateau:P (x factor after more than"
                    + " P epochs without a better validation loss).")
    String lrSchedule;

    @Option(names = "--lr-factor", paramLabel = "F", description = "Data-set tasks: the schedule's multiplier, in (0, 1) (default 0.5).")
    Double lrFactor;

    @Option(names = "--early-stop", paramLabel = "P",
            description = "Data-set tasks: stop after P epochs without a better validation loss, 0 = never (default 0).")
    Integer earlyStop;

    @Option(names = "--corpus", paramLabel = "DIR",
            description = "char-lm: a folder with one train, one valid and one test file (e.g. ptb.char.{train,valid,test}.txt).")
    Path corpus;

    @Option(names = "--text-format", paramLabel = "NAME",
            description = "char-lm: tokens (whitespace-separated symbols, the PTB char files; default) or text (every character).")
    String textFormat;

    @Option(names = "--embedding", paramLabel = "D", description = "char-lm: symbol embedding size D (default 200).")
    Integer embedding;

    @Option(names = "--truncation", paramLabel = "K",
            description = "char-lm: truncated BPTT segment length K (default 150); data-set tasks: truncated BPTT in segments of K"
                    + " steps (default: full BPTT). One update per segment.")
    Integer truncation;

    @Option(names = "--backprop-steps", paramLabel = "K2",
            description = "char-lm and data-set tasks: truncated BPTT(K, K2): the gradient of each segment's losses flows back K2"
                    + " steps from the segment's end (default K2 = K: the whole segment). K2 < K: only the last K2 steps of each"
                    + " segment (the others run forward, their losses counted, no gradient); K2 > K: into the earlier segments"
                    + " (recomputed). Data-set tasks without --truncation: one segment of the whole sequence, the last K2 steps"
                    + " back-propagated (Truncate-K2 of Trinh et al. 2018).")
    Integer backpropSteps;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data-set tasks: the data folder (default: $RNN4J_DATA, else ~/.rnn4j/data; see 'rnn4j data').")
    Path dataDir;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "adam, amsgrad, rmsprop or sgd, with PyTorch's defaults (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: 1e-3 for adam/amsgrad, 1e-2 for rmsprop/sgd).")
    Double lr;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "NORM",
            description = "Global gradient-norm clipping, 0 = off (default ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--seed", defaultValue = "5", paramLabel = "N",
            description = "Seed of every random draw (default ${DEFAULT-VALUE}); the data-set tasks' split and orders follow their"
                    + " protocol instead (psmnist: numpy RandomState(50)), pmnist's permutation --permutation-seed.")
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
            description = "lstm, janet, gru, leaky, gated: chrono initialisation of the gate biases (Tallec & Ollivier 2018)"
                    + " for dependencies up to TMAX steps: forget/update bias log T, LSTM input bias -log T, other biases 0;"
                    + " leaky: leak logit a = -log T; gated: gate bias b_g = -log T.")
    Double chrono;

    @Option(names = "--chrono-sampling", paramLabel = "MODE",
            description = "With --chrono: continuous (T ~ U[1, TMAX-1], the paper; default) or integer"
                    + " (T ~ {1..TMAX}, the NRU authors' code).")
    String chronoSampling;

    @Option(names = "--forget-gate", paramLabel = "NAME",
            description = "lstm, gru, janet: function of the gate that keeps the state (lstm, janet: forget gate;"
                    + " gru: update gate z): sigmoid (default) or fast = sigmoid(sinh(clamp(z, -20, 20))), the fast"
                    + " saturating gate of Ohno et al. 2023, whose initial biases are mapped through asinh"
                    + " so the gate starts where the sigmoid one does.")
    String forgetGate;

    @Option(names = "--kaf-gates", paramLabel = "LIST",
            description = "lstm (i,f,o), gru (r,z), janet (f): the gates that are flexible KAF gates"
                    + " sigmoid(a*s + b*KAF(s)) (Scardapane et al. 2018), e.g. f or i,f,o or r,z. Not with --peepholes;"
                    + " not on the gate --forget-gate fast makes fast.")
    String kafGates;

    @Option(names = "--kaf-size", paramLabel = "D", description = "With --kaf-gates: dictionary points D (default 20).")
    Integer kafSize;

    @Option(names = "--kaf-boundary", paramLabel = "B", description = "With --kaf-gates: the dictionary spans [-B, B] (default 4).")
    Double kafBoundary;

    @Option(names = "--kaf-gamma", paramLabel = "G",
            description = "With --kaf-gates: the Gaussian kernel's gamma (default 1/(8*Delta^2), Delta = 2B/(D-1)).")
    Double kafGamma;

    @Option(names = "--kaf-kernel", paramLabel = "NAME",
            description = "With --kaf-gates: gaussian (default), relu (needs --kaf-init normal) or softplus.")
    String kafKernel;

    @Option(names = "--kaf-init", paramLabel = "NAME",
            description = "With --kaf-gates: ridge (default; alpha fit to the identity, so with a = b = 0.5 the gate"
                    + " starts as the sigmoid) or normal (alpha ~ N(0, S^2)).")
    String kafInit;

    @Option(names = "--kaf-std", paramLabel = "S", description = "With --kaf-init normal: the std S (default 0.8).")
    Double kafStd;

    @Option(names = "--kaf-mix", paramLabel = "A,B",
            description = "With --kaf-gates: the mix a, b of sigmoid(a*s + b*KAF(s)) (default 0.5,0.5; unverified).")
    String kafMix;

    @Option(names = "--timescales", paramLabel = "LAW",
            description = "lstm, janet, gru, leaky, gated: time-scale initialisation of the gate biases (Mahto et al. 2021):"
                    + " per-unit time scales T from " + CellRegistry.TIMESCALE_FORMS + " (inverse-gamma quantiles, largest T"
                    + " first; include-one: model_mts.py's grid, whose last unit has T = 0), mapped to a bias b; forget/update"
                    + " bias +b, LSTM input bias -b, leaky a and gated b_g -b, other biases 0. Not with --chrono, --forget-bias.")
    String timescales;

    @Option(names = "--timescale-map", paramLabel = "MAP",
            description = "With --timescales: exact (b = -ln(e^(1/T) - 1), gate e^(-1/T); default) or chrono (b = ln(T - 1),"
                    + " gate 1 - 1/T; needs T > 1).")
    String timescaleMap;

    @Option(names = "--freeze-gate-bias",
            description = "With --timescales: keep the biases it sets (LSTM input and forget, JANET forget, GRU update in both"
                    + " biases, leaky a, gated b_g) fixed during training.")
    Boolean freezeGateBias;

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

    @Option(names = "--period-min", paramLabel = "TAU",
            description = "plstm: the periods tau are drawn log-uniform on [TAU, --period-max), in steps (default e = 2.718;"
                    + " the authors' code draws exp(U(1, 3))).")
    Double periodMin;

    @Option(names = "--period-max", paramLabel = "TAU", description = "plstm: the upper end of the period draw (default e^3 = 20.09).")
    Double periodMax;

    @Option(names = "--shift-max", paramLabel = "S", description = "plstm: the phase shifts s are drawn uniform on [0, S) (default 100).")
    Double shiftMax;

    @Option(names = "--open-ratio", paramLabel = "R",
            description = "plstm: the initial open fraction r_on of each period, in (0, 1] (default 0.05).")
    Double openRatio;

    @Option(names = "--leak", paramLabel = "A",
            description = "plstm: the closed gate's slope alpha in training, in [0, 1) (default 0.001; 0 at evaluation).")
    Double leak;

    @Option(names = "--leak-at-evaluation",
            description = "plstm: keep the leak when not training, as the authors' PyTorch port and TensorFlow's cell"
                    + " (default: 0 at evaluation, as the paper and the authors' Theano layer).")
    Boolean leakAtEvaluation;

    @Option(names = "--freeze-period", description = "plstm: keep the periods tau at their initial values during training.")
    Boolean freezePeriod;

    @Option(names = "--freeze-shift", description = "plstm: keep the shifts s at their initial values during training.")
    Boolean freezeShift;

    @Option(names = "--freeze-open-ratio", description = "plstm: keep the open ratios r_on at their initial values during training.")
    Boolean freezeOpenRatio;

    @Option(names = "--horizon", paramLabel = "T",
            description = "glstm: the sequence length the gates are initialised for (default: the task's length; char-lm:"
                    + " --truncation).")
    Double horizon;

    @Option(names = "--centre-init", paramLabel = "MODE",
            description = "glstm: the gate centres mu start uniform (U(0, L), default), spaced ((j + 1/2)·L/H) or zero (all"
                    + " 0: a deliberately poor start); L = --horizon, or --gate-period when given.")
    String centreInit;

    @Option(names = "--width-init", paramLabel = "F",
            description = "glstm: every gate width sigma starts at F·L (default 0.1; e.g. 0.001 for a deliberately poor start).")
    Double widthInit;

    @Option(names = "--gate-denominator", paramLabel = "FORM",
            description = "glstm: k = exp(-(t - mu)^2/(2 sigma^2)) (two-sigma-squared, default) or exp(-(t - mu)^2/sigma^2)"
                    + " (sigma-squared); the paper's form is not verified.")
    String gateDenominator;

    @Option(names = "--gate-period", paramLabel = "TAU",
            description = "glstm: the gate reads t mod TAU, a fixed period (default: none, one window per sequence);"
                    + " not verified either.")
    Double gatePeriod;

    @Option(names = "--budget-lambda", paramLabel = "LAMBDA",
            description = "glstm: adds LAMBDA·B to the training loss, B the mean gate openness k over every step, example and"
                    + " unit (default 0: no term); the paper's value was not retrieved.")
    Double budgetLambda;

    @Option(names = "--update-threshold", paramLabel = "EPS",
            description = "glstm, plstm: a unit-step counts as an update when k > EPS, in (0, 1) (default 0.01; the g-LSTM"
                    + " paper's value was not retrieved).")
    Double updateThreshold;

    @Option(names = "--curriculum", paramLabel = "SPEC",
            description = "adding, copy, varcopy, denoise: a temporal curriculum, stages at shorter lags before the task itself:"
                    + " T1,T2,... (increasing, below the task's lag) or double:K (K halvings: T/2^K ... T/2). Time-gated"
                    + " cells (plstm, glstm) have their time parameters stretched by the length ratio at each stage.")
    String curriculum;

    @Option(names = "--curriculum-steps", paramLabel = "N",
            description = "With --curriculum: updates per shorter stage (default: --steps / (stages + 1)); the task itself"
                    + " gets the rest.")
    Integer curriculumSteps;

    @Option(names = "--gate-time-unit", paramLabel = "U",
            description = "glstm: the gate reads its time in units of U steps, so mu and sigma are learned in those units"
                    + " (default 1: steps). Adam moves them by about lr per update: with U = the sequence length (times in"
                    + " [0, 1]) a centre can cross the sequence in about 1/lr updates. Not verified either.")
    Double gateTimeUnit;

    @Option(names = "--out", defaultValue = "runs", paramLabel = "DIR", description = "Where run folders go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    /** The cell options given on the command line (null = the cell's default). */
    CellRegistry.CellOptions cellOptions() {
        return new CellRegistry.CellOptions(peepholes, forgetBias, activation, recurrentInit, layerNorm, beta,
                chrono, chronoSampling, resetAfter, sruPhi, sruR, sruAlphas, capacity, nru.preset, nru.memory, nru.heads,
                nru.writeHeads, nru.eraseHeads, nru.headInputs, nru.reduction, nru.outerProduct, nru.relu, nru.normP,
                nru.normEps, forgetGate, timescales, timescaleMap, freezeGateBias, periodMin, periodMax, shiftMax, openRatio,
                leak, leakAtEvaluation, freezePeriod, freezeShift, freezeOpenRatio, horizon, centreInit, widthInit,
                gateDenominator, gatePeriod, budgetLambda, updateThreshold, gateTimeUnit, kafGates, kafSize, kafBoundary,
                kafGamma, kafKernel, kafInit, kafStd, kafMix);
    }

    @Override
    public Integer call() throws IOException {
        // Every bad input fails before anything is written.
        if (CharLmRun.TASK.equals(task)) return runCharLm();
        if (DataTaskRun.isDataTask(task)) return runDataTask();
        refuseOptionsOfOtherTasks();
        int steps = this.steps == null ? 2000 : this.steps, batch = this.batch == null ? 10 : this.batch;
        if (params != null && hidden != null) {
            throw new IllegalArgumentException("--params and --hidden cannot be used together: --params picks H");
        }
        long budget = params == null ? 0 : ParamBudget.parse(params);
        RunSpec spec = new RunSpec(task, TaskOptions.of(lag, length), cell, hidden == null ? DEFAULT_HIDDEN : hidden,
                layers, cellOptions(), steps, batch, optimizer, lr == null ? Double.NaN : lr, clip, seed, threads);
        ParamBudget.Match match = null;
        if (params != null) {
            match = spec.fitTo(budget, "cell '" + cell + "'");
            spec = spec.withHidden(match.hidden());
        }
        RunSpec.Built built = spec.build();
        CurriculumPlan plan = CurriculumPlan.parse(curriculum, curriculumSteps, task, spec.taskOptions(), steps, cellOptions());
        PrintStream out = System.out;
        if (match != null) out.println(match.describe(cell));
        RunFolder folder = RunFolder.create(this.out, task + "-" + cell);
        Map<String, Object> config = RunTrainer.config(spec, built, "rnn4j train", match);
        if (plan != null) config.put("curriculum", plan.describe());
        out.printf(Locale.ROOT, "rnn4j train: %s | %s H=%d x%d (%,d params) | %s | kernels %s, %d thread%s%n",
                built.task().describe(), cell, spec.hidden(), layers, SequenceModel.parameterCount(built.model()),
                built.optimizer(), Kernels.implementationName(), threads, threads == 1 ? "" : "s");
        out.println("run folder: " + folder.path());
        List<TrainListener> listeners = new ArrayList<>();
        if (!noProgress) {
            listeners.add(new ProgressBar(out, "", steps, built.task().memorylessLoss(), Terminal.interactive()));
        }
        String clearBar = !noProgress && Terminal.interactive() ? "\r\u001b[K" : "";   // a line above the bar
        TemporalCurriculum.Listener stages = plan == null ? null : (stage, update, len, factor) ->
                out.printf(Locale.ROOT, "%scurriculum stage %d/%d from update %d: sequences of %d steps%s%n", clearBar,
                        stage + 1, plan.lags().size() + 1, update, len,
                        factor == 1 ? "" : String.format(Locale.ROOT, ", time gates stretched x%.4g", factor));
        RunTrainer.Outcome outcome = RunTrainer.train(spec, built, folder, config, listeners, plan, stages);
        if (outcome.diverged() != null) throw outcome.diverged();
        out.println(summaryLine(outcome.result(), built.task().memorylessLoss()));
        if (!Double.isNaN(outcome.updatedFraction())) {
            out.printf(Locale.ROOT, "time gate: %.2f%% of the unit-steps updated (k > threshold) at the last step"
                    + " = %.4f of an LSTM's updates%n", 100 * outcome.updatedFraction(), outcome.updatedFraction());
        }
        return 0;
    }

    /** {@code --task char-lm}: refuses the options of the other tasks, then runs {@link CharLmRun}. */
    private int runCharLm() throws IOException {
        refuseCurriculum();
        if (lag != null || length != null || steps != null || trainLimit != null || evalBatch != null || dataDir != null
                || params != null || permutationSeed != null || pixelSymbols != null) {
            throw new IllegalArgumentException("--lag, --length, --steps, --train-limit, --eval-batch, --data-dir, --params,"
                    + " --permutation-seed and --pixel-symbols do not apply to task 'char-lm' (use --corpus, --epochs,"
                    + " --truncation, --embedding, --hidden)");
        }
        return CharLmRun.run(new CharLmRun.Options(cell, hidden, layers, cellOptions(), corpus,
                textFormat == null ? "tokens" : textFormat, embedding == null ? CharLmRun.DEFAULT_EMBEDDING : embedding,
                truncation == null ? CharLmRun.DEFAULT_TRUNCATION : truncation, backpropSteps, epochs == null ? 1 : epochs,
                batch == null ? CharLmRun.DEFAULT_STREAMS : batch, optimizer, lr, clip, seed, threads, out, noProgress,
                DataTaskRun.policy(lrSchedule, lrFactor, earlyStop)));
    }

    /** A data-set task (psmnist, …): refuses the options of the other tasks, then runs {@link DataTaskRun}. */
    private int runDataTask() throws IOException {
        refuseCurriculum();
        if (lag != null || length != null || steps != null) {
            throw new IllegalArgumentException("--lag, --length and --steps do not apply to task '" + task
                    + "' (a data set: use --epochs and --train-limit)");
        }
        refuseCharLmOptions();
        if (permutationSeed != null && !task.equals("pmnist")) {
            throw new IllegalArgumentException("--permutation-seed applies to task 'pmnist' only, not to '" + task + "'");
        }
        int b = batch == null ? DataTaskRun.DEFAULT_BATCH : batch;
        return DataTaskRun.run(new DataTaskRun.Options(task, cell, hidden, params, layers, cellOptions(),
                epochs == null ? 1 : epochs, trainLimit == null ? 0 : trainLimit, b, evalBatch == null ? b : evalBatch,
                optimizer, lr, clip, seed, threads, dataDir, out, noProgress,
                DataTaskRun.policy(lrSchedule, lrFactor, earlyStop), pixelSymbols,
                permutationSeed == null ? 0 : permutationSeed, truncation, backpropSteps));
    }

    private void refuseCurriculum() {
        if (curriculum != null || curriculumSteps != null) {
            throw new IllegalArgumentException("--curriculum and --curriculum-steps apply to the tasks whose lag sets the length ("
                    + String.join(", ", CurriculumPlan.TASKS.stream().sorted().toList()) + "), not to '" + task + "'");
        }
    }

    private void refuseCharLmOptions() {
        if (corpus != null || textFormat != null || embedding != null) {
            throw new IllegalArgumentException("--corpus, --text-format and --embedding apply to task 'char-lm' only");
        }
    }

    /** A synthetic task: the options of char-lm and the data-set tasks are refused, naming where they apply. */
    private void refuseOptionsOfOtherTasks() {
        refuseCharLmOptions();
        if (truncation != null || backpropSteps != null) {
            throw new IllegalArgumentException((truncation != null ? "--truncation" : "--backprop-steps")
                    + " applies to task 'char-lm' and the data-set tasks (" + String.join(", ", DataTaskRun.TASKS)
                    + "), not to '" + task + "'");
        }
        if (permutationSeed != null) {
            throw new IllegalArgumentException("--permutation-seed applies to task 'pmnist' only, not to '" + task + "'");
        }
        if (lrSchedule != null || lrFactor != null || earlyStop != null || pixelSymbols != null) {
            throw new IllegalArgumentException("--lr-schedule, --lr-factor, --early-stop and --pixel-symbols apply to the data-set tasks ("
                    + String.join(", ", DataTaskRun.TASKS) + "; all but --pixel-symbols also to char-lm), not to '" + task + "'");
        }
        if (epochs != null || trainLimit != null || evalBatch != null || dataDir != null) {
            throw new IllegalArgumentException("--epochs, --train-limit, --eval-batch and --data-dir apply to the data-set tasks ("
                    + String.join(", ", DataTaskRun.TASKS) + "; --epochs also to char-lm), not to '" + task + "'");
        }
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
            addAll(DataTaskRun.TASKS);
            add(CharLmRun.TASK);
        }
    }

    /** Cell names for help and completion. */
    static final class CellNames extends ArrayList<String> {
        CellNames() {
            super(CellRegistry.names());
        }
    }
}
