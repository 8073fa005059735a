package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kaf;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.testing.GradCheck;

/** The flexible KAF gates σ(a·s + b·KAF(s)) in LSTM, GRU and JANET. */
class KafGateCellTest {
    private static final KafGate NORMAL = KafGate.of().withInit(KafGate.AlphaInit.NORMAL).withSize(6).withBoundary(2);

    @Test
    void lstmBackwardMatchesFiniteDifferences() {
        LstmConfig c = LstmConfig.of(3, 4);
        GradCheck.cell(new Lstm(c.withKafGates(List.of("i", "f", "o"), NORMAL)), 2, 3).assertMaxRelError(5e-3);
        GradCheck.cell(new Lstm(c.withKafGates(List.of("f"), KafGate.of())), 2, 3).assertMaxRelError(5e-3);
        GradCheck.cell(new Lstm(c.withForgetGate(GateFunction.FAST).withKafGates(List.of("i", "o"),
                NORMAL.withKernel(Kaf.Kernel.SOFTPLUS).withMix(1, 0.3))), 2, 3).assertMaxRelError(5e-3);
    }

    @Test
    void gruBackwardMatchesFiniteDifferences() {
        for (boolean after : new boolean[] {true, false}) {
            GruConfig c = GruConfig.of(3, 4).withResetAfter(after);
            GradCheck.cell(new Gru(c.withKafGates(List.of("r", "z"), NORMAL)), 2, 3).assertMaxRelError(5e-3);
            GradCheck.cell(new Gru(c.withKafGates(List.of("z"), KafGate.of().withGamma(0.7))), 2, 3).assertMaxRelError(5e-3);
            GradCheck.cell(new Gru(c.withForgetGate(GateFunction.FAST).withKafGates(List.of("r"), NORMAL)), 2, 3)
                    .assertMaxRelError(5e-3);
        }
    }

    @Test
    void janetBackwardMatchesFiniteDifferences() {
        JanetConfig c = JanetConfig.of(3, 4);
        GradCheck.cell(new Janet(c.withKafGates(List.of("f"), NORMAL)), 2, 3).assertMaxRelError(5e-3);
        GradCheck.cell(new Janet(c.withBeta(1).withKafGates(List.of("f"), NORMAL.withMix(0.3, 1.2))), 2, 4)
                .assertMaxRelError(5e-3);
    }

    @Test
    void reluKernelBackwardMatchesFiniteDifferencesAwayFromKinks() {
        KafGate relu = NORMAL.withKernel(Kaf.Kernel.RELU);
        GradCheck.cellAwayFromKinks(new Gru(GruConfig.of(3, 4).withKafGates(List.of("r", "z"), relu)), 2, 3, 3e-3, 7)
                .assertMaxRelError(5e-3);
    }

    @Test
    void alphaBlocksAreAppendedAndLayoutsWithoutKafAreUnchanged() {
        List<String> lstm = names(new Lstm(LstmConfig.of(3, 4).withKafGates(List.of("o", "i"), KafGate.of())));
        assertEquals(List.of("Wx", "bx", "Wh", "alpha_i", "alpha_o"), lstm);
        assertEquals(List.of("Wx", "bx", "Wh", "bh", "alpha_r", "alpha_z"),
                names(new Gru(GruConfig.of(3, 4).withKafGates(Set.of("z", "r"), KafGate.of()))));
        assertEquals(List.of("Wx", "bx", "Wh", "alpha_f"), names(new Janet(JanetConfig.of(3, 4).withKafGates(Set.of("f"), KafGate.of()))));
        assertEquals(List.of("Wx", "bx", "Wh"), names(new Lstm(LstmConfig.of(3, 4))));
        assertEquals(new Lstm(LstmConfig.of(3, 4)).cacheSize(), 4);
        ParamSpec a = new Lstm(LstmConfig.of(3, 4).withKafGates(List.of("f"), KafGate.of())).params().get(3);
        assertArrayEquals(new int[] {4, 20}, a.shape());
        // ridge: every unit the same α, the identity fit; normal: std 0.8 (the library's HEAD)
        float[] w = new float[4 * 20];
        a.init().fill(w, 0, 4, 20, new SplittableRandom(1));
        double[] fit = KafGate.of().kaf().ridge(Kaf.Target.IDENTITY, 1e-4);
        for (int j = 0; j < 4; j++) for (int i = 0; i < 20; i++) assertEquals((float) fit[i], w[j * 20 + i], 0);
        float[] n = new float[100_000];
        KafGate.of().withInit(KafGate.AlphaInit.NORMAL).alphaInit().fill(n, 0, 5000, 20, new SplittableRandom(2));
        double sq = 0;
        for (float v : n) sq += v * v;
        assertEquals(0.8, Math.sqrt(sq / n.length), 0.01);
    }

