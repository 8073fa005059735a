package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cell.OrthogonalCells.norm;
import static org.rnn4j.cell.OrthogonalCells.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.testing.GradCheck;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

class EurnnTest {

    /**
     * The shared harness, initial parameters (modReLU bias 0: the identity, with its kink at a = 0
     * for the b entries). ε = 3e-3 and a seed whose stencils cross no kink; the kink-aware check
     * below holds for any seed.
     */
    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.cell(new Eurnn(EurnnConfig.of(3, 5)), 2, 3, 3e-3, 7).assertMaxRelError(1e-2);
        GradCheck.cell(new Eurnn(EurnnConfig.of(3, 6).withCapacity(5)), 2, 4, 3e-3, 7).assertMaxRelError(1e-2);
    }

    /** modReLU biases of both signs and larger input weights: units in the dead zone and live ones, both signs. */
    @Test
    void backwardWithModReluBiasesMatchesFiniteDifferences() {
        OrthogonalCells.Setup s = OrthogonalCells.setup(new Eurnn(new EurnnConfig(3, 7, 3)), 11);
        float[] b = uniform(new SplittableRandom(2), 7, 0.6);
        System.arraycopy(b, 0, s.w(), s.offset("b"), 7);
        System.arraycopy(uniform(new SplittableRandom(3), 7 * 3, 0.5), 0, s.w(), s.offset("Wx"), 21);
        OrthogonalCells.gradients(s, 2, 4, 1e-2, 1, layer -> {
            int zeros = 0, n = 4 * 2 * 7;
            for (int i = 0; i < n; i++) if (layer.states()[layer.outputOffset(0) + i] == 0f) zeros++;
            assertTrue(zeros > 0 && zeros < n, "dead and live units must both occur, zeros = " + zeros + " of " + n);
        }).assertWithin(5e-3, 0.1);
    }

    /** The forward step against the rotations applied one by one to hPrev (catches U vs Uᵀ and layer order). */
    @Test
    void stepAppliesTheRotationLayersInOrder() {
        int I = 2, H = 5, L = 3, B = 2;
        OrthogonalCells.Setup s = OrthogonalCells.setup(new Eurnn(new EurnnConfig(I, H, L)), 4);
        System.arraycopy(uniform(new SplittableRandom(6), H, 0.3), 0, s.w(), s.offset("b"), H);
        System.arraycopy(uniform(new SplittableRandom(7), H, 0.3), 0, s.w(), s.offset("bx"), H);
        SplittableRandom rng = new SplittableRandom(8);
        float[] x = uniform(rng, B * I, 1), h0 = uniform(rng, B * H, 1);
        try (Compute compute = Compute.create(1)) {
            s.layer().forward(compute, x, 0, I, 1, B, h0, false);
        }
        float[] w = s.w();
        int th = s.offset("theta");
        for (int b = 0; b < B; b++) {
            double[] v = new double[H];
            for (int j = 0; j < H; j++) v[j] = h0[b * H + j];
            int k = th;
            for (int layer = 0; layer < L; layer++) {
                for (int p = layer % 2; p + 1 < H; p += 2, k++) {
                    double c = Math.cos(w[k]), sn = Math.sin(w[k]), a = v[p], q = v[p + 1];
                    v[p] = c * a - sn * q;
                    v[p + 1] = sn * a + c * q;
                }
            }
            for (int j = 0; j < H; j++) {
                double a = v[j] + w[s.offset("bx") + j];
                for (int i = 0; i < I; i++) a += w[s.offset("Wx") + j * I + i] * x[b * I + i];
                double want = Math.signum(a) * Math.max(Math.abs(a) + w[s.offset("b") + j], 0);
                assertEquals(want, s.layer().states()[s.layer().outputOffset(0) + b * H + j], 1e-5, "h[" + b + ", " + j + "]");
            }
        }
    }

    /**
     * Zero input and modReLU bias 0: h_t = U·h_{t−1}, so ‖h_t‖ = ‖h_0‖ at every step, and the
     * gradient reaching h_0 from h_T keeps its norm too (no vanishing or exploding through U).
     */
    @Test
    void zeroInputAndZeroBiasKeepTheNormOfStateAndGradient() {
        int I = 3, H = 9, B = 2, T = 60;
        OrthogonalCells.Setup s = OrthogonalCells.setup(new Eurnn(new EurnnConfig(I, H, 4)), 1);
        SplittableRandom rng = new SplittableRandom(2);
        float[] h0 = uniform(rng, B * H, 1), dFinal = uniform(rng, B * H, 1);
        float[] x = new float[T * B * I], dH = new float[T * B * H], ds0 = new float[B * H];
        RecurrentLayer layer = s.layer();
        try (Compute compute = Compute.create(1)) {
            layer.forward(compute, x, 0, I, T, B, h0, true);
            for (int b = 0; b < B; b++) {
                double n0 = norm(h0, b * H, H);
                double moved = 0;
                for (int t = 1; t <= T; t++) {
                    assertEquals(n0, norm(layer.states(), layer.stateOffset(t) + b * H, H), 1e-5 * n0, "‖h_" + t + "‖");
                }
                for (int j = 0; j < H; j++) moved += Math.abs(layer.states()[layer.stateOffset(T) + b * H + j] - h0[b * H + j]);
                assertTrue(moved > 0.1, "the state must rotate, not stand still");
            }
            layer.backward(compute, dH, dFinal, null, 0, I, ds0);
            for (int b = 0; b < B; b++) {
                assertEquals(norm(dFinal, b * H, H), norm(ds0, b * H, H), 1e-5 * norm(dFinal, b * H, H), "‖∂L/∂h_0‖");
            }
        }
    }

    /** Zero input: |modReLU(a, b)| = max(|a| + b, 0), so the norm falls every step for b < 0 and rises for b > 0. */
    @Test
    void modReluBiasSignDecidesWhetherTheNormFallsOrRises() {
        int I = 2, H = 6, B = 1, T = 8;
        for (float bias : new float[] {-0.05f, 0.05f}) {
            OrthogonalCells.Setup s = OrthogonalCells.setup(new Eurnn(EurnnConfig.of(I, H)), 3);
            s.fill("b", bias);
            float[] h0 = uniform(new SplittableRandom(4), B * H, 1);
            try (Compute compute = Compute.create(1)) {
                s.layer().forward(compute, new float[T * B * I], 0, I, T, B, h0, false);
            }
            double prev = norm(h0, 0, H);
            for (int t = 1; t <= T; t++) {
                double n = norm(s.layer().states(), s.layer().stateOffset(t), H);
                if (bias < 0) assertTrue(n < prev, "b < 0: ‖h_" + t + "‖ = " + n + " must be below " + prev);
                else assertTrue(n > prev, "b > 0: ‖h_" + t + "‖ = " + n + " must be above " + prev);
                prev = n;
            }
        }
    }

    @Test
    void rejectsTooFewUnitsAndCapacityOutOfRange() {
        assertEquals("hiddenSize H must be >= 2 (rotations act on pairs of units), got 1",
                assertThrows(IllegalArgumentException.class, () -> EurnnConfig.of(3, 1)).getMessage());
        assertEquals("capacity L must be in [1, 8], got 0",
                assertThrows(IllegalArgumentException.class, () -> EurnnConfig.of(3, 8).withCapacity(0)).getMessage());
        assertEquals("capacity L must be in [1, 8], got 9",
                assertThrows(IllegalArgumentException.class, () -> new EurnnConfig(3, 8, 9)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EurnnConfig(0, 8, 2));
    }

    /**
     * Parameter counts on the copy task (one-hot I = 10, 9 classes): at the default L = 2 the
     * rotations are almost free, so about 23.5k parameters (the NRU paper's budget) need H = 1068;
     * with full capacity L = H, H = 197.
     */
    @Test
    void parameterCountsAtTheCopyTaskBudget() {
        assertEquals(127, new Eurnn(EurnnConfig.of(10, 128)).params().get(2).size());
        assertEquals(2_824, SequenceModel.parameterCount(ModelConfig.classifier(EurnnConfig.of(10, 128), 9)));
        assertEquals(23_504, SequenceModel.parameterCount(ModelConfig.classifier(EurnnConfig.of(10, 1068), 9)));
        assertEquals(23_452, SequenceModel.parameterCount(ModelConfig.classifier(new EurnnConfig(10, 197, 197), 9)));
    }
}
