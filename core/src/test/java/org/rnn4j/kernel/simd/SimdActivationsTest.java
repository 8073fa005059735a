package org.rnn4j.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.ScalarActivations;

class SimdActivationsTest {

    private interface Activation {
        void apply(float[] x, int xOff, float[] y, int yOff, int n);
    }

    /** Max |simd − scalar| over [−30, 30] with offsets; elements outside [off, off+n) untouched. */
    private static void assertTwinsAgree(Activation simd, Activation scalar, double tol) {
        Random rnd = new Random(9);
        for (int n : new int[] {0, 1, 15, 17, 33, 1000}) {
            float[] x = new float[n + 7];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() * 60 - 30;
            float[] ys = new float[n + 9];
            float[] yr = new float[n + 9];
            java.util.Arrays.fill(ys, 42f);
            java.util.Arrays.fill(yr, 42f);
            simd.apply(x, 3, ys, 5, n);
            scalar.apply(x, 3, yr, 5, n);
            for (int i = 0; i < ys.length; i++) {
                assertEquals(yr[i], ys[i], tol, "n=" + n + " at " + i);
            }
            // In place gives the same values as out of place.
            float[] inPlace = x.clone();
            simd.apply(inPlace, 3, inPlace, 3, n);
            for (int i = 0; i < n; i++) assertEquals(ys[5 + i], inPlace[3 + i], 0f, "in place, n=" + n);
        }
    }

    @Test
    void simdMatchesScalarOnLengthsThatAreNotMultiplesOfTheLaneCount() {
        assertTwinsAgree(SimdActivations::sigmoid, ScalarActivations::sigmoid, 2e-6);
        assertTwinsAgree(SimdActivations::tanh, ScalarActivations::tanh, 2e-6);
        assertTwinsAgree(SimdActivations::relu, ScalarActivations::relu, 0);
    }

    @Test
    void sigmoidAndTanhAreWithin2e6OfDoubleReferenceOnMinus30To30() {
        int n = 600_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = -30f + 60f * i / (n - 1);
        float[] s = new float[n];
        float[] t = new float[n];
        SimdActivations.sigmoid(x, 0, s, 0, n);
        SimdActivations.tanh(x, 0, t, 0, n);
        double worstS = 0, worstT = 0;
        for (int i = 0; i < n; i++) {
            worstS = Math.max(worstS, Math.abs(s[i] - 1 / (1 + Math.exp(-(double) x[i]))));
            worstT = Math.max(worstT, Math.abs(t[i] - Math.tanh(x[i])));
        }
        assertTrue(worstS <= 2e-6, "sigmoid max abs error " + worstS);
        assertTrue(worstT <= 2e-6, "tanh max abs error " + worstT);
    }

    @Test
    void tanhHasSmallRelativeErrorNearZero() {
        int n = 20_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            float mag = (float) Math.pow(10, -4 + 4.0 * i / (n - 1));   // |x| from 1e-4 to 1
            x[i] = i % 2 == 0 ? mag : -mag;
        }
        float[] t = new float[n];
        SimdActivations.tanh(x, 0, t, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double ref = Math.tanh(x[i]);
            worst = Math.max(worst, Math.abs((t[i] - ref) / ref));
        }
        assertTrue(worst <= 1e-5, "tanh max relative error " + worst);
    }

    @Test
    void specialValuesSaturateAndNeverTurnIntoNaN() {
        float inf = Float.POSITIVE_INFINITY;
        float[] x = {0f, -0f, inf, -inf, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE, 100f, -100f,
                Float.MIN_VALUE, -Float.MIN_VALUE, Float.NaN};
        int n = x.length;
        float[] s = new float[n], t = new float[n], r = new float[n];
        SimdActivations.sigmoid(x, 0, s, 0, n);
        SimdActivations.tanh(x, 0, t, 0, n);
        SimdActivations.relu(x, 0, r, 0, n);
        for (int i = 0; i < n - 1; i++) {
            assertTrue(!Float.isNaN(s[i]) && s[i] >= 0 && s[i] <= 1, "sigmoid(" + x[i] + ") = " + s[i]);
            assertTrue(!Float.isNaN(t[i]), "tanh(" + x[i] + ") = " + t[i]);
        }
        assertEquals(0.5f, s[0]);
        assertEquals(0.5f, s[1]);
        assertEquals(1f, s[2]);
        assertEquals(0f, s[3], 1e-30f);
        assertEquals(1f, s[4]);
        assertEquals(0f, s[5], 1e-30f);
        assertEquals(1f, s[8]);
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(t[0]), "tanh(+0) = +0");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(t[1]), "tanh(-0) = -0");
        for (int i = 2; i < 10; i++) assertEquals(Math.signum(x[i]), t[i], 0f, "tanh(" + x[i] + ")");
        assertEquals(Float.MIN_VALUE, t[10]);
        assertEquals(-Float.MIN_VALUE, t[11]);
        assertTrue(Float.isNaN(t[12]), "tanh(NaN) = NaN");
        assertTrue(Float.isNaN(s[12]), "sigmoid(NaN) = NaN");
        assertEquals(0f, r[1]);
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(r[1]), "relu(-0) = +0");
        assertEquals(inf, r[2]);
        assertEquals(0f, r[3]);
        assertTrue(Float.isNaN(r[12]), "relu(NaN) = NaN");
    }
}