    private static List<String> names(Cell c) {
        return c.params().stream().map(ParamSpec::name).toList();
    }

    /** With α fit to the identity and a = b = ½, a KAF-gated cell starts as the sigmoid cell (to the ridge fit's error). */
    @Test
    void ridgeIdentityGatesStartAsTheSigmoidCell() {
        assertCloseToSigmoidCell(new Lstm(LstmConfig.of(3, 8)), new Lstm(LstmConfig.of(3, 8).withKafGates(List.of("i", "f", "o"), KafGate.of())));
        assertCloseToSigmoidCell(new Gru(GruConfig.of(3, 8)), new Gru(GruConfig.of(3, 8).withKafGates(List.of("r", "z"), KafGate.of())));
        assertCloseToSigmoidCell(new Gru(GruConfig.of(3, 8).withResetAfter(false)),
                new Gru(GruConfig.of(3, 8).withResetAfter(false).withKafGates(List.of("r", "z"), KafGate.of())));
        assertCloseToSigmoidCell(new Janet(JanetConfig.of(3, 8)), new Janet(JanetConfig.of(3, 8).withKafGates(List.of("f"), KafGate.of())));
    }

    private static void assertCloseToSigmoidCell(Cell plain, Cell kaf) {
        int I = 3, T = 6, B = 3;
        float[][] out = new float[2][];
        float[] shared = null;
        SplittableRandom rx = new SplittableRandom(5);
        float[] x = new float[T * B * I], s0 = new float[B * plain.stateSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rx.nextDouble(-1, 1);
        for (int i = 0; i < s0.length; i++) s0[i] = (float) rx.nextDouble(-0.5, 0.5);
        Cell[] cells = {plain, kaf};
        for (int c = 0; c < 2; c++) {
            ParamLayout.Builder lb = ParamLayout.builder();
            for (ParamSpec s : cells[c].params()) lb.add("cell", s);
            ParamLayout layout = lb.build();
            float[] w = new float[layout.size()];
            layout.initialize(w, new SplittableRandom(9));
            if (c == 0) shared = w.clone();
            else System.arraycopy(shared, 0, w, 0, shared.length);     // the same other parameters; α from its init
            RecurrentLayer layer = new RecurrentLayer(cells[c]);
            layer.bind(w, new float[w.length], 0);
            try (Compute compute = Compute.create(1)) {
                layer.forward(compute, x, 0, I, T, B, s0, false, null, 0);
                out[c] = layer.states().clone();
            }
        }
        double worst = 0, diff = 0;
        for (int i = 0; i < out[0].length; i++) {
            worst = Math.max(worst, Math.abs(out[0][i] - out[1][i]));
            diff += Math.abs(out[0][i]);
        }
        assertTrue(diff > 1, "outputs are not trivial");
        assertTrue(worst < 1e-3, kaf.getClass().getSimpleName() + ": max |h_kaf − h_σ| = " + worst);
        assertTrue(worst > 0, "the KAF path ran");
    }

    @Test
    void resultsAreBitIdenticalOnOneAndTwoThreads() {
        check(c -> new Lstm(LstmConfig.of(5, 24).withKafGates(List.of("i", "f", "o"), NORMAL)));
        check(c -> new Gru(GruConfig.of(5, 24).withKafGates(List.of("r", "z"), NORMAL)));
        check(c -> new Gru(GruConfig.of(5, 24).withResetAfter(false).withKafGates(List.of("r", "z"), NORMAL)));
        check(c -> new Janet(JanetConfig.of(5, 24).withKafGates(List.of("f"), NORMAL)));
    }

    private static void check(Function<Integer, Cell> make) {
        float[][] grads = new float[2][], states = new float[2][], dxs = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Cell cell = make.apply(threads);
            int I = cell.inputSize(), H = cell.hiddenSize(), S = cell.stateSize(), T = 5, B = 64;
            ParamLayout.Builder lb = ParamLayout.builder();
            for (ParamSpec s : cell.params()) lb.add("cell", s);
            ParamLayout layout = lb.build();
            float[] w = new float[layout.size()], dw = new float[layout.size()];
            SplittableRandom rng = new SplittableRandom(3);
            layout.initialize(w, rng);
            float[] x = new float[T * B * I], s0 = new float[B * S], g = new float[T * B * H], gS = new float[B * S];
            for (float[] a : new float[][] {x, s0, g, gS}) for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextDouble(-1, 1);
            RecurrentLayer layer = new RecurrentLayer(cell);
            layer.bind(w, dw, 0);
            try (Compute compute = Compute.create(threads)) {
                layer.forward(compute, x, 0, I, T, B, s0, true, null, 0);
                states[threads - 1] = layer.states().clone();
                float[] dx = new float[T * B * I];
                layer.backward(compute, g, gS, dx, 0, I, new float[B * S]);
                dxs[threads - 1] = dx;
            }
            grads[threads - 1] = dw;
        }
        assertArrayEquals(states[0], states[1]);
        assertArrayEquals(grads[0], grads[1]);
        assertArrayEquals(dxs[0], dxs[1]);
        double a = 0;
        for (float v : grads[0]) a += Math.abs(v);
        assertTrue(a > 0);
    }

