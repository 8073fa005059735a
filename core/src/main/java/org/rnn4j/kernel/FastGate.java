package org.rnn4j.kernel;

/**
 * The fast saturating gate of Ohno, Kanai &amp; Ida (AAAI 2023, arXiv 2210.01348), split so that a
 * cell's ordinary sigmoid kernels do the rest:
 * <pre>
 *   φ(z) = σ(sinh(clamp(z, −20, 20))) = σ(z′)        z′ = sinh(clamp(z, −20, 20))
 *   φ′(z) = σ′(z′)·cosh(z)·[|z| ≤ 20]                 σ′(z′) = φ(1 − φ)
 * </pre>
 * {@link #forward} turns the pre-activations z into z′ in place and writes the factor
 * {@code d = cosh(z)·[|z| ≤ 20]} for backward; the caller then applies σ as for a sigmoid gate,
 * and in backward multiplies the sigmoid gate's {@code ∂L/∂z′ = ∂L/∂φ·φ(1 − φ)} by d
 * ({@link #backward}). The clamp keeps sinh and cosh finite (so backward never forms 0·∞); like
 * {@code torch.clamp} its gradient is 1 on the closed interval {@code [−20, 20]}, bounds included,
 * and 0 outside. With the Vector API ({@code Kernels.SIMD}) {@link #forward} runs
 * {@code SimdActivations.fastGate} (float sinh from the vector exp, within 3 ulps of the scalar
 * path); otherwise {@link #forwardScalar}: sinh in double ({@link Math#sinh}) rounded once and
 * {@code cosh = √(1 + sinh²)} from the same double. Either way the results do not depend on the
 * thread count.
 */
public final class FastGate {
    private FastGate() {}

    /** The clamp bound: pre-activations are clamped to {@code [−CLAMP, CLAMP]} before sinh. */
    public static final double CLAMP = 20.0;

    /**
     * In place over n elements: {@code z ← sinh(clamp(z, −20, 20))}, and
     * {@code d ← cosh(z)} where {@code |z| ≤ 20}, else 0 (also 0 for NaN, as torch.clamp's gradient).
     *
     * @param z pre-activations at zOff, [n]; overwritten with z′
     * @param d receives the backward factor at dOff, [n]
     */
    public static void forward(float[] z, int zOff, float[] d, int dOff, int n) {
        if (Kernels.SIMD) {
            org.rnn4j.kernel.simd.SimdActivations.fastGate(z, zOff, d, dOff, n);
            return;
        }
        forwardScalar(z, zOff, d, dOff, n);
    }

    /** {@link #forward} in plain Java: sinh in double ({@link Math#sinh}), rounded once; the SIMD path's twin. */
    public static void forwardScalar(float[] z, int zOff, float[] d, int dOff, int n) {
        assert n >= 0 && zOff + n <= z.length && dOff + n <= d.length : "range out of bounds";
        for (int i = 0; i < n; i++) {
            double v = z[zOff + i];
            double s = Math.sinh(Math.max(-CLAMP, Math.min(CLAMP, v)));
            z[zOff + i] = (float) s;
            d[dOff + i] = Math.abs(v) <= CLAMP ? (float) Math.sqrt(1 + s * s) : 0f;
        }
    }

    /** {@code dz ← dz·d} over n elements: from {@code ∂L/∂z′} to {@code ∂L/∂z}. */
    public static void backward(float[] dz, int dzOff, float[] d, int dOff, int n) {
        assert n >= 0 && dzOff + n <= dz.length && dOff + n <= d.length : "range out of bounds";
        for (int i = 0; i < n; i++) dz[dzOff + i] *= d[dOff + i];
    }

    /**
     * {@code asinh(x) = sign(x)·ln(|x| + √(x² + 1))}, the bias of a fast gate that starts where a
     * sigmoid gate with bias x starts: {@code σ(sinh(asinh x)) = σ(x)}. Accurate near 0 (via
     * {@link Math#log1p}) and for huge |x| (no overflow of x²).
     */
    public static double asinh(double x) {
        double a = Math.abs(x);
        double r = a > 1e8 ? Math.log(a) + Math.log(2) : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return Math.copySign(r, x);
    }
}
