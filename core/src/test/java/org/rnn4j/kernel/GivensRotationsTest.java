package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.testing.GradCheck;

class GivensRotationsTest {

    static float[] angles(int H, int L, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] theta = new float[(int) GivensRotations.count(H, L)];
        for (int i = 0; i < theta.length; i++) theta[i] = (float) rng.nextDouble(-Math.PI, Math.PI);
        return theta;
    }

    @Test
    void countsTheAnglesOfEachLayer() {
        assertEquals(127, GivensRotations.count(128, 2));          // 64 pairs (0,1)…, 63 pairs (1,2)…
        assertEquals(64 + 63 + 64, GivensRotations.count(128, 3));
        assertEquals(3 + 3, GivensRotations.count(7, 2));           // H odd: 3 pairs in either layer
        assertEquals(1, GivensRotations.count(2, 2));               // the second layer of H = 2 is empty
        for (int H = 2; H <= 9; H++) {
            assertEquals((long) H * (H - 1) / 2, GivensRotations.count(H, H), "L = H gives dim SO(H), H=" + H);
            long sum = 0;
            for (int l = 0; l < 5; l++) sum += GivensRotations.rotationsInLayer(H, l);
            assertEquals(sum, GivensRotations.count(H, 5));
        }
    }

    @ParameterizedTest(name = "H={0}, L={1}")
    @CsvSource({"2, 1", "3, 2", "7, 5", "8, 2", "8, 8", "33, 33", "64, 3"})
    void productIsOrthogonalAndNotTheIdentity(int H, int L) {
        double[] u = new double[H * H];
        GivensRotations.materialize(angles(H, L, H * 31L + L), 0, H, L, u);
        double offIdentity = 0;
        for (int a = 0; a < H; a++) {
            for (int b = 0; b < H; b++) {
                double rows = 0, cols = 0;
                for (int k = 0; k < H; k++) {
                    // as the cells use it: rounded to float
                    rows += (double) (float) u[a * H + k] * (float) u[b * H + k];
                    cols += (double) (float) u[k * H + a] * (float) u[k * H + b];
                }
                assertEquals(a == b ? 1.0 : 0.0, rows, 1e-5, "U·Uᵀ[" + a + ", " + b + "]");
                assertEquals(a == b ? 1.0 : 0.0, cols, 1e-5, "Uᵀ·U[" + a + ", " + b + "]");
                offIdentity = Math.max(offIdentity, Math.abs(u[a * H + b] - (a == b ? 1 : 0)));
            }
        }
        assertTrue(offIdentity > 0.1, "the random angles must rotate something");
    }

    @Test
    void oneRotationIsTheTwoByTwoRotationMatrix() {
        double[] u = new double[4];
        GivensRotations.materialize(new float[] {0.3f}, 0, 2, 1, u);
        double c = Math.cos(0.3f), s = Math.sin(0.3f);
        assertArrayEquals4(new double[] {c, -s, s, c}, u);
    }

    /** H = 3, L = 2: R_0 rotates units (0,1) by θ0, then R_1 rotates (1,2) by θ1; U = R_1·R_0 by hand. */
    @Test
    void twoLayersOnThreeUnitsMatchTheHandProduct() {
        float t0 = 0.3f, t1 = -1.1f;
        double[] u = new double[9];
        GivensRotations.materialize(new float[] {t0, t1}, 0, 3, 2, u);
        double c0 = Math.cos(t0), s0 = Math.sin(t0), c1 = Math.cos(t1), s1 = Math.sin(t1);
        double[] want = {
            c0,      -s0,      0,
            c1 * s0, c1 * c0, -s1,
            s1 * s0, s1 * c0,  c1};
        for (int i = 0; i < 9; i++) assertEquals(want[i], u[i], 1e-12, "U[" + i / 3 + ", " + i % 3 + "]");
    }

    /** H even: the odd layer leaves both end units alone (unit 3 is passed through, not dropped). */
    @Test
    void unpairedUnitsPassThrough() {
        float t = 0.7f;
        double[] u = new double[16];
        GivensRotations.materialize(new float[] {0, 0, t}, 0, 4, 2, u);    // layer 0: (0,1),(2,3) by 0; layer 1: (1,2) by t
        double c = Math.cos(t), s = Math.sin(t);
        double[] want = {
            1, 0, 0, 0,
            0, c, -s, 0,
            0, s, c, 0,
            0, 0, 0, 1};
        for (int i = 0; i < 16; i++) assertEquals(want[i], u[i], 1e-12, "U[" + i / 4 + ", " + i % 4 + "]");
    }

    /** f(θ) = Σ G⊙U(θ) for a fixed random G; the angle gradient (added to what dθ held) against finite differences. */
    @ParameterizedTest(name = "H={0}, L={1}")
    @CsvSource({"2, 1", "6, 3", "7, 4", "9, 9"})
    void angleGradientMatchesFiniteDifferences(int H, int L) {
        float[] theta = angles(H, L, 5 + H);
        SplittableRandom rng = new SplittableRandom(H * 7L + L);
        double[] G = new double[H * H];
        for (int i = 0; i < G.length; i++) G[i] = rng.nextDouble(-1, 1);
        double[] u = new double[H * H], g = G.clone();
        float[] dTheta = new float[theta.length];
        java.util.Arrays.fill(dTheta, 1f);
        GivensRotations.materialize(theta, 0, H, L, u);
        GivensRotations.backward(theta, 0, H, L, u, g, dTheta, 0);
        for (int i = 0; i < dTheta.length; i++) dTheta[i] -= 1f;               // backward adds
        double[] scratch = new double[H * H];
        GradCheck.function(theta, dTheta, 1e-2, () -> {
            GivensRotations.materialize(theta, 0, H, L, scratch);
            double f = 0;
            for (int i = 0; i < G.length; i++) f += G[i] * scratch[i];
            return f;
        }).assertMaxRelError(1e-3);
    }

    private static void assertArrayEquals4(double[] want, double[] got) {
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-12, "U[" + i + "]");
    }
}
