package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.cell.NruConfig;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;

/** Smoke tests of the end-to-end timers at tiny sizes: they run, print valid JSON, and count what they claim. */
class E2eTimersTest {

    /** Runs a timer's main path and returns its JSON lines, parsed. */
    private static List<Map<?, ?>> jsonLines(boolean train, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (train) TrainStepTimer.run(args, out);
        else StreamTimer.run(args, out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("# kernels: "), text);
        return text.lines().filter(l -> l.startsWith("{"))
                .<Map<?, ?>>map(l -> (Map<?, ?>) new JmhReport.Json(l).parse()).toList();
    }

    private static double num(Map<?, ?> m, String key) {
        assertTrue(m.get(key) instanceof Double, key + " missing or not a number in " + m);
        return (Double) m.get(key);
    }

    @Test
    void trainStepTimerPrintsOneJsonLinePerThreadCount() {
        List<Map<?, ?>> runs = jsonLines(true, "--cell", "lstm", "--hidden", "8", "--batch", "4", "--steps", "6",
                "--threads", "1,2", "--warmup", "1", "--reps", "3");
        assertEquals(2, runs.size());
        for (int r = 0; r < 2; r++) {
            Map<?, ?> m = runs.get(r);
            assertEquals("train-step", m.get("bench"));
            assertEquals("lstm", m.get("cell"));
            assertEquals(r + 1.0, num(m, "threads"));
            assertEquals(3, ((List<?>) m.get("steps_s")).size());
            assertTrue(num(m, "min_s") <= num(m, "median_s") && num(m, "median_s") <= num(m, "max_s"), m.toString());
            assertEquals(num(m, "median_s") / 6 * 1e6, num(m, "us_per_timestep"), 1e-3 * num(m, "us_per_timestep"));
            assertTrue(num(m, "peak_heap_bytes") > 0 && num(m, "live_heap_bytes") > 0, m.toString());
            assertTrue(Double.isFinite(num(m, "loss")));
        }
        // GEMM flops of an LSTM step, I = 1, B = 4, T = 6, H = 8, C = 10: the three recurrent products
        // (forward z += h·Whᵀ, backward dh = dz·Wh, dWh += dzᵀ·h) dominate; the rest are the input
        // projection and its gradient (I = 1) and the readout at one step
        long B = 4, T = 6, H = 8, P = 4 * H, C = 10;
        long recurrent = 2 * B * P * H * T;
        long rest = 2 * T * B * P * 2 + 2 * B * H * C * 3;
        double flops = num(runs.get(0), "gemm_flops_per_step");
        assertTrue(flops >= 2 * recurrent + rest && flops <= 3 * recurrent + rest,
                "flops " + flops + " outside [" + (2 * recurrent + rest) + ", " + (3 * recurrent + rest) + "]");
        assertEquals(flops, num(runs.get(1), "gemm_flops_per_step"), "the count does not depend on the threads");
    }

    @Test
    void trainStepTimerRunsGruAndNru() {
        for (String[] cell : new String[][] {{"--cell", "gru", "--hidden", "8"},
                                              {"--cell", "nru", "--hidden", "8", "--memory", "16", "--heads", "4"}}) {
            String[] args = concat(cell, "--batch", "3", "--steps", "5", "--warmup", "1", "--reps", "2");
            Map<?, ?> m = jsonLines(true, args).get(0);
            assertEquals(cell[1], m.get("cell"));
            assertTrue(num(m, "gemm_flops_per_step") > 0 && num(m, "gflops") > 0, m.toString());
            if (cell[1].equals("nru")) assertEquals(16.0, num(m, "M"));
        }
    }

    @Test
    void streamTimerRunsLstmAndNru() {
        for (String[] cell : new String[][] {{"--cell", "lstm", "--hidden", "8"},
                                              {"--cell", "nru", "--hidden", "8", "--memory", "16", "--heads", "4"}}) {
            List<Map<?, ?>> runs = jsonLines(false, concat(cell, "--warmup", "50", "--reps", "200", "--reset-every", "60"));
            assertEquals(1, runs.size());
            Map<?, ?> m = runs.get(0);
            assertEquals("stream", m.get("bench"));
            assertEquals(10.0, num(m, "readout_classes"));
            assertTrue(num(m, "p10_us") <= num(m, "median_us") && num(m, "median_us") <= num(m, "p90_us"), m.toString());
            assertTrue(num(m, "gemm_flops_per_step") > 0, m.toString());
            assertTrue(m.containsKey("alloc_bytes_per_step"));
            assertEquals(60.0, num(m, "reset_every"));
            assertEquals(Boolean.TRUE, m.get("state_finite"));
        }
    }

    @Test
    void streamingOneStepAtATimeMatchesTheWholeSequence() {
        for (CellConfig cfg : new CellConfig[] {LstmConfig.of(1, 8), NruConfig.reference(1, 8, 16, 4)}) {
            int T = 20;
            SplittableRandom rnd = new SplittableRandom(3);
            float[] xs = new float[T];
            for (int t = 0; t < T; t++) xs[t] = (float) rnd.nextDouble();
            try (StreamStep s = new StreamStep(cfg, 10, 1, 7); Compute compute = Compute.create(1)) {
                for (int t = 0; t < T; t++) s.step(xs, t);
                RecurrentLayer whole = new RecurrentLayer(cfg.create());
                whole.bind(s.params(), new float[s.params().length], 0);
                whole.forward(compute, xs, 0, 1, T, 1, null, false);
                int S = s.stateSize(), last = whole.stateOffset(T);
                for (int j = 0; j < S; j++) {
                    assertEquals(whole.states()[last + j], s.state()[j], 1e-5, cfg + ": state " + j + " after " + T + " steps");
                }
                assertTrue(s.state()[0] != 0f, "the state moved");
            }
        }
    }

    @Test
    void rejectsOptionsThatDoNotFitTheCell() {
        assertThrows(IllegalArgumentException.class, () -> E2e.CellChoice.of("lstm", 8, 16, null));
        assertThrows(IllegalArgumentException.class, () -> E2e.CellChoice.of("elman", 8, null, null));
        assertThrows(IllegalArgumentException.class, () -> TrainStepTimer.run(new String[] {"--reps"}, System.out));
        assertEquals(new E2e.CellChoice("nru", 212, 256, 4), E2e.CellChoice.of("nru", null, null, null));
    }

    @Test
    void theFastNamesChooseTheFastGate() {
        assertEquals(org.rnn4j.cell.GateFunction.FAST,
                ((org.rnn4j.cell.LstmConfig) E2e.CellChoice.of("lstm-fast", null, null, null).config()).forgetGate());
        assertEquals(org.rnn4j.cell.GateFunction.FAST,
                ((org.rnn4j.cell.GruConfig) E2e.CellChoice.of("gru-fast", 16, null, null).config()).forgetGate());
        assertEquals(org.rnn4j.cell.GateFunction.SIGMOID,
                ((org.rnn4j.cell.LstmConfig) E2e.CellChoice.of("lstm", null, null, null).config()).forgetGate());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
