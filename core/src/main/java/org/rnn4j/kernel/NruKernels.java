package org.rnn4j.kernel;

/**
 * The NRU's per-head kernels (one head of one example), scalar twins of
 * {@code org.rnn4j.kernel.simd.SimdNruKernels}; use them through {@link Kernels}.
 * <p>A head's M direction entries are the consecutive entries {@code e0 … e0+M−1} of a rank-1
 * product {@code p·qᵀ}, {@code p, q ∈ R^side}, flattened row-major: entry e is
 * {@code p[e / side]·q[e % side]}. So a head is a run of row segments s, each one scalar
 * {@code p_a} times a contiguous piece of q (the shared product: p, q of the whole set, e0 = i·M;
 * per head: that head's pᵢ, qᵢ, e0 = 0).
 * <pre>
 *   V = φ(p ⊗ q)  (φ = ReLU or the identity);   n = max(‖V‖_p, eps);   v = V / n;   m += σ·v
 *   backward, dv = σ·dm:   dV = (dv − (dv·v)·g(v)) / n   (dV = dv / eps when clamped),   g(v) = sign(v)|v|^(p−1)
 *   dV ⊙= φ′;   dp_a += Σ_b dV_ab·q_b;   dq_b += Σ_a dV_ab·p_a
 * </pre>
 * (σ = ±coef·φ(α̃): the head's signed strength.) Without φ the product factorizes,
 * |p_a·q_b|^p = |p_a|^p·|q_b|^p and g(v_ab) = n^(1−p)·g(p_a)·g(q_b), so only a dot product and a
 * scaled sum of dm touch every entry; with K = σ·(dm·v)·n^(−p) (0 when clamped):
 * <pre>
 *   Σ_j |V_j|^p = Σ_s |p_a|^p·Q_s                 Q_s  = Σ_{b∈s} |q_b|^p
 *   dm·v        = (1/n)·Σ_s p_a·rd_s             rd_s = Σ_{b∈s} dm_ab·q_b
 *   dp_a       += (σ/n)·rd_s − K·g(p_a)·Q_s      per segment s of row a
 *   dq_b       += (σ/n)·col_b − K·g(q_b)·P_b     col_b = Σ_s dm_ab·p_a,  P_b = Σ_s |p_a|^p  (segments holding b)
 * </pre>
 * with the O(side) terms in double (n^(−p) and |·|^p neither overflow nor underflow there). With
 * ReLU each entry is computed as in the first lines (V, v, dV entry by entry).
 * <p>Summation order. The sums over a head (Σ|V|^p and dm·v with ReLU) and over a row segment
 * (Q_s, rd_s, dp_a with ReLU) use 16 partial sums, entry j (counted from the start of the head or
 * of the segment) going to partial {@code j mod 16} in increasing j, combined by the fixed tree
 * <pre>
 *   ((((s0+s8)+(s4+s12)) + ((s2+s10)+(s6+s14))) + (((s1+s9)+(s5+s13)) + ((s3+s11)+(s7+s15))))
 * </pre>
 * which a 16-lane vector reproduces, so the twins agree bit for bit. Sums of |·|^p and dm·v are in
 * double (|V|^p does not underflow for short directions), rd_s, col_b and dp, dq per entry in float;
 * sums over segments (Σ_s) run in segment order. Every other operation is one plain multiply or add,
 * in the order written, with no fused multiply-add.
 */
public final class NruKernels {
    private NruKernels() {}

    /** Partial sums per reduction. */
    public static final int PARTIALS = 16;

    /** Scratch floats per head the kernels need: M + side. */
    public static int scratch(int M, int side) {
        return M + side;
    }

    /**
     * {@code Σ_j |V_j|^p} of the head (not yet the p-th root), p at {@code c[pOff]}, q at {@code c[qOff]}:
     * with ReLU entry by entry (V into the scratch {@code v[vOff…]}, [M]), else factorized (v unused).
     */
    public static double headPowSum(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu, double p,
                                    float[] v, int vOff) {
        if (relu) {
            outer(c, pOff, qOff, side, e0, M, true, v, vOff);
            return powSum(v, vOff, M, p);
        }
        double sum = 0;
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {
            int len = Math.min(side - b, M - j);
            sum += absPow(c[pOff + a], p) * powSum(c, qOff + b, len, p);           // |p_a|^p·Q_s
            j += len;
        }
        return sum;
    }

