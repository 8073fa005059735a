package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cell.PhasedLstm.openness;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Batch;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.optim.Adam;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.testing.GradCheck;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;
import org.rnn4j.train.TrainConfig;
import org.rnn4j.train.Trainer;

class PhasedLstmTest {
    static final double A = 1e-3;

    // ------------------------------------------------------------------ the time gate

    /** τ = 10, s = 0, r_on = 0.2: open for u ∈ [0, 2], peak at u = 1, then the leak α·u/τ. */
    @Test
    void theGateOpensClosesAndLeaksAsTheHandValues() {
        assertEquals(0.0, openness(0, 10, 0, 0.2, A, null, 0), "u = 0: the opening starts at 0");
        assertEquals(0.5, openness(0.5, 10, 0, 0.2, A, null, 0), 1e-15, "opening 2u/(r·τ)");
        assertEquals(1.0, openness(1, 10, 0, 0.2, A, null, 0), 1e-15, "peak at u = r·τ/2");
        assertEquals(0.5, openness(1.5, 10, 0, 0.2, A, null, 0), 1e-15, "closing 2 − 2u/(r·τ)");
        assertEquals(0.1, openness(1.9, 10, 0, 0.2, A, null, 0), 1e-14, "closing");
        assertEquals(0.0, openness(2, 10, 0, 0.2, A, null, 0), 1e-15, "closed at u = r·τ");
        assertEquals(A * 0.25, openness(2.5, 10, 0, 0.2, A, null, 0), 1e-18, "leak α·u/τ");
        assertEquals(A * 0.95, openness(9.5, 10, 0, 0.2, A, null, 0), 1e-18, "leak up to the period's end");
        assertEquals(0.0, openness(5, 10, 0, 0.2, 0, null, 0), "α = 0: shut");
        // periodic, with the floor mod for negative times; the shift is added; |τ| and |r_on|
        assertEquals(0.5, openness(30.5, 10, 0, 0.2, A, null, 0), 1e-12, "three periods later");
        assertEquals(0.5, openness(-9.5, 10, 0, 0.2, A, null, 0), 1e-15, "(−9.5) mod 10 = 0.5");
        assertEquals(1.0, openness(0, 10, 1, 0.2, A, null, 0), 1e-15, "(t + s) mod τ: s = 1 puts t = 0 at the peak");
        assertEquals(0.5, openness(0.5, -10, 0, -0.2, A, null, 0), 1e-15, "τ and r_on through their absolute values");
        // an open ratio above 1: no closed phase
        assertEquals(1.5 / 3, openness(1.5, 4, 0, 1.5, A, null, 0), 1e-15);
        assertEquals(2 - 2 * 3.5 / 6, openness(3.5, 4, 0, 1.5, A, null, 0), 1e-15);
    }

