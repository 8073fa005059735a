package org.rnn4j.cell;

import org.junit.jupiter.api.Test;
import org.rnn4j.testing.GradCheck;

class GruTest {

    @Test
    void backwardMatchesFiniteDifferences() {
        GradCheck.cell(new Gru(GruConfig.of(3, 5)), 2, 3).assertMaxRelError(5e-3);
    }
}
