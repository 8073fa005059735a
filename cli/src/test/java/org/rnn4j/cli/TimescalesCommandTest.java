package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.rnn4j.analysis.TimeScaleProbe;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskRegistry;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.Trainer;

class TimescalesCommandTest {
    @TempDir
    Path tmp;

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void untrainedChronoLstmWritesTablesFiguresAndTheGatesTimeScales() throws IOException {
        Path out = tmp.resolve("ts");
        CliRun o = run("analyze", "timescales", "--task", "adding", "--lag", "30", "--cell", "lstm", "--hidden", "8",
                "--chrono", "30", "--batch", "4", "--per-unit", "--fit", "2:20", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of("decay.csv", "decay_layer0.png", "fits.csv", "timescales.csv", "timescales.json",
                "timescales_layer0.png", "unit_fits.csv"), list(out));
        assertTrue(o.out().contains("step 0 layer 0: probe on c, t*=29, 4 examples"), o.out());
        List<String> fits = Files.readAllLines(out.resolve("fits.csv"));
        assertEquals(2, fits.size());
        String[] f = fits.get(1).split(",");
        assertEquals(List.of("0", "0", "c", "29", "4"), List.of(f).subList(0, 5));
        assertEquals("2", f[6]);
        assertEquals("20", f[7]);
        assertEquals(30 + 1, Files.readAllLines(out.resolve("decay.csv")).size(), "k = 0..29");
        // The bias columns are the chrono draw: σ(log T) = T/(1+T), T in [1, 29], so 1/(1−f) = 1 + T in [2, 30].
        List<String> units = Files.readAllLines(out.resolve("timescales.csv"));
        assertEquals(8 + 1, units.size());
        for (String line : units.subList(1, units.size())) {
            double tLin = Double.parseDouble(line.split(",")[8]);
            assertTrue(tLin >= 2 - 1e-4 && tLin <= 30 + 1e-3, "chrono's T_lin in [2, T_max]: " + line);
        }
        assertEquals(8 + 1, Files.readAllLines(out.resolve("unit_fits.csv")).size());
        Map<?, ?> info = (Map<?, ?>) Json.parse(Files.readString(out.resolve("timescales.json")));
        assertEquals("rnn4j analyze timescales", info.get("command"));
        assertEquals(1, ((List<?>) info.get("probes")).size());
    }

    @Test
    void trainingProbesAtTheStartEveryNStepsAndTheEnd() throws IOException {
        Path out = tmp.resolve("ts");
        CliRun o = run("analyze", "timescales", "--task", "copy", "--lag", "4", "--length", "2", "--cell", "gru", "--hidden", "6",
                "--batch", "3", "--train-steps", "5", "--probe-every", "2", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        List<String> steps = Files.readAllLines(out.resolve("fits.csv")).stream().skip(1).map(l -> l.split(",")[0]).toList();
        assertEquals(List.of("0", "2", "4", "5"), steps);
        List<String> t = Files.readAllLines(out.resolve("timescales.csv"));
        assertEquals(4 * 6 + 1, t.size());
        String first = t.get(1), last = t.get(1 + 3 * 6);                     // unit 0 at steps 0 and 5
        assertTrue(first.startsWith("0,0,0,") && last.startsWith("5,0,0,"), first + " / " + last);
        assertFalse(first.split(",")[3].equals(last.split(",")[3]), "training moved the gate: " + first + " / " + last);
    }

    @Test
    void aRunFoldersModelIsProbedAndNruGetsTheProbeAlone() throws IOException {
        Path runs = tmp.resolve("runs");
        CliRun tr = run("train", "--task", "copy", "--lag", "4", "--length", "2", "--steps", "3", "--no-progress", "--cell", "nru",
                "--hidden", "6", "--memory", "16", "--heads", "1", "--out", runs.toString());
        assertEquals(0, tr.code(), tr.err());
        Path runDir;
        try (Stream<Path> s = Files.list(runs)) {
            runDir = s.findFirst().orElseThrow();
        }
        Path out = tmp.resolve("ts");
        CliRun o = run("analyze", "timescales", "--run", runDir.toString(), "--batch", "2", "--seed", "9", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of("decay.csv", "decay_layer0.png", "fits.csv", "timescales.json"), list(out), "no gate: no gate files");
        RunConfig rc = RunConfig.read(runDir);
        Task task = TaskRegistry.create(rc.task(), rc.taskOptions());
        var cfg = RunSpec.model(task, rc.cell(), rc.hidden(), rc.layers(), rc.cellOptions());
        try (SequenceModel m = new SequenceModel(cfg, Trainer.initRandom(5), 1)) {
            float[] p = RunFolder.readParams(runDir, m.layout());
            System.arraycopy(p, 0, m.params(), 0, p.length);
            TimeScaleProbe want = TimeScaleProbe.of(m, task.sample(2, Trainer.dataRandom(9)), TimeScaleProbe.Options.of());
            assertEquals("m", want.block());
            String g0 = Files.readAllLines(out.resolve("decay.csv")).get(1);
            assertEquals("0,0,m,0," + want.decay()[0], g0, "the run's parameters, the --seed batch");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--fit 5 | --fit must be FROM:TO with 0 <= FROM <= TO",
        "--fit 9:3 | --fit must be FROM:TO with 0 <= FROM <= TO (steps back from the loss step), got '9:3'",
        "--probe-every 10 | --probe-every needs --train-steps N",
        "--train-steps -1 | --train-steps must be >= 0, got -1",
        "--batch 0 | --batch must be >= 1, got 0",
        "--max-lag -2 | --max-lag must be >= 0, got -2",
        "--lr 0 | --lr must be a positive number, got 0.0",
        "--block m | block 'm' is not a state block of this cell; its blocks: h, c",
        "--layer 2 | --layer must be in [0, 0], got 2",
    })
    void badInputGivesOneErrorLineExitTwoAndNoOutputFolder(String args, String message) throws IOException {
        Path out = tmp.resolve("out");
        String full = "analyze timescales --task copy --lag 4 --length 2 --cell lstm --hidden 4 " + args.trim() + " --out " + out;
        CliRun o = run(full.split(" +"));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("rnn4j: error: "), o.err());
        assertTrue(o.err().contains(message.trim()), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(Files.exists(out), "no output folder");
    }

    @Test
    void aRerunReplacesItsOwnFilesRemovesItsStaleOnesAndKeepsOthers() throws IOException {
        Path out = tmp.resolve("ts");
        String[] base = {"analyze", "timescales", "--task", "copy", "--lag", "4", "--length", "2", "--cell", "lstm", "--hidden", "4",
            "--batch", "2", "--out", out.toString()};
        CliRun first = run(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.stream.Stream.of("--per-unit"))
                .toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.exists(out.resolve("unit_fits.csv")));
        Files.writeString(out.resolve("notes.txt"), "mine");
        CliRun second = run(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.stream.Stream.of("--max-lag", "0"))
                .toArray(String[]::new));
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("no fit (the fit range holds fewer than 2 lags)"), second.out());
        assertFalse(Files.exists(out.resolve("unit_fits.csv")), "a stale file of the first run is gone");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "other files are left alone");
        assertEquals(2, Files.readAllLines(out.resolve("decay.csv")).size(), "k = 0 only");
        assertEquals(List.of("ts"), list(tmp), "no staging folder left");
    }

    @Test
    void analyzeWithoutASubcommandStillNeedsOut() {
        CliRun o = run("analyze", "--task", "copy", "--cell", "lstm");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--out DIR is required"), o.err());
    }
}
