package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.NruConfig.HeadInputs;
import org.rnn4j.cell.NruConfig.OuterProduct;
import org.rnn4j.cell.NruConfig.Reduction;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;
import org.rnn4j.testing.GradCheck;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

class NruTest {
    /*
     * The NRU has a kink at every ReLU (h; with relu on, also α, β and each of the k·M direction
     * entries), and its unit p-norm directions turn fast when a head's raw direction is short:
     * ε = 1e-2 is already outside the range where the 4th-order stencil is accurate (measured on
     * one Wh entry: the central difference goes 0.6461, 0.6886, 0.6886 for ε = 1e-2, 3e-3, 1e-3
     * against the analytic 0.68867). So these float32 checks use the kink-aware harness with
     * ε = 3e-3, which skips entries whose numeric derivative is not self-consistent; the rest agree
     * to float32 round-off, about 1.5% on the smallest entries (|g| < 0.01): tolerance 2e-2. The
     * exact check is NruFixtureTest (float64 PyTorch equations, 1e-5 of each block's scale).
     */
    static final double TOL = 2e-2, EPS = 3e-3;

    @Test
    void referencePresetBackwardMatchesFiniteDifferences() {
        // M = 9, K = 4: S = 6 does not divide M, so head boundaries cut through rows of p·qᵀ.
        GradCheck.cellAwayFromKinks(new Nru(NruConfig.reference(3, 5, 9, 4)), 2, 3, EPS, 1).assertMaxRelError(TOL);
        GradCheck.cellAwayFromKinks(new Nru(NruConfig.reference(3, 5, 16, 4)), 2, 3, EPS, 2).assertMaxRelError(TOL);
    }

    @Test
    void paperPresetBackwardMatchesFiniteDifferences() {
        GradCheck.cellAwayFromKinks(new Nru(NruConfig.paper(3, 5, 9, 2).withHeads(2, 3)), 2, 3, EPS, 1).assertMaxRelError(TOL);
    }

    @Test
    void layerNormAndSharedProductWithUnequalHeadsBackwardMatchesFiniteDifferences() {
        NruConfig c = NruConfig.reference(3, 6, 9, 1).withHeads(1, 4).withLayerNorm(true).withReduction(Reduction.SUM);
        GradCheck.cellAwayFromKinks(new Nru(c), 2, 3, EPS, 3).assertMaxRelError(TOL);
    }

    @Test
    void everySwitchCombinationBackwardMatchesFiniteDifferences() {
        long seed = 31;
        for (HeadInputs in : HeadInputs.values()) {
            for (OuterProduct op : OuterProduct.values()) {
                for (boolean relu : new boolean[] {false, true}) {
                    NruConfig c = NruConfig.reference(2, 4, 9, 4).withHeadInputs(in).withOuterProduct(op).withRelu(relu);
                    GradCheck.cellAwayFromKinks(new Nru(c), 2, 3, EPS, seed++).assertMaxRelError(TOL);
                }
            }
        }
    }

    @Test
    void clampedNormBackwardMatchesFiniteDifferences() {
        // eps far above every direction's norm: v = V / eps on every head.
        GradCheck.cellAwayFromKinks(new Nru(NruConfig.reference(3, 5, 9, 4).withNorm(5, 50)), 2, 3, EPS, 4).assertMaxRelError(TOL);
        // Another p: the 3-norm.
        GradCheck.cellAwayFromKinks(new Nru(NruConfig.reference(3, 5, 9, 4).withNorm(3, 1e-12)), 2, 3, EPS, 5).assertMaxRelError(TOL);
    }

    @Test
    void matchesThePapersCopyTaskParameterCount() {
        // nru-chrono.md §1.5: H 80, M 64, K 4, one-hot 10 in, 9 classes out: 23,569 parameters.
        assertEquals(23_569, SequenceModel.parameterCount(ModelConfig.classifier(NruConfig.of(10, 80), 9)));
        // pMNIST: H 212, M 256, K 4, 1 input, 10 classes: 165,554.
        assertEquals(165_554, SequenceModel.parameterCount(ModelConfig.classifier(NruConfig.reference(1, 212, 256, 4), 10)));
    }

