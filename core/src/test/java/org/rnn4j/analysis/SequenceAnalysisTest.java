package org.rnn4j.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.Cell;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.GruConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

class SequenceAnalysisTest {
    static final int I = 3, H = 5, C = 4, T = 6;

    static Batch sequence(float[] mask, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[T * I];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        int[] labels = new int[T];
        for (int t = 0; t < T; t++) labels[t] = rng.nextInt(C);
        return new Batch(T, 1, I, C, x, labels, null, mask);
    }

    static float[] ones() {
        float[] m = new float[T];
        Arrays.fill(m, 1f);
        return m;
    }

    static SequenceModel model(CellConfig cell, int layers, long seed) {
        return new SequenceModel(ModelConfig.classifier(cell, C).withLayers(layers), new SplittableRandom(seed), 1);
    }

    /**
     * An independent re-computation of the model (its cells bound to the same parameters, run as
     * separate layers, readout and cross-entropy in double) in which the state of layer {@code a}
     * after step {@code t} can be replaced: perturbing it and running everything after it gives
     * ∂ℓ_T/∂state_t by central differences (fourth order, ε = 1e-2). Its per-block norms must
     * match the analysis within 5e-3 relative, floor 1e-2 as in GradCheck (float32 agreement is
     * about 1e-3; a wrong gradient is O(1) off).
     */
    @Test
    void gradientNormsMatchFiniteDifferencesThroughEveryLaterStepAndTheLayerAbove() {
        try (SequenceModel m = model(LstmConfig.of(I, H).withPeepholes(true), 2, 3)) {
            Batch seq = sequence(ones(), 4);
            for (int a = 0; a < 2; a++) {
                SequenceAnalysis r = SequenceAnalysis.of(m, seq, a);
                try (Replay replay = new Replay(m, seq)) {
                    for (int t = 0; t < T; t++) {
                        float[] mid = replay.prefix(a, t), base = mid.clone();
                        final int aa = a, tt = t;
                        // ∂ℓ/∂c_t is the whole-graph derivative: a perturbed c_t also moves
                        // h_t = o⊙tanh(c_t), o = σ(zo + wco⊙c_t), so the state is completed first.
                        float[] wco = Arrays.copyOfRange(m.params(), m.layout().offset("layer" + a + ".wco"),
                                m.layout().offset("layer" + a + ".wco") + H);
                        DoubleSupplier f = () -> replay.lossFrom(aa, tt, org.rnn4j.testing.LstmStates.carryCIntoH(base, mid, 1, H, wco));
                        double[] fd = new double[mid.length];
                        for (int k = 0; k < mid.length; k++) fd[k] = centralDifference(mid, k, f);
                        double dh = norm(fd, 0, H), dc = norm(fd, H, H);
                        assertEquals(dh, r.gradNorms()[0][t], 5e-3 * Math.max(dh, 1e-2), "layer " + a + " ‖∂ℓ/∂h_" + t + "‖");
                        assertEquals(dc, r.gradNorms()[1][t], 5e-3 * Math.max(dc, 1e-2), "layer " + a + " ‖∂ℓ/∂c_" + t + "‖");
                    }
                }
                assertTrue(r.gradNorms()[0][0] > 0, "the gradient reaches the first step");
            }
        }
    }

    /**
     * At the last step ∂ℓ/∂h = Wᵀ·(softmax(W·h + b) − onehot(y)) exactly, and an LSTM's c gets
     * only the path through h = o⊙tanh(c): ∂ℓ/∂c = ∂ℓ/∂h ⊙ o ⊙ (1 − tanh²c).
     */
    @Test
    void lastStepGradientIsTheReadoutWeightsTimesSoftmaxMinusOneHot() {
        try (SequenceModel m = model(LstmConfig.of(I, H), 1, 5)) {
            Batch seq = sequence(ones(), 6);
            SequenceAnalysis r = SequenceAnalysis.of(m, seq, 0);
            float[] w = m.params();
            int oW = m.layout().offset("readout.W"), oB = m.layout().offset("readout.b");
            float[] h = Arrays.copyOfRange(r.traces()[0], (T - 1) * H, T * H);
            double[] p = softmax(logits(w, oW, oB, h));
            p[seq.labels()[T - 1]] -= 1;
            double[] g = new double[H];
            for (int c = 0; c < C; c++) {
                for (int j = 0; j < H; j++) g[j] += w[oW + c * H + j] * p[c];
            }
            assertEquals(norm(g, 0, H), r.gradNorms()[0][T - 1], 1e-5 * norm(g, 0, H));
            float[] c = Arrays.copyOfRange(r.traces()[1], (T - 1) * H, T * H);
            double[] gc = new double[H];
            for (int j = 0; j < H; j++) {
                double th = Math.tanh(c[j]), o = h[j] / th;
                gc[j] = g[j] * o * (1 - th * th);
            }
            assertEquals(norm(gc, 0, H), r.gradNorms()[1][T - 1], 1e-4 * norm(gc, 0, H));
            assertTrue(norm(gc, 0, H) > 1e-3, "c gets gradient through h");
            assertEquals(T - 1, r.lossStep());
            assertTrue(r.lossAtLastStep());
            double ce = Math.log(Arrays.stream(softmaxDenominator(logits(w, oW, oB, h))).sum())
                    - logits(w, oW, oB, h)[seq.labels()[T - 1]];
            assertEquals(ce, r.loss(), 1e-5);
        }
    }

