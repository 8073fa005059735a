package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.ElmanConfig.Activation;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.testing.Fixtures;
import org.rnn4j.testing.Fixtures.Json;

/**
 * Every cell against the PyTorch float64 golden fixtures of {@code tools/fixtures/make_cell_fixtures.py}
 * ({@code src/test/resources/org/rnn4j/cell/*-seq-v1.json}): one {@link RecurrentLayer} over the
 * fixture's T steps from its initial state, with the fixture's weights written into the flat buffer,
 * then backward with {@code dH = G} and {@code dFinal = [0 | Gc]} (LSTM). Compared: every output
 * {@code h_t} (and {@code c_t}), the loss {@code Σ G⊙h_t (+ Σ Gc⊙c_T)}, and every gradient (inputs,
 * initial state, each parameter block).
 * <p>Tolerances (rnn4j runs in float32, the reference in float64; T = 4 steps accumulate rounding):
 * <ul>
 *   <li>outputs: {@code |a − e| ≤ 2e-6 + 2e-6·|e|}; loss: {@code 1e-5} absolute (it sums 40–50 terms);</li>
 *   <li>gradients: {@code |a − e| ≤ 1e-5·(max|e| of the block) + 1e-5·|e|}, i.e. 1e-5 relative to
 *       the block's scale.</li>
 * </ul>
 * Observed worst errors are about 10× (outputs) to 50× (gradients) below these bounds (run with
 * {@code -Drnn4j.fixtureReport=true} in the surefire JVM flags to print them). A sign or index
 * error shows as O(1) (see {@link #aFlippedGradientFails}).
 */
class GoldenFixtureTest {
    static final double OUT_ABS = 2e-6, OUT_REL = 2e-6, LOSS_ABS = 1e-5, GRAD_SCALE = 1e-5, GRAD_REL = 1e-5;

    /** A cell block filled from the sum of fixture arrays {@code from}, its gradient compared with {@code grad}. */
    record Binding(String block, List<String> from, String grad) {
        static Binding of(String block, String fixtureKey) {
            return new Binding(block, List.of(fixtureKey), "d_" + fixtureKey);
        }

        /** PyTorch's two biases folded into one: {@code bx = bias_ih + bias_hh}; d_bx = d_bias_ih (= d_bias_hh). */
        static Binding folded(String block) {
            return new Binding(block, List.of("bias_ih", "bias_hh"), "d_bias_ih");
        }
    }

    @Test
    void lstmMatchesPyTorchLstmCell() {
        Json f = load("lstm-seq-v1.json");
        assertArrayEquals(f.get("d_bias_ih").doubles(), f.get("d_bias_hh").doubles(), 0.0, "fixture's bias grads differ");
        check(f, new Lstm(LstmConfig.of(3, 5)),
                Binding.of("Wx", "weight_ih"), Binding.folded("bx"), Binding.of("Wh", "weight_hh"));
    }

    @Test
    void peepholeLstmMatchesGravesEquations() {
        check(load("lstm-peephole-seq-v1.json"), new Lstm(LstmConfig.of(3, 5).withPeepholes(true)),
                Binding.of("Wx", "weight_ih"), Binding.of("bx", "bias"), Binding.of("Wh", "weight_hh"),
                Binding.of("wci", "w_ci"), Binding.of("wcf", "w_cf"), Binding.of("wco", "w_co"));
    }

    @Test
    void gruMatchesPyTorchGruCell() {
        check(load("gru-seq-v1.json"), new Gru(GruConfig.of(3, 5)),
                Binding.of("Wx", "weight_ih"), Binding.of("bx", "bias_ih"),
                Binding.of("Wh", "weight_hh"), Binding.of("bh", "bias_hh"));
    }

    @Test
    void resetBeforeGruMatchesChoEquations() {
        Json f = load("gru-reset-before-seq-v1.json");
        assertFalse(f.get("config").get("reset_after").asBoolean());
        check(f, new Gru(GruConfig.of(3, 5).withResetAfter(false)),
                Binding.of("Wx", "weight_ih"), Binding.of("bx", "bias"), Binding.of("Wh", "weight_hh"));
    }

