package org.rnn4j.kernel.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized twins of {@code org.rnn4j.kernel.NruKernels} for the 5-norm (the NRU's p), bit-identical
 * to them: the same float and double operations per entry (no fused multiply-add), and each
 * reduction's 16 partial sums are the 16 lanes of one float vector (or two 8-lane double vectors),
 * combined by the same tree through lane permutations. They need a 16-lane float species
 * ({@link #USABLE}); elsewhere the scalar twins run. A head's row segments become one broadcast
 * {@code p_a} times contiguous loads of q: no gathers. Without ReLU the backward runs the
 * factorized form for heads of whole rows of whole vectors ({@link #factorizedRows}); other heads
 * use the scalar twin there. As in {@link SimdCellKernels}, no helper takes or returns a vector
 * (C2 must inline every Vector API call).
 */
public final class SimdNruKernels {
    private SimdNruKernels() {}

    private static final VectorSpecies<Float> F = Lanes.FLOAT;
    private static final int L = F.length();
    /** True when the float species has 16 lanes, one per partial sum; else use the scalar twins. */
    public static final boolean USABLE = L == 16;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
    /** Lane permutations l → l xor k: the tree's levels. */
    private static final VectorShuffle<Float> XOR8 = USABLE ? VectorShuffle.fromOp(F, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> XOR4 = USABLE ? VectorShuffle.fromOp(F, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> XOR2 = USABLE ? VectorShuffle.fromOp(F, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> XOR1 = USABLE ? VectorShuffle.fromOp(F, i -> i ^ 1) : null;
    private static final VectorShuffle<Double> DXOR4 = USABLE ? VectorShuffle.fromOp(D, i -> i ^ 4) : null;
    private static final VectorShuffle<Double> DXOR2 = USABLE ? VectorShuffle.fromOp(D, i -> i ^ 2) : null;
    private static final VectorShuffle<Double> DXOR1 = USABLE ? VectorShuffle.fromOp(D, i -> i ^ 1) : null;

    /** See {@code NruKernels.headPowSum} with p = 5. */
    public static double headPowSum5(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu,
                                     float[] v, int vOff) {
        assert USABLE;
        if (relu) {
            if (alignedRows(side, e0, M)) return directionsRows5(c, pOff + e0 / side, qOff, side, M / side, true, v, vOff);
            outer(c, pOff, qOff, side, e0, M, true, v, vOff);
            return powSum5(v, vOff, M);
        }
        double sum = 0, q = 0;
        boolean whole = alignedRows(side, e0, M);
        if (whole) q = powSum5(c, qOff, side);                                      // every row's Q_s is Q of all of q
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {
            int len = Math.min(side - b, M - j);
            double x = Math.abs(c[pOff + a]), x2 = x * x;
            sum += x2 * x2 * x * (whole ? q : powSum5(c, qOff + b, len));         // |p_a|⁵·Q_s
            j += len;
        }
        return sum;
    }

    /** See {@code NruKernels.headWrite} (any lane count). */
    public static void headWrite(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu, float scale,
                                 float[] x0, int xOff, float[] y, int yOff) {
        FloatVector sv = FloatVector.broadcast(F, scale);
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {
            int len = Math.min(side - b, M - j);
            FloatVector pv = FloatVector.broadcast(F, c[pOff + a]);
            int q = qOff + b, o = yOff + j, ox = xOff + j, i = 0;
            for (int bound = F.loopBound(len); i < bound; i += L) {
                FloatVector x = pv.mul(FloatVector.fromArray(F, c, q + i));
                if (relu) x = x.blend(0f, x.lt(0f));
                FloatVector.fromArray(F, x0, ox + i).add(sv.mul(x)).intoArray(y, o + i);
            }
            if (i < len) {
                VectorMask<Float> m = F.indexInRange(i, len);
                FloatVector x = pv.mul(FloatVector.fromArray(F, c, q + i, m));
                if (relu) x = x.blend(0f, x.lt(0f));
                FloatVector.fromArray(F, x0, ox + i, m).add(sv.mul(x)).intoArray(y, o + i, m);
            }
            j += len;
        }
    }

    /** Whether {@link #headBackward5} handles a head without ReLU: whole rows of whole vectors. */
    public static boolean factorizedRows(int side, int e0, int M) {
        return alignedRows(side, e0, M);
    }

    /**
     * Whether the head is whole rows of whole vectors (side a multiple of 16, the head starting at a
     * row, M a multiple of side): then entry j's lane in a row's vectors is j mod 16, so the sums can
     * be taken in the same pass (and backward recomputes v instead of storing it). Same bits as the
     * general path.
     */
    private static boolean alignedRows(int side, int e0, int M) {
        return side % L == 0 && e0 % side == 0 && M % side == 0;
    }

    /** {@link #directions5} for aligned rows: p of the head's first row at {@code c[p0]}, {@code rows} rows. */
    private static double directionsRows5(float[] c, int p0, int qOff, int side, int rows, boolean relu, float[] v, int vOff) {
        DoubleVector lo = DoubleVector.zero(D), hi = DoubleVector.zero(D);
        for (int r = 0, o = vOff; r < rows; r++) {
            FloatVector pv = FloatVector.broadcast(F, c[p0 + r]);
            for (int i = 0; i < side; i += L, o += L) {
                FloatVector x = pv.mul(FloatVector.fromArray(F, c, qOff + i));
                if (relu) x = x.blend(0f, x.lt(0f));
                x.intoArray(v, o);
                x = x.abs();
                DoubleVector a0 = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
                DoubleVector a1 = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 1);
                DoubleVector s0 = a0.mul(a0), s1 = a1.mul(a1);
                lo = lo.add(s0.mul(s0).mul(a0));
                hi = hi.add(s1.mul(s1).mul(a1));
            }
        }
        DoubleVector t = lo.add(hi);                 // s_l + s_{l+8}
        t = t.add(t.rearrange(DXOR4));
        t = t.add(t.rearrange(DXOR2));
        t = t.add(t.rearrange(DXOR1));
        return t.lane(0);
    }

    /** See {@code NruKernels.rankOneAdd} (any lane count). */
    public static void rankOneAdd(float[] w, int wOff, float[] q, int qOff, int rows, int side,
                                  float[] x, int xOff, float[] y, int yOff) {
        final int bound = F.loopBound(side);
        for (int a = 0; a < rows; a++) {
            FloatVector wa = FloatVector.broadcast(F, w[wOff + a]);
            int ox = xOff + a * side, oy = yOff + a * side, b = 0;
            for (; b < bound; b += L) {
                FloatVector.fromArray(F, x, ox + b).add(wa.mul(FloatVector.fromArray(F, q, qOff + b))).intoArray(y, oy + b);
            }
            if (b < side) {
                VectorMask<Float> m = F.indexInRange(b, side);
                FloatVector.fromArray(F, x, ox + b, m).add(wa.mul(FloatVector.fromArray(F, q, qOff + b, m)))
                        .intoArray(y, oy + b, m);
            }
        }
    }

    /** See {@code NruKernels.rowDots}; needs {@link #USABLE} and side a multiple of 16. */
    public static void rowDots(float[] dm, int dmOff, float[] q, int qOff, int rows, int side, float[] out, int outOff) {
        assert USABLE && side % L == 0;
        for (int r = 0, o = dmOff; r < rows; r++) {
            FloatVector acc = FloatVector.zero(F);
            for (int i = 0; i < side; i += L, o += L) {
                acc = acc.add(FloatVector.fromArray(F, dm, o).mul(FloatVector.fromArray(F, q, qOff + i)));
            }
            acc = acc.add(acc.rearrange(XOR8));
            acc = acc.add(acc.rearrange(XOR4));
            acc = acc.add(acc.rearrange(XOR2));
            acc = acc.add(acc.rearrange(XOR1));
            out[outOff + r] = acc.lane(0);
        }
    }

    /** See {@code NruKernels.columnsBackward} with p = 5; needs {@link #USABLE}: col in 16 float lanes, the rest in two 8-lane doubles. */
    public static void columnsBackward5(float[] dm, int dmOff, float[] w, int wOff, int rows, int side,
                                        float[] q, int qOff, double kp, float[] d, int dqOff) {
        assert USABLE;
        final int bound = F.loopBound(side);
        int b = 0;
        for (; b < bound; b += L) columnsBackward5(dm, dmOff, w, wOff, rows, side, q, qOff, kp, d, dqOff, b);
        if (b < side) org.rnn4j.kernel.NruKernels.columnsBackward(dm, dmOff + b, w, wOff, rows, side, q, qOff + b, kp, 5.0, d, dqOff + b, side - b);
    }

    private static void columnsBackward5(float[] dm, int dmOff, float[] w, int wOff, int rows, int side,
                                         float[] q, int qOff, double kp, float[] d, int dqOff, int b) {
        FloatVector col = FloatVector.zero(F);
        for (int a = 0, o = dmOff + b; a < rows; a++, o += side) {
            col = col.add(FloatVector.fromArray(F, dm, o).mul(FloatVector.broadcast(F, w[wOff + a])));
        }
        FloatVector qv = FloatVector.fromArray(F, q, qOff + b);
        DoubleVector kv = DoubleVector.broadcast(D, kp);
        for (int h = 0; h < 2; h++) {
            DoubleVector c = (DoubleVector) col.convertShape(VectorOperators.F2D, D, h);
            DoubleVector x = (DoubleVector) qv.convertShape(VectorOperators.F2D, D, h), a = x.abs();
            DoubleVector t = c.sub(kv.mul(x.mul(a).mul(a).mul(a)));
            int o = dqOff + b + h * L256;
            FloatVector.fromArray(F256, d, o).add((FloatVector) t.convertShape(VectorOperators.D2F, F256, 0)).intoArray(d, o);
        }
    }

    /** See {@code NruKernels.powSumOf} with p = 5; needs {@link #USABLE}. */
    public static double powSumOf5(float[] x, int off, int n) {
        assert USABLE;
        return powSum5(x, off, n);
    }

    /** See {@code NruKernels.clampNegative} (branch-free: a blend, where the scalar loop mispredicts half its branches). */
    public static void clampNegative(float[] x, int off, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector v = FloatVector.fromArray(F, x, off + j);
            v.blend(0f, v.lt(0f)).intoArray(x, off + j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector v = FloatVector.fromArray(F, x, off + j, m);
            v.blend(0f, v.lt(0f)).intoArray(x, off + j, m);
        }
    }

    /** See {@code NruKernels.reluBackward}. */
    public static void reluBackward(float[] d, int dOff, float[] u, int uOff, float[] h, int hOff, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector dh = FloatVector.fromArray(F, d, dOff + j).add(FloatVector.fromArray(F, u, uOff + j));
            dh.blend(0f, FloatVector.fromArray(F, h, hOff + j).compare(VectorOperators.GT, 0f).not()).intoArray(d, dOff + j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector dh = FloatVector.fromArray(F, d, dOff + j, m).add(FloatVector.fromArray(F, u, uOff + j, m));
            dh.blend(0f, FloatVector.fromArray(F, h, hOff + j, m).compare(VectorOperators.GT, 0f).not())
                    .intoArray(d, dOff + j, m);
        }
    }

    /**
     * See {@code NruKernels.headBackward} with p = 5 ({@code v} is scratch: its contents afterwards differ from the
     * twin's). {@code sameRows}: the previous call was the previous head of the same shared set, on the same dm
     * and scratch; the rows' dot products with q are then reused (without ReLU, for whole rows).
     */
    public static double headBackward5(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu,
                                       boolean sameRows, float norm, float eps, float dvScale, float[] dm, int dmOff,
                                       float[] v, int vOff, float[] d, int dpOff, int dqOff) {
        assert USABLE;
        if (!relu) {
            assert factorizedRows(side, e0, M);
            return backwardRows5(c, pOff + e0 / side, qOff, side, M / side, sameRows, norm, eps, dvScale, dm, dmOff,
                    v, vOff, d, dpOff + e0 / side, dqOff);
        }
        final boolean clamped = !(norm > eps);
        final float inv = 1f / (clamped ? eps : norm);
        if (alignedRows(side, e0, M)) {
            int a0 = e0 / side, rows = M / side;
            final double dmv = dotRows(c, pOff + a0, qOff, side, rows, relu, inv, dm, dmOff);
            final float dot = dvScale * (float) dmv;
            for (int r = 0; r < rows; r++) {
                d[dpOff + a0 + r] += rowBackward(c[pOff + a0 + r], c, qOff, side, relu, clamped, inv, dvScale, dot,
                        dm, dmOff + r * side, d, dqOff);
            }
            return dmv;
        }
        outer(c, pOff, qOff, side, e0, M, relu, v, vOff);
        final double dmv = scaleAndDot(v, vOff, inv, dm, dmOff, M);
        final float dot = dvScale * (float) dmv;
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {
            int len = Math.min(side - b, M - j);
            d[dpOff + a] += segmentBackward(c[pOff + a], c, qOff + b, len, relu, clamped, inv, dvScale, dot,
                    dm, dmOff + j, v, vOff + j, d, dqOff + b);
            j += len;
        }
        return dmv;
    }

    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    private static final int L256 = 8;

    /**
     * The factorized backward without ReLU (see {@code NruKernels}) for {@code rows} whole rows, p of the
     * first at {@code c[p0]}, its dp at {@code d[dp0]}. rd_s (one per row) is kept at {@code v[vOff…]};
     * with {@code sameRows} it is already there from the previous head (same q, same dm: rd does not
     * depend on p). col_b stays in registers, 16 columns at a time, rows in order.
     */
    private static double backwardRows5(float[] c, int p0, int qOff, int side, int rows, boolean sameRows, float norm,
                                        float eps, float dvScale, float[] dm, int dmOff, float[] v, int vOff,
                                        float[] d, int dp0, int dqOff) {
        final boolean clamped = !(norm > eps);
        final float inv = 1f / (clamped ? eps : norm);
        if (!sameRows) rowDots(dm, dmOff, c, qOff, rows, side, v, vOff);                // rd_s = Σ_b dm_ab·q_b
        double sum = 0, P = 0;
        for (int r = 0; r < rows; r++) {
            float pa = c[p0 + r];
            sum += (double) pa * v[vOff + r];
            double x = Math.abs(pa), x2 = x * x;
            P += x2 * x2 * x;
        }
        final double dmv = inv * sum;
        final float dot = dvScale * (float) dmv;
        final double i1 = inv, i2 = i1 * i1;
        final double K = clamped ? 0 : dot * (i2 * i2 * i1), ds = (double) dvScale * inv;
        final double Q = powSum5(c, qOff, side);
        for (int r = 0; r < rows; r++) {                                              // dp, per row
            float pa = c[p0 + r];
            double x = Math.abs(pa);
            d[dp0 + r] += (float) (ds * v[vOff + r] - K * ((double) pa * x * x * x) * Q);
        }
        DoubleVector dsv = DoubleVector.broadcast(D, ds), kv = DoubleVector.broadcast(D, K), pv = DoubleVector.broadcast(D, P);
        for (int b = 0; b < side; b += L) {                                            // dq, 16 columns at a time
            FloatVector col = FloatVector.zero(F);
            for (int r = 0, o = dmOff + b; r < rows; r++, o += side) {
                col = col.add(FloatVector.fromArray(F, dm, o).mul(FloatVector.broadcast(F, c[p0 + r])));
            }
            FloatVector q = FloatVector.fromArray(F, c, qOff + b);
            DoubleVector c0 = (DoubleVector) col.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector q0 = (DoubleVector) q.convertShape(VectorOperators.F2D, D, 0), a0 = q0.abs();
            DoubleVector t0 = dsv.mul(c0).sub(kv.mul(q0.mul(a0).mul(a0).mul(a0)).mul(pv));
            FloatVector.fromArray(F256, d, dqOff + b).add((FloatVector) t0.convertShape(VectorOperators.D2F, F256, 0))
                    .intoArray(d, dqOff + b);
            DoubleVector c1 = (DoubleVector) col.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector q1 = (DoubleVector) q.convertShape(VectorOperators.F2D, D, 1), a1 = q1.abs();
            DoubleVector t1 = dsv.mul(c1).sub(kv.mul(q1.mul(a1).mul(a1).mul(a1)).mul(pv));
            FloatVector.fromArray(F256, d, dqOff + b + L256).add((FloatVector) t1.convertShape(VectorOperators.D2F, F256, 0))
                    .intoArray(d, dqOff + b + L256);
        }
        return dmv;
    }

    /** V_j = φ(p_a·q_b) segment by segment. */
    private static void outer(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu, float[] v, int vOff) {
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {
            int len = Math.min(side - b, M - j);
            segment(c[pOff + a], c, qOff + b, len, relu, v, vOff + j);
            j += len;
        }
    }

    /** {@code v[o + i] = φ(pa·c[q + i])}, i in [0, len); φ(x) = x < 0 ? 0 : x keeps −0 (unlike max). */
    private static void segment(float pa, float[] c, int q, int len, boolean relu, float[] v, int o) {
        FloatVector pv = FloatVector.broadcast(F, pa);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector x = pv.mul(FloatVector.fromArray(F, c, q + i));
            if (relu) x = x.blend(0f, x.lt(0f));
            x.intoArray(v, o + i);
        }
        if (i < len) {
            VectorMask<Float> m = F.indexInRange(i, len);
            FloatVector x = pv.mul(FloatVector.fromArray(F, c, q + i, m));
            if (relu) x = x.blend(0f, x.lt(0f));
            x.intoArray(v, o + i, m);
        }
    }

    /**
     * Σ_j |v_j|⁵ in double: lanes 0–7 of a float vector widen into {@code lo}, 8–15 into {@code hi}, so
     * entry j lands in partial j mod 16. Tail lanes load as 0 and add +0, which leaves a partial
     * (a sum of non-negative terms from +0, never −0) unchanged.
     */
    private static double powSum5(float[] v, int off, int n) {
        DoubleVector lo = DoubleVector.zero(D), hi = DoubleVector.zero(D);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector x = FloatVector.fromArray(F, v, off + j).abs();
            DoubleVector a0 = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector a1 = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector s0 = a0.mul(a0), s1 = a1.mul(a1);
            lo = lo.add(s0.mul(s0).mul(a0));
            hi = hi.add(s1.mul(s1).mul(a1));
        }
        if (j < n) {
            FloatVector x = FloatVector.fromArray(F, v, off + j, F.indexInRange(j, n)).abs();
            DoubleVector a0 = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector a1 = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector s0 = a0.mul(a0), s1 = a1.mul(a1);
            lo = lo.add(s0.mul(s0).mul(a0));
            hi = hi.add(s1.mul(s1).mul(a1));
        }
        DoubleVector t = lo.add(hi);                 // s_l + s_{l+8}
        t = t.add(t.rearrange(DXOR4));
        t = t.add(t.rearrange(DXOR2));
        t = t.add(t.rearrange(DXOR1));
        return t.lane(0);
    }

    /** {@code v *= inv}, then Σ_j (double) (dm_j·v_j) as {@link #powSum5} sums (tail products are +0). */
    private static double scaleAndDot(float[] v, int vOff, float inv, float[] dm, int dmOff, int n) {
        FloatVector iv = FloatVector.broadcast(F, inv);
        DoubleVector lo = DoubleVector.zero(D), hi = DoubleVector.zero(D);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector x = FloatVector.fromArray(F, v, vOff + j).mul(iv);
            x.intoArray(v, vOff + j);
            FloatVector p = FloatVector.fromArray(F, dm, dmOff + j).mul(x);
            lo = lo.add((DoubleVector) p.convertShape(VectorOperators.F2D, D, 0));
            hi = hi.add((DoubleVector) p.convertShape(VectorOperators.F2D, D, 1));
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector x = FloatVector.fromArray(F, v, vOff + j, m).mul(iv);
            x.intoArray(v, vOff + j, m);
            FloatVector p = FloatVector.fromArray(F, dm, dmOff + j, m).mul(x);
            lo = lo.add((DoubleVector) p.convertShape(VectorOperators.F2D, D, 0));
            hi = hi.add((DoubleVector) p.convertShape(VectorOperators.F2D, D, 1));
        }
        DoubleVector t = lo.add(hi);
        t = t.add(t.rearrange(DXOR4));
        t = t.add(t.rearrange(DXOR2));
        t = t.add(t.rearrange(DXOR1));
        return t.lane(0);
    }

    /** dm·v for aligned rows, v = φ(p_a·q)·inv computed in registers; as {@link #scaleAndDot}. */
    private static double dotRows(float[] c, int p0, int qOff, int side, int rows, boolean relu, float inv,
                                  float[] dm, int dmOff) {
        FloatVector iv = FloatVector.broadcast(F, inv);
        DoubleVector lo = DoubleVector.zero(D), hi = DoubleVector.zero(D);
        for (int r = 0, o = dmOff; r < rows; r++) {
            FloatVector pv = FloatVector.broadcast(F, c[p0 + r]);
            for (int i = 0; i < side; i += L, o += L) {
                FloatVector x = pv.mul(FloatVector.fromArray(F, c, qOff + i));
                if (relu) x = x.blend(0f, x.lt(0f));
                FloatVector p = FloatVector.fromArray(F, dm, o).mul(x.mul(iv));
                lo = lo.add((DoubleVector) p.convertShape(VectorOperators.F2D, D, 0));
                hi = hi.add((DoubleVector) p.convertShape(VectorOperators.F2D, D, 1));
            }
        }
        DoubleVector t = lo.add(hi);
        t = t.add(t.rearrange(DXOR4));
        t = t.add(t.rearrange(DXOR2));
        t = t.add(t.rearrange(DXOR1));
        return t.lane(0);
    }

    /** One aligned row of {@link #headBackward5}: as {@link #segmentBackward} with v recomputed from p_a·q. */
    private static float rowBackward(float pa, float[] c, int q, int side, boolean relu, boolean clamped, float inv,
                                     float dvScale, float dot, float[] dm, int dmo, float[] d, int dq) {
        FloatVector pv = FloatVector.broadcast(F, pa), sv = FloatVector.broadcast(F, dvScale);
        FloatVector dotv = FloatVector.broadcast(F, dot), iv = FloatVector.broadcast(F, inv);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < side; i += L) {
            FloatVector qb = FloatVector.fromArray(F, c, q + i), pq = pv.mul(qb);
            FloatVector dv = sv.mul(FloatVector.fromArray(F, dm, dmo + i));
            FloatVector dV;
            if (clamped) {
                dV = dv.mul(iv);
            } else {
                FloatVector vj = (relu ? pq.blend(0f, pq.lt(0f)) : pq).mul(iv), av = vj.abs();
                dV = dv.sub(dotv.mul(vj.mul(av).mul(av).mul(av))).mul(iv);
            }
            if (relu) dV = dV.blend(0f, pq.compare(VectorOperators.GT, 0f).not());
            FloatVector.fromArray(F, d, dq + i).add(dV.mul(pv)).intoArray(d, dq + i);
            acc = acc.add(dV.mul(qb));
        }
        acc = acc.add(acc.rearrange(XOR8));
        acc = acc.add(acc.rearrange(XOR4));
        acc = acc.add(acc.rearrange(XOR2));
        acc = acc.add(acc.rearrange(XOR1));
        return acc.lane(0);
    }

    /**
     * One row segment of {@link #headBackward5}: dV of entries [0, len), {@code d[dq + i] += dV_i·pa},
     * and returns Σ_i dV_i·q_i (float, 16 partials, the tree); tail lanes are masked out of the sum.
     */
    private static float segmentBackward(float pa, float[] c, int q, int len, boolean relu, boolean clamped, float inv,
                                         float dvScale, float dot, float[] dm, int dmo, float[] v, int vo,
                                         float[] d, int dq) {
        FloatVector pv = FloatVector.broadcast(F, pa), sv = FloatVector.broadcast(F, dvScale);
        FloatVector dotv = FloatVector.broadcast(F, dot), iv = FloatVector.broadcast(F, inv);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector vj = FloatVector.fromArray(F, v, vo + i), qb = FloatVector.fromArray(F, c, q + i);
            FloatVector dv = sv.mul(FloatVector.fromArray(F, dm, dmo + i));
            FloatVector dV;
            if (clamped) {
                dV = dv.mul(iv);
            } else {
                FloatVector av = vj.abs();
                dV = dv.sub(dotv.mul(vj.mul(av).mul(av).mul(av))).mul(iv);
            }
            if (relu) dV = dV.blend(0f, pv.mul(qb).compare(VectorOperators.GT, 0f).not());
            FloatVector.fromArray(F, d, dq + i).add(dV.mul(pv)).intoArray(d, dq + i);
            acc = acc.add(dV.mul(qb));
        }
        if (i < len) {
            VectorMask<Float> m = F.indexInRange(i, len);
            FloatVector vj = FloatVector.fromArray(F, v, vo + i, m), qb = FloatVector.fromArray(F, c, q + i, m);
            FloatVector dv = sv.mul(FloatVector.fromArray(F, dm, dmo + i, m));
            FloatVector dV;
            if (clamped) {
                dV = dv.mul(iv);
            } else {
                FloatVector av = vj.abs();
                dV = dv.sub(dotv.mul(vj.mul(av).mul(av).mul(av))).mul(iv);
            }
            if (relu) dV = dV.blend(0f, pv.mul(qb).compare(VectorOperators.GT, 0f).not());
            FloatVector.fromArray(F, d, dq + i, m).add(dV.mul(pv)).intoArray(d, dq + i, m);
            acc = acc.add(dV.mul(qb), m);
        }
        acc = acc.add(acc.rearrange(XOR8));
        acc = acc.add(acc.rearrange(XOR4));
        acc = acc.add(acc.rearrange(XOR2));
        acc = acc.add(acc.rearrange(XOR1));
        return acc.lane(0);
    }
}
