package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.testing.Fixtures;
import org.rnn4j.testing.Fixtures.Json;

/**
 * The NRU against the PyTorch float64 fixtures of {@code tools/fixtures/make_nru_fixtures.py}
 * ({@code src/test/resources/org/rnn4j/cell/nru-*-seq-v1.json}), which write the cell out from the
 * equations of nru-chrono.md §1.2 in rnn4j's parameter layout: one layer over T = 4 steps of a
 * batch of 2 from a random {@code [h0 | m0]}, then backward with {@code dH = G} and
 * {@code dFinal = [0 | Gm]}. Compared: every {@code h_t} and {@code m_t}, every head's
 * {@code ‖V‖_5}, the loss, and the gradients of x, h0, m0 and every parameter block, with the
 * tolerances of {@link GoldenFixtureTest}. The fixtures cover the reference preset (shared
 * product cut through rows, mean), the paper preset (x in the heads, per-head products, ReLU,
 * sum, k₁ ≠ k₂, some heads entirely zeroed by the ReLU), LayerNorm with the eps clamp placed
 * between the head norms so both branches of {@code max(‖V‖, eps)} run, x in the heads with a
 * shared product and ReLU, per-head products without ReLU under a 3-norm, and the reference preset at
 * M = 64 whose heads are whole rows of 16 (the cell's set-at-once path).
 */
class NruFixtureTest {

    @Test
    void referencePresetMatchesTheEquations() {
        Json f = load("nru-reference-seq-v1.json");
        check(f);
    }

    @Test
    void paperPresetMatchesTheEquations() {
        Json f = load("nru-paper-seq-v1.json");
        assertTrue(f.get("config").get("clamped_heads").asInt() > 0, "some heads must be zeroed by the ReLU");
        check(f);
    }

    @Test
    void layerNormAndTheNormClampMatchTheEquations() {
        Json f = load("nru-layernorm-clamp-seq-v1.json");
        int clamped = f.get("config").get("clamped_heads").asInt(), all = f.get("config").get("head_norms").asInt();
        assertTrue(clamped > 0 && clamped < all, "the clamp must hit some heads but not all: " + clamped + "/" + all);
        check(f);
    }

    @Test
    void inputsInTheHeadsWithASharedProductAndReluMatchTheEquations() {
        check(load("nru-xhm-shared-relu-seq-v1.json"));
    }

    @Test
    void perHeadProductsWithoutReluAndAThreeNormMatchTheEquations() {
        Json f = load("nru-hm-perhead-p3-seq-v1.json");
        assertEquals(3.0, f.get("config").get("p").asDouble());
        check(f);
    }

    @Test
    void wholeRowHeadsAtVectorWidthMatchTheEquations() {
        // M = 64, K = 4: S = 16, each head 4 whole rows of 16, so both sets run the set-at-once
        // kernels (with 16 float lanes, their vector bodies without tails); H = 16 for the ReLU kernels.
        Json f = load("nru-reference-rows16-seq-v1.json");
        assertEquals(64, f.get("config").get("M").asInt());
        check(f);
    }

    static Json load(String name) {
        Json f = Fixtures.load("/org/rnn4j/cell/" + name);
        assertEquals("rnn4j-nru-fixture-v1", f.get("format").asString());
        return f;
    }

    static NruConfig config(Json c) {
        return new NruConfig(c.get("I").asInt(), c.get("H").asInt(), c.get("M").asInt(), c.get("k1").asInt(),
                c.get("k2").asInt(), NruConfig.HeadInputs.valueOf(c.get("head_inputs").asString()),
                NruConfig.Reduction.valueOf(c.get("reduction").asString()),
                NruConfig.OuterProduct.valueOf(c.get("outer_product").asString()),
                c.get("relu").asBoolean(), c.get("layer_norm").asBoolean(), c.get("p").asDouble(), c.get("eps").asDouble());
    }

