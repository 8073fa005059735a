package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompareCommandTest {

    @TempDir
    Path tmp;


    private static String[] tiny(Path out, String jobs) {
        return new String[] {"compare", "--task", "copy", "--lag", "5", "--length", "3", "--models", "lstm,gru",
            "--params", "2k", "--batch", "4", "--steps", "300", "--seed", "7", "--jobs", jobs, "--out", out.toString()};
    }

    @Test
    void aTinyComparisonWritesEveryFileAndDoesNotDependOnJobs() throws IOException {
        Path one = tmp.resolve("one"), two = tmp.resolve("two");
        CliRun a = run(tiny(one, "1"));
        assertEquals(0, a.code(), a.err());
        CliRun b = run(tiny(two, "2"));
        assertEquals(0, b.code(), b.err());

        for (String f : new String[] {"summary.md", "summary.csv", "summary.json", "curves.svg"}) {
            assertTrue(Files.isRegularFile(one.resolve(f)), f);
        }
        for (String model : new String[] {"lstm", "gru"}) { // the same run folder format as rnn4j train
            for (String f : new String[] {"config.json", "metrics.csv", "metrics.jsonl", "summary.json", "params.bin",
                "params-layout.tsv"}) {
                assertTrue(Files.isRegularFile(one.resolve(model).resolve(f)), model + "/" + f);
            }
            assertEquals(301, Files.readAllLines(one.resolve(model).resolve("metrics.csv")).size());
            String config = Files.readString(one.resolve(model).resolve("config.json"));
            assertTrue(config.contains("\"param_budget\": {") && config.contains("\"seed\": 7")
                    && config.contains("\"command\": \"rnn4j compare\""), config);
        }
        try (Stream<Path> s = Files.walk(one)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left");
        }

        List<String> table = Files.readAllLines(one.resolve("summary.md")).stream().filter(l -> l.startsWith("| ")).toList();
        assertEquals(3, table.size(), "header + one row per model: " + table);
        assertTrue(table.get(1).startsWith("| lstm | `lstm` | 17 | 2,066 | "), table.get(1));
        assertTrue(table.get(2).startsWith("| gru | `gru` | 19 | 1,947 | "), table.get(2));
        assertTrue(a.out().contains("lstm: H=17 → 2,066 parameters (budget 2,000, +3.3%)"), a.out());
        assertTrue(a.out().contains(table.get(1)), "the table is printed too");

        String svg = Files.readString(one.resolve("curves.svg"));
        assertEquals(2, svg.split("<polyline", -1).length - 1, "one curve per model");
        assertTrue(svg.contains("memoryless") && svg.contains("1% of memoryless") && svg.contains("stroke-dasharray=\"2 3\""));

        // Same data, same seeds, one thread per model: every number but the wall times is identical.
        assertEquals(withoutTimes(one.resolve("summary.csv")), withoutTimes(two.resolve("summary.csv")));
        assertEquals(3, withoutTimes(one.resolve("summary.csv")).size());
        assertEquals(Files.readAllLines(one.resolve("gru/metrics.csv")).stream().map(l -> l.split(",")[1]).toList(),
                Files.readAllLines(two.resolve("gru/metrics.csv")).stream().map(l -> l.split(",")[1]).toList());

        // Each model's final loss is the mean of its last 15 steps (5% of 300), from its own metrics.
        List<String> lstmRow = List.of(Files.readAllLines(one.resolve("summary.csv")).get(1).split(","));
        List<String> losses = Files.readAllLines(one.resolve("lstm/metrics.csv")).stream().skip(286)
                .map(l -> l.split(",")[1]).toList();
        double mean = losses.stream().mapToDouble(Double::parseDouble).average().orElseThrow();
        assertEquals(15, losses.size());
        assertEquals(mean, Double.parseDouble(lstmRow.get(8)), 1e-6 * mean);
    }

    /** The CSV with the columns seconds and steps_per_second removed. */
    private static List<List<String>> withoutTimes(Path csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int sec = header.indexOf("seconds"), sps = header.indexOf("steps_per_second");
        assertTrue(sec > 0 && sps > 0, header.toString());
        for (String line : lines) {
            List<String> f = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            f.remove(sps);
            f.remove(sec);
            rows.add(f);
        }
        return rows;
    }

    @Test
    void aDivergedModelIsRecordedAndTheComparisonCompletes() throws IOException {
        Path out = tmp.resolve("div");
        CliRun o = run("compare", "--task", "copy", "--lag", "2", "--length", "2", "--models", "gru", "--params", "1k",
                "--batch", "2", "--steps", "50", "--lr", "1e38", "--clip", "0", "--jobs", "1", "--no-progress",
                "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.matches("(?s).*\\| gru \\| `gru` \\| \\d+ \\| [0-9,]+ \\| diverged at step \\d+ \\| — \\|.*"), md);
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"status\": \"diverged\""));
        assertTrue(Files.readString(out.resolve("gru/summary.json")).contains("\"status\": \"diverged\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--models nope | unknown model 'nope' in --models; presets: chrono, classic, fast-gate, glstm, glstm-init, nru-paper; cells: eurnn, gated, glstm, goru, gru, janet, leaky, lstm, nru, plstm, rnn, sru",
        "--models lstm,,gru | unknown model '' in --models",
        "--models lstm,lstm | --models names model 'lstm' twice",
        "--params lots | --params must be a parameter count such as 23500, 23.5k, 0.165M or 2.15m, got 'lots'",
        "--params 10 | --params 10: no hidden size of model 'lstm' (lstm) comes within 10% of the budget",
        "--jobs 0 | --jobs must be >= 1, got 0",
        "--steps 0 | --steps must be >= 1, got 0",
        "--optimizer nope | unknown optimizer 'nope'",
        "--lag 0 | lag T must be >= 1, got 0",
    })
    void badInputGivesOneLineExitTwoAndWritesNothing(String args, String message) throws IOException {
        Path out = tmp.resolve("cmp");
        String models = args.contains("--models") ? "" : " --models lstm";
        String[] argv = ("compare --task copy " + args.trim() + models + " --out " + out).split(" +");
        CliRun o = run(argv);
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("rnn4j: error: ") && o.err().contains(message), o.err());
        assertTrue(Files.notExists(out), "nothing written");
        assertEquals("", o.out());
    }

    /**
     * The glstm preset on a short adding task: every model trains; the time-gated models report
     * their updates relative to an LSTM (a fraction in (0, 1]), the LSTMs 100 %; the
     * curriculum models record their plan (lags T/8, T/4, T/2) in config.json.
     */
    @Test
    void glstmPresetReportsUpdatesAndRunsTheCurricula() throws IOException {
        Path out = tmp.resolve("glstm");
        CliRun o = run("compare", "--task", "adding", "--lag", "16", "--models", "glstm", "--batch", "2", "--steps", "8",
                "--jobs", "2", "--no-progress", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| updates vs LSTM |"), md);
        for (String line : md.lines().filter(l -> l.startsWith("| LSTM") || l.startsWith("| g-LSTM")).toList()) {
            String last = line.substring(0, line.length() - 1).substring(line.substring(0, line.length() - 1).lastIndexOf('|') + 1).strip();
            if (line.startsWith("| LSTM")) {
                assertEquals("100% (no time gate)", last, line);
            } else {
                double pct = Double.parseDouble(last.replace("%", ""));
                assertTrue(pct > 0 && pct <= 100, line);
            }
        }
        assertEquals(8, md.lines().filter(l -> l.startsWith("| LSTM") || l.startsWith("| g-LSTM")).count(), md);
        assertTrue(md.contains("`glstm --hidden 64 --gate-time-unit 16`"), "{seq} is the task's length: " + md);
        for (String folder : new String[] {"g-lstm-curriculum-unit-t", "lstm-curriculum"}) {
            Path run = out.resolve(folder);
            String config = Files.readString(run.resolve("config.json")).replaceAll("\\s+", "");
            assertTrue(config.contains("\"curriculum\":{\"lags\":[2,4,8],\"updates_per_stage\":2,\"full_task_from_update\":7}"), config);
        }
        String csv = Files.readString(out.resolve("summary.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",run_folder,updated_fraction"), csv);
    }

    @Test
    void severalTasksGetAFolderAndATableEach() throws IOException {
        Path out = tmp.resolve("both");
        CliRun o = run("compare", "--task", "copy,denoise", "--lag", "4", "--length", "2", "--models", "gru,nru",
                "--params", "6k", "--batch", "3", "--steps", "20", "--jobs", "2", "--no-progress", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        for (String task : new String[] {"copy", "denoise"}) {
            for (String f : new String[] {"summary.md", "summary.csv", "summary.json", "curves.svg"}) {
                assertTrue(Files.isRegularFile(out.resolve(task).resolve(f)), task + "/" + f);
            }
            for (String model : new String[] {"gru", "nru"}) {
                assertTrue(Files.isRegularFile(out.resolve(task).resolve(model).resolve("params.bin")), task + "/" + model);
            }
        }
        String top = Files.readString(out.resolve("summary.md"));
        assertTrue(top.contains("## copy") && top.contains("## denoise"), top);
        assertTrue(Files.readString(out.resolve("denoise").resolve("summary.md")).contains("denoise"));
        CliRun twice = run("compare", "--task", "copy,copy", "--out", tmp.resolve("twice").toString());
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("--task names task 'copy' twice"), twice.err());
        assertTrue(Files.notExists(tmp.resolve("twice")));
    }

    @Test
    void anUnknownTaskOrANonEmptyOutFolderIsRefused() throws IOException {
        CliRun t = run("compare", "--task", "nope", "--out", tmp.resolve("x").toString());
        assertEquals(2, t.code());
        assertTrue(t.err().contains("unknown task 'nope'"), t.err());
        assertTrue(Files.notExists(tmp.resolve("x")));
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "x");
        CliRun o = run("compare", "--task", "copy", "--models", "gru", "--out", used.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--out " + used + " exists and is not an empty folder"), o.err());
        try (Stream<Path> s = Files.list(used)) {
            assertEquals(1, s.count(), "nothing added");
        }
    }

    @Test
    void helpListsThePresetsAndMainListsTheCommand() {
        CliRun o = run("compare", "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("--models") && o.out().contains("Presets: chrono, classic") && o.out().contains("--jobs"), o.out());
        assertTrue(run("--help").out().contains("compare"));
        assertFalse(o.out().contains("${"), o.out());
        assertFalse(o.err().contains("WARN"), "no picocli format warning: " + o.err());
        assertTrue(o.out().contains("1% of it"), o.out());
    }
}
