package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.analysis.SequenceAnalysis;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskRegistry;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.Trainer;
import picocli.CommandLine;

class AnalyzeCommandTest {
    @TempDir
    Path tmp;


    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Trains a tiny run (a few steps) and returns its folder. */
    private Path trainedRun(String... modelArgs) throws IOException {
        Path runs = tmp.resolve("runs");
        String[] base = {"train", "--task", "copy", "--lag", "4", "--length", "2", "--steps", "5", "--no-progress",
            "--out", runs.toString()};
        String[] args = Stream.concat(Stream.of(base), Stream.of(modelArgs)).toArray(String[]::new);
        CliRun o = run(args);
        assertEquals(0, o.code(), o.err());
        try (Stream<Path> s = Files.list(runs)) {
            return s.findFirst().orElseThrow();
        }
    }

    @Test
    void untrainedNruWithIntegerCellOptionsWritesItsMemoryTrace() throws IOException {
        Path out = tmp.resolve("nru");
        CliRun o = run("analyze", "--task", "copy", "--lag", "5", "--length", "3", "--cell", "nru", "--hidden", "8",
                "--memory", "16", "--heads", "4", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(list(out).containsAll(List.of("m_trace.csv", "m_trace.png", "m_increments.png")), list(out).toString());
        assertEquals("t,grad_norm_h,grad_norm_m,h_norm,h_dist_to_last", Files.readAllLines(out.resolve("analysis.csv")).get(0));
        assertTrue(Files.readAllLines(out.resolve("m_trace.csv")).get(0).endsWith(",m_15"));
    }

    @Test
    void untrainedLstmOnCopyWritesTheTableTracesAndFigures() throws IOException {
        Path out = tmp.resolve("a");
        CliRun o = run("analyze", "--task", "copy", "--lag", "5", "--length", "3", "--cell", "lstm", "--hidden", "8",
                "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of("analysis.csv", "analysis.json", "c_increments.png", "c_trace.csv", "c_trace.png",
                "grad_norms.png", "h_dist_to_last.png", "h_norm.png"), list(out));
        int T = 2 * 3 + 5;
        List<String> csv = Files.readAllLines(out.resolve("analysis.csv"));
        assertEquals("t,grad_norm_h,grad_norm_c,h_norm,h_dist_to_last", csv.get(0));
        assertEquals(T + 1, csv.size(), "header + one row per step");
        String[] last = csv.get(T).split(",");
        assertEquals(String.valueOf(T - 1), last[0]);
        assertEquals(0.0, Double.parseDouble(last[4]), 0.0, "||h_T - h_T|| = 0");
        assertTrue(Double.parseDouble(last[1]) > 0, "the last step's loss has a gradient at h");
        assertTrue(Double.parseDouble(last[2]) > 0, "and at c through h_T = o⊙tanh(c_T): whole-graph gradients");
        for (int t = 1; t <= T; t++) assertEquals(5, csv.get(t).split(",").length);
        List<String> trace = Files.readAllLines(out.resolve("c_trace.csv"));
        assertEquals(T + 1, trace.size());
        assertTrue(trace.get(0).startsWith("t,c_0,c_1,") && trace.get(0).endsWith(",c_7"), trace.get(0));
        for (String f : List.of("grad_norms.png", "h_norm.png", "h_dist_to_last.png")) {
            PngDecoder.Image img = PngDecoder.decode(Files.readAllBytes(out.resolve(f)));
            assertEquals(PngLinePlot.WIDTH, img.width(), f);
            assertEquals(PngLinePlot.HEIGHT, img.height(), f);
        }
        for (String f : List.of("c_trace.png", "c_increments.png")) {
            PngDecoder.Image img = PngDecoder.decode(Files.readAllBytes(out.resolve(f)));
            assertEquals(PngHeatMap.LEFT + T * (640 / T) + PngHeatMap.RIGHT, img.width(), f);
            assertEquals(PngHeatMap.TOP + 8 * (320 / 8) + PngHeatMap.BOTTOM, img.height(), f);
        }
        Map<?, ?> info = (Map<?, ?>) Json.parse(Files.readString(out.resolve("analysis.json")));
        assertEquals((long) T - 1, info.get("loss_step"));
        assertEquals(Boolean.TRUE, info.get("loss_at_last_step"));
        assertEquals(1000L, info.get("seed"));
        assertEquals(Map.of("lag", 5L, "length", 3L), info.get("task_options"));
        assertEquals(List.of("a"), list(tmp), "no staging folder left");
        assertTrue(o.out().contains("wrote " + out), o.out());
    }

