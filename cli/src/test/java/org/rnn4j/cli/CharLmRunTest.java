package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j train --task char-lm} on a small generated corpus, and its bad input. */
class CharLmRunTest {
    @TempDir
    Path tmp;


    /** Lines of six words from a small vocabulary, in the PTB char format (characters separated by spaces, _ between words). */
    private Path corpus() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ptb"));
        String[] words = {"the", "cat", "sat", "on", "mat", "a", "dog", "ran"};
        SplittableRandom r = new SplittableRandom(4);
        for (String split : new String[] {"train", "valid", "test"}) {
            StringBuilder sb = new StringBuilder();
            for (int line = 0; line < (split.equals("train") ? 300 : 30); line++) {
                StringBuilder l = new StringBuilder();
                for (int w = 0; w < 6; w++) {
                    if (w > 0) l.append(" _ ");
                    l.append(String.join(" ", words[r.nextInt(words.length)].split("")));
                }
                sb.append(l).append('\n');
            }
            Files.writeString(dir.resolve("ptb.char." + split + ".txt"), sb.toString());
        }
        return dir;
    }

    @Test
    void trainsByTruncatedBpttAndReportsBitsPerCharacterAtTheBestValidationEpoch() throws IOException {
        Path runs = tmp.resolve("runs");
        CliRun r = run("train", "--task", "char-lm", "--corpus", corpus().toString(), "--cell", "lstm", "--hidden", "24",
                "--embedding", "8", "--truncation", "20", "--batch", "8", "--epochs", "3", "--lr", "0.01", "--no-progress",
                "--out", runs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("truncated BPTT k=20"), r.out());
        assertTrue(r.out().contains("epoch 3/3: lr 0.0100, train bpc"), r.out());
        Path run;
        try (Stream<Path> s = Files.list(runs)) {
            run = s.findFirst().orElseThrow();
        }
        String summary = Files.readString(run.resolve("summary.json"));
        assertTrue(summary.contains("\"test_bpc_at_best_valid\""), summary);
        // it learns: the last epoch's validation bpc is below the first's, and below log2 of the vocabulary
        var lines = Files.readAllLines(run.resolve("epochs.csv"));
        assertEquals("epoch,updates,learning_rate,train_bpc,valid_bpc,test_bpc,seconds", lines.get(0));
        double first = Double.parseDouble(lines.get(1).split(",")[4]), last = Double.parseDouble(lines.get(3).split(",")[4]);
        assertTrue(last < first, lines.toString());
        assertTrue(last < Math.log(11) / Math.log(2), lines.toString());   // 9 letters + _ + <eos>
    }

    @Test
    void backpropStepsSetK2AndAreRecorded() throws IOException {
        Path runs = tmp.resolve("runs");
        CliRun r = run("train", "--task", "char-lm", "--corpus", corpus().toString(), "--cell", "gru", "--hidden", "8",
                "--embedding", "4", "--truncation", "10", "--backprop-steps", "25", "--batch", "8", "--epochs", "1",
                "--no-progress", "--out", runs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("truncated BPTT k=10, k2=25"), r.out());
        String config;
        try (Stream<Path> s = Files.list(runs)) {
            config = Files.readString(s.findFirst().orElseThrow().resolve("config.json"));
        }
        assertTrue(config.contains("\"truncation\": 10") && config.contains("\"backprop_steps\": 25"), config);
        Path none = tmp.resolve("none");
        r = run("train", "--task", "char-lm", "--corpus", corpus().toString(), "--cell", "gru", "--backprop-steps", "0",
                "--out", none.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.out());
        assertTrue(r.err().contains("--backprop-steps K2 must be >= 1") && r.err().contains("got 0"), r.err());
        assertFalse(Files.exists(none), "nothing written");
    }

    @Test
    void aLearningRateScheduleAppliesToCharLmToo() throws IOException {
        Path runs = tmp.resolve("runs");
        CliRun r = run("train", "--task", "char-lm", "--corpus", corpus().toString(), "--cell", "gru", "--hidden", "8",
                "--embedding", "4", "--truncation", "50", "--batch", "8", "--epochs", "2", "--lr-schedule", "step:1",
                "--lr-factor", "0.1", "--no-progress", "--out", runs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1/2: lr 0.00100,") && r.out().contains("epoch 2/2: lr 0.000100,"), r.out());
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path runs = tmp.resolve("runs");
        CliRun r = run("train", "--task", "char-lm", "--cell", "lstm", "--out", runs.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("needs --corpus DIR"), r.err());
        r = run("train", "--task", "char-lm", "--corpus", corpus().toString(), "--text-format", "xml", "--cell", "lstm",
                "--out", runs.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--text-format must be tokens"), r.err());
        r = run("train", "--task", "char-lm", "--corpus", corpus().toString(), "--steps", "5", "--cell", "lstm",
                "--out", runs.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("do not apply to task 'char-lm'"), r.err());
        r = run("train", "--task", "copy", "--truncation", "5", "--cell", "lstm", "--out", runs.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--truncation applies to task 'char-lm' and the data-set tasks"), r.err());
        r = run("train", "--task", "char-lm", "--corpus", corpus().toString(), "--cell", "glstm", "--out", runs.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--cell glstm on char-lm needs --gate-period P"), r.err());
        assertFalse(Files.exists(runs));
    }
}