    /**
     * {@code y[yOff + j] = x[xOff + j] + scale·V_j}, {@code V_j = φ(p_a·q_b)}, over the head's M entries
     * (x may be y itself: {@code y += scale·V}).
     */
    public static void headWrite(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu, float scale,
                                 float[] x, int xOff, float[] y, int yOff) {
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {
            int len = Math.min(side - b, M - j);
            float pa = c[pOff + a];
            for (int i = 0; i < len; i++) {
                float v = pa * c[qOff + b + i];
                y[yOff + j + i] = x[xOff + j + i] + scale * (relu && v < 0 ? 0f : v);
            }
            j += len;
        }
    }

    /** The entries V_j = φ(p_a·q_b) of the head into v. */
    private static void outer(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu, float[] v, int vOff) {
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {
            int len = Math.min(side - b, M - j);
            float pa = c[pOff + a];
            for (int i = 0; i < len; i++) {
                float x = pa * c[qOff + b + i];
                v[vOff + j + i] = relu && x < 0 ? 0f : x;
            }
            j += len;
        }
    }

    /** {@code x_j = x_j < 0 ? 0 : x_j} over [off, off + n): the ReLU that keeps −0 and NaN as they are. */
    public static void clampNegative(float[] x, int off, int n) {
        for (int j = off; j < off + n; j++) if (x[j] < 0) x[j] = 0f;
    }

    /** {@code d_j = h_j > 0 ? d_j + u_j : 0} over n elements: the gradient d + u through h = ReLU(·), into d. */
    public static void reluBackward(float[] d, int dOff, float[] u, int uOff, float[] h, int hOff, int n) {
        for (int j = 0; j < n; j++) {
            float dh = d[dOff + j] + u[uOff + j];
            d[dOff + j] = h[hOff + j] > 0 ? dh : 0f;
        }
    }

    /**
     * Back through {@code m += dvScale·v} for one head: given the head's saved norm {@code ‖V‖_p} and
     * {@code dvScale = ±c·φ(α̃)}, adds dp into {@code d[dpOff + a]} and dq into {@code d[dqOff + b]} and
     * returns {@code dm·v} (double). {@code dm} is ∂L/∂m of the example at {@code dmOff}, [M];
     * {@code v[vOff…]} is scratch of M + side floats (with ReLU it ends holding dV). {@code sameRows} says
     * the previous call was the previous head of the same shared set (same q, dm and scratch), which
     * lets the vector twin reuse work; it does not change the result, and this twin ignores it.
     */
    public static double headBackward(float[] c, int pOff, int qOff, int side, int e0, int M, boolean relu, double p,
                                      boolean sameRows, float norm, float eps, float dvScale, float[] dm, int dmOff,
                                      float[] v, int vOff, float[] d, int dpOff, int dqOff) {
        if (!relu) return headBackwardFactored(c, pOff, qOff, side, e0, M, p, norm, eps, dvScale, dm, dmOff, d, dpOff, dqOff);
        final boolean clamped = !(norm > eps);
        final float inv = 1f / (clamped ? eps : norm);
        outer(c, pOff, qOff, side, e0, M, true, v, vOff);                         // V
        for (int j = 0; j < M; j++) v[vOff + j] *= inv;                            // v = V / n
        final double dmv = dot(dm, dmOff, v, vOff, M);
        final float dot = dvScale * (float) dmv;                                   // dv·v
        final boolean p5 = p == 5.0;
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {
            int len = Math.min(side - b, M - j);
            float pa = c[pOff + a];
            for (int i = 0; i < len; i++) {
                float vj = v[vOff + j + i], qb = c[qOff + b + i];
                float dv = dvScale * dm[dmOff + j + i];
                float dV = clamped ? dv * inv : (dv - dot * signedPowPm1(vj, p5, p)) * inv;
                if (relu && !(pa * qb > 0)) dV = 0f;                                // φ′ = 0
                d[dqOff + b + i] += dV * pa;
                v[vOff + j + i] = dV;
            }
            d[dpOff + a] += rowDot(v, vOff + j, c, qOff + b, len);
            j += len;
        }
        return dmv;
    }

