package org.rnn4j.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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

    /**
     * The LSTM forward after σ(i), σ(f), for one row without peepholes, in one pass over whole
     * vectors (the caller finishes units [returned j, H) with the separate calls):
     * <pre>
     *   g = tanh(zg)    o = σ(zo)    c = f⊙cPrev + i⊙g    tc = tanh(c)    h = o⊙tc
     * </pre>
     * g and o overwrite zg and zo, c and h go to the state row, tc to the cache. σ and tanh are
     * {@link SimdActivations}' exact operation sequences (copied inline: C2 must not see a helper
     * taking vectors), and c and h are the multiplies and add of the scalar loops, so every value
     * has the bits of SimdActivations.tanh/sigmoid and the loops of {@code Lstm.forwardRows}.
     */
    public static int lstmForwardCell(float[] z, int zi, int H, float[] s, int cPrevOff, int cOff, int hOff,
                                      float[] tc, int tcOff) {
        final int zf = zi + H, zg = zf + H, zo = zg + H;
        int j = 0;
        for (int bound = S.loopBound(H); j < bound; j += L) {
            // g = tanh(zg)
            FloatVector v = FloatVector.fromArray(S, z, zg + j);
            FloatVector a = v.abs();
            FloatVector zz = a.mul(a);
            FloatVector q = zz.fma(SimdActivations.T4, SimdActivations.T3).fma(zz, FloatVector.broadcast(S, SimdActivations.T2))
                    .fma(zz, FloatVector.broadcast(S, SimdActivations.T1)).fma(zz, FloatVector.broadcast(S, SimdActivations.T0));
            FloatVector small = q.mul(zz).fma(a, a);
            FloatVector a2 = a.add(a);
            FloatVector cl = a2.blend(SimdActivations.EXP_HI, a2.compare(VectorOperators.GT, SimdActivations.EXP_HI));
            FloatVector t = cl.fma(SimdActivations.LOG2E, SimdActivations.ROUND);
            FloatVector k = t.sub(SimdActivations.ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -SimdActivations.LN2_HI), cl);
            r = k.fma(FloatVector.broadcast(S, -SimdActivations.LN2_LO), r);
            FloatVector p = r.fma(SimdActivations.P5, SimdActivations.P4).fma(r, FloatVector.broadcast(S, SimdActivations.P3))
                    .fma(r, FloatVector.broadcast(S, SimdActivations.P2)).fma(r, FloatVector.broadcast(S, SimdActivations.P1))
                    .fma(r, FloatVector.broadcast(S, SimdActivations.P0));
            FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector e = er.mul(t.reinterpretAsInts().sub(SimdActivations.ROUND_BITS - 127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
            FloatVector g = large.blend(small, a.lt(SimdActivations.TANH_SMALL)).reinterpretAsInts()
                    .or(v.reinterpretAsInts().and(SimdActivations.SIGN)).reinterpretAsFloats();
            g.intoArray(z, zg + j);
            // c = f⊙cPrev + i⊙g
            FloatVector c = FloatVector.fromArray(S, z, zf + j).mul(FloatVector.fromArray(S, s, cPrevOff + j))
                    .add(FloatVector.fromArray(S, z, zi + j).mul(g));
            c.intoArray(s, cOff + j);
            // o = σ(zo)
            v = FloatVector.fromArray(S, z, zo + j).neg();
            cl = v.blend(SimdActivations.EXP_LO, v.lt(SimdActivations.EXP_LO))
                    .blend(SimdActivations.EXP_HI, v.compare(VectorOperators.GT, SimdActivations.EXP_HI));
            t = cl.fma(SimdActivations.LOG2E, SimdActivations.ROUND);
            k = t.sub(SimdActivations.ROUND);
            r = k.fma(FloatVector.broadcast(S, -SimdActivations.LN2_HI), cl);
            r = k.fma(FloatVector.broadcast(S, -SimdActivations.LN2_LO), r);
            p = r.fma(SimdActivations.P5, SimdActivations.P4).fma(r, FloatVector.broadcast(S, SimdActivations.P3))
                    .fma(r, FloatVector.broadcast(S, SimdActivations.P2)).fma(r, FloatVector.broadcast(S, SimdActivations.P1))
                    .fma(r, FloatVector.broadcast(S, SimdActivations.P0));
            er = p.mul(r.mul(r)).add(r).add(1f);
            e = er.mul(t.reinterpretAsInts().sub(SimdActivations.ROUND_BITS - 127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector o = FloatVector.broadcast(S, 1f).div(e.add(1f));
            o.intoArray(z, zo + j);
            // tc = tanh(c)
            a = c.abs();
            zz = a.mul(a);
            q = zz.fma(SimdActivations.T4, SimdActivations.T3).fma(zz, FloatVector.broadcast(S, SimdActivations.T2))
                    .fma(zz, FloatVector.broadcast(S, SimdActivations.T1)).fma(zz, FloatVector.broadcast(S, SimdActivations.T0));
            small = q.mul(zz).fma(a, a);
            a2 = a.add(a);
            cl = a2.blend(SimdActivations.EXP_HI, a2.compare(VectorOperators.GT, SimdActivations.EXP_HI));
            t = cl.fma(SimdActivations.LOG2E, SimdActivations.ROUND);
            k = t.sub(SimdActivations.ROUND);
            r = k.fma(FloatVector.broadcast(S, -SimdActivations.LN2_HI), cl);
            r = k.fma(FloatVector.broadcast(S, -SimdActivations.LN2_LO), r);
            p = r.fma(SimdActivations.P5, SimdActivations.P4).fma(r, FloatVector.broadcast(S, SimdActivations.P3))
                    .fma(r, FloatVector.broadcast(S, SimdActivations.P2)).fma(r, FloatVector.broadcast(S, SimdActivations.P1))
                    .fma(r, FloatVector.broadcast(S, SimdActivations.P0));
            er = p.mul(r.mul(r)).add(r).add(1f);
            e = er.mul(t.reinterpretAsInts().sub(SimdActivations.ROUND_BITS - 127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
            FloatVector th = large.blend(small, a.lt(SimdActivations.TANH_SMALL)).reinterpretAsInts()
                    .or(c.reinterpretAsInts().and(SimdActivations.SIGN)).reinterpretAsFloats();
            th.intoArray(tc, tcOff + j);
            o.mul(th).intoArray(s, hOff + j);
        }
        return j;
    }
}
