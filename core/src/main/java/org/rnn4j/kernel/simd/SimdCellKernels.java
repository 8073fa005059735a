package org.rnn4j.kernel.simd;

import jdk.incubator.vector.FloatVector;
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

    /**
     * See {@code CellKernels.lstmBackward}; processes whole vectors only and returns the first
     * index j it did not process (the caller finishes [j, H) with the scalar twin). No masks and no
     * helper calls: C2 must inline every Vector API call of the loop, and a larger body made it
     * stop inlining and fall back to the (100× slower) Java implementation of the operations.
     */
    public static int lstmBackward(float[] z, int zi, int H, float[] tc, int tcOff, float[] s, int cPrevOff,
                                   float[] dNext, int dhOff, int dcOff, float[] dPrev, int dcPrevOff,
                                   float[] pw, int wci, int wcf, int wco) {
        final int zf = zi + H, zg = zf + H, zo = zg + H;
        final FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int bound = S.loopBound(H); j < bound; j += L) {
            FloatVector i = FloatVector.fromArray(S, z, zi + j), f = FloatVector.fromArray(S, z, zf + j);
            FloatVector g = FloatVector.fromArray(S, z, zg + j), o = FloatVector.fromArray(S, z, zo + j);
            FloatVector t = FloatVector.fromArray(S, tc, tcOff + j);
            FloatVector dh = FloatVector.fromArray(S, dNext, dhOff + j);
            FloatVector dzo = dh.mul(t).mul(o).mul(one.sub(o));
            FloatVector dc = FloatVector.fromArray(S, dNext, dcOff + j).add(dh.mul(o).mul(one.sub(t.mul(t))))
                    .add(dzo.mul(FloatVector.fromArray(S, pw, wco + j)));
            FloatVector dzi = dc.mul(g).mul(i).mul(one.sub(i));
            FloatVector dzf = dc.mul(FloatVector.fromArray(S, s, cPrevOff + j)).mul(f).mul(one.sub(f));
            dzi.intoArray(z, zi + j);
            dzf.intoArray(z, zf + j);
            dc.mul(i).mul(one.sub(g.mul(g))).intoArray(z, zg + j);
            dzo.intoArray(z, zo + j);
            dc.mul(f).add(dzi.mul(FloatVector.fromArray(S, pw, wci + j)))
                    .add(dzf.mul(FloatVector.fromArray(S, pw, wcf + j))).intoArray(dPrev, dcPrevOff + j);
        }
        return j;
    }

    /**
     * See {@code CellKernels.gruBackward}; whole vectors only, returning the first unit it did not
     * process (the caller finishes with the scalar twin). The same operations in the same order as
     * the twin, so the same bits.
     */
    public static int gruBackward(float[] z, int zr, int H, float[] s, int hPrevOff, float[] zhn, int zhnOff,
                                  float[] dNext, int dhOff, float[] dPrev, float[] dzh, int dzhOff) {
        final int zz = zr + H, zn = zz + H, hz = dzhOff + H, hn = hz + H;
        final FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int bound = S.loopBound(H); j < bound; j += L) {
            FloatVector r = FloatVector.fromArray(S, z, zr + j), u = FloatVector.fromArray(S, z, zz + j);
            FloatVector n = FloatVector.fromArray(S, z, zn + j), dh = FloatVector.fromArray(S, dNext, dhOff + j);
            FloatVector dzn = dh.mul(one.sub(u)).mul(one.sub(n.mul(n)));
            FloatVector dzu = dh.mul(FloatVector.fromArray(S, s, hPrevOff + j).sub(n)).mul(u).mul(one.sub(u));
            FloatVector dzr = dzn.mul(FloatVector.fromArray(S, zhn, zhnOff + j)).mul(r).mul(one.sub(r));
            dh.mul(u).intoArray(dPrev, dhOff + j);
            dzr.intoArray(z, zr + j);
            dzu.intoArray(z, zz + j);
            dzn.intoArray(z, zn + j);
            dzr.intoArray(dzh, dzhOff + j);
            dzu.intoArray(dzh, hz + j);
            dzn.mul(r).intoArray(dzh, hn + j);
        }
        return j;
    }

    /**
     * See {@code CellKernels.addColumnSums}, for the columns [0, c) it returns (whole vectors);
     * the caller adds the remaining columns with the scalar twin. Same order per element.
     */
    public static int addColumnSums(float[] src, int off, int rows, int cols, float[] dst, int dstOff) {
        int c = 0;
        for (int bound = S.loopBound(cols); c < bound; c += L) {
            FloatVector acc = FloatVector.fromArray(S, dst, dstOff + c);
            for (int r = 0; r < rows; r++) acc = acc.add(FloatVector.fromArray(S, src, off + r * cols + c));
            acc.intoArray(dst, dstOff + c);
        }
        return c;
    }

    /**
     * See {@code CellKernels.addBiasAndInputSums}, for the columns [0, c) it returns (whole
     * vectors); the same operations per element in the same order, so the same bits.
     */
    public static int addBiasAndInputSums(float[] src, int off, int rows, int cols, float[] x, int xOff, int ldx,
                                          float[] db, int dbOff, float[] dwx, int dwxOff) {
        int c = 0;
        for (int bound = S.loopBound(cols); c < bound; c += L) {
            FloatVector accB = FloatVector.fromArray(S, db, dbOff + c);
            FloatVector accW = FloatVector.fromArray(S, dwx, dwxOff + c);
            for (int r = 0; r < rows; r++) {
                FloatVector v = FloatVector.fromArray(S, src, off + r * cols + c);
                accB = accB.add(v);
                accW = FloatVector.broadcast(S, x[xOff + r * ldx]).fma(v, accW);
            }
            accB.intoArray(db, dbOff + c);
            accW.intoArray(dwx, dwxOff + c);
        }
        return c;
    }
}