    @Test
    void tanhElmanMatchesPyTorchRnnCell() {
        check(load("rnn-tanh-seq-v1.json"), new ElmanRnn(ElmanConfig.of(3, 5)),
                Binding.of("Wx", "weight_ih"), Binding.folded("bx"), Binding.of("Wh", "weight_hh"));
    }

    @Test
    void reluElmanMatchesPyTorchRnnCell() {
        check(load("rnn-relu-seq-v1.json"), new ElmanRnn(ElmanConfig.of(3, 5).withActivation(Activation.RELU)),
                Binding.of("Wx", "weight_ih"), Binding.folded("bx"), Binding.of("Wh", "weight_hh"));
    }

    @Test
    void layerNormElmanMatchesPyTorchLayerNorm() {
        Json f = load("rnn-tanh-layernorm-seq-v1.json");
        assertEquals(1e-5, f.get("config").get("eps").asDouble(), 0.0, "rnn4j's LayerNorm eps is 1e-5");
        check(f, new ElmanRnn(ElmanConfig.of(3, 5).withLayerNorm(true)),
                Binding.of("Wx", "weight_ih"), Binding.folded("bx"), Binding.of("Wh", "weight_hh"),
                Binding.of("gamma", "gamma"), Binding.of("beta", "beta"));
    }

    @Test
    void janetWithTiedGatesMatchesReference() {
        Json f = load("janet-seq-v1.json");
        assertEquals(0.0, f.get("config").get("beta").asDouble());
        check(f, new Janet(JanetConfig.of(3, 5)),
                Binding.of("Wx", "weight_ih"), Binding.of("bx", "bias"), Binding.of("Wh", "weight_hh"));
    }

    @Test
    void janetWithBetaOneMatchesReference() {
        Json f = load("janet-beta-seq-v1.json");
        assertEquals(1.0, f.get("config").get("beta").asDouble());
        check(f, new Janet(JanetConfig.of(3, 5).withBeta(1.0)),
                Binding.of("Wx", "weight_ih"), Binding.of("bx", "bias"), Binding.of("Wh", "weight_hh"));
    }

    /**
     * The fast forget gate σ(sinh(clamp(zf, −20, 20))), written out in torch; forget units 0 and 1
     * sit beyond the clamp (gate exactly 1 and 0, gradient 0), units 2 and 3 at |zf| of 1 to 3.
     */
    @Test
    void fastGateLstmMatchesReference() {
        Json f = load("lstm-fastgate-seq-v1.json");
        assertEquals("fast", f.get("config").get("forget_gate").asString());
        check(f, new Lstm(LstmConfig.of(3, 5).withForgetGate(GateFunction.FAST)),
                Binding.of("Wx", "weight_ih"), Binding.of("bx", "bias"), Binding.of("Wh", "weight_hh"));
    }

    @Test
    void fastGateGruMatchesReference() {
        Json f = load("gru-fastgate-seq-v1.json");
        assertEquals("fast", f.get("config").get("forget_gate").asString());
        check(f, new Gru(GruConfig.of(3, 5).withForgetGate(GateFunction.FAST)),
                Binding.of("Wx", "weight_ih"), Binding.of("bx", "bias_ih"),
                Binding.of("Wh", "weight_hh"), Binding.of("bh", "bias_hh"));
    }

    /** φ in both of JANET's gates, f = φ(s_f) and u = φ(s_f − β), with β = 1 so that they differ. */
    @Test
    void fastGateJanetMatchesReference() {
        Json f = load("janet-fastgate-seq-v1.json");
        assertEquals(1.0, f.get("config").get("beta").asDouble());
        check(f, new Janet(JanetConfig.of(3, 5).withBeta(1.0).withForgetGate(GateFunction.FAST)),
                Binding.of("Wx", "weight_ih"), Binding.of("bx", "bias"), Binding.of("Wh", "weight_hh"));
    }