    /** {@link #headBackward} without φ, in the factorized form of the class comment. */
    private static double headBackwardFactored(float[] c, int pOff, int qOff, int side, int e0, int M, double p,
                                               float norm, float eps, float dvScale, float[] dm, int dmOff,
                                               float[] d, int dpOff, int dqOff) {
        final boolean clamped = !(norm > eps);
        final float inv = 1f / (clamped ? eps : norm);
        double sum = 0;
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {                                         // Σ_s p_a·rd_s
            int len = Math.min(side - b, M - j);
            sum += (double) c[pOff + a] * rowDot(dm, dmOff + j, c, qOff + b, len);
            j += len;
        }
        final double dmv = inv * sum;
        final float dot = dvScale * (float) dmv;                                   // dv·v
        final double K = clamped ? 0 : dot * powOf(inv, p), ds = (double) dvScale * inv;
        for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {                                         // dp, per segment
            int len = Math.min(side - b, M - j);
            float pa = c[pOff + a], rd = rowDot(dm, dmOff + j, c, qOff + b, len);
            d[dpOff + a] += (float) (ds * rd - K * gOf(pa, p) * powSum(c, qOff + b, len, p));
            j += len;
        }
        for (int q = 0; q < side; q++) {                                            // dq, per column over its segments
            float col = 0;
            double P = 0;
            boolean held = false;
            for (int j = 0, a = e0 / side, b = e0 % side; j < M; a++, b = 0) {
                int len = Math.min(side - b, M - j);
                if (q >= b && q < b + len) {
                    float pa = c[pOff + a];
                    col += dm[dmOff + j + q - b] * pa;
                    P += absPow(pa, p);
                    held = true;
                }
                j += len;
            }
            if (held) d[dqOff + q] += (float) (ds * col - K * gOf(c[qOff + q], p) * P);
        }
        return dmv;
    }

    // ------------------------------------------------ whole head sets (shared product, no φ, whole rows)

    /**
     * {@code y[a·side + b] = x[a·side + b] + w_a·q_b} over {@code rows × side} entries (x may be y):
     * a whole head set's write when its heads are whole rows of one shared {@code p·qᵀ}, with
     * {@code w_a = Σᵢ σᵢ/nᵢ·p_(i·rows+a)} (see {@code Nru}). One multiply, then one add, per entry.
     */
    public static void rankOneAdd(float[] w, int wOff, float[] q, int qOff, int rows, int side,
                                  float[] x, int xOff, float[] y, int yOff) {
        for (int a = 0; a < rows; a++) {
            float wa = w[wOff + a];
            for (int b = 0, o = a * side; b < side; b++) y[yOff + o + b] = x[xOff + o + b] + wa * q[qOff + b];
        }
    }

    /** {@code out[a] = Σ_b dm_(a·side+b)·q_b} (float, the class's order) for each of {@code rows} rows. */
    public static void rowDots(float[] dm, int dmOff, float[] q, int qOff, int rows, int side, float[] out, int outOff) {
        for (int a = 0; a < rows; a++) out[outOff + a] = rowDot(dm, dmOff + a * side, q, qOff, side);
    }

    /**
     * A head set's dq, {@code d[dqOff + b] += (float) (col_b − kp·g(q_b))} with
     * {@code col_b = Σ_a dm_(a·side+b)·w_a} summed in float from +0 in row order (one multiply, then
     * one add) and the rest in double, {@code g(q) = sign(q)|q|^(p−1)} ({@code ((q·|q|)·|q|)·|q|}
     * for p = 5): kp may be huge where q is tiny (it carries 1/Σ|q|^p), as in the per-head form.
     */
    public static void columnsBackward(float[] dm, int dmOff, float[] w, int wOff, int rows, int side,
                                       float[] q, int qOff, double kp, double p, float[] d, int dqOff) {
        columnsBackward(dm, dmOff, w, wOff, rows, side, q, qOff, kp, p, d, dqOff, side);
    }

    /** {@link #columnsBackward} for the first {@code cols} columns of rows {@code side} long (a vector loop's tail). */
    public static void columnsBackward(float[] dm, int dmOff, float[] w, int wOff, int rows, int side,
                                       float[] q, int qOff, double kp, double p, float[] d, int dqOff, int cols) {
        for (int b = 0; b < cols; b++) {
            float col = 0f;
            for (int a = 0; a < rows; a++) col += dm[dmOff + a * side + b] * w[wOff + a];
            d[dqOff + b] += (float) (col - kp * gOf(q[qOff + b], p));
        }
    }

