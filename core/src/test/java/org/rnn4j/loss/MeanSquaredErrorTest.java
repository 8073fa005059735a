package org.rnn4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.GradCheck;

class MeanSquaredErrorTest {
    static final MeanSquaredError MSE = new MeanSquaredError();

    /** The normalised loss {@code Σ mask·ℓ / Σ mask} of rows {@code [0, n)} (gradient into {@code dy}). */
    static double loss(float[] y, int n, int C, float[] targets, float[] mask, float[] dy) {
        double norm = 0;
        for (int r = 0; r < n; r++) norm += mask[r];
        return MSE.forwardBackward(y, 0, n, C, null, 0, targets, 0, mask, 0, norm, dy, 0) / norm;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int n = 4, C = 3;
        SplittableRandom rng = new SplittableRandom(5);
        float[] y = new float[n * C], t = new float[n * C];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) rng.nextDouble(-2, 2);
            t[i] = (float) rng.nextDouble(-2, 2);
        }
        float[] mask = {1f, 0f, 0.25f, 3f};
        float[] dy = new float[n * C], scratch = new float[n * C];
        loss(y, n, C, t, mask, dy);
        // quadratic: the stencil is exact up to float32 rounding of y ± ε
        GradCheck.function(y, dy, 1e-2, () -> loss(y, n, C, t, mask, scratch)).assertMaxRelError(2e-3);
    }

    @Test
    void equalsHandComputedMeanOverOutputsAndRows() {
        float[] y = {1f, 2f, 0f, 0f};
        float[] t = {0f, 4f, 1f, 1f};
        float[] dy = new float[4];
        // row 0: ((1)² + (−2)²)/2 = 2.5;  row 1: (1 + 1)/2 = 1;  mean over rows: 1.75 (as F.mse_loss)
        assertEquals(1.75, loss(y, 2, 2, t, new float[] {1f, 1f}, dy), 1e-12);
        // ∂/∂y = 2(y − t)/(C·rows)
        assertArrayEquals(new float[] {0.5f, -1f, -0.5f, -0.5f}, dy, 1e-7f);
    }

    @Test
    void maskedRowsGetZeroGradientAndNoLoss() {
        int C = 2;
        float[] y = {1f, 2f, 100f, -100f, 0f, 0f};
        float[] t = {0f, 4f, 0f, 0f, 1f, 1f};
        float[] dy = new float[6];
        double with = loss(y, 3, C, t, new float[] {1f, 0f, 1f}, dy);
        assertEquals(0f, dy[2], 0f);
        assertEquals(0f, dy[3], 0f);
        float[] dyAlone = new float[4];
        double alone = loss(new float[] {1f, 2f, 0f, 0f}, 2, C, new float[] {0f, 4f, 1f, 1f}, new float[] {1f, 1f}, dyAlone);
        assertEquals(alone, with, 1e-12);
        assertArrayEquals(dyAlone, new float[] {dy[0], dy[1], dy[4], dy[5]}, 0f);
    }

    @Test
    void honoursOffsets() {
        int C = 2;
        float[] y = {1f, 2f, 0f, 3f}, t = {0f, 4f, 1f, 1f}, mask = {1f, 2f}, dy = new float[4];
        double plain = MSE.forwardBackward(y, 0, 2, C, null, 0, t, 0, mask, 0, 3, dy, 0);
        float[] yPad = new float[7], tPad = new float[9], dyPad = new float[6];
        System.arraycopy(y, 0, yPad, 3, 4);
        System.arraycopy(t, 0, tPad, 5, 4);
        double shifted = MSE.forwardBackward(yPad, 3, 2, C, null, 0, tPad, 5, new float[] {0f, 0f, 1f, 2f}, 2, 3,
                dyPad, 2);
        assertEquals(plain, shifted, 0.0);
        for (int i = 0; i < 4; i++) assertEquals(dy[i], dyPad[2 + i], 0f);
    }

    @Test
    void nameIsMse() {
        assertEquals("mse", MSE.name());
    }
}