    /** The run's parameters are loaded: the analysis equals one made here from params.bin, not the initial model's. */
    @Test
    void aTrainedRunIsRebuiltFromItsConfigAndParameters() throws IOException {
        Path runDir = trainedRun("--cell", "rnn", "--activation", "relu", "--hidden", "6", "--layers", "2");
        Path out = tmp.resolve("b");
        CliRun o = run("analyze", "--run", runDir.toString(), "--layer", "1", "--seed", "7", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of("analysis.csv", "analysis.json", "grad_norms.png", "h_dist_to_last.png", "h_norm.png"), list(out),
                "an Elman cell has only h: no trace files");
        Map<?, ?> info = (Map<?, ?>) Json.parse(Files.readString(out.resolve("analysis.json")));
        RunConfig rc = RunConfig.read(runDir);
        assertEquals("relu", rc.cellOptions().activation());
        Task task = TaskRegistry.create(rc.task(), rc.taskOptions());
        var cfg = RunSpec.model(task, rc.cell(), rc.hidden(), rc.layers(), rc.cellOptions());
        try (SequenceModel m = new SequenceModel(cfg, Trainer.initRandom(5), 1)) {
            var sequence = task.sample(1, Trainer.dataRandom(7));
            double initial = SequenceAnalysis.of(m, sequence, 1).loss();
            float[] p = RunFolder.readParams(runDir, m.layout());
            System.arraycopy(p, 0, m.params(), 0, p.length);
            double trained = SequenceAnalysis.of(m, sequence, 1).loss();
            assertEquals(trained, (Double) info.get("loss"), 0.0);
            assertNotEquals(initial, trained);
        }
        assertEquals(1L, info.get("layer"));
        assertEquals(8 + 1, Files.readAllLines(out.resolve("analysis.csv")).size());
    }