    @Test
    void sumReductionWritesKTimesTheMeanIncrement() {
        NruConfig mean = NruConfig.reference(3, 5, 4, 4);
        float[] a = memoryAfterOneStep(mean), b = memoryAfterOneStep(mean.withReduction(Reduction.SUM));
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(4 * a[i], b[i], 1e-5 * (1 + Math.abs(b[i])));
            maxAbs = Math.max(maxAbs, Math.abs(a[i]));
        }
        assertTrue(maxAbs > 1e-3, "the memory must move");
    }

    @Test
    void everyMemoryIncrementIsBoundedByTheStrengths() {
        // |v_ij| <= 1 for a unit 5-norm, so |Δm_j| <= mean|α| + mean|β| (MEAN reduction).
        NruConfig c = NruConfig.reference(3, 5, 16, 4);
        Nru cell = new Nru(c);
        float[][] run = run(cell, 7, 3, 6);
        float[] st = run[0], cache = run[1];
        int B = 3, S = cell.stateSize(), Cw = cell.cacheSize(), H = 5, M = 16, U = H + M;
        for (int t = 0; t < 6; t++) {
            for (int b = 0; b < B; b++) {
                int c0 = (t * B + b) * Cw + U;
                double bound = 0;
                for (int i = 0; i < 8; i++) bound += Math.abs(cache[c0 + i]) / 4;
                for (int j = 0; j < M; j++) {
                    float dm = st[((t + 1) * B + b) * S + H + j] - st[(t * B + b) * S + H + j];
                    assertTrue(Math.abs(dm) <= bound * (1 + 1e-5), "step " + t + " unit " + j + ": " + dm + " > " + bound);
                }
            }
        }
    }

    @Test
    void rejectsSizesThatCannotWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NruConfig.reference(10, 80, 60, 4));
        assertTrue(e.getMessage().contains("k=4 times memorySize M=60 = 240 is not a perfect square"), e.getMessage());
        assertTrue(e.getMessage().contains("M=64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NruConfig.paper(10, 80, 60, 4));
        assertTrue(e.getMessage().contains("memorySize M=60 is not a perfect square"), e.getMessage());
        assertTrue(e.getMessage().contains("M=49 or M=64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NruConfig.of(10, 80).withHeads(0, 4));
        assertTrue(e.getMessage().contains("writeHeads k1 must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NruConfig.of(10, 80).withNorm(0.5, 1e-12));
        assertTrue(e.getMessage().contains("normP"), e.getMessage());
    }

    @Test
    void paperPresetPutsTheHeadsInputColumnsInTheProjection() {
        Nru ref = new Nru(NruConfig.reference(3, 5, 9, 4)), paper = new Nru(NruConfig.paper(3, 5, 9, 4));
        assertEquals(5, ref.projectionSize());
        assertEquals(5 + paper.headRows(), paper.projectionSize());
        // Shared: α, β (4 + 4) + two sets of p, q ∈ R^6; per head: 4 + 4 + two sets of 4 × (p, q ∈ R^3).
        assertEquals(8 + 2 * 12, ref.headRows());
        assertEquals(8 + 2 * 24, paper.headRows());
        assertEquals(java.util.List.of("Wx", "bx", "Wh", "Whead", "bhead"), ref.params().stream().map(ParamSpec::name).toList());
        assertEquals(java.util.List.of("Wx", "bx", "Wh", "Whead"), paper.params().stream().map(ParamSpec::name).toList());
    }

    /** Memory after one step from a zero state; parameters from the cell's initializers, seed 3. */
    private static float[] memoryAfterOneStep(NruConfig c) {
        Nru cell = new Nru(c);
        float[] st = run(cell, 3, 2, 1)[0];
        int S = cell.stateSize(), H = c.hiddenSize(), M = c.memorySize();
        float[] m = new float[2 * M];
        for (int b = 0; b < 2; b++) System.arraycopy(st, (2 + b) * S + H, m, b * M, M);
        return m;
    }

    /** {states, cache} of one forward pass over random inputs. */
    private static float[][] run(Nru cell, long seed, int B, int T) {
        ParamLayout.Builder lb = ParamLayout.builder();
        for (ParamSpec s : cell.params()) lb.add("nru", s);
        ParamLayout layout = lb.build();
        float[] w = new float[layout.size()], dw = new float[layout.size()];
        SplittableRandom rng = new SplittableRandom(seed);
        layout.initialize(w, rng);
        RecurrentLayer layer = new RecurrentLayer(cell);
        layer.bind(w, dw, 0);
        int I = cell.inputSize();
        float[] x = new float[T * B * I];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rng.nextDouble() * 2 - 1);
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, null, false);
        }
        return new float[][] {layer.states().clone(), cacheOf(layer)};
    }

    private static float[] cacheOf(RecurrentLayer layer) {
        try {
            var f = RecurrentLayer.class.getDeclaredField("cache");
            f.setAccessible(true);
            return ((float[]) f.get(layer)).clone();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
