package org.rnn4j.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized element-wise activations; the SIMD twins of {@code org.rnn4j.kernel.ScalarActivations}.
 * Each reads n elements of x from xOff and writes n elements of y from yOff; in place (same array
 * and offset) is allowed. The tail shorter than a vector runs through the same vector code under a
 * mask, so an element's result does not depend on its position.
 *
 * <p>exp is computed as 2ⁿ·p(r) (Cody–Waite range reduction, r = x − n·ln 2 with |r| ≤ ln 2 / 2,
 * degree-6 minimax polynomial p as in Cephes {@code expf}), with x clamped to [−87, 88] so that
 * 2ⁿ stays a normal float. VectorOperators.EXP / TANH are not used: measured, they are
 * not faster for σ and slower for tanh on JDK 25, and they fall back to scalar code where no vector
 * math library is available. Measured max error against a double reference (6M points on
 * [−30, 30]): 9e−8 absolute for σ, 8e−8 absolute for tanh; tanh relative error 1.4e−7 for
 * |x| in [1e−4, 1].
 */
public final class SimdActivations {
    private SimdActivations() {}

    private static final VectorSpecies<Float> S = Lanes.FLOAT;
    private static final int L = S.length();

    static final float EXP_LO = -87f;
    static final float EXP_HI = 88f;
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;          // exact in 9 bits, so n·LN2_HI is exact
    static final float LN2_LO = -2.12194440e-4f;      // ln 2 − LN2_HI
    static final float ROUND = 12582912f;             // 1.5·2²³: x + ROUND rounds x to an integer
    static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    static final float TANH_SMALL = 0.625f;           // below: odd polynomial; above: via exp
    static final int SIGN = 0x80000000;
    // exp: e^r = 1 + r + r²·p(r), p of degree 5 (Cephes expf)
    static final float P5 = 1.9875691500e-4f, P4 = 1.3981999507e-3f, P3 = 8.3334519073e-3f,
            P2 = 4.1665795894e-2f, P1 = 1.6666665459e-1f, P0 = 5.0000001201e-1f;
    // tanh for |x| < 0.625: x + x³·q(x²) (Cephes tanhf)
    static final float T4 = -5.70498872745e-3f, T3 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
            T1 = 1.33314422036e-1f, T0 = -3.33332819422e-1f;