    /**
     * τ = 10, s = 3, r_on = 0.2 (open window 2, peak at 1); t = 17.5, 18.5, 22 give x = t + s with
     * n = ⌊x/τ⌋ = 2 and u = 0.5, 1.5, 5: opening, closing, leak. Hand values of the class comment's
     * formulas, then the same against central differences in double.
     */
    @Test
    void theTimeParameterGradientsMatchHandValuesInEveryPhase() {
        double[] g = new double[3];
        assertEquals(0.5, openness(17.5, 10, 3, 0.2, A, g, 0), 1e-14);
        assertArrayEquals(new double[] {-0.05 - 2 * 1, 1, -0.5 / 0.2}, g, 1e-12, "opening");
        assertEquals(0.5, openness(18.5, 10, 3, 0.2, A, g, 0), 1e-14);
        assertArrayEquals(new double[] {1.5 / 10 + 2 * 1, -1, 1.5 / 0.2}, g, 1e-12, "closing");
        assertEquals(A * 0.5, openness(22, 10, 3, 0.2, A, g, 0), 1e-17);
        assertArrayEquals(new double[] {-A * 0.5 / 10 - 2 * A / 10, A / 10, 0}, g, 1e-16, "leak");
        assertEquals(0.5, openness(18.5, -10, 3, -0.2, A, g, 0), 1e-14);
        assertArrayEquals(new double[] {-(1.5 / 10 + 2), -1, -1.5 / 0.2}, g, 1e-12, "sign(τ), sign(r_on)");
        double h = 1e-6;
        for (double t : new double[] {17.5, 18.5, 22, 3.3, -7.7, 123.4}) {
            double[] p = {10, 3, 0.2};
            openness(t, p[0], p[1], p[2], A, g, 0);
            for (int i = 0; i < 3; i++) {
                double[] hi = p.clone(), lo = p.clone();
                hi[i] += h;
                lo[i] -= h;
                double fd = (openness(t, hi[0], hi[1], hi[2], A, null, 0) - openness(t, lo[0], lo[1], lo[2], A, null, 0)) / (2 * h);
                assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), "t=" + t + " parameter " + i);
            }
        }
    }

    /** At the kinks the gradient is the one-sided derivative of the branch the forward took. */
    @Test
    void atTheKinksTheGradientIsThatOfTheBranchTaken() {
        double[] g = new double[3];
        assertEquals(1.0, openness(1, 10, 0, 0.2, A, g, 0), 1e-15);
        assertEquals(1.0, g[1], 1e-15, "the peak belongs to the opening: ∂k/∂s = +1/(r·τ/2)");
        assertEquals(0.0, openness(2, 10, 0, 0.2, A, g, 0), 1e-15);
        assertEquals(-1.0, g[1], 1e-15, "u = r·τ belongs to the closing");
        assertEquals(0.0, openness(10, 10, 0, 0.2, A, g, 0), 1e-15);
        assertArrayEquals(new double[] {-1, 1, 0}, g, 1e-15, "u = 0 opens the new period (n = 1): ∂k/∂τ = −n·∂k/∂u");
        openness(0.5, 10, 0, 0, A, g, 0);
        assertEquals(0.0, g[2], "r_on = 0: sign(0) = 0");
        assertEquals(A * 0.05, openness(0.5, 10, 0, 0, A, null, 0), 1e-18, "r_on = 0: no open phase, only the leak");
    }

    // ------------------------------------------------------------------ the cell

    /** Wide open gates (r_on = 0.6, τ ∈ [2, 5)) so every phase occurs; the leak kept at evaluation (see below). */
    static PhasedLstmConfig wideOpen(int I, int H) {
        return PhasedLstmConfig.of(I, H).withPeriods(2, 5).withShiftMax(10).withOpenRatio(0.6).withLeak(0.05, true);
    }

    /**
     * Every parameter block (τ, s, r_on included), the input and the initial state, over 6 steps.
     * The harness differentiates the evaluation pass, so the leak is kept at evaluation here; entries
     * whose stencil crosses one of the gate's kinks are skipped (at most 15%).
     */
    @Test
    void backwardMatchesFiniteDifferences() {
        PhasedLstmConfig c = wideOpen(3, 5);
        int[] phases = phases(c, 42, 2, 6, null);
        assertTrue(phases[0] > 5 && phases[1] > 5 && phases[2] > 5, "every phase occurs: " + Arrays.toString(phases));
        GradCheck.cellAwayFromKinks(new PhasedLstm(c), 2, 6, 1e-2, 42).assertMaxRelError(5e-3);
        // the authors' defaults (mostly closed on integer steps) and the two other seeds
        GradCheck.cellAwayFromKinks(new PhasedLstm(PhasedLstmConfig.of(3, 5).withLeak(A, true)), 2, 4, 1e-2, 7)
                .assertMaxRelError(5e-3);
        GradCheck.cellAwayFromKinks(new PhasedLstm(c.withOpenRatio(0.3)), 3, 5, 1e-2, 8).assertMaxRelError(5e-3);
    }

    /** Real-valued, asynchronous timestamps given with the data. */
    @Test
    void givenTimestampsBackwardMatchesFiniteDifferences() {
        int B = 2, T = 6;
        float[] times = asyncTimes(B, T, 3);
        PhasedLstmConfig c = wideOpen(3, 5).withTimestamps(Timestamps.GIVEN);
        int[] phases = phases(c, 42, B, T, times);
        assertTrue(phases[0] > 3 && phases[1] > 3 && phases[2] > 3, "every phase occurs: " + Arrays.toString(phases));
        GradCheck.cellWithTimes(new PhasedLstm(c), B, T, 1e-2, 42, times, true).assertMaxRelError(5e-3);
    }

    /** Per example, increasing times from U(0, 1) with gaps U(0.2, 1.2): {@code [T, B]}. */
    static float[] asyncTimes(int B, int T, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] times = new float[T * B];
        for (int b = 0; b < B; b++) {
            double t = rng.nextDouble(0, 1);
            for (int s = 0; s < T; s++) {
                times[s * B + b] = (float) t;
                t += rng.nextDouble(0.2, 1.2);
            }
        }
        return times;
    }

    /** How many (step, example, unit) fall in the opening, closing and leak phase with GradCheck's initial parameters. */
    static int[] phases(PhasedLstmConfig c, long seed, int B, int T, float[] times) {
        float[] w = params(c, seed);
        int H = c.hiddenSize(), tau = offset(c, "tau"), shift = offset(c, "shift"), ron = offset(c, "ron");
        int[] n = new int[3];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                double time = times == null ? t : times[t * B + b];
                for (int j = 0; j < H; j++) {
                    double P = w[tau + j], x = time + w[shift + j], u = x - P * Math.floor(x / P), open = w[ron + j] * P;
                    n[u <= open / 2 ? 0 : u <= open ? 1 : 2]++;
                }
            }
        }
        return n;
    }

    static float[] params(CellConfig c, long seed) {
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : c.create().params()) lb.add("cell", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()];
        layout.initialize(w, new SplittableRandom(seed));
        return w;
    }

    static int offset(CellConfig c, String block) {
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : c.create().params()) lb.add("cell", s);
        return lb.build().offset("cell." + block);
    }

    /**
     * One step driven by hand, every unit in its closed phase (τ = 10, s = 5, r_on = 0.05: u = 5):
     * in training k = α·u/τ = α/2 and the state moves a little; at evaluation k = 0 and the state is
     * kept bit for bit; with the leak kept at evaluation k = α/2 again. k sits in the first H floats
     * of each cache row.
     */
    @Test
    void theLeakIsAlphaInTrainingAndZeroAtEvaluation() {
        int I = 2, H = 4, B = 2;
        for (boolean keep : new boolean[] {false, true}) {
            PhasedLstmConfig c = PhasedLstmConfig.of(I, H).withLeak(A, keep);
            for (boolean training : new boolean[] {true, false}) {
                float[] w = params(c, 3);
                int tau = offset(c, "tau"), shift = offset(c, "shift"), ron = offset(c, "ron");
                for (int j = 0; j < H; j++) {
                    w[tau + j] = 10;
                    w[shift + j] = 5;
                    w[ron + j] = 0.05f;
                }
                PhasedLstm cell = new PhasedLstm(c);
                cell.bind(w, new float[w.length], 0);
                SplittableRandom rng = new SplittableRandom(4);
                float[] z = new float[B * 4 * H], states = new float[2 * B * 2 * H], cache = new float[B * 4 * H];
                for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextDouble(-2, 2);
                for (int i = 0; i < B * 2 * H; i++) states[i] = (float) rng.nextDouble(-1, 1);
                try (Compute compute = Compute.create(1)) {
                    cell.timestamps(null, 0, 0);
                    cell.prepare(compute, new Cell.Sequence(1, B, z, states, cache), training);
                    cell.forward(0);
                }
                float k = training || keep ? (float) (A / 2) : 0f;
                for (int b = 0; b < B; b++) {
                    for (int j = 0; j < H; j++) assertEquals(k, cache[b * 4 * H + j], "k, training=" + training + " keep=" + keep);
                }
                float[] prev = Arrays.copyOf(states, B * 2 * H), next = Arrays.copyOfRange(states, B * 2 * H, 2 * B * 2 * H);
                if (k == 0) assertArrayEquals(prev, next, "closed at evaluation: h and c kept bit for bit");
                else assertNotEquals(Arrays.toString(prev), Arrays.toString(next), "the leak lets the state move");
            }
        }
    }

    /** The step index continued from firstStep is the same as those indices given as timestamps. */
    @Test
    void theStepIndexEqualsTheSameTimesGiven() {
        int I = 3, H = 5, B = 2, T = 7;
        long first = 11;
        float[] times = new float[T * B];
        for (int t = 0; t < T; t++) for (int b = 0; b < B; b++) times[t * B + b] = first + t;
        PhasedLstmConfig c = wideOpen(I, H);
        float[] step = run(c, first, null, B, T), given = run(c.withTimestamps(Timestamps.GIVEN), 0, times, B, T);
        assertArrayEquals(step, given);
        assertTrue(Arrays.mismatch(step, run(c, 0, null, B, T)) >= 0, "another firstStep changes the states: the check can fail");
    }

    /** The states [T+1, B, S] of a forward pass of {@code c} with seeded parameters and inputs. */
    static float[] run(CellConfig c, long firstStep, float[] times, int B, int T) {
        return runWith(c.create(), params(c, 5), firstStep, times, B, T);
    }

    /** {@link #run} of {@code cell} bound to the parameters {@code w}, from step 0 without given times. */
    static float[] runWith(Cell cell, float[] w, int B, int T) {
        return runWith(cell, w, 0, null, B, T);
    }

    private static float[] runWith(Cell cell, float[] w, long firstStep, float[] times, int B, int T) {
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, new float[w.length], 0);
        SplittableRandom rng = new SplittableRandom(6);
        float[] x = new float[T * B * cell.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, cell.inputSize(), T, B, null, false, times, firstStep);
        }
        return Arrays.copyOf(layer.states(), (T + 1) * B * cell.stateSize());
    }

    /**
     * Update counting (the Phased LSTM reports, the budget term is the g-LSTM's): τ = 10, s = 0,
     * r_on = 0.2 over 20 steps at evaluation. The open phase is u = t mod 10 ∈ [0, 2): k = u at
     * u ≤ 1, 2 − u above, so k = 1 at t = 1 and 11 and 0 elsewhere (t = 0, 10: u = 0): the mean k
     * and the updated fraction are both 2/20; with the training leak the closed steps get
     * α·u/τ ≤ 1e-3, below ε = 0.01, so the fraction stays 0.1 while the mean rises.
     */
    @Test
    void theCellCountsItsUpdates() {
        int I = 1, H = 3, B = 2, T = 20;
        PhasedLstmConfig c = PhasedLstmConfig.of(I, H);
        float[] w = params(c, 3);
        int tau = offset(c, "tau"), shift = offset(c, "shift"), ron = offset(c, "ron");
        for (int j = 0; j < H; j++) {
            w[tau + j] = 10;
            w[shift + j] = 0;
            w[ron + j] = 0.2f;
        }
        for (boolean training : new boolean[] {false, true}) {
            PhasedLstm cell = new PhasedLstm(c);
            RecurrentLayer layer = new RecurrentLayer(cell);
            layer.bind(w, new float[w.length], 0);
            float[] x = new float[T * B * I];
            try (Compute compute = Compute.create(1)) {
                layer.forward(compute, x, 0, I, T, B, null, training, null, 0);
            }
            assertEquals(0.1, cell.updatedFraction(), 1e-12, "training=" + training);
            if (training) assertTrue(cell.budget() > 0.1 && cell.budget() < 0.1 + 1e-3, "mean k with the leak: " + cell.budget());
            else assertEquals(0.1, cell.budget(), 1e-7);
            assertEquals(0, cell.budgetLambda());
            assertEquals(0.01, cell.updateThreshold());
        }
        assertThrows(IllegalArgumentException.class, () -> c.withUpdateThreshold(0));
    }

    @Test
    void givenTimestampsAreRequired() {
        PhasedLstmConfig c = PhasedLstmConfig.of(3, 4).withTimestamps(Timestamps.GIVEN);
        var e = assertThrows(IllegalArgumentException.class, () -> run(c, 0, null, 2, 3));
        assertEquals("the phased LSTM reads the data's timestamps (timestamps = GIVEN): the batch must carry times [T, B]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run(c, 0, new float[5], 2, 3));
        assertEquals("times must hold [T=3, B=2] = 6 floats, got 5", e.getMessage());
    }

    /**
     * Six Adam updates (with weight decay) of a model whose τ and s are frozen: they keep their
     * bits, r_on and the rest move; then r_on alone frozen.
     */
    @Test
    void frozenTimeParametersKeepTheirBitsWhileTheRestTrains() {
        int I = 3, H = 5, C = 3, T = 6, B = 4;
        for (boolean[] f : new boolean[][] {{true, true, false}, {false, false, true}}) {
            PhasedLstmConfig c = wideOpen(I, H).withFrozen(f[0], f[1], f[2]);
            try (SequenceModel m = new SequenceModel(ModelConfig.classifier(c, C), Trainer.initRandom(3), 1)) {
                ParamLayout layout = m.layout();
                float[] before = m.params().clone();
                new Trainer(m, Adam.of(1e-2).withWeightDecay(0.1), (b, rng) -> batch(T, b, I, C, rng),
                        new TrainConfig(6, B, 1.0, 3, 1), new SplittableRandom(9), List.of()).run();
                String[] names = {"tau", "shift", "ron"};
                for (int p = 0; p < 3; p++) {
                    ParamLayout.Block blk = layout.block("layer0." + names[p]);
                    for (int i = blk.offset(); i < blk.offset() + blk.size(); i++) {
                        if (f[p]) {
                            assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(m.params()[i]),
                                    names[p] + " frozen");
                        } else {
                            assertNotEquals(before[i], m.params()[i], names[p] + " trains");
                        }
                    }
                }
                ParamLayout.Block wh = layout.block("layer0.Wh");
                assertTrue(Arrays.mismatch(Arrays.copyOfRange(before, wh.offset(), wh.offset() + wh.size()),
                        Arrays.copyOfRange(m.params(), wh.offset(), wh.offset() + wh.size())) >= 0, "Wh trains");
            }
        }
    }

    static Batch batch(int T, int B, int I, int C, java.util.random.RandomGenerator rng) {
        float[] x = new float[T * B * I], mask = new float[T * B];
        int[] labels = new int[T * B];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(C);
        Arrays.fill(mask, 1f);
        return new Batch(T, B, I, C, x, labels, null, mask);
    }

    @Test
    void theTimeParametersStartAsTheAuthorsCodeDraws() {
        int H = 4000;
        PhasedLstmConfig c = PhasedLstmConfig.of(2, H);
        float[] w = params(c, 1);
        int tau = offset(c, "tau"), shift = offset(c, "shift"), ron = offset(c, "ron");
        int belowE2 = 0;
        for (int j = 0; j < H; j++) {
            assertTrue(w[tau + j] >= (float) Math.E && w[tau + j] <= (float) Math.exp(3), "τ in [e, e³): " + w[tau + j]);
            assertTrue(w[shift + j] >= 0 && w[shift + j] < 100, "s in [0, 100)");
            assertEquals(0.05f, w[ron + j]);
            if (w[tau + j] < Math.exp(2)) belowE2++;
        }
        assertEquals(0.5, belowE2 / (double) H, 0.03, "log τ uniform on [1, 3]: half below e²");
        assertArrayEquals(w, params(c, 1), "same seed, same draw");
        List<ParamSpec> specs = new PhasedLstm(c.withFrozen(true, false, true)).params();
        assertArrayEquals(new int[] {0, H}, specs.get(3).frozen(), "τ frozen");
        assertEquals(0, specs.get(4).frozenCount(), "s trains");
        assertArrayEquals(new int[] {0, H}, specs.get(5).frozen(), "r_on frozen");
    }

    @Test
    void configRejectsBadValues() {
        PhasedLstmConfig c = PhasedLstmConfig.of(3, 4);
        assertEquals("openRatio r_on must be in (0, 1], got 0.0",
                assertThrows(IllegalArgumentException.class, () -> c.withOpenRatio(0)).getMessage());
        assertEquals("periodMax must be >= periodMin=5.0, got 2.0",
                assertThrows(IllegalArgumentException.class, () -> c.withPeriods(5, 2)).getMessage());
        assertEquals("periodMin must be a finite number > 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> c.withPeriods(-1, 2)).getMessage());
        assertEquals("leak α must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> c.withLeak(1, false)).getMessage());
        assertEquals("shiftMax must be a finite number >= 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> c.withShiftMax(Double.NaN)).getMessage());
    }
}