    /** The fast gate is saved in config.json as the cell option forget_gate and rebuilt from it. */
    @Test
    void aFastGateRunIsRebuiltWithItsGate() throws IOException {
        Path runDir = trainedRun("--cell", "gru", "--forget-gate", "fast", "--hidden", "5");
        RunConfig rc = RunConfig.read(runDir);
        assertEquals("fast", rc.cellOptions().forgetGate());
        var cfg = RunSpec.model(TaskRegistry.create(rc.task(), rc.taskOptions()), rc.cell(), rc.hidden(), rc.layers(),
                rc.cellOptions());
        assertEquals(org.rnn4j.cell.GateFunction.FAST, ((org.rnn4j.cell.GruConfig) cfg.cell()).forgetGate());
        Path out = tmp.resolve("fast");
        CliRun o = run("analyze", "--run", runDir.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        Map<?, ?> info = (Map<?, ?>) Json.parse(Files.readString(out.resolve("analysis.json")));
        assertEquals(Map.of("forget_gate", "fast"), info.get("cell_options"));
    }

    /**
     * The time-gated cells: config.json gives back their options and so the model; a frozen period
     * is in params.bin bit for bit after training while the shifts moved; analyze rebuilds the run
     * and writes the c trace.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plstm | --period-min 2 --period-max 6 --open-ratio 0.5 --freeze-period --leak-at-evaluation",
        "glstm | --centre-init spaced --width-init 0.3 --gate-denominator sigma-squared",
    })
    void timeGatedRunsAreRebuiltAndAnalyzed(String cell, String flags) throws IOException {
        String[] model = ("--cell " + cell + " --hidden 5 " + flags).split(" +");
        Path runDir = trainedRun(model);
        RunConfig rc = RunConfig.read(runDir);
        Task task = TaskRegistry.create(rc.task(), rc.taskOptions());
        var cfg = RunSpec.model(task, rc.cell(), rc.hidden(), rc.layers(), rc.cellOptions());
        assertTrue(Files.readString(runDir.resolve("config.json")).contains("\"cell_config\": \"" + cfg.cell() + "\""),
                "the rebuilt cell configuration is the trained one: " + cfg.cell());
        try (SequenceModel m = new SequenceModel(cfg, Trainer.initRandom(5), 1)) {    // train's default seed
            float[] trained = RunFolder.readParams(runDir, m.layout());
            String frozen = cell.equals("plstm") ? "layer0.tau" : null, moving = cell.equals("plstm") ? "layer0.shift" : "layer0.mu";
            if (frozen != null) {
                int o = m.layout().offset(frozen);
                for (int i = o; i < o + 5; i++) {
                    assertEquals(Float.floatToRawIntBits(m.params()[i]), Float.floatToRawIntBits(trained[i]), frozen + " " + i);
                }
            }
            int o = m.layout().offset(moving), moved = 0;
            for (int i = o; i < o + 5; i++) moved += m.params()[i] != trained[i] ? 1 : 0;
            assertTrue(moved > 0, moving + " trains");
        }
        Path out = tmp.resolve(cell);
        CliRun o = run("analyze", "--run", runDir.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(list(out).contains("c_trace.csv"), list(out).toString());
        Map<?, ?> info = (Map<?, ?>) Json.parse(Files.readString(out.resolve("analysis.json")));
        assertTrue(Double.isFinite((Double) info.get("loss")), info.toString());
    }

    /**
     * A run with frozen time-scale biases (model_mts.py's grid: the last unit's b_f = −∞): config.json
     * gives back the cell options and so the model; params.bin holds the initial b_i and b_f bit for
     * bit after training while the rest moved; analyze rebuilds the run.
     */
    @Test
    void aRunWithFrozenTimeScalesKeepsItsOptionsAndItsGateBiases() throws IOException {
        Path runDir = trainedRun("--cell", "lstm", "--hidden", "6", "--timescales", "invgamma:0.56,1,include-one",
                "--timescale-map", "exact", "--freeze-gate-bias");
        RunConfig rc = RunConfig.read(runDir);
        assertEquals("invgamma:0.56,1,include-one", rc.cellOptions().timescales());
        assertEquals("exact", rc.cellOptions().timescaleMap());
        assertEquals(Boolean.TRUE, rc.cellOptions().freezeGateBias());
        Task task = TaskRegistry.create(rc.task(), rc.taskOptions());
        var cfg = RunSpec.model(task, rc.cell(), rc.hidden(), rc.layers(), rc.cellOptions());
        assertTrue(Files.readString(runDir.resolve("config.json")).contains("\"cell_config\": \"" + cfg.cell() + "\""),
                "the rebuilt cell configuration is the trained one");
        try (SequenceModel m = new SequenceModel(cfg, Trainer.initRandom(5), 1)) {    // train's default seed
            float[] trained = RunFolder.readParams(runDir, m.layout());
            int bx = m.layout().offset("layer0.bx"), H = 6;
            for (int i = bx; i < bx + 2 * H; i++) {
                assertEquals(Float.floatToRawIntBits(m.params()[i]), Float.floatToRawIntBits(trained[i]), "b_i, b_f entry " + i);
            }
            assertEquals(Float.NEGATIVE_INFINITY, trained[bx + 2 * H - 1], "T = 0: b_f = −∞");
            int moved = 0;
            for (int i = bx + 2 * H; i < bx + 4 * H; i++) moved += m.params()[i] != trained[i] ? 1 : 0;
            assertEquals(2 * H, moved, "b_g and b_o train");
        }
        Path out = tmp.resolve("frozen");
        CliRun o = run("analyze", "--run", runDir.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        Map<?, ?> info = (Map<?, ?>) Json.parse(Files.readString(out.resolve("analysis.json")));
        assertTrue(Double.isFinite((Double) info.get("loss")), info.toString());
    }

    @Test
    void lagAndLengthMayChangeTheTaskOfARunAndAnExistingFolderIsUpdated() throws IOException {
        Path runDir = trainedRun("--cell", "lstm", "--hidden", "5", "--peepholes");
        Path out = tmp.resolve("c");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("analysis.csv"), "old");
        CliRun o = run("analyze", "--run", runDir.toString(), "--lag", "9", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(2 * 2 + 9 + 1, Files.readAllLines(out.resolve("analysis.csv")).size());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "other files are left alone");
        assertEquals(List.of("c", "runs"), list(tmp), "no staging folder left");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--run MISSING | --run MISSING is not a directory",
        "--run EMPTY | --run EMPTY is not a run folder: it has no config.json",
        "--run RUN --cell gru | --cell does not apply with --run: the run's config.json fixes the model",
        "--run RUN --hidden 9 | --hidden does not apply with --run",
        "--run RUN --init-seed 2 | --init-seed does not apply with --run",
        "--run RUN --layer 1 | --layer must be in [0, 0], got 1",
        "--run RUN --lag 0 | lag T must be >= 1, got 0",
        "--task copy | give --run DIR (a trained model) or --task and --cell (an untrained one)",
        "--task copy --cell lstm --bogus | Unknown option: '--bogus'",
        "--task copy --cell gru --peepholes | --peepholes does not apply to cell 'gru'",
        "--task nope --cell lstm | unknown task 'nope'; known tasks: adding, copy, denoise, pad, varcopy, varpad, varwarp, warp",
        "--task copy --cell lstm --hidden 0 | --hidden must be >= 1, got 0",
        "--task copy --cell lstm --seed x | Invalid value for option '--seed': 'x' is not a long",
        "--task copy --cell lstm --out FILE | --out FILE exists and is not a directory",
        "--run CORRUPT | params.bin is corrupt: the CRC-32 of its values is",
        "--run NOPARAMS | params.bin is missing: the run folder has no trained parameters",
        "--run BADJSON | config.json is not valid JSON: ",
    })
    void badInputGivesOneErrorLineExitTwoAndNoOutputFolder(String args, String message) throws IOException {
        Path run = trainedRun("--cell", "gru", "--hidden", "4");
        Path empty = Files.createDirectory(tmp.resolve("empty")), file = Files.writeString(tmp.resolve("file"), "x");
        Path corrupt = copyRun(run, "corrupt"), noParams = copyRun(run, "noparams"), badJson = copyRun(run, "badjson");
        byte[] b = Files.readAllBytes(corrupt.resolve("params.bin"));
        b[20] ^= 0x10;
        Files.write(corrupt.resolve("params.bin"), b);
        Files.delete(noParams.resolve("params.bin"));
        Files.writeString(badJson.resolve("config.json"), "{\"task\": ");
        Map<String, String> paths = Map.of("MISSING", tmp.resolve("missing").toString(), "EMPTY", empty.toString(),
                "RUN", run.toString(), "FILE", file.toString(), "CORRUPT", corrupt.toString(), "NOPARAMS", noParams.toString(),
                "BADJSON", badJson.toString());
        String line = args.trim();
        for (var e : paths.entrySet()) {
            line = line.replace(e.getKey(), e.getValue());
            message = message.replace(e.getKey(), e.getValue());
        }
        Path out = tmp.resolve("out");
        String full = "analyze " + line + (line.contains("--out") ? "" : " --out " + out);
        List<String> before = list(tmp);
        CliRun o = run(full.split(" +"));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("rnn4j: error: "), o.err());
        assertTrue(o.err().contains(message.trim()), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertTrue(o.err().lines().count() <= 2, "one message (and for a parse error the hint): " + o.err());
        assertFalse(Files.exists(out), "no output folder");
        assertEquals(before, list(tmp), "nothing written next to it either");
    }

    private Path copyRun(Path run, String name) throws IOException {
        Path to = Files.createDirectory(tmp.resolve(name));
        for (String f : list(run)) Files.copy(run.resolve(f), to.resolve(f));
        return to;
    }

    /** analyze takes over train's model options (with their defaults), including every cell option. */
    @Test
    void everyModelOptionOfTrainIsAnOptionOfAnalyze() {
        CommandLine cmd = new CommandLine(new Main());
        var analyze = cmd.getSubcommands().get("analyze").getCommandSpec();
        var train = cmd.getSubcommands().get("train").getCommandSpec();
        for (String c : AnalyzeCommand.cellOptionNames()) {
            assertNotNull(analyze.findOption(AnalyzeCommand.option(c)), AnalyzeCommand.option(c));
        }
        for (String n : AnalyzeCommand.MODEL_OPTIONS) {
            assertEquals(train.findOption(n).defaultValue(), analyze.findOption(n).defaultValue(), n);
            assertFalse(analyze.findOption(n).required(), n);
        }
        CliRun help = run("analyze", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--run=DIR") && help.out().contains("--forget-bias=V"), help.out());
    }
}
