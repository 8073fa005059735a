package org.rnn4j.kernel;

/**
 * Element-wise kernels of the cells, scalar twins of {@code org.rnn4j.kernel.simd.SimdCellKernels}.
 * <p>{@link #lstmBackward}: the element-wise backward of one LSTM row (one example at one step). Twin of
 * {@code SimdCellKernels.lstmBackward}. With i, f, g, o the activated gates, tc = tanh(c):
 * <pre>
 *   dzo = dh·tc·o(1−o)
 *   dc  = dcNext + dh·o(1 − tc²) + dzo·wco                  (wco = 0 without peepholes)
 *   dzi = dc·g·i(1−i)     dzf = dc·cPrev·f(1−f)     dzg = dc·i(1 − g²)
 *   dcPrev = dc·f + dzi·wci + dzf·wcf
 * </pre>
 * The gates {@code z[zi .. zi+4H)} (blocks i | f | g | o) are overwritten with dzi | dzf | dzg | dzo.
 * Operations are plain multiplies and adds in this order, so the twins agree bit for bit.
 */
public final class CellKernels {
    private CellKernels() {}

    /**
     * @param z      gates of the row at zi, [4H]; overwritten with their pre-activation gradients
     * @param tc     tanh(c) of the row at tcOff, [H]
     * @param s      the state buffer; cPrev of the row at cPrevOff, [H]
     * @param dNext  ∂L/∂h at dhOff and ∂L/∂c at dcOff, [H] each
     * @param dPrev  receives ∂L/∂cPrev at dcPrevOff, [H]
     * @param pw     peephole weights wci, wcf, wco at their offsets, [H] each (zeros without peepholes)
     * @param from   the first unit j to process (units [from, H)); 0 for the whole row
     */
    public static void lstmBackward(float[] z, int zi, int H, float[] tc, int tcOff, float[] s, int cPrevOff,
                                    float[] dNext, int dhOff, int dcOff, float[] dPrev, int dcPrevOff,
                                    float[] pw, int wci, int wcf, int wco, int from) {
        final int zf = zi + H, zg = zf + H, zo = zg + H;
        for (int j = from; j < H; j++) {
            float i = z[zi + j], f = z[zf + j], g = z[zg + j], o = z[zo + j], t = tc[tcOff + j];
            float dh = dNext[dhOff + j], cp = s[cPrevOff + j];
            float dzo = dh * t * o * (1 - o);
            float dc = dNext[dcOff + j] + dh * o * (1 - t * t) + dzo * pw[wco + j];
            float dzi = dc * g * i * (1 - i);
            float dzf = dc * cp * f * (1 - f);
            float dzg = dc * i * (1 - g * g);
            z[zi + j] = dzi;
            z[zf + j] = dzf;
            z[zg + j] = dzg;
            z[zo + j] = dzo;
            dPrev[dcPrevOff + j] = dc * f + dzi * pw[wci + j] + dzf * pw[wcf + j];
        }
    }

