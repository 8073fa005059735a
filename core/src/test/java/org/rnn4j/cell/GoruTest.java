package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cell.OrthogonalCells.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.Compute;
import org.rnn4j.testing.GradCheck;
import org.rnn4j.train.ModelConfig;
import org.rnn4j.train.SequenceModel;

class GoruTest {

    /**
     * The shared harness, initial parameters (modReLU bias 0.01: a jump of 0.02 at a = 0). ε = 3e-3
     * and a seed whose stencils cross no kink; the kink-aware check below holds for any seed.
     */
    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.cell(new Goru(GoruConfig.of(3, 5)), 2, 3, 3e-3, 7).assertMaxRelError(1e-2);
        GradCheck.cell(new Goru(GoruConfig.of(3, 6).withCapacity(3)), 2, 4, 3e-3, 7).assertMaxRelError(1e-2);
    }

    /**
     * Larger weights, and a modReLU bias of −5 on even units (always in the dead zone: h̃ = 0 and
     * ∂L/∂b = 0 exactly) and +0.3 on odd units (live), so every path of the step is exercised.
     */
    @Test
    void backwardWithDeadAndLiveCandidatesMatchesFiniteDifferences() {
        int I = 3, H = 6;
        OrthogonalCells.Setup s = OrthogonalCells.setup(new Goru(new GoruConfig(I, H, 3)), 12);
        System.arraycopy(uniform(new SplittableRandom(1), 3 * H * I, 0.5), 0, s.w(), s.offset("Wx"), 3 * H * I);
        System.arraycopy(uniform(new SplittableRandom(2), 3 * H, 0.5), 0, s.w(), s.offset("bx"), 3 * H);
        System.arraycopy(uniform(new SplittableRandom(3), 2 * H * H, 0.5), 0, s.w(), s.offset("Wh"), 2 * H * H);
        for (int j = 0; j < H; j++) s.w()[s.offset("b") + j] = j % 2 == 0 ? -5f : 0.3f;
        OrthogonalCells.gradients(s, 2, 4, 1e-2, 1, layer -> {}).assertWithin(5e-3, 0.1);
        for (int j = 0; j < H; j++) {
            float db = s.dw()[s.offset("b") + j];
            if (j % 2 == 0) assertEquals(0f, db, "dead unit " + j);
            else assertTrue(db != 0f, "live unit " + j);
        }
    }

    /** The update gate z keeps the state: with b_z = 30 (z ≈ 1), h_T = h_0 whatever the input. */
    @Test
    void updateGateNearOneKeepsTheState() {
        int I = 3, H = 5, B = 2, T = 6;
        OrthogonalCells.Setup s = OrthogonalCells.setup(new Goru(GoruConfig.of(I, H)), 5);
        for (int j = 0; j < H; j++) s.w()[s.offset("bx") + H + j] = 30f;
        SplittableRandom rng = new SplittableRandom(6);
        float[] x = uniform(rng, T * B * I, 1), h0 = uniform(rng, B * H, 1);
        try (Compute compute = Compute.create(1)) {
            s.layer().forward(compute, x, 0, I, T, B, h0, false);
        }
        for (int i = 0; i < B * H; i++) assertEquals(h0[i], s.layer().states()[s.layer().stateOffset(T) + i], 1e-6);
    }

    /**
     * Reset gate open (r = 1) and update gate shut (z = 0): h = modReLU(W_c·x + b_c + U·hPrev, b),
     * exactly the EURNN with the same U, input weights and modReLU bias.
     */
    @Test
    void openResetAndShutUpdateGiveTheEurnn() {
        int I = 3, H = 7, L = 3, B = 2, T = 5;
        OrthogonalCells.Setup goru = OrthogonalCells.setup(new Goru(new GoruConfig(I, H, L)), 8);
        OrthogonalCells.Setup eurnn = OrthogonalCells.setup(new Eurnn(new EurnnConfig(I, H, L)), 9);
        goru.fill("Wh", 0f);                                                  // V_r = V_z = 0
        int gbx = goru.offset("bx"), gwx = goru.offset("Wx");
        for (int j = 0; j < H; j++) {
            goru.w()[gbx + j] = 30f;                                         // b_r: r = 1
            goru.w()[gbx + H + j] = -30f;                                    // b_z: z = 0
            goru.w()[gbx + 2 * H + j] = 0.1f * (j - 3);                      // candidate bias
        }
        System.arraycopy(uniform(new SplittableRandom(3), H * I, 0.5), 0, goru.w(), gwx + 2 * H * I, H * I);
        for (int j = 0; j < H; j++) goru.w()[goru.offset("b") + j] = 0.2f * (j % 3) - 0.2f;
        System.arraycopy(goru.w(), gwx + 2 * H * I, eurnn.w(), eurnn.offset("Wx"), H * I);
        System.arraycopy(goru.w(), gbx + 2 * H, eurnn.w(), eurnn.offset("bx"), H);
        System.arraycopy(goru.w(), goru.offset("theta"), eurnn.w(), eurnn.offset("theta"), goru.layout().block("theta").size());
        System.arraycopy(goru.w(), goru.offset("b"), eurnn.w(), eurnn.offset("b"), H);
        SplittableRandom rng = new SplittableRandom(4);
        float[] x = uniform(rng, T * B * I, 1), h0 = uniform(rng, B * H, 1);
        try (Compute compute = Compute.create(1)) {
            goru.layer().forward(compute, x, 0, I, T, B, h0, false);
            eurnn.layer().forward(compute, x, 0, I, T, B, h0, false);
        }
        int zeros = 0;
        for (int t = 1; t <= T; t++) {
            for (int i = 0; i < B * H; i++) {
                float want = eurnn.layer().states()[eurnn.layer().stateOffset(t) + i];
                assertEquals(want, goru.layer().states()[goru.layer().stateOffset(t) + i], 1e-5, "h_" + t + "[" + i + "]");
                if (want == 0f) zeros++;
            }
        }
        assertTrue(zeros > 0, "some units must be in modReLU's dead zone for the comparison to cover it");
    }

    @Test
    void rejectsTooFewUnitsAndCapacityOutOfRange() {
        assertEquals("hiddenSize H must be >= 2 (rotations act on pairs of units), got 1",
                assertThrows(IllegalArgumentException.class, () -> GoruConfig.of(3, 1)).getMessage());
        assertEquals("capacity L must be in [1, 4], got 0",
                assertThrows(IllegalArgumentException.class, () -> GoruConfig.of(3, 4).withCapacity(0)).getMessage());
    }

    /** Copy task (one-hot I = 10, 9 classes): H = 98 gives about 23.5k parameters, the NRU paper's budget. */
    @Test
    void parameterCountsAtTheCopyTaskBudget() {
        assertEquals(38_408, SequenceModel.parameterCount(ModelConfig.classifier(GoruConfig.of(10, 128), 9)));
        assertEquals(23_528, SequenceModel.parameterCount(ModelConfig.classifier(GoruConfig.of(10, 98), 9)));
    }
}
