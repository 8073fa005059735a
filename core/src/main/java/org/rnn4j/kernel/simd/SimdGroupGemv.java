package org.rnn4j.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD twin of {@code org.rnn4j.kernel.GroupGemv}: a one-row product against the listed groups
 * of a matrix packed [G, K, 16].
 * <pre>
 *   out[i·16 + l] += Σ_p a[p] · panels[groups[i]·K·16 + p·16 + l]     i &lt; n
 * </pre>
 * Numerics: those of {@link SimdGemm}'s one-row product ({@code gemvPacked}): per KC slice every
 * element is {@code out + s}, s a chain of fused multiply-adds from zero in increasing p; so a
 * listed row gets the bits the SIMD GEMM gives it in the dense product of one row. Eight (then
 * four) vector columns go together: independent chains hide the latency of each fused multiply-add.
 * Needs a species of at most 16 lanes (16 / lanes vectors per group).
 */
public final class SimdGroupGemv {
    private SimdGroupGemv() {}

    private static final VectorSpecies<Float> S = Lanes.FLOAT;
    private static final int L = S.length();
    private static final int W = 16, PER_GROUP = W / L;
    private static final int KC = SimdGemm.KC;

    /** Whether this species fits the group width (at most 16 lanes). */
    public static final boolean USABLE = L <= W && W % L == 0;

    /** Same contract as {@code GroupGemv.gemv}. */
    public static void gemv(int K, float[] a, int aOff, float[] panels, int[] groups, int n, float[] out) {
        assert USABLE && n <= groups.length && out.length >= n * W;
        final int cols = n * PER_GROUP, stride = K * W;
        for (int pc = 0; pc < K; pc += KC) {
            int kc = Math.min(KC, K - pc), ai = aOff + pc, po = pc * W;
            int c = 0;
            for (; c + 8 <= cols; c += 8) {
                eightColumns(kc, a, ai, panels, groups, c, stride, po, out);
            }
            for (; c + 4 <= cols; c += 4) {
                fourColumns(kc, a, ai, panels,
                        column(groups, c, stride) + po, column(groups, c + 1, stride) + po,
                        column(groups, c + 2, stride) + po, column(groups, c + 3, stride) + po, out, c * L);
            }
            for (; c < cols; c++) oneColumn(kc, a, ai, panels, column(groups, c, stride) + po, out, c * L);
        }
    }

    /** Start of vector column c (group c / PER_GROUP, vector c % PER_GROUP) in the panels. */
    private static int column(int[] groups, int c, int stride) {
        return groups[c / PER_GROUP] * stride + (c % PER_GROUP) * L;
    }

    /** Eight consecutive vector columns from c: out += chains over kc steps (stride W). */
    private static void eightColumns(int kc, float[] a, int ai, float[] bp, int[] groups, int c, int stride, int po,
                                     float[] out) {
        final int b0 = column(groups, c, stride) + po, b1 = column(groups, c + 1, stride) + po,
                b2 = column(groups, c + 2, stride) + po, b3 = column(groups, c + 3, stride) + po,
                b4 = column(groups, c + 4, stride) + po, b5 = column(groups, c + 5, stride) + po,
                b6 = column(groups, c + 6, stride) + po, b7 = column(groups, c + 7, stride) + po;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < kc; p++) {
            FloatVector av = FloatVector.broadcast(S, a[ai + p]);
            int q = p * W;
            s0 = av.fma(FloatVector.fromArray(S, bp, b0 + q), s0);
            s1 = av.fma(FloatVector.fromArray(S, bp, b1 + q), s1);
            s2 = av.fma(FloatVector.fromArray(S, bp, b2 + q), s2);
            s3 = av.fma(FloatVector.fromArray(S, bp, b3 + q), s3);
            s4 = av.fma(FloatVector.fromArray(S, bp, b4 + q), s4);
            s5 = av.fma(FloatVector.fromArray(S, bp, b5 + q), s5);
            s6 = av.fma(FloatVector.fromArray(S, bp, b6 + q), s6);
            s7 = av.fma(FloatVector.fromArray(S, bp, b7 + q), s7);
        }
        final int o = c * L;
        s0.add(FloatVector.fromArray(S, out, o)).intoArray(out, o);
        s1.add(FloatVector.fromArray(S, out, o + L)).intoArray(out, o + L);
        s2.add(FloatVector.fromArray(S, out, o + 2 * L)).intoArray(out, o + 2 * L);
        s3.add(FloatVector.fromArray(S, out, o + 3 * L)).intoArray(out, o + 3 * L);
        s4.add(FloatVector.fromArray(S, out, o + 4 * L)).intoArray(out, o + 4 * L);
        s5.add(FloatVector.fromArray(S, out, o + 5 * L)).intoArray(out, o + 5 * L);
        s6.add(FloatVector.fromArray(S, out, o + 6 * L)).intoArray(out, o + 6 * L);
        s7.add(FloatVector.fromArray(S, out, o + 7 * L)).intoArray(out, o + 7 * L);
    }

    /** Four consecutive vector columns of out from o: out += chains over kc steps (stride W). */
    private static void fourColumns(int kc, float[] a, int ai, float[] bp, int b0, int b1, int b2, int b3,
                                    float[] out, int o) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < kc; p++) {
            FloatVector av = FloatVector.broadcast(S, a[ai + p]);
            int q = p * W;
            s0 = av.fma(FloatVector.fromArray(S, bp, b0 + q), s0);
            s1 = av.fma(FloatVector.fromArray(S, bp, b1 + q), s1);
            s2 = av.fma(FloatVector.fromArray(S, bp, b2 + q), s2);
            s3 = av.fma(FloatVector.fromArray(S, bp, b3 + q), s3);
        }
        s0.add(FloatVector.fromArray(S, out, o)).intoArray(out, o);
        s1.add(FloatVector.fromArray(S, out, o + L)).intoArray(out, o + L);
        s2.add(FloatVector.fromArray(S, out, o + 2 * L)).intoArray(out, o + 2 * L);
        s3.add(FloatVector.fromArray(S, out, o + 3 * L)).intoArray(out, o + 3 * L);
    }

    /** One vector column of out at o. */
    private static void oneColumn(int kc, float[] a, int ai, float[] bp, int b0, float[] out, int o) {
        FloatVector s0 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) s0 = FloatVector.broadcast(S, a[ai + p]).fma(FloatVector.fromArray(S, bp, b0 + p * W), s0);
        s0.add(FloatVector.fromArray(S, out, o)).intoArray(out, o);
    }
}
