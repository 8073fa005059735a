package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.testing.Fixtures;
import org.rnn4j.testing.GradCheck;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

class SruTest {
    static final int I = 3, H = 5, F = 4, R = 3, B = 2, T = 4;
    static final double[] ALPHAS = {0, 0.5, 0.9};

    static SruConfig small() {
        return new SruConfig(I, H, F, R, ALPHAS);
    }

    /**
     * Three ReLU layers with zero biases put some pre-activation within ε of a kink for most seeds,
     * where finite differences are meaningless. So the check runs with parameters that keep every
     * pre-activation clear of 0: weights U(±0.1) and biases alternating +1, −1 per unit, which
     * leaves half the units of r, φ and h active and half dead (their zero gradient is checked too).
     */
    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.cell(new AwayFromKinks(new Sru(small())), B, T).assertMaxRelError(5e-3);
        GradCheck.cell(new AwayFromKinks(new Sru(new SruConfig(2, 3, 6, 2, new double[] {0.99, 0.25}))), 3, 5)
                .assertMaxRelError(5e-3);
    }

    /** The cell with its initializers replaced as described above; everything else delegates. */
    record AwayFromKinks(Sru cell) implements Cell {
        @Override
        public List<ParamSpec> params() {
            return cell.params().stream().map(p -> p.shape().length == 2
                    ? new ParamSpec(p.name(), p.shape(), new Init.Uniform(-0.1, 0.1))
                    : new ParamSpec(p.name(), p.shape(), alternating(p.size()))).toList();
        }

        private static Init alternating(int n) {
            int[] lengths = new int[n];
            Init[] parts = new Init[n];
            for (int j = 0; j < n; j++) {
                lengths[j] = 1;
                parts[j] = new Init.Constant(j % 2 == 0 ? 1 : -1);
            }
            return new Init.Segments(lengths, parts);
        }

        @Override public int inputSize() { return cell.inputSize(); }
        @Override public int hiddenSize() { return cell.hiddenSize(); }
        @Override public int projectionSize() { return cell.projectionSize(); }
        @Override public int stateSize() { return cell.stateSize(); }
        @Override public int cacheSize() { return cell.cacheSize(); }
        @Override public void bind(float[] params, float[] grads, int base) { cell.bind(params, grads, base); }
        @Override public void prepare(Compute compute, Sequence seq, boolean training) { cell.prepare(compute, seq, training); }
        @Override public void forward(int t) { cell.forward(t); }
        @Override public void backward(int t, float[] dNext, float[] dPrev) { cell.backward(t, dNext, dPrev); }
        @Override public void finishBackward() { cell.finishBackward(); }
    }

    @Test
    void hasTheNruPapersCopyTaskParameterCount() {
        // myTorch SRU baseline (nru-chrono.md §1.5): H 60, φ 55, r 16, 5 rates; one-hot 10 in, 9 classes
        SruConfig paper = SruConfig.of(10, 60).withPhiSize(55).withRSize(16);
        assertEquals(23_010, SequenceModel.parameterCount(ModelConfig.classifier(paper, 9)));
        // pMNIST: H 150, φ 155, r 50; input 1, 10 classes
        SruConfig pmnist = SruConfig.of(1, 150).withPhiSize(155).withRSize(50);
        assertEquals(164_770, SequenceModel.parameterCount(ModelConfig.classifier(pmnist, 10)));
    }

    @Test
    void defaultsScaleWithHiddenSize() {
        SruConfig c = SruConfig.of(10, 60);
        assertEquals(60, c.phiSize());
        assertEquals(15, c.rSize());
        assertArrayEquals(new double[] {0, 0.5, 0.9, 0.99, 0.999}, c.alphas());
        assertEquals(1, SruConfig.of(1, 1).rSize());
        assertEquals(2, SruConfig.of(1, 5).rSize(), "⌈5/4⌉");
    }

    @Test
    void stateIsOutputThenStatistics() {
        Sru cell = new Sru(small());
        assertEquals(List.of(new Cell.StateBlock("h", H), new Cell.StateBlock("mu", 3 * F)), cell.stateBlocks());
        assertEquals(H + 3 * F, cell.stateSize());
        assertEquals(F, cell.projectionSize());
        List<ParamSpec> p = cell.params();
        assertEquals(List.of("Wx", "bx", "Wr", "br", "Wphi", "Wo", "bo"), p.stream().map(ParamSpec::name).toList());
        assertArrayEquals(new int[] {F, I}, p.get(0).shape());
        assertArrayEquals(new int[] {R, 3 * F}, p.get(2).shape());
        assertArrayEquals(new int[] {F, R}, p.get(4).shape());
        assertArrayEquals(new int[] {H, 3 * F}, p.get(5).shape());
    }

    @Test
    void initIsXavierUniformWithReluGainAndZeroBiases() {
        int i = 10, h = 60, f = 55, r = 16;
        Sru cell = new Sru(SruConfig.of(i, h).withPhiSize(f).withRSize(r));
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : cell.params()) lb.add("", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()];
        layout.initialize(w, new SplittableRandom(3));
        double phiBound = Math.sqrt(2) * Math.sqrt(6.0 / (i + r + f));   // W_φ is one [F, I + R] matrix
        double muBound = Math.sqrt(2) * Math.sqrt(6.0 / (5 * f + r));
        double outBound = Math.sqrt(2) * Math.sqrt(6.0 / (5 * f + h));
        assertBounded(w, layout.block("Wx"), phiBound);
        assertBounded(w, layout.block("Wphi"), phiBound);
        assertBounded(w, layout.block("Wr"), muBound);
        assertBounded(w, layout.block("Wo"), outBound);
        for (String b : new String[] {"bx", "br", "bo"}) {
            ParamLayout.Block blk = layout.block(b);
            for (int k = 0; k < blk.size(); k++) assertEquals(0f, w[blk.offset() + k], b);
        }
    }

    private static void assertBounded(float[] w, ParamLayout.Block blk, double bound) {
        double max = 0;
        for (int k = 0; k < blk.size(); k++) max = Math.max(max, Math.abs(w[blk.offset() + k]));
        assertTrue(max <= bound && max > 0.95 * bound, blk.name() + ": max |w| " + max + " vs bound " + bound);
    }

    /** The layer against the equations stepped by hand in double, with random non-zero biases. */
    @Test
    void layerMatchesTheEquationsSteppedByHand() {
        Run run = run(small(), 11, null);
        int M = 3 * F, S = H + M;
        double[] mu = new double[B * M];
        for (int b = 0; b < B; b++) for (int k = 0; k < M; k++) mu[b * M + k] = run.state0[b * S + H + k];
        for (int t = 0; t < T; t++) {
            double[] muNext = new double[B * M];
            for (int b = 0; b < B; b++) {
                double[] r = new double[R], phi = new double[F];
                for (int j = 0; j < R; j++) {
                    double a = run.w("br", j);
                    for (int k = 0; k < M; k++) a += run.w("Wr", j * M + k) * mu[b * M + k];
                    r[j] = Math.max(a, 0);
                }
                for (int j = 0; j < F; j++) {
                    double a = run.w("bx", j);
                    for (int k = 0; k < I; k++) a += run.w("Wx", j * I + k) * run.x[(t * B + b) * I + k];
                    for (int k = 0; k < R; k++) a += run.w("Wphi", j * R + k) * r[k];
                    phi[j] = Math.max(a, 0);
                }
                for (int k = 0; k < ALPHAS.length; k++) {
                    for (int j = 0; j < F; j++) {
                        muNext[b * M + k * F + j] = ALPHAS[k] * mu[b * M + k * F + j] + (1 - ALPHAS[k]) * phi[j];
                    }
                }
                int row = (t + 1) * B * S + b * S;
                for (int j = 0; j < H; j++) {
                    double a = run.w("bo", j);
                    for (int k = 0; k < M; k++) a += run.w("Wo", j * M + k) * muNext[b * M + k];
                    assertEquals(Math.max(a, 0), run.states[row + j], 1e-5, "h t=" + t + " b=" + b + " j=" + j);
                }
                for (int k = 0; k < M; k++) {
                    assertEquals(muNext[b * M + k], run.states[row + H + k], 1e-5, "mu t=" + t + " b=" + b + " k=" + k);
                }
            }
            mu = muNext;
        }
        double positive = 0;
        for (int k = B * S; k < run.states.length; k++) positive += run.states[k] > 0 ? 1 : 0;
        assertTrue(positive > 0.3 * (run.states.length - B * S), "the check is not run on dead units");
    }

    /** With α = 0 the block μ^0 is φ itself, and every other block is a moving average of it. */
    @Test
    void statisticsAreMovingAveragesOfPhi() {
        Run run = run(small(), 12, null);
        int M = 3 * F, S = H + M;
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                int prev = t * B * S + b * S + H, next = (t + 1) * B * S + b * S + H;
                for (int j = 0; j < F; j++) {
                    float phi = run.states[next + j];                              // μ^0 = φ ≥ 0
                    assertTrue(phi >= 0);
                    for (int k = 1; k < ALPHAS.length; k++) {
                        double expected = ALPHAS[k] * run.states[prev + k * F + j] + (1 - ALPHAS[k]) * phi;
                        assertEquals(expected, run.states[next + k * F + j], 1e-6, "α=" + ALPHAS[k]);
                    }
                }
            }
        }
    }

    /** Only μ is carried: the previous output h does not change anything. */
    @Test
    void previousOutputIsNotAnInput() {
        Run a = run(small(), 13, null);
        float[] other = a.state0.clone();
        for (int b = 0; b < B; b++) for (int j = 0; j < H; j++) other[b * (H + 3 * F) + j] += 5f;
        Run c = run(small(), 13, other);
        int S = H + 3 * F;
        assertArrayEquals(Arrays.copyOfRange(a.states, B * S, a.states.length),
                Arrays.copyOfRange(c.states, B * S, c.states.length));
    }

    record Run(float[] w, ParamLayout layout, float[] x, float[] state0, float[] states) {
        double w(String block, int i) {
            return w[layout.offset(block) + i];
        }
    }

    /** One forward pass from U(−0.5, 0.5) parameters (biases included) and U(−1, 1) inputs and initial state. */
    static Run run(SruConfig cfg, long seed, float[] state0) {
        Sru cell = new Sru(cfg);
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : cell.params()) lb.add("", s);
        ParamLayout layout = lb.build();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] w = new float[layout.size()];
        for (int k = 0; k < w.length; k++) w[k] = (float) rng.nextDouble(-0.5, 0.5);
        float[] x = new float[T * B * I], s0 = new float[B * cell.stateSize()];
        for (int k = 0; k < x.length; k++) x[k] = (float) rng.nextDouble(-1, 1);
        for (int k = 0; k < s0.length; k++) s0[k] = (float) rng.nextDouble(-1, 1);
        if (state0 != null) s0 = state0;
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, new float[w.length], 0);
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, s0, false);
        }
        return new Run(w, layout, x, s0, Arrays.copyOf(layer.states(), (T + 1) * B * cell.stateSize()));
    }

    /**
     * Against {@code sru-seq-v1.json} (torch float64 from myTorch's SRUCell equations, made by
     * {@code tools/fixtures/make_cell_fixtures.py}), with the tolerances of {@link GoldenFixtureTest}.
     * The fixture keeps myTorch's one {@code W_φ [F, I + R]}; rnn4j splits it into {@code Wx} (its
     * first I columns) and {@code Wphi} (the last R).
     */
    @Test
    void matchesTheTorchFixture() {
        Fixtures.Json f = GoldenFixtureTest.load("sru-seq-v1.json");
        Fixtures.Json c = f.get("config");
        int i = c.get("I").asInt(), h = c.get("H").asInt(), b = c.get("B").asInt(), t = c.get("T").asInt();
        int fw = c.get("phi").asInt(), rw = c.get("r").asInt();
        Sru cell = new Sru(new SruConfig(i, h, fw, rw, c.get("alphas").doubles()));
        int M = cell.stateSize() - h, S = cell.stateSize();
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec spec : cell.params()) lb.add("", spec);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()], dw = new float[layout.size()];
        float[] wphi = f.get("weight_xr2phi").floats();                       // [F, I + R]
        for (int j = 0; j < fw; j++) {
            for (int k = 0; k < i; k++) w[layout.offset("Wx") + j * i + k] = wphi[j * (i + rw) + k];
            for (int k = 0; k < rw; k++) w[layout.offset("Wphi") + j * rw + k] = wphi[j * (i + rw) + i + k];
        }
        String[][] direct = {{"bx", "bias_xr2phi"}, {"Wr", "weight_mu2r"}, {"br", "bias_mu2r"}, {"Wo", "weight_mu2o"},
            {"bo", "bias_mu2o"}};
        for (String[] d : direct) {
            float[] v = f.get(d[1]).floats();
            assertEquals(layout.block(d[0]).size(), v.length, d[0]);
            System.arraycopy(v, 0, w, layout.offset(d[0]), v.length);
        }
        float[] x = f.get("x").floats(), mu0 = f.get("mu0").floats(), state0 = new float[b * S];
        for (int r = 0; r < b; r++) System.arraycopy(mu0, r * M, state0, r * S + h, M);
        double[] G = f.get("G").doubles(), Gmu = f.get("Gmu").doubles();
        float[] dH = new float[t * b * h], dFinal = new float[b * S];
        for (int k = 0; k < dH.length; k++) dH[k] = (float) G[k];
        for (int r = 0; r < b; r++) for (int k = 0; k < M; k++) dFinal[r * S + h + k] = (float) Gmu[r * M + k];

        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, dw, 0);
        float[] dx = new float[x.length], dState0 = new float[b * S], hs = new float[t * b * h], mus = new float[t * b * M];
        double loss = 0;
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, i, t, b, state0, true);
            float[] st = layer.states();
            for (int u = 0; u < t; u++) {
                for (int r = 0; r < b; r++) {
                    int o = layer.outputOffset(u) + r * S;
                    System.arraycopy(st, o, hs, (u * b + r) * h, h);
                    System.arraycopy(st, o + h, mus, (u * b + r) * M, M);
                    for (int j = 0; j < h; j++) loss += G[(u * b + r) * h + j] * st[o + j];
                    if (u == t - 1) for (int k = 0; k < M; k++) loss += Gmu[r * M + k] * st[o + h + k];
                }
            }
            layer.backward(compute, dH, dFinal, dx, 0, i, dState0);
        }
        List<String> failures = new java.util.ArrayList<>();
        GoldenFixtureTest.compareOut("h", f.get("h").doubles(), hs, failures);
        GoldenFixtureTest.compareOut("mu", f.get("mu").doubles(), mus, failures);
        double expectedLoss = f.get("loss").asDouble();
        if (!(Math.abs(loss - expectedLoss) <= GoldenFixtureTest.LOSS_ABS)) failures.add("loss " + loss + " vs " + expectedLoss);
        GoldenFixtureTest.compareGrad("d_x", f.get("d_x").doubles(), dx, failures);
        GoldenFixtureTest.compareGrad("d_mu0", f.get("d_mu0").doubles(), GoldenFixtureTest.slice(dState0, b, S, h, M), failures);
        float[] dWphiFull = new float[fw * (i + rw)];
        for (int j = 0; j < fw; j++) {
            for (int k = 0; k < i; k++) dWphiFull[j * (i + rw) + k] = dw[layout.offset("Wx") + j * i + k];
            for (int k = 0; k < rw; k++) dWphiFull[j * (i + rw) + i + k] = dw[layout.offset("Wphi") + j * rw + k];
        }
        GoldenFixtureTest.compareGrad("d_weight_xr2phi (dWx | dWphi)", f.get("d_weight_xr2phi").doubles(), dWphiFull, failures);
        for (String[] d : direct) {
            ParamLayout.Block blk = layout.block(d[0]);
            GoldenFixtureTest.compareGrad("d_" + d[1] + " (d" + d[0] + ")", f.get("d_" + d[1]).doubles(),
                    Arrays.copyOfRange(dw, blk.offset(), blk.offset() + blk.size()), failures);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void rejectsBadAlphasAndSizes() {
        for (double[] bad : new double[][] {{}, {1.0}, {0.5, -0.1}, {Double.NaN}, {0.9, 0.5, 0.9}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new SruConfig(3, 5, 4, 2, bad), Arrays.toString(bad));
            assertTrue(e.getMessage().startsWith("alphas must"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new SruConfig(3, 5, 4, 2, null));
        var e = assertThrows(IllegalArgumentException.class, () -> SruConfig.of(3, 5).withPhiSize(0));
        assertTrue(e.getMessage().contains("phiSize F"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SruConfig.of(3, 5).withRSize(-1));
        assertTrue(e.getMessage().contains("rSize R"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SruConfig.of(3, 0));
        assertTrue(e.getMessage().contains("hiddenSize H"), e.getMessage());
    }

    @Test
    void alphasAreCopiedInAndOut() {
        double[] a = {0, 0.5};
        SruConfig c = new SruConfig(3, 5, 4, 2, a);
        a[1] = 0.75;
        assertArrayEquals(new double[] {0, 0.5}, c.alphas());
        c.alphas()[0] = 0.3;
        assertArrayEquals(new double[] {0, 0.5}, c.alphas());
        assertEquals(new SruConfig(3, 5, 4, 2, new double[] {0, 0.5}), c);
        assertEquals(new SruConfig(3, 5, 4, 2, new double[] {0, 0.5}).hashCode(), c.hashCode());
        assertNotEquals(c.withAlphas(0.5, 0), c);
        assertTrue(c.toString().contains("alphas=[0.0, 0.5]"), c.toString());
        assertEquals(c.withInputSize(7).alphas().length, 2);
    }
}
