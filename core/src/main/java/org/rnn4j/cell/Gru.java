package org.rnn4j.cell;

import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * GRU step with PyTorch's {@code nn.GRU} equations (gate order r, z, n).
 * <pre>
 *   zx = x·Wxᵀ + bx          zh = hPrev·Whᵀ + bh          both [B, 3H], blocks r | z | n
 *   r = σ(zx_r + zh_r)       z = σ(zx_z + zh_z)
 *   n = tanh(zx_n + r⊙zh_n)
 *   h = (1 − z)⊙n + z⊙hPrev
 * </pre>
 * Differences from Cho et al. (2014), eq. 5–8: there the reset gate multiplies {@code hPrev}
 * before the recurrent product, {@code n = tanh(Wx·x + Wh·(r⊙hPrev))}; PyTorch (and cuDNN) apply
 * it after, to {@code Wh_n·hPrev + bh_n}, which is what this cell does. The update convention
 * {@code h = (1 − z)⊙n + z⊙hPrev} is Cho et al.'s; Chung et al. (2014) write it with z and 1 − z
 * swapped, which only flips the sign of z's pre-activation.
 * <p>Params: {@code Wx [3H, I]}, {@code bx [3H]}, {@code Wh [3H, H]}, {@code bh [3H]} (two biases
 * are needed because {@code bh_n} sits inside {@code r⊙·}). State: {@code h}, S = H. Saved per
 * step: r, z, n in {@code z}, and {@code zh_n [B, H]} in the cache; backward keeps
 * {@code ∂L/∂zh [T, B, 3H]} for one {@code dWh} GEMM over all steps. Init: every block
 * {@code U(±1/√H)}, as PyTorch.
 */
public final class Gru extends CellBase {
    private static final int WX = 0, BX = 1, WH = 2, BH = 3;

    private final GruConfig cfg;
    private final int I, H;
    private float[] zh = new float[0];  // scratch [B, 3H]: zh of the current forward step
    private float[] dzh = new float[0]; // [T, B, 3H]: ∂L/∂zh of every step, for dWh in finishBackward

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public Gru(GruConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
    }

    /** The configuration this cell was built from. */
    public GruConfig config() {
        return cfg;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return 3 * H; }
    @Override public int stateSize() { return H; }
    @Override public int cacheSize() { return H; }

    @Override
    public List<ParamSpec> params() {
        Init u = new Init.FanInUniform(H);
        return List.of(
                ParamSpec.matrix("Wx", 3 * H, I, u),
                ParamSpec.vector("bx", 3 * H, u),
                ParamSpec.matrix("Wh", 3 * H, H, u),
                ParamSpec.vector("bh", 3 * H, u));
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        packRecurrent(off[WH], 3 * H, H, training);
        if (zh.length < B * 3 * H) zh = new float[B * 3 * H];
        if (training && dzh.length < seq.steps() * B * 3 * H) dzh = new float[seq.steps() * B * 3 * H];
    }

    @Override
    public void forward(int t) {
        final float[] z = seq.z(), s = seq.states(), zhn = seq.cache();
        final int P = 3 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t);
        compute.gemmPacked(false, B, s, prev0, H, whT, zh, 0, P, false);   // zh = hPrev·Whᵀ
        for (int b = 0; b < B; b++) {
            final int zr = z0 + b * P, zz = zr + H, zn = zz + H;
            final int hr = b * P, hz = hr + H, hn = hz + H;
            final int hPrev = prev0 + b * H, h = next0 + b * H, cn = c0 + b * H;
            for (int j = 0; j < 2 * H; j++) z[zr + j] += zh[hr + j] + w[off[BH] + j];
            Kernels.sigmoid(z, zr, z, zr, 2 * H);                              // r, z
            for (int j = 0; j < H; j++) {
                float zhnj = zh[hn + j] + w[off[BH] + 2 * H + j];
                zhn[cn + j] = zhnj;
                z[zn + j] += z[zr + j] * zhnj;                                 // zx_n + r⊙zh_n
            }
            Kernels.tanh(z, zn, z, zn, H);                                     // n
            for (int j = 0; j < H; j++) {
                float u = z[zz + j];
                s[h + j] = (1 - u) * z[zn + j] + u * s[hPrev + j];             // h = (1−z)⊙n + z⊙hPrev
            }
        }
    }

    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        final float[] z = seq.z(), s = seq.states(), zhn = seq.cache();
        final int P = 3 * H;
        final int z0 = zOff(t), prev0 = stateOff(t), c0 = cacheOff(t), d0 = t * B * P;
        for (int b = 0; b < B; b++) {
            final int zr = z0 + b * P, zz = zr + H, zn = zz + H;
            final int hr = d0 + b * P, hz = hr + H, hn = hz + H;
            final int hPrev = prev0 + b * H, cn = c0 + b * H, dh = b * H;
            for (int j = 0; j < H; j++) {
                float r = z[zr + j], u = z[zz + j], n = z[zn + j], dhj = dNext[dh + j];
                float dzn = dhj * (1 - u) * (1 - n * n);                       // n = tanh(zx_n + r⊙zh_n)
                float dzu = dhj * (s[hPrev + j] - n) * u * (1 - u);            // h = (1−z)⊙n + z⊙hPrev
                float dzr = dzn * zhn[cn + j] * r * (1 - r);
                dPrev[dh + j] = dhj * u;                                       // direct path through z⊙hPrev
                z[zr + j] = dzr;
                z[zz + j] = dzu;
                z[zn + j] = dzn;
                dzh[hr + j] = dzr;
                dzh[hz + j] = dzu;
                dzh[hn + j] = dzn * r;                                         // ∂L/∂zh_n
            }
        }
        Kernels.addColumnSums(dzh, d0, B, P, dw, off[BH]);                          // dbh
        compute.gemmPacked(false, B, dzh, d0, P, wh, dPrev, 0, H, true);       // dhPrev += dzh·Wh
    }

    @Override
    public void finishBackward() {
        addRecurrentWeightGradient(dzh, 3 * H, 3 * H, H, off[WH]); // dWh += Σ_t dzhᵀ·hPrev
    }
}