    /** A sigmoid cell on a fast-gate fixture must fail: the fixtures tell the two gates apart. */
    @Test
    void aSigmoidGateFailsTheFastGateFixture() {
        Json f = load("lstm-fastgate-seq-v1.json");
        Result r = run(f, new Lstm(LstmConfig.of(3, 5)), List.of(Binding.of("Wx", "weight_ih"), Binding.of("bx", "bias"),
                Binding.of("Wh", "weight_hh")), 1f);
        List<String> failures = new ArrayList<>();
        compareOut("h", f.get("h").doubles(), r.h, failures);
        assertFalse(failures.isEmpty(), "a sigmoid forget gate went unnoticed");
    }

    /** Guards the harness itself: a wrong-sign upstream gradient must be caught. */
    @Test
    void aFlippedGradientFails() {
        Json f = load("gru-seq-v1.json");
        Result r = run(f, new Gru(GruConfig.of(3, 5)), List.of(Binding.of("Wx", "weight_ih"),
                Binding.of("bx", "bias_ih"), Binding.of("Wh", "weight_hh"), Binding.of("bh", "bias_hh")), -1f);
        List<String> failures = new ArrayList<>();
        compareGrad("d_x", f.get("d_x").doubles(), r.dx, failures);
        assertFalse(failures.isEmpty(), "negated dH went unnoticed");
    }

    // ------------------------------------------------------------------ harness

    static Json load(String name) {
        Json f = Fixtures.load("/org/rnn4j/cell/" + name);
        assertEquals("rnn4j-cell-fixture-v1", f.get("format").asString());
        return f;
    }

    /** What one forward + backward pass of the layer produced. */
    record Result(float[] h, float[] c, double loss, float[] dx, float[] dState0, float[] dw, int[] blockOff) {}

    static void check(Json f, Cell cell, Binding... bindings) {
        List<Binding> bs = List.of(bindings);
        List<ParamSpec> specs = cell.params();
        assertEquals(specs.stream().map(ParamSpec::name).toList(), bs.stream().map(Binding::block).toList(),
                "every parameter block of the cell must be bound to the fixture, in params() order");
        Result r = run(f, cell, bs, 1f);
        int H = cell.hiddenSize();
        List<String> failures = new ArrayList<>();

        compareOut("h", f.get("h").doubles(), r.h, failures);
        if (f.has("c")) compareOut("c", f.get("c").doubles(), r.c, failures);
        double loss = f.get("loss").asDouble();
        if (!(Math.abs(r.loss - loss) <= LOSS_ABS)) failures.add("loss: expected " + loss + ", got " + r.loss);
        report("loss", Math.abs(r.loss - loss) / LOSS_ABS);

        compareGrad("d_x", f.get("d_x").doubles(), r.dx, failures);
        int B = f.get("config").get("B").asInt(), S = cell.stateSize();
        compareGrad("d_h0", f.get("d_h0").doubles(), slice(r.dState0, B, S, 0, H), failures);
        if (f.has("c0")) compareGrad("d_c0", f.get("d_c0").doubles(), slice(r.dState0, B, S, H, H), failures);
        for (int k = 0; k < bs.size(); k++) {
            Binding b = bs.get(k);
            float[] dBlock = java.util.Arrays.copyOfRange(r.dw, r.blockOff[k], r.blockOff[k] + specs.get(k).size());
            compareGrad(b.grad() + " (d" + b.block() + ")", f.get(b.grad()).doubles(), dBlock, failures);
        }
        if (!failures.isEmpty()) fail(f.get("config").get("cell").asString() + ":\n  " + String.join("\n  ", failures));
    }

