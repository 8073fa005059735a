package org.rnn4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.GradCheck;

class MaskedCrossEntropyTest {
    static final MaskedCrossEntropy CE = new MaskedCrossEntropy();

    /** The normalised loss {@code Σ mask·ℓ / Σ mask} of rows {@code [0, n)} (gradient into {@code dy}). */
    static double loss(float[] y, int n, int C, int[] labels, float[] mask, float[] dy) {
        double norm = 0;
        for (int r = 0; r < n; r++) norm += mask[r];
        return CE.forwardBackward(y, 0, n, C, labels, 0, null, 0, mask, 0, norm, dy, 0) / norm;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int n = 5, C = 4;
        SplittableRandom rng = new SplittableRandom(11);
        float[] y = new float[n * C];
        for (int i = 0; i < y.length; i++) y[i] = (float) rng.nextDouble(-2, 2);
        int[] labels = {0, 3, 1, 2, 2};
        float[] mask = {1f, 0f, 0.5f, 2f, 1f};
        float[] dy = new float[n * C];
        loss(y, n, C, labels, mask, dy);
        float[] scratch = new float[n * C];
        // float32 logits, loss summed in double: agreement ~1e-4; a wrong gradient is O(1) off
        GradCheck.function(y, dy, 1e-2, () -> loss(y, n, C, labels, mask, scratch)).assertMaxRelError(2e-3);
    }

    @Test
    void equalsHandComputedLogSoftmax() {
        float[] y = {1f, 2f, 3f, 0.5f, -1f, 0f};
        int[] labels = {0, 2};
        float[] mask = {1f, 1f}, dy = new float[6];
        double l0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1;         // 2.4076059644443806
        double l1 = Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(0)) - 0;
        assertEquals(2.4076059644443806, l0, 1e-15);
        assertEquals((l0 + l1) / 2, loss(y, 2, 3, labels, mask, dy), 1e-7);
        double z0 = Math.exp(1) + Math.exp(2) + Math.exp(3);
        float[] expected = {(float) ((Math.exp(1) / z0 - 1) / 2), (float) (Math.exp(2) / z0 / 2), (float) (Math.exp(3) / z0 / 2)};
        for (int c = 0; c < 3; c++) assertEquals(expected[c], dy[c], 1e-7, "dy[" + c + "]");
    }

    @Test
    void gradientRowsSumToZero() {
        float[] y = {0.3f, -1.2f, 2.5f, 0.1f};
        float[] dy = new float[4];
        loss(y, 1, 4, new int[] {1}, new float[] {1f}, dy);
        double s = 0;
        for (float d : dy) s += d;
        assertEquals(0.0, s, 1e-7);
    }

    @Test
    void isStableForLargeLogits() {
        float[] y = {1000f, 0f, -1000f};
        float[] dy = new float[3];
        assertEquals(0.0, loss(y, 1, 3, new int[] {0}, new float[] {1f}, dy), 1e-12);
        assertEquals(2000.0, loss(y, 1, 3, new int[] {2}, new float[] {1f}, dy), 1e-9);
        for (float d : dy) assertTrue(Float.isFinite(d));
    }

    @Test
    void maskedRowsGetZeroGradientAndNoLoss() {
        int C = 3;
        float[] y = {0.2f, 1.5f, -0.3f, 9f, -9f, 4f, 0.7f, 0.1f, -2f};
        // the middle row is masked; its label may even be out of range (Batch allows that)
        int[] labels = {1, -1, 0};
        float[] mask = {1f, 0f, 1f};
        float[] dy = new float[9];
        java.util.Arrays.fill(dy, 42f);
        double withMasked = loss(y, 3, C, labels, mask, dy);
        for (int c = 0; c < C; c++) assertEquals(0f, dy[C + c], "masked row's gradient");

        float[] yAlone = {0.2f, 1.5f, -0.3f, 0.7f, 0.1f, -2f};
        float[] dyAlone = new float[6];
        double alone = loss(yAlone, 2, C, new int[] {1, 0}, new float[] {1f, 1f}, dyAlone);
        assertEquals(alone, withMasked, 1e-12);
        assertArrayEquals(dyAlone, new float[] {dy[0], dy[1], dy[2], dy[6], dy[7], dy[8]}, 0f);
    }

    @Test
    void maskWeightsRowsAndReturnsTheUnnormalisedSum() {
        float[] y = {0.5f, -0.5f, 1f, 2f};
        int[] labels = {0, 0};
        float[] dy = new float[4];
        double l0 = CE.forwardBackward(y, 0, 1, 2, labels, 0, null, 0, new float[] {1f}, 0, 1, dy, 0);
        double l1 = CE.forwardBackward(y, 2, 1, 2, labels, 1, null, 0, new float[] {1f}, 0, 1, dy, 2);
        double sum = CE.forwardBackward(y, 0, 2, 2, labels, 0, null, 0, new float[] {3f, 0.5f}, 0, 3.5, dy, 0);
        assertEquals(3 * l0 + 0.5 * l1, sum, 1e-6);
    }

    @Test
    void honoursOffsets() {
        int C = 3;
        float[] y = {0.2f, 1.5f, -0.3f, 0.7f, 0.1f, -2f};
        int[] labels = {2, 0};
        float[] mask = {1f, 0.5f}, dy = new float[6];
        double plain = CE.forwardBackward(y, 0, 2, C, labels, 0, null, 0, mask, 0, 1.5, dy, 0);
        float[] yPad = new float[11];
        System.arraycopy(y, 0, yPad, 5, 6);
        float[] dyPad = new float[10];
        double shifted = CE.forwardBackward(yPad, 5, 2, C, new int[] {9, 9, 9, 2, 0}, 3, null, 0,
                new float[] {0f, 1f, 0.5f}, 1, 1.5, dyPad, 4);
        assertEquals(plain, shifted, 0.0);
        for (int i = 0; i < 6; i++) assertEquals(dy[i], dyPad[4 + i], 0f);
        for (int i = 0; i < 4; i++) assertEquals(0f, dyPad[i], "outside the window");
    }

    @Test
    void correctCountsArgMaxHitsWeightedByMask() {
        int C = 3;
        float[] y = {
            0.1f, 0.9f, 0.0f,    // arg-max 1, label 1: hit, weight 1
            2.0f, 1.0f, 0.0f,    // arg-max 0, label 2: miss
            0.0f, 0.0f, 5.0f,    // arg-max 2, label 2: hit, weight 0.5
            0.0f, 3.0f, 0.0f,    // arg-max 1, label 1: hit but masked
            1.0f, 1.0f, 0.0f};   // tie: first index wins (0), label 0: hit, weight 2
        int[] labels = {1, 2, 2, 1, 0};
        float[] mask = {1f, 1f, 0.5f, 0f, 2f};
        assertEquals(3.5, MaskedCrossEntropy.correct(y, 0, 5, C, labels, 0, mask, 0), 0.0);
        assertEquals(0.5, MaskedCrossEntropy.correct(y, 6, 1, C, labels, 2, mask, 2), 0.0);
    }

    @Test
    void nameIsCrossEntropy() {
        assertEquals("cross-entropy", CE.name());
    }
}
