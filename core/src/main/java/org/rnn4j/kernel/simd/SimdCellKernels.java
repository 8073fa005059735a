package org.rnn4j.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized twins of {@code org.rnn4j.kernel.CellKernels}: the same multiplies and adds in the same
 * order (no fused multiply-add), lane by lane, so results are bit-identical to the scalar twin.
 * The loop body calls no helper taking vectors (see {@link SimdActivations}).
 */
public final class SimdCellKernels {
    private SimdCellKernels() {}

    private static final VectorSpecies<Float> S = Lanes.FLOAT;
    private static final int L = S.length();

    /** See {@code CellKernels.lstmBackward}. */
    public static void lstmBackward(float[] z, int zi, int H, float[] tc, int tcOff, float[] s, int cPrevOff,
                                float[] dNext, int dhOff, int dcOff, float[] dPrev, int dcPrevOff,
                                float[] pw, int wci, int wcf, int wco) {
        final int zf = zi + H, zg = zf + H, zo = zg + H;
        for (int j = 0; j < H; j += L) {
            VectorMask<Float> m = S.indexInRange(j, H);
            FloatVector i = FloatVector.fromArray(S, z, zi + j, m), f = FloatVector.fromArray(S, z, zf + j, m);
            FloatVector g = FloatVector.fromArray(S, z, zg + j, m), o = FloatVector.fromArray(S, z, zo + j, m);
            FloatVector t = FloatVector.fromArray(S, tc, tcOff + j, m);
            FloatVector dh = FloatVector.fromArray(S, dNext, dhOff + j, m);
            FloatVector cp = FloatVector.fromArray(S, s, cPrevOff + j, m);
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector dzo = dh.mul(t).mul(o).mul(one.sub(o));
            FloatVector dc = FloatVector.fromArray(S, dNext, dcOff + j, m).add(dh.mul(o).mul(one.sub(t.mul(t))))
                    .add(dzo.mul(FloatVector.fromArray(S, pw, wco + j, m)));
            FloatVector dzi = dc.mul(g).mul(i).mul(one.sub(i));
            FloatVector dzf = dc.mul(cp).mul(f).mul(one.sub(f));
            FloatVector dzg = dc.mul(i).mul(one.sub(g.mul(g)));
            dzi.intoArray(z, zi + j, m);
            dzf.intoArray(z, zf + j, m);
            dzg.intoArray(z, zg + j, m);
            dzo.intoArray(z, zo + j, m);
            dc.mul(f).add(dzi.mul(FloatVector.fromArray(S, pw, wci + j, m)))
                    .add(dzf.mul(FloatVector.fromArray(S, pw, wcf + j, m))).intoArray(dPrev, dcPrevOff + j, m);
        }
    }

    /** See {@code CellKernels.addColumnSums}; same order per element. */
    public static void addColumnSums(float[] src, int off, int rows, int cols, float[] dst, int dstOff) {
        for (int c = 0; c < cols; c += L) {
            VectorMask<Float> m = S.indexInRange(c, cols);
            FloatVector acc = FloatVector.fromArray(S, dst, dstOff + c, m);
            for (int r = 0; r < rows; r++) acc = acc.add(FloatVector.fromArray(S, src, off + r * cols + c, m));
            acc.intoArray(dst, dstOff + c, m);
        }
    }
}
