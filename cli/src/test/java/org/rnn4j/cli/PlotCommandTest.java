package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {

    @TempDir
    Path tmp;

    private int run(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void plotsTheLossOfARunWithTheMemorylessBaseline() throws IOException {
        Path runs = tmp.resolve("runs");
        assertEquals(0, Main.execute("train", "--task", "copy", "--lag", "2", "--length", "2", "--cell", "lstm",
                "--hidden", "4", "--steps", "12", "--no-progress", "--out", runs.toString()));
        Path run;
        try (Stream<Path> s = Files.list(runs)) {
            run = s.findFirst().orElseThrow();
        }
        Path svg = tmp.resolve("fig/loss.svg");
        assertEquals(0, Main.execute("plot", run.toString(), "--smooth", "3", "--out", svg.toString()));
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<svg") && text.contains("<polyline") && text.contains("memoryless")
                && text.contains("lstm H=4"), text);
    }

    @Test
    void rejectsAFolderThatIsNotARun() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path svg = tmp.resolve("x.svg");
        assertEquals(2, run(err, "plot", tmp.toString(), "--out", svg.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a run folder"), err.toString());
        assertTrue(Files.notExists(svg));
    }

    @Test
    void rejectsAnUnknownMetric() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(err, "plot", tmp.toString(), "--metric", "speed", "--out", tmp.resolve("y.svg").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--metric must be one of loss, accuracy, grad_norm"), err.toString());
    }

    @Test
    void runningMeanAveragesTheLastNValues() {
        assertArrayEquals(new double[] {1, 1.5, 2.5, 3.5}, PlotCommand.runningMean(new double[] {1, 2, 3, 4}, 2), 1e-12);
    }
}