    /**
     * Runs the fixture through one layer; {@code upstreamSign} scales {@code dH} and {@code dFinal}
     * (1 for the real check, −1 to prove the harness catches a wrong sign).
     */
    static Result run(Json f, Cell cell, List<Binding> bindings, float upstreamSign) {
        Json cfg = f.get("config");
        int I = cfg.get("I").asInt(), H = cfg.get("H").asInt(), B = cfg.get("B").asInt(), T = cfg.get("T").asInt();
        assertEquals(I, cell.inputSize());
        assertEquals(H, cell.hiddenSize());
        int S = cell.stateSize();

        List<ParamSpec> specs = cell.params();
        int[] off = new int[specs.size()];
        int size = 0;
        for (int k = 0; k < specs.size(); k++) {
            off[k] = size;
            size += specs.get(k).size();
        }
        float[] w = new float[size], dw = new float[size];
        for (int k = 0; k < specs.size(); k++) {
            double[] v = new double[specs.get(k).size()];
            for (String key : bindings.get(k).from()) {
                double[] part = f.get(key).doubles();
                assertEquals(v.length, part.length, key + " vs block " + specs.get(k));
                for (int i = 0; i < v.length; i++) v[i] += part[i];   // folded biases summed in double
            }
            for (int i = 0; i < v.length; i++) w[off[k] + i] = (float) v[i];
        }

        float[] x = f.get("x").floats(), h0 = f.get("h0").floats();
        float[] c0 = f.has("c0") ? f.get("c0").floats() : null;
        float[] state0 = new float[B * S];
        for (int b = 0; b < B; b++) {
            System.arraycopy(h0, b * H, state0, b * S, H);
            if (c0 != null) System.arraycopy(c0, b * H, state0, b * S + H, H);
        }
        double[] G = f.get("G").doubles();
        double[] Gc = f.has("Gc") ? f.get("Gc").doubles() : null;
        float[] dH = new float[T * B * H];
        for (int i = 0; i < dH.length; i++) dH[i] = upstreamSign * (float) G[i];
        float[] dFinal = null;
        if (Gc != null) {
            dFinal = new float[B * S];
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < H; j++) dFinal[b * S + H + j] = upstreamSign * (float) Gc[b * H + j];
            }
        }

        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, dw, 0);
        float[] dx = new float[T * B * I], dState0 = new float[B * S];
        float[] h = new float[T * B * H], c = c0 != null ? new float[T * B * H] : null;
        double loss = 0;
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, state0, true);
            float[] st = layer.states();
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    int o = layer.outputOffset(t) + b * S, u = (t * B + b) * H;
                    System.arraycopy(st, o, h, u, H);
                    if (c != null) System.arraycopy(st, o + H, c, u, H);
                    for (int j = 0; j < H; j++) loss += G[u + j] * st[o + j];
                }
            }
            if (Gc != null) {
                for (int b = 0; b < B; b++) {
                    for (int j = 0; j < H; j++) loss += Gc[b * H + j] * c[((T - 1) * B + b) * H + j];
                }
            }
            layer.backward(compute, dH, dFinal, dx, 0, I, dState0);
        }
        return new Result(h, c, loss, dx, dState0, dw, off);
    }

    /** Columns {@code [from, from + n)} of each of the B rows of a {@code [B, S]} buffer. */
    static float[] slice(float[] a, int B, int S, int from, int n) {
        float[] out = new float[B * n];
        for (int b = 0; b < B; b++) System.arraycopy(a, b * S + from, out, b * n, n);
        return out;
    }

    static void compareOut(String name, double[] expected, float[] actual, List<String> failures) {
        if (expected.length != actual.length) {
            failures.add(name + ": length " + actual.length + ", expected " + expected.length);
            return;
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]), tol = OUT_ABS + OUT_REL * Math.abs(expected[i]);
            worst = Math.max(worst, err / tol);
            if (!(err <= tol)) {
                failures.add(name + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
                return;
            }
        }
        report(name, worst);
    }

    static void compareGrad(String name, double[] expected, float[] actual, List<String> failures) {
        if (expected.length != actual.length) {
            failures.add(name + ": length " + actual.length + ", expected " + expected.length);
            return;
        }
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]), tol = GRAD_SCALE * scale + GRAD_REL * Math.abs(expected[i]);
            worst = Math.max(worst, err / tol);
            if (!(err <= tol)) {
                failures.add(name + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]
                        + " (tolerance " + tol + ")");
                return;
            }
        }
        report(name, worst);
    }

    static void report(String name, double worstFractionOfTolerance) {
        if (Boolean.getBoolean("rnn4j.fixtureReport")) System.out.printf("%-28s %.3f of tolerance%n", name, worstFractionOfTolerance);
    }
}
