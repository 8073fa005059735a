package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.train.StepMetrics;

class ProgressBoardTest {

    private static StepMetrics step(long s, double loss) {
        return new StepMetrics(s, loss, Double.NaN, 1, 0.01, 0.01 * s, 1);
    }

    @Test
    void onATerminalEveryRowIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBoard b = new ProgressBoard(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of("LSTM", "RNN-orth"),
                100, 0.5, true);
        b.listener(0).onStep(step(40, 0.25));
        b.redraw();
        b.finish(0, "done: loss 0.1");
        b.redraw();
        String s = bytes.toString(StandardCharsets.UTF_8);
        String[] draws = s.split("\u001b\\[2A", -1);
        assertEquals(2, draws.length, "the second draw moves up over both rows: " + s);
        assertTrue(draws[0].contains("LSTM       40%  40/100  loss 0.2500 (50.0%)  100.0 steps/s  ETA 0:01"), draws[0]);
        assertTrue(draws[0].contains("RNN-orth  waiting"), draws[0]);
        assertTrue(draws[1].contains("LSTM      done: loss 0.1"), draws[1]);
    }

    @Test
    void elsewhereEachModelPrintsAPlainLineEveryTenPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBoard b = new ProgressBoard(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of("GRU"), 100, 1, false);
        for (int s = 1; s <= 100; s++) b.listener(0).onStep(step(s, 1));
        b.finish(0, "done");
        b.redraw(); // no-op
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(10, lines.size(), lines.toString()); // 10%, …, 90%, then the end
        assertTrue(lines.get(0).startsWith("GRU   10%  10/100"), lines.get(0));
        assertEquals("GRU  done", lines.get(9));
        assertTrue(lines.stream().noneMatch(l -> l.contains("\u001b")));
    }
}
