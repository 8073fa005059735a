package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScalarActivationsTest {

    @Test
    void saturatesAtInfinitiesAndKeepsSignedZero() {
        float inf = Float.POSITIVE_INFINITY;
        float[] x = {inf, -inf, 0f, -0f, 1f, Float.NaN};
        float[] s = new float[6], t = new float[6], r = new float[6];
        ScalarActivations.sigmoid(x, 0, s, 0, 6);
        ScalarActivations.tanh(x, 0, t, 0, 6);
        ScalarActivations.relu(x, 0, r, 0, 6);
        assertEquals(1f, s[0]);
        assertEquals(0f, s[1]);
        assertEquals(0.5f, s[2]);
        assertEquals((float) (1 / (1 + Math.exp(-1))), s[4]);
        assertEquals(1f, t[0]);
        assertEquals(-1f, t[1]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(t[3]));
        assertEquals(0f, r[1]);
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(r[3]));
        assertTrue(Float.isNaN(t[5]) && Float.isNaN(s[5]) && Float.isNaN(r[5]));
    }

    @Test
    void inPlaceEqualsOutOfPlace() {
        float[] x = {-3f, -0.5f, 0.25f, 2f, 9f};
        float[] y = new float[5];
        ScalarActivations.tanh(x, 1, y, 0, 4);
        ScalarActivations.tanh(x, 1, x, 1, 4);
        for (int i = 0; i < 4; i++) assertEquals(y[i], x[i + 1]);
    }
}