    /**
     * The element-wise GRU backward of one row, PyTorch's form (reset applied after the recurrent
     * product), for units [from, H):
     * <pre>
     *   dzn = dh⊙(1 − u)⊙(1 − n²)          n = tanh(zx_n + r⊙zh_n)
     *   dzu = dh⊙(hPrev − n)⊙u⊙(1 − u)      h = (1 − u)⊙n + u⊙hPrev
     *   dzr = dzn⊙zh_n⊙r⊙(1 − r)
     *   dhPrev = dh⊙u   (the direct path; the caller adds dzh·Wh)
     * </pre>
     * @param z      r, u, n of the row at zr, [3H]; overwritten with dzr, dzu, dzn
     * @param s      the state buffer; hPrev of the row at hPrevOff, [H]
     * @param zhn    zh_n + bh_n of the row at zhnOff, [H]
     * @param dNext  ∂L/∂h of the row at dhOff, [H]; dPrev receives dh⊙u at the same offset
     * @param dzh    receives the recurrent pre-activation gradients at dzhOff: dzr, dzu, dzn⊙r, [3H]
     */
    public static void gruBackward(float[] z, int zr, int H, float[] s, int hPrevOff, float[] zhn, int zhnOff,
                                   float[] dNext, int dhOff, float[] dPrev, float[] dzh, int dzhOff, int from) {
        final int zz = zr + H, zn = zz + H, hz = dzhOff + H, hn = hz + H;
        for (int j = from; j < H; j++) {
            float r = z[zr + j], u = z[zz + j], n = z[zn + j], dhj = dNext[dhOff + j];
            float dzn = dhj * (1 - u) * (1 - n * n);
            float dzu = dhj * (s[hPrevOff + j] - n) * u * (1 - u);
            float dzr = dzn * zhn[zhnOff + j] * r * (1 - r);
            dPrev[dhOff + j] = dhj * u;
            z[zr + j] = dzr;
            z[zz + j] = dzu;
            z[zn + j] = dzn;
            dzh[dzhOff + j] = dzr;
            dzh[hz + j] = dzu;
            dzh[hn + j] = dzn * r;
        }
    }

    /**
     * {@code dst[dstOff + c] += Σ_r src[off + r·cols + c]} for columns c in [from, cols), rows r in
     * order (r outer per column block, so each column's sum order is r = 0, 1, …).
     */
    public static void addColumnSums(float[] src, int off, int rows, int cols, float[] dst, int dstOff, int from) {
        for (int r = 0; r < rows; r++) {
            int row = off + r * cols;
            for (int c = from; c < cols; c++) dst[dstOff + c] += src[row + c];
        }
    }

    /**
     * For a one-input layer (I = 1), the per-step bias and input-weight sums in one pass over
     * {@code dz_t [rows, cols]}, for columns c in [from, cols), rows r in order:
     * <pre>
     *   db[c]  += Σ_r dz[r, c]                     (plain adds, as addColumnSums)
     *   dwx[c]  = fma(x[r], dz[r, c], dwx[c])      for r = 0, 1, …
     * </pre>
     * x[r] is at {@code x[xOff + r·ldx]}.
     */
    public static void addBiasAndInputSums(float[] src, int off, int rows, int cols, float[] x, int xOff, int ldx,
                                           float[] db, int dbOff, float[] dwx, int dwxOff, int from) {
        for (int r = 0; r < rows; r++) {
            int row = off + r * cols;
            float xr = x[xOff + r * ldx];
            for (int c = from; c < cols; c++) {
                float v = src[row + c];
                db[dbOff + c] += v;
                dwx[dwxOff + c] = Math.fma(xr, v, dwx[dwxOff + c]);
            }
        }
    }

    /**
     * The LSTM forward after σ(i), σ(f) for units [from, H) of one row without peepholes, as
     * separate passes: g = tanh(zg), c = f⊙cPrev + i⊙g, o = σ(zo), tc = tanh(c), h = o⊙tc. The
     * activations go through {@link Kernels#tanh} and {@link Kernels#sigmoid}, whose values do not
     * depend on an element's position, so this finishes a row the fused SIMD kernel started with
     * the bits the kernel would have given.
     */
    public static void lstmForwardCell(float[] z, int zi, int H, float[] s, int cPrevOff, int cOff, int hOff,
                                       float[] tc, int tcOff, int from) {
        final int zf = zi + H, zg = zf + H, zo = zg + H, n = H - from;
        Kernels.tanh(z, zg + from, z, zg + from, n);
        for (int j = from; j < H; j++) s[cOff + j] = z[zf + j] * s[cPrevOff + j] + z[zi + j] * z[zg + j];
        Kernels.sigmoid(z, zo + from, z, zo + from, n);
        Kernels.tanh(s, cOff + from, tc, tcOff + from, n);
        for (int j = from; j < H; j++) s[hOff + j] = z[zo + j] * tc[tcOff + j];
    }
}
