package org.rnn4j.cell;

import org.junit.jupiter.api.Test;
import org.rnn4j.testing.GradCheck;

class JanetTest {

    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.cell(new Janet(JanetConfig.of(3, 5)), 2, 3).assertMaxRelError(5e-3);
    }

    @Test
    void shiftedInputGateBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new Janet(JanetConfig.of(3, 5).withBeta(1.0)), 2, 4).assertMaxRelError(5e-3);
    }
}