    static void check(Json f) {
        Json c = f.get("config");
        Nru cell = new Nru(config(c));
        int I = c.get("I").asInt(), H = c.get("H").asInt(), M = c.get("M").asInt();
        int B = c.get("B").asInt(), T = c.get("T").asInt(), S = H + M;
        List<ParamSpec> specs = cell.params();
        int[] off = new int[specs.size()];
        int size = 0;
        for (int k = 0; k < specs.size(); k++) {
            off[k] = size;
            size += specs.get(k).size();
        }
        float[] w = new float[size], dw = new float[size];
        for (int k = 0; k < specs.size(); k++) {
            float[] v = f.get(specs.get(k).name()).floats();
            assertEquals(specs.get(k).size(), v.length, "block " + specs.get(k));
            System.arraycopy(v, 0, w, off[k], v.length);
        }
        float[] x = f.get("x").floats(), h0 = f.get("h0").floats(), m0 = f.get("m0").floats();
        float[] state0 = new float[B * S];
        for (int b = 0; b < B; b++) {
            System.arraycopy(h0, b * H, state0, b * S, H);
            System.arraycopy(m0, b * M, state0, b * S + H, M);
        }
        double[] G = f.get("G").doubles(), Gm = f.get("Gm").doubles();
        float[] dH = new float[T * B * H], dFinal = new float[B * S];
        for (int i = 0; i < dH.length; i++) dH[i] = (float) G[i];
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < M; j++) dFinal[b * S + H + j] = (float) Gm[b * M + j];
        }

        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, dw, 0);
        float[] h = new float[T * B * H], m = new float[T * B * M], norms = new float[T * B * (cell.config().writeHeads() + cell.config().eraseHeads())];
        float[] dx = new float[T * B * I], dState0 = new float[B * S];
        double loss = 0;
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, state0, true);
            float[] st = layer.states();
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    int o = layer.outputOffset(t) + b * S;
                    System.arraycopy(st, o, h, (t * B + b) * H, H);
                    System.arraycopy(st, o + H, m, (t * B + b) * M, M);
                    for (int j = 0; j < H; j++) loss += G[(t * B + b) * H + j] * st[o + j];
                }
            }
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < M; j++) loss += Gm[b * M + j] * m[((T - 1) * B + b) * M + j];
            }
            headNorms(layer, cell, T, B, norms);
            layer.backward(compute, dH, dFinal, dx, 0, I, dState0);
        }

        List<String> failures = new ArrayList<>();
        GoldenFixtureTest.compareOut("h", f.get("h").doubles(), h, failures);
        GoldenFixtureTest.compareOut("m", f.get("m").doubles(), m, failures);
        GoldenFixtureTest.compareOut("head_norms", f.get("head_norms").doubles(), norms, failures);
        double expectedLoss = f.get("loss").asDouble();
        if (!(Math.abs(loss - expectedLoss) <= GoldenFixtureTest.LOSS_ABS)) failures.add("loss: expected " + expectedLoss + ", got " + loss);
        GoldenFixtureTest.compareGrad("d_x", f.get("d_x").doubles(), dx, failures);
        GoldenFixtureTest.compareGrad("d_h0", f.get("d_h0").doubles(), GoldenFixtureTest.slice(dState0, B, S, 0, H), failures);
        GoldenFixtureTest.compareGrad("d_m0", f.get("d_m0").doubles(), GoldenFixtureTest.slice(dState0, B, S, H, M), failures);
        for (int k = 0; k < specs.size(); k++) {
            String name = specs.get(k).name();
            GoldenFixtureTest.compareGrad("d_" + name, f.get("d_" + name).doubles(),
                    Arrays.copyOfRange(dw, off[k], off[k] + specs.get(k).size()), failures);
        }
        if (!failures.isEmpty()) fail(c.get("head_inputs").asString() + "/" + c.get("outer_product").asString() + ":\n  " + String.join("\n  ", failures));
    }

    /** The saved ‖V‖ of every head, read from the layer's cache (after forward, before backward). */
    private static void headNorms(RecurrentLayer layer, Nru cell, int T, int B, float[] out) {
        float[] cache;
        try {
            var fld = RecurrentLayer.class.getDeclaredField("cache");
            fld.setAccessible(true);
            cache = (float[]) fld.get(layer);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        NruConfig c = cell.config();
        int k = c.writeHeads() + c.eraseHeads(), from = c.hiddenSize() + c.memorySize() + cell.headRows();
        for (int r = 0; r < T * B; r++) System.arraycopy(cache, r * cell.cacheSize() + from, out, r * k, k);
    }
}