    @Test
    void configErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(3, 4).withKafGates(List.of("g"), KafGate.of()));
        assertTrue(e.getMessage().contains("[i, f, o]") && e.getMessage().contains("'g'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GruConfig.of(3, 4).withKafGates(List.of("n"), KafGate.of()));
        assertTrue(e.getMessage().contains("[r, z]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JanetConfig.of(3, 4).withKafGates(List.of("i"), KafGate.of()));
        assertTrue(e.getMessage().contains("[f]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LstmConfig.of(3, 4).withForgetGate(GateFunction.FAST).withKafGates(List.of("f"), KafGate.of()));
        assertTrue(e.getMessage().contains("FAST"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GruConfig.of(3, 4).withKafGates(List.of("z"), KafGate.of()).withForgetGate(GateFunction.FAST));
        assertThrows(IllegalArgumentException.class,
                () -> JanetConfig.of(3, 4).withForgetGate(GateFunction.FAST).withKafGates(List.of("f"), KafGate.of()));
        e = assertThrows(IllegalArgumentException.class,
                () -> LstmConfig.of(3, 4).withPeepholes(true).withKafGates(List.of("i"), KafGate.of()));
        assertTrue(e.getMessage().contains("peepholes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KafGate.of().withKernel(Kaf.Kernel.RELU));
        assertTrue(e.getMessage().contains("RELU") && e.getMessage().contains("NORMAL"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KafGate.of().withSize(1));
        assertThrows(IllegalArgumentException.class, () -> KafGate.of().withBoundary(0));
        assertThrows(IllegalArgumentException.class, () -> KafGate.of().withGamma(0));
        assertThrows(IllegalArgumentException.class, () -> KafGate.of().withStd(-1));
        assertThrows(IllegalArgumentException.class, () -> KafGate.of().withRidgeEpsilon(-1));
        assertThrows(IllegalArgumentException.class, () -> KafGate.of().withMix(Double.NaN, 1));
        assertEquals(Kaf.defaultGamma(20, 4), KafGate.of().effectiveGamma(), 0);
        assertEquals(2.5, KafGate.of().withGamma(2.5).kaf().gamma(), 0);
    }
}
