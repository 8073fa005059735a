package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.train.SequenceModelTest.classification;
import static org.rnn4j.train.SequenceModelTest.model;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rnn4j.cell.GaussianLstmConfig;
import org.rnn4j.cell.LstmConfig;
import org.rnn4j.data.Batch;
import org.rnn4j.testing.GradCheck;

/** The compute-budget term through the model: its gradient, its size, and λ = 0 changing nothing. */
class GateBudgetModelTest {
    private static final int T = 5, B = 2, I = 3, H = 4, C = 3;

    private static float[] allSteps() {
        float[] mask = new float[T * B];
        Arrays.fill(mask, 1f);
        return mask;
    }

    private static ModelConfig glstm(double lambda) {
        return ModelConfig.classifier(GaussianLstmConfig.of(I, H, T).withWidthInit(0.2).withBudgetLambda(lambda), C)
                .withLayers(2);
    }

    /** Task loss + λ·B against central differences, every parameter of a two-layer model. */
    @Test
    void gradientOfTaskPlusBudgetMatchesFiniteDifferences() {
        try (SequenceModel m = model(glstm(3), 1)) {
            GradCheck.modelWithBudget(m, classification(T, B, I, C, allSteps(), 2), 1e-2).assertMaxRelError(5e-3);
            assertTrue(m.lastBudgetLoss() > 0.1, "the term is not negligible: " + m.lastBudgetLoss());
        }
    }

    /**
     * λ adds λ·∂B/∂θ to μ and ρ of each layer and leaves every other gradient bit for bit; the
     * term equals Σ_l λ·B_l; with λ = 0 it is 0 and the gradients are those of the task alone.
     */
    @Test
    void theTermTouchesOnlyTheGateParameters() {
        Batch batch = classification(T, B, I, C, allSteps(), 5);
        try (SequenceModel plain = model(glstm(0), 1); SequenceModel budget = model(glstm(2), 1)) {
            assertTrue(Arrays.equals(plain.params(), budget.params()), "λ does not change the init");
            double task0 = plain.forward(batch, true), task2 = budget.forward(batch, true);
            assertEquals(task0, task2, 0, "forward returns the task loss alone");
            assertEquals(0, plain.lastBudgetLoss(), "λ = 0: no term");
            assertEquals(2 * plain.lastGateOpenness() * 2, budget.lastBudgetLoss(), 1e-12, "Σ over both layers of λ·B_l");
            plain.zeroGrads();
            plain.backward();
            budget.zeroGrads();
            budget.backward();
            int changed = 0;
            for (var blk : plain.layout().blocks()) {
                boolean gate = blk.name().endsWith(".mu") || blk.name().endsWith(".rho");
                for (int i = blk.offset(); i < blk.offset() + blk.size(); i++) {
                    if (gate) {
                        if (plain.grads()[i] != budget.grads()[i]) changed++;
                    } else {
                        assertEquals(Float.floatToRawIntBits(plain.grads()[i]), Float.floatToRawIntBits(budget.grads()[i]),
                                blk.name() + ": the task gradient is untouched");
                    }
                }
            }
            assertEquals(2 * 2 * H, changed, "every μ and ρ of both layers moves");
        }
    }

    @Test
    void onlyTimeGatedModelsReportGateMeasures() {
        Batch batch = classification(T, B, I, C, allSteps(), 5);
        try (SequenceModel lstm = model(ModelConfig.classifier(LstmConfig.of(I, H), C), 1);
             SequenceModel g = model(glstm(0), 1)) {
            lstm.forward(batch, true);
            g.forward(batch, true);
            assertFalse(lstm.hasTimeGate());
            assertTrue(Double.isNaN(lstm.lastUpdatedFraction()));
            assertTrue(g.hasTimeGate());
            double f = g.lastUpdatedFraction();
            assertTrue(f > 0 && f <= 1, "a fraction: " + f);
            assertNotEquals(Double.NaN, g.lastGateOpenness());
        }
    }
}
