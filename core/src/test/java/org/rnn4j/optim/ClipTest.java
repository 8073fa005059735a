package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClipTest {

    /** {3, 4, 12}: norm 13. */
    static float[] grads() {
        return new float[] {3f, -4f, 12f};
    }

    @Test
    void normIsTheGlobalL2Norm() {
        assertEquals(13.0, Clip.norm(grads()), 0.0);
        assertEquals(0.0, Clip.norm(new float[0]), 0.0);
    }

    @Test
    void returnsThePreClipNorm() {
        float[] g = grads();
        assertEquals(13.0, Clip.globalNorm(g, 1.0), 0.0);
        assertEquals(13.0, Clip.globalNorm(grads(), 100.0), 0.0);
    }

    @Test
    void clippedNormIsMaxNormTimesNOverNPlusEpsilon() {
        float[] g = grads();
        double n = Clip.globalNorm(g, 2.0);
        double expected = 2.0 * n / (n + 1e-6);                           // PyTorch: coef = max/(n + 1e-6)
        assertEquals(expected, Clip.norm(g), 1e-6);
        // direction is kept: every entry scaled by the same factor
        float[] orig = grads();
        for (int i = 0; i < g.length; i++) assertEquals(orig[i] * expected / 13.0, g[i], 1e-6);
    }

    @Test
    void gradientsBelowMaxNormAreUnchanged() {
        float[] g = grads();
        Clip.globalNorm(g, 13.5);
        assertArrayEquals(grads(), g, 0f);
    }

    @Test
    void normExactlyAtMaxNormIsUnchanged() {
        // coef = 13/(13 + 1e-6) < 1 would scale by ≈ 1 − 7.7e-8, which rounds to 1 in float
        float[] g = grads();
        Clip.globalNorm(g, 13.0);
        assertArrayEquals(grads(), g, 1e-6f);
    }

    @Test
    void maxNormZeroOrInfiniteMeansNoClipping() {
        float[] g = grads();
        assertEquals(13.0, Clip.globalNorm(g, 0.0), 0.0);
        assertArrayEquals(grads(), g, 0f);
        assertEquals(13.0, Clip.globalNorm(g, Double.POSITIVE_INFINITY), 0.0);
        assertArrayEquals(grads(), g, 0f);
    }

    @Test
    void normIsAccumulatedInDouble() {
        // 10⁴ equal squares: a float accumulator rounds the result alone by ~6e-10 here (and drifts
        // further while summing); the double sum is good to ~1e-14
        float[] g = new float[10_000];
        java.util.Arrays.fill(g, 1e-4f);
        double exact = Math.sqrt(10_000 * (double) 1e-4f * (double) 1e-4f);
        assertEquals(exact, Clip.norm(g), 1e-13);
    }
}
