package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.GradCheck;

class ModReluTest {

    @Test
    void shiftsMagnitudesByTheBiasAndKeepsTheSign() {
        float[] a = {-2f, -0.5f, 0f, 0.3f, 1.5f, -0.25f, 0.5f};
        float[] b = {-1f, -1f, 0.5f, 0.5f, 0f, 0f, -0.5f};
        float[] h = new float[a.length];
        ModRelu.forward(a, 0, b, 0, h, 0, a.length);
        // dead zone |a| ≤ −b; sign(0) = 0 even with b > 0; b = 0 is the identity; the kink |a| + b = 0 gives 0
        assertArrayEquals(new float[] {-1f, 0f, 0f, 0.8f, 1.5f, -0.25f, 0f}, h);
    }

    @Test
    void derivativesAreReadOffTheOutputWithZeroAtTheKinkAndAtZero() {
        float[] a = {-2f, -0.5f, 0f, 0.3f, 1.5f, 0.5f};
        float[] b = {-1f, -1f, 0.5f, 0.5f, 0f, -0.5f};
        float[] h = new float[a.length], dh = {3f, 3f, 3f, 3f, 3f, 3f}, da = new float[a.length];
        float[] db = {1f, 1f, 1f, 1f, 1f, 1f};
        ModRelu.forward(a, 0, b, 0, h, 0, a.length);
        ModRelu.backward(h, 0, dh, 0, da, 0, db, 0, a.length);
        assertArrayEquals(new float[] {3f, 0f, 0f, 3f, 3f, 0f}, da);
        assertArrayEquals(new float[] {1f - 3f, 1f, 1f, 1f + 3f, 1f + 3f, 1f}, db);   // added, sign(a)·dh
    }

    /** Away from the kinks: ∂(Σ g⊙h)/∂a and ∂/∂b against central differences, in place (da = dh). */
    @Test
    void backwardMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 37;
        float[] a = new float[n], b = new float[n], g = new float[n];
        for (int i = 0; i < n; i++) {
            b[i] = (float) rng.nextDouble(-0.5, 0.5);
            double m;
            do {                                                                 // keep 0.05 from a = 0 and |a| + b = 0
                a[i] = (float) rng.nextDouble(-2, 2);
                m = Math.abs(a[i]) + b[i];
            } while (Math.abs(a[i]) < 0.05 || Math.abs(m) < 0.05);
            g[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] h = new float[n], d = g.clone(), db = new float[n];
        ModRelu.forward(a, 0, b, 0, h, 0, n);
        ModRelu.backward(h, 0, d, 0, d, 0, db, 0, n);
        int dead = 0;
        for (float v : h) if (v == 0f) dead++;
        assertTrue(dead > 0 && dead < n, "both the dead zone and the active part must be covered, dead = " + dead);
        float[] out = new float[n];
        java.util.function.DoubleSupplier f = () -> {
            ModRelu.forward(a, 0, b, 0, out, 0, n);
            double s = 0;
            for (int i = 0; i < n; i++) s += (double) g[i] * out[i];
            return s;
        };
        GradCheck.function(a, d, 1e-2, f).assertMaxRelError(1e-3);
        GradCheck.function(b, db, 1e-2, f).assertMaxRelError(1e-3);
    }
}
