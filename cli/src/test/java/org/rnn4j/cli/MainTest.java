package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {

    @TempDir
    Path tmp;


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--task nope --cell lstm | unknown task 'nope'; known tasks: adding, copy, denoise, pad, varcopy, varpad, varwarp, warp",
        "--task copy --cell nope | unknown cell 'nope'; known cells: eurnn, gated, glstm, goru, gru, janet, leaky, lstm, nru, plstm, rnn, sru",
        "--task copy --cell lstm --optimizer nope | unknown optimizer 'nope'; known optimizers: adam, amsgrad, rmsprop, sgd",
        "--task copy --cell lstm --lag 0 | lag T must be >= 1, got 0",
        "--task copy --cell lstm --hidden 0 | --hidden must be >= 1, got 0",
        "--task copy --cell lstm --steps -3 | --steps must be >= 1, got -3",
        "--task copy --cell lstm --batch 0 | --batch must be >= 1, got 0",
        "--task copy --cell lstm --lr -1 | --lr must be a finite number > 0, got -1.0",
        "--task copy --cell lstm --lag x1 | Invalid value for option '--lag': 'x1' is not an int",
        "--task copy --cell lstm --hidden | Expected parameter for option '--hidden' but found '--out'",
        "--cell lstm | Missing required option: '--task=NAME'",
        "--task copy --cell gru --peepholes | --peepholes does not apply to cell 'gru'",
        "--task copy --cell rnn --activation sine | --activation must be one of tanh, relu, got 'sine'",
        "--task adding --cell lstm --length 3 | length L does not apply to task 'adding'",
        "--task warp --cell lstm --lag 500 | maxWarp W (maximum warping) must be < steps T=500 so that every sequence",
        "--task varpad --cell lstm --lag 20 --length 1 | steps T (sequence length N) must be in [2, ",
        "--task copy --cell nru --memory 60 | nru: write heads (--write-heads or --heads) k=4 times --memory M=60 = 240 is not a perfect square",
        "--task copy --cell nru --preset paper --memory 60 | nru: --memory M=60 is not a perfect square, which the per-head outer product needs",
        "--task copy --cell nru --preset nope | --preset must be one of reference, paper, got 'nope'",
        "--task copy --cell nru --outer-product diagonal | --outer-product must be one of shared, per-head, got 'diagonal'",
        "--task copy --cell nru --head-inputs x | --head-inputs must be one of h-m, x-h-m, got 'x'",
        "--task copy --cell nru --heads 0 | --heads must be >= 1, got 0",
        "--task copy --cell nru --norm-p 0.5 | nru: --norm-p (the p of the direction norm) must be a finite number >= 1, got 0.5",
        "--task copy --cell lstm --memory 64 | --memory does not apply to cell 'lstm'",
        "--task copy --cell nru --peepholes | --peepholes does not apply to cell 'nru'",
        "--task copy --cell rnn --chrono 10 | --chrono does not apply to cell 'rnn'",
        "--task copy --cell sru --chrono 10 | --chrono does not apply to cell 'sru'",
        "--task copy --cell leaky --beta 1 | --beta does not apply to cell 'leaky'; its options: --chrono, --chrono-sampling",
        "--task copy --cell gated --layer-norm | --layer-norm does not apply to cell 'gated'; its options: --chrono, --chrono-sampling",
        "--task copy --cell gated --chrono 1 | --chrono: chrono tMax must be a finite number >= 2 for CONTINUOUS sampling",
        "--task copy --cell lstm --chrono 100 --forget-bias 1 | --chrono and --forget-bias both set the forget bias; give one",
        "--task copy --cell lstm --chrono 1.5 | --chrono: chrono tMax must be a finite number >= 2 for CONTINUOUS sampling",
        "--task copy --cell janet --chrono 2.5 --chrono-sampling integer | --chrono: chrono tMax must be an integer >= 1 for INTEGER sampling",
        "--task copy --cell gru --chrono-sampling integer | --chrono-sampling needs --chrono TMAX",
        "--task copy --cell gru --chrono 10 --chrono-sampling poisson | --chrono-sampling must be one of continuous, integer, got 'poisson'",
        "--task copy --cell lstm --reset-after false | --reset-after does not apply to cell 'lstm'",
        "--task copy --cell gru --reset-after maybe | Invalid value for option '--reset-after': 'maybe' is not a boolean",
        "--task copy --cell sru --sru-alphas 0,0.5,1 | --sru-alphas: alphas must each be in [0, 1), got 1.0 at index 2",
        "--task copy --cell sru --sru-alphas 0.5,0.5 | --sru-alphas: alphas must all be different, got 0.5 twice",
        "--task copy --cell sru --sru-alphas 0,x | --sru-alphas must be a comma-separated list of numbers, got '0,x'",
        "--task copy --cell sru --sru-phi 0 | --sru-phi must be >= 1, got 0",
        "--task copy --cell gru --sru-r 4 | --sru-r does not apply to cell 'gru'",
        "--task copy --cell gru --capacity 2 | --capacity does not apply to cell 'gru'",
        "--task copy --cell eurnn --capacity 0 | capacity L must be in [1, 128], got 0",
        "--task copy --cell goru --hidden 6 --capacity 7 | capacity L must be in [1, 6], got 7",
        "--task copy --cell eurnn --hidden 1 | hiddenSize H must be >= 2 (rotations act on pairs of units), got 1",
        "--task copy --cell eurnn --beta 1 | --beta does not apply to cell 'eurnn'; its options: --capacity",
        "--task copy --cell lstm --forget-gate slow | --forget-gate must be one of sigmoid, fast, got 'slow'",
        "--task copy --cell gru --forget-gate hard | --forget-gate must be one of sigmoid, fast, got 'hard'",
        "--task copy --cell rnn --forget-gate fast | --forget-gate does not apply to cell 'rnn'",
        "--task copy --cell nru --forget-gate fast | --forget-gate does not apply to cell 'nru'",
        "--task copy --cell lstm --kaf-gates g | --kaf-gates must be a comma-separated list of distinct gates among i, f, o, got 'g'",
        "--task copy --cell gru --kaf-gates r,r | --kaf-gates must be a comma-separated list of distinct gates among r, z, got 'r,r'",
        "--task copy --cell janet --kaf-gates i | --kaf-gates must be a comma-separated list of distinct gates among f, got 'i'",
        "--task copy --cell rnn --kaf-gates f | --kaf-gates does not apply to cell 'rnn'",
        "--task copy --cell lstm --kaf-size 10 | --kaf-size needs --kaf-gates LIST",
        "--task copy --cell lstm --kaf-gates f --kaf-size 1 | --kaf-size: KAF size D must be in [2, 1000], got 1",
        "--task copy --cell lstm --kaf-gates f --kaf-size 5000 | --kaf-size: KAF size D must be in [2, 1000], got 5000",
        "--task copy --cell lstm --kaf-gates f --kaf-boundary -1 | --kaf-boundary: KAF boundary B must be a number in (0, 1.0E100], got -1.0",
        "--task copy --cell lstm --kaf-gates f --kaf-boundary 1e300 | --kaf-boundary: KAF boundary B must be a number in (0, 1.0E100], got 1.0E300",
        "--task copy --cell lstm --kaf-gates f --kaf-boundary 1e-200 | --kaf-boundary: KAF boundary B=1.0E-200 with size D=20 gives the default gamma 1/(8Δ²) = Infinity, not a finite number > 0: use a larger B",
        "--task copy --cell gru --kaf-gates z --kaf-gamma 0 | --kaf-gamma: KAF gamma must be a finite number > 0, got 0.0",
        "--task copy --cell gru --kaf-gates z --kaf-kernel cubic | --kaf-kernel must be one of gaussian, relu, softplus, got 'cubic'",
        "--task copy --cell gru --kaf-gates z --kaf-kernel relu | --kaf-kernel relu needs --kaf-init normal",
        "--task copy --cell gru --kaf-gates z --kaf-init zero | --kaf-init must be one of ridge, normal, got 'zero'",
        "--task copy --cell janet --kaf-gates f --kaf-std -2 | --kaf-std: KAF std must be a finite number >= 0, got -2.0",
        "--task copy --cell lstm --kaf-gates f --kaf-std 0.5 | --kaf-std sets the spread of --kaf-init normal; the ridge initialisation (the default) draws nothing: add --kaf-init normal or drop --kaf-std",
        "--task copy --cell janet --kaf-gates f --kaf-mix 1 | --kaf-mix must be two numbers A,B, got '1'",
        "--task copy --cell janet --kaf-gates f --kaf-mix 1,x | --kaf-mix must be a comma-separated list of numbers, got '1,x'",
        "--task copy --cell lstm --kaf-gates f --forget-gate fast | --kaf-gates: kafGates: gate f cannot be both a KAF gate and the FAST gate",
        "--task copy --cell lstm --kaf-gates i --peepholes | --kaf-gates: kafGates [i] with peepholes is not supported",
        "--task copy --cell lstm --timescales weird | --timescales must be const:T, loguniform:TMIN,TMAX or invgamma:A,SCALE[,interior|include-one], got 'weird'",
        "--task copy --cell lstm --timescales loguniform:2 | --timescales must be const:T, loguniform:TMIN,TMAX or invgamma:A,SCALE[,interior|include-one], got 'loguniform:2'",
        "--task copy --cell lstm --timescales const:x | --timescales must be const:T, loguniform:TMIN,TMAX or invgamma:A,SCALE[,interior|include-one], got 'const:x'",
        "--task copy --cell lstm --timescales const:1 | --timescales const:1: constant time scale T must be a finite number > 1, got 1.0",
        "--task copy --cell gru --timescales loguniform:10,5 | --timescales loguniform:10,5: log-uniform time scales need finite 1 < Tmin <= Tmax, got Tmin=10.0, Tmax=5.0",
        "--task copy --cell janet --timescales invgamma:0,1 | --timescales invgamma:0,1: inverse-gamma shape a must be a number in (0, 10000], got 0.0",
        "--task copy --cell lstm --timescales invgamma:1e10,1 | --timescales invgamma:1e10,1: inverse-gamma shape a must be a number in (0, 10000], got 1.0E10",
        "--task copy --cell lstm --timescales invgamma:0.56,1,edges | --timescales' invgamma grid must be one of interior, include-one, got 'edges'",
        "--task copy --cell janet --timescales invgamma:0.56,1 --timescale-map chrono | --timescales invgamma:0.56,1: the CHRONO mapping b = ln(T - 1) needs every T > 1, but an inverse-gamma law gives time scales in (0, inf); use --timescale-map exact",
        "--task copy --cell lstm --timescales invgamma:0.56,1,include-one | --timescales invgamma:0.56,1,include-one: inverse-gamma quantiles INCLUDE_ONE give the last unit T = 0, whose biases are -inf and +inf (as model_mts.py); they need --freeze-gate-bias (as there)",
        "--task copy --cell gru --hidden 9999 --timescales invgamma:0.01,1 | --timescales invgamma:0.01,1: InverseGamma[shape=0.01, scale=1.0, quantiles=INTERIOR] gives T = Infinity for unit 0 of 9999",
        "--task copy --cell lstm --timescales const:10 --timescale-map linear | --timescale-map must be one of exact, chrono, got 'linear'",
        "--task copy --cell lstm --timescale-map exact | --timescale-map needs --timescales",
        "--task copy --cell gru --freeze-gate-bias | --freeze-gate-bias needs --timescales",
        "--task copy --cell lstm --timescales const:10 --chrono 20 | --timescales and --chrono both set the gate biases; give one",
        "--task copy --cell lstm --timescales const:10 --forget-bias 1 | --timescales and --forget-bias both set the forget bias; give one",
        "--task copy --cell rnn --timescales const:10 | --timescales does not apply to cell 'rnn'",
        "--task copy --cell nru --freeze-gate-bias | --freeze-gate-bias does not apply to cell 'nru'",
        "--task adding --cell plstm --open-ratio 0 | plstm: --open-ratio r_on must be in (0, 1], got 0.0",
        "--task adding --cell plstm --period-min 5 --period-max 2 | plstm: --period-max must be >= --period-min=5.0, got 2.0",
        "--task adding --cell plstm --period-min 0 | plstm: --period-min must be a finite number > 0, got 0.0",
        "--task adding --cell plstm --leak 1 | plstm: --leak α must be in [0, 1), got 1.0",
        "--task adding --cell plstm --shift-max -1 | plstm: --shift-max must be a finite number >= 0, got -1.0",
        "--task adding --cell plstm --horizon 10 | --horizon does not apply to cell 'plstm'; its options: --period-min, --period-max, --shift-max, --open-ratio, --leak, --leak-at-evaluation, --freeze-period, --freeze-shift, --freeze-open-ratio, --update-threshold",
        "--task adding --cell plstm --update-threshold 1 | plstm: --update-threshold ε must be in (0, 1), got 1.0",
        "--task adding --cell lstm --freeze-period | --freeze-period does not apply to cell 'lstm'",
        "--task adding --cell glstm --centre-init middle | --centre-init must be one of uniform, spaced, zero, got 'middle'",
        "--task adding --cell glstm --gate-denominator 2 | --gate-denominator must be one of two-sigma-squared, sigma-squared, got '2'",
        "--task adding --cell glstm --width-init 0 | glstm: --width-init must be a finite number > 0, got 0.0",
        "--task adding --cell glstm --horizon -5 | glstm: --horizon T must be a finite number > 0, got -5.0",
        "--task adding --cell glstm --gate-period 0 | glstm: --gate-period τ must be a finite number > 0, got 0.0",
        "--task adding --cell glstm --open-ratio 0.1 | --open-ratio does not apply to cell 'glstm'; its options: --horizon, --centre-init, --width-init, --gate-denominator, --gate-period, --budget-lambda, --update-threshold, --gate-time-unit",
        "--task adding --cell glstm --gate-time-unit 0 | glstm: --gate-time-unit U must be a finite number > 0, got 0.0",
        "--task adding --cell plstm --gate-time-unit 5 | --gate-time-unit does not apply to cell 'plstm'",
        "--task adding --cell glstm --budget-lambda -0.5 | glstm: --budget-lambda λ must be finite and >= 0, got -0.5",
        "--task adding --cell glstm --budget-lambda NaN | glstm: --budget-lambda λ must be finite and >= 0, got NaN",
        "--task adding --cell glstm --update-threshold 1 | glstm: --update-threshold ε must be in (0, 1), got 1.0",
        "--task adding --cell glstm --update-threshold 0 | glstm: --update-threshold ε must be in (0, 1), got 0.0",
        "--task adding --cell lstm --budget-lambda 1 | --budget-lambda does not apply to cell 'lstm'",
        "--task adding --lag 100 --cell glstm --curriculum 50,50 | --curriculum lags must increase, got 50,50",
        "--task adding --lag 100 --cell glstm --curriculum 20,100 | --curriculum lags must be below the task's lag T=100, got 20,100",
        "--task adding --lag 100 --cell glstm --curriculum 0,50 | --curriculum must be increasing lags T1,T2,... (each >= 1) or double:K (K >= 1 halvings), got '0,50'",
        "--task adding --lag 100 --cell glstm --curriculum double:0 | --curriculum must be increasing lags T1,T2,... (each >= 1) or double:K (K >= 1 halvings), got 'double:0'",
        "--task adding --lag 100 --cell glstm --curriculum halve | --curriculum must be increasing lags T1,T2,... (each >= 1) or double:K (K >= 1 halvings), got 'halve'",
        "--task adding --lag 100 --cell glstm --curriculum 1,50 | --curriculum 1,50: the stage at lag 1 is not a valid 'adding' task: steps T (sequence length) must be in [2, ",
        "--task adding --lag 3 --cell glstm --curriculum double:2 | --curriculum double:2: the stage at lag 1 is not a valid 'adding' task",
        "--task copy --lag 1 --cell lstm --curriculum double:2 | --curriculum double:2: the lag T=1 is too short to halve",
        "--task adding --lag 100 --cell glstm --curriculum-steps 5 | --curriculum-steps needs --curriculum",
        "--task adding --lag 100 --cell glstm --curriculum 50 --curriculum-steps 0 | --curriculum-steps must be >= 1, got 0",
        "--task adding --lag 100 --cell glstm --steps 10 --curriculum 25,50 --curriculum-steps 5 | --curriculum: 2 earlier stage(s) of 5 updates leave 0 update(s) of the full task in --steps 10, fewer than the 1 last steps its final loss averages (raise --steps or lower --curriculum-steps)",
        "--task adding --lag 100 --cell glstm --steps 1000 --curriculum 25,50 --curriculum-steps 480 | --curriculum: 2 earlier stage(s) of 480 updates leave 40 update(s) of the full task in --steps 1000, fewer than the 100 last steps its final loss averages",
        "--task adding --lag 100 --cell glstm --gate-period 20 --curriculum 50 | --curriculum cannot stretch a periodic g-LSTM (--gate-period)",
        "--task warp --cell glstm --curriculum 50 | --curriculum applies to the tasks whose lag sets the length (adding, copy, denoise, varcopy), not to 'warp'",
        "--task psmnist --cell lstm --curriculum 50 | --curriculum and --curriculum-steps apply to the tasks whose lag sets the length (adding, copy, denoise, varcopy), not to 'psmnist'",
    })
    void badInputGivesOneErrorLineExitTwoAndNoRunFolder(String args, String message) throws IOException {
        Path out = tmp.resolve("runs");
        String[] argv = ("train " + args.trim() + " --out " + out).split(" +");
        CliRun o = run(argv);
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains(message), o.err());
        assertTrue(o.err().startsWith("rnn4j: error: "), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(out) && hasEntries(out), "no run folder may be left behind");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--params abc | rnn4j: error: --params must be a parameter count such as 23500, 23.5k, 0.165M or 2.15m, got 'abc'",
        "--params 1.5 | rnn4j: error: --params must be a whole number of parameters, got '1.5' = 1.5",
        "--params 23.5k --hidden 70 | rnn4j: error: --params and --hidden cannot be used together: --params picks H",
        "--params 50 | rnn4j: error: --params 50: no hidden size of cell 'lstm' comes within 10% of the budget: its"
                + " smallest model (H=1) already has 66 parameters; use --params 60 or more, or --hidden",
        "--params 10k --beta 1 | rnn4j: error: --beta does not apply to cell 'lstm'; its options: --peepholes, --forget-bias, --chrono,"
                + " --chrono-sampling, --forget-gate, --timescales, --timescale-map, --freeze-gate-bias, --kaf-gates, --kaf-size,"
                + " --kaf-boundary, --kaf-gamma, --kaf-kernel, --kaf-init, --kaf-std, --kaf-mix",
    })
    void badParameterBudgetGivesOneLineExitTwoAndNoRunFolder(String args, String line) throws IOException {
        Path out = tmp.resolve("runs");
        String[] argv = ("train --task copy --cell lstm " + args.trim() + " --out " + out).split(" +");
        CliRun o = run(argv);
        assertEquals(2, o.code(), o.err());
        assertEquals(line, o.err().strip(), "exactly one line");
        assertFalse(Files.exists(out) && hasEntries(out), "no run folder may be left behind");
    }

    @Test
    void paramsPicksTheHiddenSizeAndRecordsTheBudget() throws IOException {
        Path out = tmp.resolve("runs");
        CliRun o = run("train", "--task", "copy", "--lag", "3", "--length", "2", "--cell", "lstm", "--peepholes",
                "--params", "23.5k", "--steps", "2", "--no-progress", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("lstm: H=70 → 23,529 parameters (budget 23,500, +0.1%)\n"), o.out());
        assertTrue(o.out().contains("lstm H=70 x1 (23,529 params)"), o.out());
        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.findFirst().orElseThrow();
        }
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"hidden\": 70,") && config.contains("\"parameters\": 23529,"), config);
        assertTrue(config.contains("\"param_budget\": {\n    \"budget\": 23500,\n    \"hidden\": 70,\n"
                + "    \"parameters\": 23529,"), config);
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    @Test
    void trainWritesARunFolderWithConfigMetricsAndParameters() throws IOException {
        Path out = tmp.resolve("runs");
        CliRun o = run("train", "--task", "copy", "--lag", "3", "--length", "2", "--cell", "gru", "--hidden", "8",
                "--steps", "20", "--seed", "3", "--no-progress", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("memoryless"), o.out());
        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.findFirst().orElseThrow();
        }
        for (String f : new String[] {"config.json", "metrics.csv", "metrics.jsonl", "summary.json", "params.bin", "params-layout.tsv"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        var csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(21, csv.size(), "header + one row per step");
        assertTrue(csv.get(0).startsWith("step,loss,accuracy,grad_norm"), csv.get(0));
        assertEquals(20, Files.readAllLines(run.resolve("metrics.jsonl")).size());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"seed\": 3") && config.contains("\"kernels\"") && config.contains("\"cell\": \"gru\""), config);
        try (Stream<Path> s = Files.list(run)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    /** The warping tasks of the chrono paper train from the CLI; warp with its default N = 500 steps. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"warp | 500", "varwarp | 60", "pad | 60", "varpad | 60"})
    void warpingTasksTrainAndReportTheirMemorylessBaseline(String task, int steps) throws IOException {
        Path out = tmp.resolve("runs-" + task);
        String length = steps == 500 ? "" : " --length " + steps;
        CliRun o = run(("train --task " + task + " --lag 10" + length + " --cell lstm --hidden 16 --steps 20"
                + " --no-progress --out " + out).split(" +"));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("vs memoryless 2.07944"), o.out());
        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.findFirst().orElseThrow();
        }
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"status\": \"done\""));
        assertEquals(21, Files.readAllLines(run.resolve("metrics.csv")).size(), "header + one row per step");
    }

    /** The orthogonal cells train from the CLI, and --capacity reaches the cell configuration. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"eurnn", "goru"})
    void orthogonalCellsTrainWithTheirCapacity(String cell) throws IOException {
        Path out = tmp.resolve("runs-" + cell);
        CliRun o = run("train", "--task", "copy", "--lag", "3", "--length", "2", "--cell", cell, "--hidden", "7",
                "--capacity", "3", "--steps", "5", "--no-progress", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.findFirst().orElseThrow();
        }
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("hiddenSize=7, capacity=3"), config);
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"status\": \"done\""));
    }

    /** Tallec &amp; Ollivier's leaky and gated RNNs train from the CLI (the brief's command) and leave the baseline. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"leaky", "gated"})
    void timeWarpCellsTrainOnTheCopyTask(String cell) throws IOException {
        Path out = tmp.resolve("runs-" + cell);
        CliRun o = run("train", "--task", "copy", "--lag", "10", "--cell", cell, "--hidden", "32", "--steps", "50",
                "--no-progress", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.findFirst().orElseThrow();
        }
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"cell\": \"" + cell + "\""));
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"status\": \"done\""));
        var csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(51, csv.size(), "header + one row per step");
        double first = Double.parseDouble(csv.get(1).split(",")[1]), last = Double.parseDouble(csv.get(50).split(",")[1]);
        assertTrue(Double.isFinite(last) && last < first, "loss " + first + " -> " + last);
    }

    /** The options added for the NRU paper's baselines reach the resolved cell configuration. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--cell lstm --chrono 20 --chrono-sampling integer | Chrono[tMax=20.0, sampling=INTEGER]",
        "--cell janet --chrono 20 | Chrono[tMax=20.0, sampling=CONTINUOUS]",
        "--cell gru --reset-after false --chrono 8 | resetAfter=false",
        "--cell leaky --chrono 20 --chrono-sampling integer | LeakyRnnConfig[inputSize=10, hiddenSize=6, chrono=Optional[Chrono[tMax=20.0, sampling=INTEGER]], timeScales=Optional.empty]",
        "--cell gated --chrono 12 | GatedRnnConfig[inputSize=10, hiddenSize=6, chrono=Optional[Chrono[tMax=12.0, sampling=CONTINUOUS]], timeScales=Optional.empty]",
        "--cell gated | GatedRnnConfig[inputSize=10, hiddenSize=6, chrono=Optional.empty, timeScales=Optional.empty]",
        "--cell sru --sru-phi 5 --sru-r 2 --sru-alphas 0,0.9 | phiSize=5, rSize=2, alphas=[0.0, 0.9]",
        "--cell lstm --forget-gate fast --forget-bias 1 | forgetBias=OptionalDouble[1.0], chrono=Optional.empty, forgetGate=FAST, timeScales=Optional.empty]",
        "--cell lstm | chrono=Optional.empty, forgetGate=SIGMOID, timeScales=Optional.empty]",
        "--cell gru --reset-after false --forget-gate FAST | resetAfter=false, chrono=Optional.empty, forgetGate=FAST, timeScales=Optional.empty]",
        "--cell janet --forget-gate sigmoid --chrono 10 | forgetGate=SIGMOID, timeScales=Optional.empty]",
        "--cell janet --forget-gate fast | \"forget_gate\": \"fast\"",
        "--cell lstm --kaf-gates i,f,o | kafGates=[f, i, o], kaf=KafGate[size=20, boundary=4.0, gamma=OptionalDouble.empty, kernel=GAUSSIAN, init=RIDGE, target=IDENTITY, std=0.8, ridgeEpsilon=1.0E-4, mixA=0.5, mixB=0.5]]",
        "--cell gru --kaf-gates r,z --kaf-size 8 --kaf-boundary 2 --kaf-gamma 0.5 --kaf-kernel softplus --kaf-init normal --kaf-std 0.3 --kaf-mix 1,0.25 | kafGates=[r, z], kaf=KafGate[size=8, boundary=2.0, gamma=OptionalDouble[0.5], kernel=SOFTPLUS, init=NORMAL, target=IDENTITY, std=0.3, ridgeEpsilon=1.0E-4, mixA=1.0, mixB=0.25]]",
        "--cell janet --kaf-gates f --kaf-kernel relu --kaf-init normal | kernel=RELU, init=NORMAL",
        "--cell gru --kaf-gates z --kaf-mix 1,0.25 | \"kaf_mix\": \"1,0.25\"",
        "--cell lstm --kaf-gates f --kaf-size 8 | \"kaf_gates\": \"f\"",
        "--cell lstm --timescales loguniform:2,50 --freeze-gate-bias | timeScales=Optional[TimeScales[law=LogUniform[tMin=2.0, tMax=50.0], mapping=EXACT, freeze=true]]",
        "--cell gru --timescales invgamma:0.56,1 | timeScales=Optional[TimeScales[law=InverseGamma[shape=0.56, scale=1.0, quantiles=INTERIOR], mapping=EXACT, freeze=false]]",
        "--cell janet --timescales invgamma:0.56,1,include-one --freeze-gate-bias | quantiles=INCLUDE_ONE], mapping=EXACT, freeze=true]",
        "--cell leaky --timescales const:20 --timescale-map chrono | timeScales=Optional[TimeScales[law=Constant[t=20.0], mapping=CHRONO, freeze=false]]",
        "--cell gated --timescales loguniform:3,30 --timescale-map CHRONO --freeze-gate-bias | law=LogUniform[tMin=3.0, tMax=30.0], mapping=CHRONO, freeze=true",
        "--cell plstm | PhasedLstmConfig[inputSize=10, hiddenSize=6, periodMin=2.718281828459045, periodMax=20.085536923187668, shiftMax=100.0, openRatio=0.05, leak=0.001, leakAtEvaluation=false, freezePeriod=false, freezeShift=false, freezeOpenRatio=false, timestamps=STEP, updateThreshold=0.01]",
        "--cell plstm --period-min 4 --period-max 40 --shift-max 8 --open-ratio 0.2 --leak 0.01 --leak-at-evaluation --freeze-period --freeze-shift --freeze-open-ratio | periodMin=4.0, periodMax=40.0, shiftMax=8.0, openRatio=0.2, leak=0.01, leakAtEvaluation=true, freezePeriod=true, freezeShift=true, freezeOpenRatio=true, timestamps=STEP, updateThreshold=0.01]",
        "--cell plstm --period-max 40 | periodMin=2.718281828459045, periodMax=40.0,",
        "--cell glstm | GaussianLstmConfig[inputSize=10, hiddenSize=6, horizon=7.0, centres=UNIFORM, widthInit=0.1, denominator=TWO_SIGMA_SQUARED, period=OptionalDouble.empty, timestamps=STEP, budgetLambda=0.0, updateThreshold=0.01, timeUnit=1.0]",
        "--cell glstm --budget-lambda 0.5 --update-threshold 0.2 | budgetLambda=0.5, updateThreshold=0.2, timeUnit=1.0]",
        "--cell glstm --gate-time-unit 7 | updateThreshold=0.01, timeUnit=7.0]",
        "--cell glstm --budget-lambda 0.5 | \"budget_lambda\": 0.5",
        "--cell glstm --horizon 50 --centre-init zero --width-init 0.001 --gate-denominator sigma-squared --gate-period 25 | horizon=50.0, centres=ZERO, widthInit=0.001, denominator=SIGMA_SQUARED, period=OptionalDouble[25.0]",
        "--cell glstm --centre-init SPACED | \"centre_init\": \"SPACED\"",
    })
    void baselineOptionsReachTheCellConfig(String args, String expected) throws IOException {
        Path out = tmp.resolve("runs");
        String[] argv = ("train --task copy --lag 3 --length 2 --hidden 6 --steps 3 --no-progress " + args.trim()
                + " --out " + out).split(" +");
        CliRun o = run(argv);
        assertEquals(0, o.code(), o.err());
        Path run;
        try (Stream<Path> s = Files.list(out)) {
            run = s.findFirst().orElseThrow();
        }
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains(expected), config);
    }

    /**
     * A temporal curriculum on the adding task: stage lines with the lengths and the time-gate
     * stretch factors, the plan in config.json, and batches of each stage's length in metrics.csv
     * (timesteps per second × seconds = T·B).
     */
    @Test
    void curriculumRunsItsStagesAndRecordsThePlan() throws IOException {
        Path root = tmp.resolve("curriculum");
        CliRun o = run(("train --task adding --lag 40 --cell glstm --hidden 4 --batch 2 --steps 7 --curriculum double:2"
                + " --curriculum-steps 2 --no-progress --out " + root).split(" +"));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("curriculum stage 1/3 from update 1: sequences of 10 steps, time gates stretched x0.2500"), o.out());
        assertTrue(o.out().contains("curriculum stage 2/3 from update 3: sequences of 20 steps, time gates stretched x2.000"), o.out());
        assertTrue(o.out().contains("curriculum stage 3/3 from update 5: sequences of 40 steps, time gates stretched x2.000"), o.out());
        Path run;
        try (Stream<Path> s = Files.list(root)) {
            run = s.findFirst().orElseThrow();
        }
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.replaceAll("\\s+", "").contains("\"curriculum\":{\"lags\":[10,20],\"updates_per_stage\":2,\"full_task_from_update\":5}"), config);
        java.util.List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        java.util.List<String> header = java.util.Arrays.asList(csv.get(0).split(","));
        int seconds = header.indexOf("step_seconds"), rate = header.indexOf("timesteps_per_second");
        int[] expected = {20, 20, 40, 40, 80, 80, 80};                     // T·B of each update's batch
        for (int u = 0; u < 7; u++) {
            String[] row = csv.get(u + 1).split(",");
            double tokens = Double.parseDouble(row[seconds]) * Double.parseDouble(row[rate]);
            assertEquals(expected[u], tokens, 0.05 * expected[u], "update " + (u + 1) + ": " + csv.get(u + 1));
        }
    }

    /** The time gate's measures: columns of metrics.csv / metrics.jsonl and keys of summary.json for glstm and plstm only. */
    @Test
    void gateMeasuresAreLoggedForTimeGatedCellsOnly() throws IOException {
        for (String cell : new String[] {"glstm", "plstm", "lstm"}) {
            Path root = tmp.resolve(cell);
            CliRun o = run(("train --task adding --lag 6 --cell " + cell + " --hidden 4 --steps 4 --no-progress"
                    + (cell.equals("glstm") ? " --budget-lambda 0.5" : "") + " --out " + root).split(" +"));
            assertEquals(0, o.code(), o.err());
            Path run;
            try (Stream<Path> s = Files.list(root)) {
                run = s.findFirst().orElseThrow();
            }
            java.util.List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
            String summary = Files.readString(run.resolve("summary.json"));
            String jsonl = Files.readAllLines(run.resolve("metrics.jsonl")).get(0);
            boolean gated = !cell.equals("lstm");
            assertEquals(gated, csv.get(0).endsWith(",budget_loss,gate_openness,updated_fraction"), csv.get(0));
            assertEquals(gated, summary.contains("\"updated_fraction\"") && summary.contains("\"updates_vs_lstm\""), summary);
            assertEquals(gated, jsonl.contains("\"updated_fraction\":"), jsonl);
            assertEquals(gated, o.out().contains("of the unit-steps updated"), o.out());
            if (gated) {
                String[] row = csv.get(4).split(",");
                double budgetLoss = Double.parseDouble(row[row.length - 3]), openness = Double.parseDouble(row[row.length - 2]);
                double fraction = Double.parseDouble(row[row.length - 1]);
                double lambda = cell.equals("glstm") ? 0.5 : 0;                      // plstm: counting, no term
                assertEquals(lambda * openness, budgetLoss, 1e-6 * budgetLoss, "budget_loss = λ·B");
                assertTrue(fraction > 0 && fraction <= 1, "a fraction: " + fraction);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameLossSequence() throws IOException {
        String[] a = {"train", "--task", "adding", "--lag", "6", "--cell", "lstm", "--hidden", "6", "--steps", "15",
            "--seed", "11", "--no-progress", "--out", tmp.resolve("a").toString()};
        String[] b = a.clone();
        b[b.length - 1] = tmp.resolve("b").toString();
        assertEquals(0, run(a).code());
        assertEquals(0, run(b).code());
        assertEquals(losses(tmp.resolve("a")), losses(tmp.resolve("b")));
    }

    private static java.util.List<String> losses(Path root) throws IOException {
        Path run;
        try (Stream<Path> s = Files.list(root)) {
            run = s.findFirst().orElseThrow();
        }
        return Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1).map(l -> l.split(",")[1]).toList();
    }

    @Test
    void helpListsTheCommands() {
        CliRun o = run("--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("train") && o.out().contains("demo"), o.out());
        CliRun t = run("train", "--help");
        assertEquals(0, t.code());
        assertTrue(t.out().contains("--task") && t.out().replaceAll("\\s+", " ").contains("adding, copy, denoise, pad, varcopy, varpad, varwarp, warp"),
                t.out());
    }
}