    /**
     * {@code y = σ(x) = 1 / (1 + exp(-x))}; σ(+∞) = 1, σ(−∞) = 0 (never NaN unless x is NaN).
     * <p>The whole computation sits in the loop body, with no helper taking vectors: a helper that
     * C2 declines to inline ("callee is too large", seen for exp at n = 128) boxes its vectors and
     * made 128-element calls 10× slower per element (docs/benchmarks.md).
     */
    public static void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        assert n >= 0 && xOff + n <= x.length && yOff + n <= y.length : "range out of bounds";
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m).neg();
            // exp(v), v clamped to [−87, 88] (see the class comment)
            FloatVector c = v.blend(EXP_LO, v.lt(EXP_LO)).blend(EXP_HI, v.compare(VectorOperators.GT, EXP_HI));
            FloatVector t = c.fma(LOG2E, ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), c);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);                        // r = c − k·ln 2
            FloatVector p = r.fma(P5, P4).fma(r, FloatVector.broadcast(S, P3)).fma(r, FloatVector.broadcast(S, P2))
                    .fma(r, FloatVector.broadcast(S, P1)).fma(r, FloatVector.broadcast(S, P0));
            FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector e = er.mul(t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats());
            FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(y, yOff + i, m);
        }
    }

    // sinh for |x| < 1: x + x³·q(x²) (Cephes sinhf)
    static final float H2 = 2.03721912945e-4f, H1 = 8.33028376239e-3f, H0 = 1.66667160211e-1f;
    static final float FAST_CLAMP = 20f;

    /**
     * The fast gate's split ({@code org.rnn4j.kernel.FastGate#forward}), in place over n elements:
     * {@code z ← sinh(clamp(z, −20, 20))}, {@code d ← √(1 + z′²) = cosh(z)} where {@code |z| ≤ 20},
     * else 0 (0 for NaN too). sinh as Cephes {@code sinhf}: {@code x + x³·q(x²)} for |x| &lt; 1, else
     * {@code ½eᵃ − ½e⁻ᵃ} (a = |x|, the sign of x), e from the {@link #sigmoid} exp. Measured
     * against the scalar twin's double sinh: within 3 float ulps (FastGateTest). Inline as
     * {@link #sigmoid}.
     */
    public static void fastGate(float[] z, int zOff, float[] d, int dOff, int n) {
        assert n >= 0 && zOff + n <= z.length && dOff + n <= d.length : "range out of bounds";
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, z, zOff + i, m);
            FloatVector c = v.blend(-FAST_CLAMP, v.lt(-FAST_CLAMP)).blend(FAST_CLAMP, v.compare(VectorOperators.GT, FAST_CLAMP));
            FloatVector a = c.abs();
            // e^a for a in [0, 20] (the sigmoid's exp without its clamp)
            FloatVector t = a.fma(LOG2E, ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), a);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(P5, P4).fma(r, FloatVector.broadcast(S, P3)).fma(r, FloatVector.broadcast(S, P2))
                    .fma(r, FloatVector.broadcast(S, P1)).fma(r, FloatVector.broadcast(S, P0));
            FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector e = er.mul(t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats());
            FloatVector big = e.mul(0.5f).sub(FloatVector.broadcast(S, 0.5f).div(e));        // sinh a, a ≥ 1
            big = big.reinterpretAsInts().or(c.reinterpretAsInts().and(SIGN)).reinterpretAsFloats();  // sign of x
            FloatVector c2 = c.mul(c);
            FloatVector small = c2.fma(H2, H1).fma(c2, FloatVector.broadcast(S, H0)).mul(c2).mul(c).add(c);
            FloatVector sh = small.blend(big, a.compare(VectorOperators.GE, 1f));
            sh.intoArray(z, zOff + i, m);
            FloatVector cosh = sh.fma(sh, FloatVector.broadcast(S, 1f)).sqrt();
            cosh.blend(0f, v.abs().compare(VectorOperators.LE, FAST_CLAMP).not()).intoArray(d, dOff + i, m);
        }
    }

    /** {@code y = tanh(x)}; tanh(±∞) = ±1, tanh(±0) = ±0, tanh(NaN) = NaN. Inline as {@link #sigmoid}. */
    public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        assert n >= 0 && xOff + n <= x.length && yOff + n <= y.length : "range out of bounds";
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m);
            // tanh(v) = sign(v)·t(|v|): t(a) = a + a³·P(a²) for a < 0.625 (Cephes tanhf), else 1 − 2/(exp(2a) + 1)
            FloatVector a = v.abs();
            FloatVector z = a.mul(a);
            FloatVector q = z.fma(T4, T3).fma(z, FloatVector.broadcast(S, T2)).fma(z, FloatVector.broadcast(S, T1))
                    .fma(z, FloatVector.broadcast(S, T0));
            FloatVector small = q.mul(z).fma(a, a);
            FloatVector a2 = a.add(a);
            FloatVector c = a2.blend(EXP_HI, a2.compare(VectorOperators.GT, EXP_HI));   // a ≥ 0: only the top clamp
            FloatVector t = c.fma(LOG2E, ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), c);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);                        // r = c − k·ln 2
            FloatVector p = r.fma(P5, P4).fma(r, FloatVector.broadcast(S, P3)).fma(r, FloatVector.broadcast(S, P2))
                    .fma(r, FloatVector.broadcast(S, P1)).fma(r, FloatVector.broadcast(S, P0));
            FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector e = er.mul(t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats());
            FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
            FloatVector res = large.blend(small, a.lt(TANH_SMALL));
            res.reinterpretAsInts().or(v.reinterpretAsInts().and(SIGN)).reinterpretAsFloats().intoArray(y, yOff + i, m);
        }
    }

    /** {@code y = max(x, 0)} with {@link Math#max} semantics: NaN stays NaN, relu(−0) = +0. */
    public static void relu(float[] x, int xOff, float[] y, int yOff, int n) {
        assert n >= 0 && xOff + n <= x.length && yOff + n <= y.length : "range out of bounds";
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).max(0f).intoArray(y, yOff + i, m);
        }
    }

}
