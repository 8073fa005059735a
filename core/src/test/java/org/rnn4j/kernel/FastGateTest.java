package org.rnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastGateTest {

    /** φ(z) = σ(z′) with z′ = sinh(clamp(z)), as the cells compute it: forward, then the sigmoid kernel. */
    private static float phi(float z) {
        float[] a = {z}, d = new float[1];
        FastGate.forward(a, 0, d, 0, 1);
        ScalarActivations.sigmoid(a, 0, a, 0, 1);
        return a[0];
    }

    /** φ′(z) as backward computes it: σ′(z′) = φ(1 − φ), times the saved factor. */
    private static double dphi(float z) {
        float[] a = {z}, d = new float[1];
        FastGate.forward(a, 0, d, 0, 1);
        ScalarActivations.sigmoid(a, 0, a, 0, 1);
        float[] dz = {a[0] * (1 - a[0])};
        FastGate.backward(dz, 0, d, 0, 1);
        return dz[0];
    }

    @Test
    void forwardIsSinhOfTheClampedInputAndSavesCosh() {
        float[] z = {-25f, -20f, -3.5f, -0.25f, 0f, 0.75f, 2f, 19.5f, 20f, 20.001f, 1e30f};
        float[] a = z.clone(), d = new float[z.length];
        float[] as = z.clone(), ds = new float[z.length];
        FastGate.forward(a, 0, d, 0, z.length);                                // the SIMD path where there is one
        FastGate.forwardScalar(as, 0, ds, 0, z.length);
        for (int i = 0; i < z.length; i++) {
            double c = Math.max(-20, Math.min(20, z[i]));
            float sinh = (float) Math.sinh(c);
            assertEquals(sinh, as[i], 0f, "scalar: sinh(clamp(" + z[i] + ")) rounded once");
            assertEquals(sinh, a[i], 3 * Math.ulp(sinh), "sinh(clamp(" + z[i] + "))");
            float expected = Math.abs(z[i]) <= 20 ? (float) Math.cosh(z[i]) : 0f;
            assertEquals(expected, ds[i], Math.ulp(expected) * 2, "scalar factor at " + z[i]);
            assertEquals(expected, d[i], Math.ulp(expected) * 4, "factor at " + z[i]);
        }
        assertTrue(Float.isFinite(a[a.length - 1]) && Math.abs(a[a.length - 1] - (float) Math.sinh(20)) <= 3 * Math.ulp((float) Math.sinh(20)),
                "huge z is clamped");
    }

    /** The vector path against the scalar one on a dense grid over [−22, 22] and small |z|: within 3 ulps. */
    @Test
    void theVectorPathIsWithinThreeUlpsOfTheScalarOne() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.SIMD, "no Vector API");
        int n = 44_001 + 7;                                                        // not a multiple of the lane count
        float[] z = new float[n];
        for (int i = 0; i < 44_001; i++) z[i] = -22f + i * 1e-3f;
        float[] tiny = {1e-8f, -3e-5f, 0.999999f, 1f, -1.000001f, -0f, 1e-38f};
        System.arraycopy(tiny, 0, z, 44_001, 7);
        float[] a = z.clone(), d = new float[n], as = z.clone(), ds = new float[n];
        org.rnn4j.kernel.simd.SimdActivations.fastGate(a, 0, d, 0, n);
        FastGate.forwardScalar(as, 0, ds, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(as[i], a[i], 3 * Math.ulp(as[i]), "sinh at " + z[i]);
            assertEquals(ds[i], d[i], 3 * Math.ulp(ds[i]), "factor at " + z[i]);
        }
    }

    /** Inside the clamp the derivative is φ(1 − φ)·cosh z: central differences of φ in double agree. */
    @Test
    void derivativeMatchesFiniteDifferencesInsideTheClamp() {
        for (float z : new float[] {-2.5f, -1f, -0.3f, 0f, 0.4f, 1.2f, 2.2f}) {
            double h = 1e-3, s1 = Math.sinh(z + h), s0 = Math.sinh(z - h);
            double numeric = (1 / (1 + Math.exp(-s1)) - 1 / (1 + Math.exp(-s0))) / (2 * h);
            assertEquals(numeric, dphi(z), 1e-6 + 2e-4 * Math.abs(numeric), "φ′(" + z + ")");
        }
    }

    /** torch.clamp's gradient: 1 on the closed interval [−20, 20], 0 outside (and for NaN). */
    @Test
    void factorIsCoshUpToTheBoundsAndZeroBeyond() {
        float[] z = {-20f, 20f, Math.nextDown(20f), Math.nextUp(20f), Math.nextDown(-20f), 21f, -40f, Float.NaN};
        float[] a = z.clone(), d = new float[z.length];
        FastGate.forward(a, 0, d, 0, z.length);
        assertEquals((float) Math.cosh(20), d[0], Math.ulp((float) Math.cosh(20)), "z = −20 is inside");
        assertEquals((float) Math.cosh(20), d[1], Math.ulp((float) Math.cosh(20)), "z = 20 is inside");
        assertTrue(d[2] > 2e8f, "just below 20");
        for (int i = 3; i < z.length; i++) assertEquals(0f, d[i], "outside the clamp: " + z[i]);
        assertTrue(Float.isNaN(a[7]), "NaN propagates forward");
        // beyond the clamp the gate sits at its float32 limit and backward gives exactly 0, never NaN
        assertEquals(1f, phi(25f));
        assertEquals(0f, phi(-25f));
        assertEquals(0.0, dphi(25f));
        assertEquals(0.0, dphi(-25f));
    }

    @Test
    void asinhInvertsSinhAndMapsAForgetBiasToTheSameInitialGate() {
        for (double x : new double[] {0, 1e-12, 1e-3, 0.5, 1, 3, 6.6, 20, 1e5, 1e9, 1e200}) {
            for (double v : new double[] {x, -x}) {
                double a = FastGate.asinh(v);
                double expected = Math.copySign(Math.log(Math.abs(v) + Math.sqrt(v * v + 1)), v);
                if (Math.abs(v) < 1e-3) expected = v - v * v * v / 6;         // the log form loses digits near 0
                if (Math.abs(v) > 1e100) expected = Math.copySign(Math.log(Math.abs(v)) + Math.log(2), v);
                assertEquals(expected, a, 1e-15 * Math.max(1, Math.abs(expected)), "asinh(" + v + ")");
                if (Math.abs(v) < 700) assertEquals(v, Math.sinh(a), 1e-12 * Math.max(1, Math.abs(v)), "sinh(asinh(" + v + "))");
            }
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastGate.asinh(-0.0)), "sign of zero kept");
        for (float b : new float[] {-2f, 0f, 1f, 3f, (float) Math.log(749)}) {
            float sigmoid = 1 / (1 + (float) Math.exp(-b));
            assertEquals(sigmoid, phi((float) FastGate.asinh(b)), 3e-7f, "φ(asinh b) = σ(b) at b = " + b);
        }
    }
}