    /**
     * The write weights of a head set of k heads, each {@code rows} whole rows of the shared
     * {@code p·qᵀ}, without φ: {@code w_a += sᵢ·p_(i·rows+a)} for heads i in order, with
     * {@code sᵢ = coef·α̃ᵢ / max(nᵢ, eps)} (float). α̃ᵢ at {@code c[alphaOff + i]}, p at
     * {@code c[pOff]}, the norms nᵢ at {@code c[normOff + i]}.
     */
    public static void setWriteWeights(float[] c, int alphaOff, int pOff, int normOff, int k, int rows, float coef,
                                       float eps, float[] w, int wOff) {
        for (int i = 0; i < k; i++) {
            float scale = coef * c[alphaOff + i] / Math.max(c[normOff + i], eps);
            for (int a = 0, pi = pOff + i * rows; a < rows; a++) w[wOff + a] += scale * c[pi + a];
        }
    }

    /**
     * The per-head part of the backward of such a set (the factorized form, summed over heads; see
     * {@code Nru}): from {@code G_a} at {@code g[gOff + a]} and {@code Q = Σ|q|^p}, for each head
     * i with {@code σᵢ = coef·α̃ᵢ} and {@code 1/nᵢ} (1/eps when clamped):
     * <pre>
     *   dm·vᵢ = (1/nᵢ)·Σ_a p_(i·rows+a)·G_a          d[dAlphaOff + i] = coef·(dm·vᵢ)
     *   Kᵢ    = σᵢ·(dm·vᵢ)·nᵢ^(−p)   (0 clamped)     dp_(i·rows+a) += (σᵢ/nᵢ)·G_a − Kᵢ·g(p)·Q
     *   w_a  += (σᵢ/nᵢ)·p_(i·rows+a)                  returns Σᵢ Kᵢ·Pᵢ,  Pᵢ = Σ_a |p_(i·rows+a)|^p
     * </pre>
     * Sums over a in double, in order; dp at {@code d[dpOff + i·rows + a]}.
     */
    public static double setHeadsBackward(float[] c, int alphaOff, int pOff, int normOff, int k, int rows, float coef,
                                          float eps, double p, float[] g, int gOff, double Q, float[] d, int dAlphaOff,
                                          int dpOff, float[] w, int wOff) {
        double kp = 0;
        for (int i = 0; i < k; i++) {
            final float dvScale = coef * c[alphaOff + i], n = c[normOff + i];
            final boolean clamped = !(n > eps);
            final float inv = 1f / (clamped ? eps : n);
            final int pi = pOff + i * rows, dpi = dpOff + i * rows;
            double sum = 0, P = 0;
            for (int a = 0; a < rows; a++) {
                sum += (double) c[pi + a] * g[gOff + a];
                P += absPow(c[pi + a], p);
            }
            final double dmv = inv * sum;
            final float dot = dvScale * (float) dmv;                                  // dv·v
            final double K = clamped ? 0 : dot * powOf(inv, p), ds = (double) dvScale * inv;
            for (int a = 0; a < rows; a++) {
                float pa = c[pi + a];
                d[dpi + a] += (float) (ds * g[gOff + a] - K * gOf(pa, p) * Q);
                w[wOff + a] += (float) ds * pa;
            }
            kp += K * P;
            d[dAlphaOff + i] = coef * (float) dmv;
        }
        return kp;
    }

    /** Σ_j |x_j|^p over [off, off + n) in double, in the class's order. */
    public static double powSumOf(float[] x, int off, int n, double p) {
        return powSum(x, off, n, p);
    }

    /** x^p for x ≥ 0 in double; for p = 5 {@code (x²·x²)·x}. */
    private static double powOf(double x, double p) {
        if (p == 5.0) {
            double x2 = x * x;
            return x2 * x2 * x;
        }
        return Math.pow(x, p);
    }

    /** {@code sign(x)·|x|^(p−1)} in double; for p = 5 {@code ((x·a)·a)·a}, a = |x|. */
    private static double gOf(float x, double p) {
        double a = Math.abs(x);
        if (p == 5.0) return (double) x * a * a * a;
        return Math.signum(x) * Math.pow(a, p - 1);
    }

