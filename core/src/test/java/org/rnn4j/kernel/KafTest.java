package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KafTest {

    private static float[] randomAlpha(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextDouble(-1, 1);
        return a;
    }

    /** The kernels written out directly. */
    private static double direct(Kaf.Kernel k, double gamma, double s, double d) {
        return switch (k) {
            case GAUSSIAN -> Math.exp(-gamma * (s - d) * (s - d));
            case RELU -> Math.max(0, s - d);
            case SOFTPLUS -> Math.log(1 + Math.exp(s - d));
        };
    }

    @Test
    void dictionaryAndDefaultGamma() {
        Kaf kaf = new Kaf(20, 4, Kaf.defaultGamma(20, 4), Kaf.Kernel.GAUSSIAN);
        double delta = 8.0 / 19;
        assertEquals(delta, Kaf.step(20, 4), 1e-15);
        assertEquals(1 / (8 * delta * delta), kaf.gamma(), 1e-12);
        assertEquals(-4, kaf.point(0), 0);
        assertEquals(4, kaf.point(19), 0);
        for (int i = 0; i < 20; i++) assertEquals(-4 + i * delta, kaf.point(i), 1e-12, "d_" + i);
        Kaf small = new Kaf(3, 1, 2, Kaf.Kernel.GAUSSIAN);
        assertEquals(0, small.point(1), 1e-15);
    }

    @Test
    void valuesAndDerivativesMatchADirectEvaluationForEveryKernel() {
        for (Kaf.Kernel k : Kaf.Kernel.values()) {
            Kaf kaf = new Kaf(7, 2, 0.9, k);
            float[] alpha = randomAlpha(10, 3);
            int off = 2;
            for (double s : new double[] {-3.1, -1.23, -0.4, 0.17, 0.9, 1.66, 2.7}) {
                double f = 0;
                for (int i = 0; i < 7; i++) {
                    double d = -2 + i * (4.0 / 6);
                    double kv = direct(k, 0.9, s, d);
                    assertEquals(kv, kaf.kernel(s, i), 1e-12, k + " κ(" + s + ", d_" + i + ")");
                    f += alpha[off + i] * kv;
                }
                assertEquals(f, kaf.value(s, alpha, off), 1e-12, k + " f(" + s + ")");
                double h = 1e-5;
                double num = (kaf.value(s + h, alpha, off) - kaf.value(s - h, alpha, off)) / (2 * h);
                assertEquals(num, kaf.slope(s, alpha, off), 1e-7, k + " ∂f/∂s at " + s);
                for (int i = 0; i < 7; i++) {                     // ∂f/∂α_i = κ_i: f is linear in α
                    float[] a2 = alpha.clone();
                    a2[off + i] += 0.5f;
                    double dA = (kaf.value(s, a2, off) - kaf.value(s, alpha, off)) / 0.5;
                    assertEquals(kaf.kernel(s, i), dA, 1e-6, k + " ∂f/∂α_" + i);
                    double kn = (kaf.kernel(s + h, i) - kaf.kernel(s - h, i)) / (2 * h);
                    assertEquals(kn, kaf.kernelSlope(s, i), 1e-7, k + " ∂κ/∂s");
                }
            }
        }
    }

    /**
     * The Gaussian walk (three exps, products outwards from the nearest point) gives the direct
     * sums Σ α_i exp(−γ(s − d_i)²), Σ α_i ∂κ_i/∂s and g·κ_i to 1e-12 relative, inside and far outside
     * the dictionary (where the kernels underflow to 0 as the direct exp does), for several D, B, γ.
     */
    @Test
    void theGaussianWalkGivesTheDirectSums() {
        java.util.Random rnd = new java.util.Random(5);
        for (double[] cfg : new double[][] {{20, 4, -1}, {7, 2, 0.9}, {33, 3, 5}, {2, 1, 0.01}}) {
            int D = (int) cfg[0];
            double gamma = cfg[2] < 0 ? Kaf.defaultGamma(D, cfg[1]) : cfg[2];
            Kaf kaf = new Kaf(D, cfg[1], gamma, Kaf.Kernel.GAUSSIAN);
            float[] alpha = new float[D];
            for (int i = 0; i < D; i++) alpha[i] = (float) rnd.nextGaussian();
            for (double s : new double[] {0, -4, 4, 0.123, -3.999, 2.5 * cfg[1], -7 * cfg[1], 60, -300, 1e6}) {
                double value = 0, slope = 0, scale = 0;
                float[] direct = new float[D], walked = new float[D];
                for (int i = 0; i < D; i++) {
                    double x = s - kaf.point(i), k = Math.exp(-gamma * x * x);
                    value += alpha[i] * k;
                    slope += alpha[i] * (-2 * gamma * x * k);
                    scale += Math.abs(alpha[i]) * (k + Math.abs(2 * gamma * x * k));
                    direct[i] += (float) (0.7 * k);
                }
                String what = "D=" + D + " s=" + s;
                assertEquals(value, kaf.value(s, alpha, 0), 1e-12 * scale + 1e-300, what);
                assertEquals(slope, kaf.slope(s, alpha, 0), 1e-12 * scale + 1e-300, what);
                kaf.addKernels(s, 0.7, walked, 0);
                for (int i = 0; i < D; i++) assertEquals(direct[i], walked[i], 1e-6f * Math.abs(direct[i]) + 1e-30f, what + " i=" + i);
            }
        }
    }

    @Test
    void softplusIsStableForLargeArguments() {
        Kaf kaf = new Kaf(2, 1, 1, Kaf.Kernel.SOFTPLUS);
        assertEquals(801, kaf.kernel(800, 0), 1e-9);
        assertEquals(0, kaf.kernel(-800, 0), 1e-300);
        assertEquals(1, kaf.kernelSlope(800, 0), 0);
        assertEquals(0, kaf.kernelSlope(-800, 0), 1e-300);
    }

    @Test
    void ridgeReproducesItsTargetOnTheDictionary() {
        Kaf kaf = new Kaf(20, 4, Kaf.defaultGamma(20, 4), Kaf.Kernel.GAUSSIAN);
        double[] alpha = kaf.ridge(Kaf.Target.IDENTITY, 1e-4);
        double worst = 0, worstAt = 0;
        for (int i = 0; i < 20; i++) {
            double f = 0;
            for (int k = 0; k < 20; k++) f += alpha[k] * kaf.kernel(kaf.point(i), k);
            if (Math.abs(f - kaf.point(i)) > worst) {
                worst = Math.abs(f - kaf.point(i));
                worstAt = kaf.point(i);
            }
        }
        System.out.println("ridge identity worst on dictionary: " + worst + " at " + worstAt);
        // measured: 3.83e-3 (at d = 3.16, near the edge; ε = 1e-4 trades fit for conditioning)
        assertTrue(worst < 4e-3, "identity fit error " + worst);
        // a smaller ε fits tighter
        double[] tight = kaf.ridge(Kaf.Target.IDENTITY, 1e-8);
        double worstTight = 0;
        for (int i = 0; i < 20; i++) {
            double f = 0;
            for (int k = 0; k < 20; k++) f += tight[k] * kaf.kernel(kaf.point(i), k);
            worstTight = Math.max(worstTight, Math.abs(f - kaf.point(i)));
        }
        System.out.println("ridge identity worst eps 1e-8: " + worstTight);
        assertTrue(worstTight < worst, worstTight + " vs " + worst);
        double[] zero = kaf.ridge(Kaf.Target.ZERO, 1e-4);
        for (double v : zero) assertEquals(0, v, 0);
        // SOFTPLUS: K is not symmetric and badly conditioned (the fit at ε = 1e-4 is loose); the
        // solver still solves (K + εI)α = t(d)
        Kaf soft = new Kaf(10, 3, 1, Kaf.Kernel.SOFTPLUS);
        double[] sa = soft.ridge(Kaf.Target.IDENTITY, 1e-4);
        for (int i = 0; i < 10; i++) {
            double r = 1e-4 * sa[i];
            for (int k = 0; k < 10; k++) r += sa[k] * soft.kernel(soft.point(i), k);
            assertEquals(soft.point(i), r, 1e-9, "softplus ridge row " + i);
        }
    }

    @Test
    void ridgeRefusesRelu() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Kaf(20, 4, 1, Kaf.Kernel.RELU).ridge(Kaf.Target.IDENTITY, 1e-4));
        assertTrue(e.getMessage().contains("RELU") && e.getMessage().contains("singular"), e.getMessage());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Kaf(1, 4, 1, Kaf.Kernel.GAUSSIAN));
        assertThrows(IllegalArgumentException.class, () -> new Kaf(20, 0, 1, Kaf.Kernel.GAUSSIAN));
        assertThrows(IllegalArgumentException.class, () -> new Kaf(20, 4, -1, Kaf.Kernel.GAUSSIAN));
        assertThrows(IllegalArgumentException.class, () -> new Kaf(20, 4, Double.NaN, Kaf.Kernel.GAUSSIAN));
        assertThrows(IllegalArgumentException.class, () -> new Kaf(20, 4, 1, Kaf.Kernel.GAUSSIAN).ridge(Kaf.Target.IDENTITY, -1));
    }
}