    @Test
    void stateNormsTracesAndIncrementsAgree() {
        try (SequenceModel m = model(LstmConfig.of(I, H), 1, 7)) {
            SequenceAnalysis r = SequenceAnalysis.of(m, sequence(ones(), 8), 0);
            assertEquals(T, r.steps());
            assertEquals(List.of("h", "c"), r.blocks().stream().map(Cell.StateBlock::name).toList());
            assertEquals(0.0, r.hDistToLast()[T - 1], 0.0);
            assertTrue(r.hDistToLast()[0] > 0);
            for (int t = 0; t < T; t++) {
                double[] h = new double[H];
                for (int j = 0; j < H; j++) h[j] = r.traces()[0][t * H + j];
                assertEquals(norm(h, 0, H), r.hNorm()[t], 1e-9);
            }
            for (int k = 0; k < 2; k++) {                   // the increments add up to the trace (initial state 0)
                float[] sum = new float[H];
                for (int t = 0; t < T; t++) {
                    for (int j = 0; j < H; j++) {
                        sum[j] += r.increments()[k][t * H + j];
                        assertEquals(r.traces()[k][t * H + j], sum[j], 1e-5);
                    }
                }
            }
        }
    }

    /** Steps T−2 and T−1 carry no loss: ℓ is that of step T−3, later steps get no gradient. */
    @Test
    void usesTheLastStepThatCarriesLossWhenTheLastStepHasNone() {
        float[] mask = {1, 1, 0.5f, 1, 0, 0};
        try (SequenceModel m = model(GruConfig.of(I, H), 1, 9)) {
            Batch seq = sequence(mask, 10);
            SequenceAnalysis r = SequenceAnalysis.of(m, seq, 0);
            assertEquals(3, r.lossStep());
            assertTrue(!r.lossAtLastStep());
            assertEquals(List.of("h"), r.blocks().stream().map(Cell.StateBlock::name).toList());
            assertTrue(r.gradNorms()[0][3] > 0 && r.gradNorms()[0][0] > 0);
            assertEquals(0.0, r.gradNorms()[0][4], 0.0);
            assertEquals(0.0, r.gradNorms()[0][5], 0.0);
            Batch only = SequenceAnalysis.lastLossStepOnly(seq);
            assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0}, only.mask());
            assertEquals(m.forward(only, false), r.loss(), 1e-12);
        }
    }

    @Test
    void leavesParametersAndGradientsAsTheyWere() {
        try (SequenceModel m = model(LstmConfig.of(I, H), 2, 11)) {
            Arrays.fill(m.grads(), 0.25f);
            float[] w = m.params().clone();
            SequenceAnalysis.of(m, sequence(ones(), 12), 0);
            assertArrayEquals(w, m.params());
            for (float g : m.grads()) assertEquals(0.25f, g, 0f);
        }
    }

    @Test
    void rejectsABatchOfSeveralSequencesALayerOutOfRangeAndASequenceWithoutLoss() {
        try (SequenceModel m = model(LstmConfig.of(I, H), 2, 13)) {
            Batch two = new Batch(T, 2, I, C, new float[T * 2 * I], new int[T * 2], null, new float[T * 2]);
            var e = assertThrows(IllegalArgumentException.class, () -> SequenceAnalysis.of(m, two, 0));
            assertEquals("the analysis runs one sequence: batch must have B=1, got B=2", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> SequenceAnalysis.of(m, sequence(ones(), 1), 2));
            assertEquals("layer must be in [0, 1], got 2", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> SequenceAnalysis.of(m, sequence(new float[T], 1), 0));
            assertEquals("the batch carries no loss: its mask is 0 at every step", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the independent replay

    /** The model re-run layer by layer with fresh layers on the model's parameters. */
    static final class Replay implements AutoCloseable {
        final SequenceModel m;
        final Batch seq;
        final RecurrentLayer[] layers;
        final Compute compute = Compute.create(1);
        final int L;

        Replay(SequenceModel m, Batch seq) {
            this.m = m;
            this.seq = seq;
            this.L = m.config().layers();
            ParamLayout layout = m.layout();
            float[] scratch = new float[m.params().length];
            layers = new RecurrentLayer[L];
            for (int l = 0; l < L; l++) {
                CellConfig cc = l == 0 ? m.config().cell() : m.config().cell().withInputSize(H);
                layers[l] = new RecurrentLayer(cc.create());
                layers[l].bind(m.params(), scratch, layout.offset("layer" + l + ".Wx"));
            }
        }

        /** Outputs {@code [T, H]} of layers 0..a−1 stacked on the input: what layer a reads. */
        float[] inputOf(int a) {
            float[] in = seq.x();
            int width = I;
            for (int l = 0; l < a; l++) {
                layers[l].forward(compute, in, 0, width, T, 1, null, false);
                in = outputs(layers[l], T);
                width = H;
            }
            return in;
        }

        /** The state of layer a after step t ({@code [S]}). */
        float[] prefix(int a, int t) {
            float[] in = inputOf(a);
            layers[a].forward(compute, in, 0, a == 0 ? I : H, t + 1, 1, null, false);
            int o = layers[a].stateOffset(t + 1);
            return Arrays.copyOfRange(layers[a].states(), o, o + layers[a].outputStride());
        }

        /** ℓ at the last step with layer a's state after step t replaced by {@code mid}. */
        double lossFrom(int a, int t, float[] mid) {
            float[] in = inputOf(a);
            int width = a == 0 ? I : H;
            layers[a].forward(compute, in, 0, width, t + 1, 1, null, false);
            float[] h = new float[T * H];
            float[] head = outputs(layers[a], t);                  // steps 0..t-1 unchanged
            System.arraycopy(head, 0, h, 0, t * H);
            System.arraycopy(mid, 0, h, t * H, H);                 // step t: the replaced h_t
            if (t < T - 1) {
                layers[a].forward(compute, in, (t + 1) * width, width, T - 1 - t, 1, mid, false);
                System.arraycopy(outputs(layers[a], T - 1 - t), 0, h, (t + 1) * H, (T - 1 - t) * H);
            }
            for (int l = a + 1; l < L; l++) {
                layers[l].forward(compute, h, 0, H, T, 1, null, false);
                h = outputs(layers[l], T);
            }
            float[] w = m.params();
            double[] z = logits(w, m.layout().offset("readout.W"), m.layout().offset("readout.b"),
                    Arrays.copyOfRange(h, (T - 1) * H, T * H));
            return Math.log(Arrays.stream(softmaxDenominator(z)).sum()) - z[seq.labels()[T - 1]];
        }

        static float[] outputs(RecurrentLayer layer, int steps) {
            float[] out = new float[steps * H];
            for (int t = 0; t < steps; t++) System.arraycopy(layer.states(), layer.outputOffset(t), out, t * H, H);
            return out;
        }

        @Override
        public void close() {
            compute.close();
        }
    }

    static double[] logits(float[] w, int oW, int oB, float[] h) {
        double[] z = new double[C];
        for (int c = 0; c < C; c++) {
            z[c] = w[oB + c];
            for (int j = 0; j < H; j++) z[c] += (double) w[oW + c * H + j] * h[j];
        }
        return z;
    }

    /** exp(z) (the logits here are small, no shift needed). */
    static double[] softmaxDenominator(double[] z) {
        return Arrays.stream(z).map(Math::exp).toArray();
    }

    static double[] softmax(double[] z) {
        double[] e = softmaxDenominator(z);
        double s = Arrays.stream(e).sum();
        for (int c = 0; c < e.length; c++) e[c] /= s;
        return e;
    }

    static double centralDifference(float[] a, int k, DoubleSupplier f) {
        double eps = 1e-2;
        float orig = a[k];
        a[k] = (float) (orig + eps);
        double p1 = f.getAsDouble();
        a[k] = (float) (orig - eps);
        double m1 = f.getAsDouble();
        a[k] = (float) (orig + 2 * eps);
        double p2 = f.getAsDouble();
        a[k] = (float) (orig - 2 * eps);
        double m2 = f.getAsDouble();
        a[k] = orig;
        return (m2 - 8 * m1 + 8 * p1 - p2) / (12 * eps);
    }

    static double norm(double[] v, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += v[off + i] * v[off + i];
        return Math.sqrt(s);
    }
}