    /** {@code sign(v)·|v|^(p−1)}; for p = 5 the float product {@code ((v·|v|)·|v|)·|v|}. */
    private static float signedPowPm1(float v, boolean p5, double p) {
        if (p5) {
            float a = Math.abs(v);
            return v * a * a * a;
        }
        return (float) (Math.signum(v) * Math.pow(Math.abs(v), p - 1));
    }

    /** |x|^p in double; for p = 5 the product {@code (a²·a²)·a}, a = |x|. */
    private static double absPow(float x, double p) {
        double a = Math.abs(x);
        if (p == 5.0) {
            double a2 = a * a;
            return a2 * a2 * a;
        }
        return Math.pow(a, p);
    }

    /** Σ_j |v_j|^p over [0, n) in the class's order. */
    static double powSum(float[] v, int off, int n, double p) {
        return ((((pow(v, off, n, p, 0) + pow(v, off, n, p, 8)) + (pow(v, off, n, p, 4) + pow(v, off, n, p, 12)))
                + ((pow(v, off, n, p, 2) + pow(v, off, n, p, 10)) + (pow(v, off, n, p, 6) + pow(v, off, n, p, 14))))
                + (((pow(v, off, n, p, 1) + pow(v, off, n, p, 9)) + (pow(v, off, n, p, 5) + pow(v, off, n, p, 13)))
                + ((pow(v, off, n, p, 3) + pow(v, off, n, p, 11)) + (pow(v, off, n, p, 7) + pow(v, off, n, p, 15)))));
    }

    private static double pow(float[] v, int off, int n, double p, int l) {
        double s = 0;
        for (int j = l; j < n; j += PARTIALS) s += absPow(v[off + j], p);
        return s;
    }

    /** Σ_j (double) (x_j·y_j) (float products) over [0, n) in the class's order. */
    static double dot(float[] x, int xOff, float[] y, int yOff, int n) {
        return ((((dot(x, xOff, y, yOff, n, 0) + dot(x, xOff, y, yOff, n, 8))
                + (dot(x, xOff, y, yOff, n, 4) + dot(x, xOff, y, yOff, n, 12)))
                + ((dot(x, xOff, y, yOff, n, 2) + dot(x, xOff, y, yOff, n, 10))
                + (dot(x, xOff, y, yOff, n, 6) + dot(x, xOff, y, yOff, n, 14))))
                + (((dot(x, xOff, y, yOff, n, 1) + dot(x, xOff, y, yOff, n, 9))
                + (dot(x, xOff, y, yOff, n, 5) + dot(x, xOff, y, yOff, n, 13)))
                + ((dot(x, xOff, y, yOff, n, 3) + dot(x, xOff, y, yOff, n, 11))
                + (dot(x, xOff, y, yOff, n, 7) + dot(x, xOff, y, yOff, n, 15)))));
    }

    private static double dot(float[] x, int xOff, float[] y, int yOff, int n, int l) {
        double s = 0;
        for (int j = l; j < n; j += PARTIALS) s += x[xOff + j] * y[yOff + j];
        return s;
    }

    /** Σ_j x_j·y_j in float over [0, n) in the class's order. */
    static float rowDot(float[] x, int xOff, float[] y, int yOff, int n) {
        return ((((rowDot(x, xOff, y, yOff, n, 0) + rowDot(x, xOff, y, yOff, n, 8))
                + (rowDot(x, xOff, y, yOff, n, 4) + rowDot(x, xOff, y, yOff, n, 12)))
                + ((rowDot(x, xOff, y, yOff, n, 2) + rowDot(x, xOff, y, yOff, n, 10))
                + (rowDot(x, xOff, y, yOff, n, 6) + rowDot(x, xOff, y, yOff, n, 14))))
                + (((rowDot(x, xOff, y, yOff, n, 1) + rowDot(x, xOff, y, yOff, n, 9))
                + (rowDot(x, xOff, y, yOff, n, 5) + rowDot(x, xOff, y, yOff, n, 13)))
                + ((rowDot(x, xOff, y, yOff, n, 3) + rowDot(x, xOff, y, yOff, n, 11))
                + (rowDot(x, xOff, y, yOff, n, 7) + rowDot(x, xOff, y, yOff, n, 15)))));
    }

    private static float rowDot(float[] x, int xOff, float[] y, int yOff, int n, int l) {
        float s = 0;
        for (int j = l; j < n; j += PARTIALS) s += x[xOff + j] * y[yOff + j];
        return s;
    }
}
