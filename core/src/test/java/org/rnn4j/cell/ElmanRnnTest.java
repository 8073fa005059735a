package org.rnn4j.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rnn4j.cell.ElmanConfig.Activation;
import org.rnn4j.cell.ElmanConfig.RecurrentInit;
import org.rnn4j.testing.GradCheck;

class ElmanRnnTest {

    @Test
    void tanhBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new ElmanRnn(ElmanConfig.of(3, 5)), 2, 3).assertMaxRelError(5e-3);
    }

    @Test
    void reluBackwardMatchesFiniteDifferences() {
        // small ε: finite differences must not straddle ReLU's kink
        GradCheck.cell(new ElmanRnn(ElmanConfig.of(3, 5).withActivation(Activation.RELU)), 2, 3, 1e-3, 7)
                .assertMaxRelError(1e-2);
    }

    @Test
    void layerNormBackwardMatchesFiniteDifferences() {
        GradCheck.cell(new ElmanRnn(ElmanConfig.of(3, 5).withLayerNorm(true)), 2, 3).assertMaxRelError(5e-3);
        GradCheck.cell(new ElmanRnn(ElmanConfig.of(3, 5).withLayerNorm(true).withActivation(Activation.RELU)),
                2, 3, 1e-3, 3).assertMaxRelError(1e-2);
    }

    @Test
    void identityInitIsTheIdentity() {
        var spec = new ElmanRnn(ElmanConfig.of(2, 4).withRecurrentInit(RecurrentInit.IDENTITY)).params().get(2);
        float[] w = new float[16];
        spec.init().fill(w, 0, 4, 4, new java.util.SplittableRandom(1));
        for (int r = 0; r < 4; r++) for (int c = 0; c < 4; c++) assertEquals(r == c ? 1f : 0f, w[r * 4 + c]);
    }

    @Test
    void orthogonalInitHasOrthonormalRows() {
        var spec = new ElmanRnn(ElmanConfig.of(2, 6).withRecurrentInit(RecurrentInit.ORTHOGONAL)).params().get(2);
        float[] w = new float[36];
        spec.init().fill(w, 0, 6, 6, new java.util.SplittableRandom(3));
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                double dot = 0;
                for (int k = 0; k < 6; k++) dot += w[a * 6 + k] * w[b * 6 + k];
                assertEquals(a == b ? 1.0 : 0.0, dot, 1e-5);
            }
        }
    }
}
