package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.testing.GradCheck;

class LstmTest {

    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.cell(new Lstm(LstmConfig.of(3, 5)), 2, 3).assertMaxRelError(5e-3);
    }

    @Test
    void peepholeBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Lstm(LstmConfig.of(3, 5).withPeepholes(true)), 2, 4).assertMaxRelError(5e-3);
    }

    @Test
    void forgetBiasSetsOnlyTheForgetBlock() {
        var specs = new Lstm(LstmConfig.of(2, 3).withForgetBias(1.0)).params();
        float[] b = new float[12];
        specs.get(1).init().fill(b, 0, 1, 12, new java.util.SplittableRandom(1));
        for (int j = 0; j < 12; j++) assertEquals(j >= 3 && j < 6 ? 1f : 0f, b[j], "bias " + j);
    }

    @Test
    void rejectsNonPositiveSizes() {
        var e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(0, 5));
        assertTrue(e.getMessage().contains("inputSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LstmConfig.of(3, -1));
        assertTrue(e.getMessage().contains("hiddenSize"), e.getMessage());
    }
}
