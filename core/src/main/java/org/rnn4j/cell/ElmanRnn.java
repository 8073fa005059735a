package org.rnn4j.cell;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * Elman RNN step (Elman 1990), PyTorch's {@code nn.RNN}, with optional LayerNorm (Ba et al. 2016)
 * on the pre-activation as in the NRU paper's RNN baselines.
 * <pre>
 *   a = x·Wxᵀ + bx + hPrev·Whᵀ                                  a: [B, H]
 *   without LayerNorm:  h = act(a)
 *   with LayerNorm:     μ = mean(a)  σ² = var(a)  n = (a − μ)/√(σ² + 1e-5)
 *                       h = act(γ⊙n + β)
 * </pre>
 * act is tanh or ReLU. Params: {@code Wx [H, I]}, {@code bx [H]}, {@code Wh [H, H]}, with
 * LayerNorm {@code gamma [H]} (init 1) and {@code beta [H]} (init 0). {@code Wh} starts as
 * PyTorch's {@code U(±1/√H)}, a random orthogonal matrix (RNN-orth) or the identity (IRNN,
 * RNN-id). {@code bx} is PyTorch's {@code bias_ih + bias_hh}. State: {@code h}, S = H. Saved per
 * step: {@code n} (LayerNorm) in {@code z}, and {@code 1/√(σ² + eps) [B]} in the cache.
 * {@code act'} is recovered from {@code h}.
 */
public final class ElmanRnn extends CellBase {
    private static final int WX = 0, BX = 1, WH = 2, GAMMA = 3, BETA = 4;
    private static final float LN_EPS = 1e-5f;

    private final ElmanConfig cfg;
    private final int I, H;
    private final boolean relu, ln;

    /** A cell with configuration {@code cfg}; bind it to parameters before use. */
    public ElmanRnn(ElmanConfig cfg) {
        this.cfg = cfg;
        this.I = cfg.inputSize();
        this.H = cfg.hiddenSize();
        this.relu = cfg.activation() == ElmanConfig.Activation.RELU;
        this.ln = cfg.layerNorm();
    }

    /** The configuration this cell was built from. */
    public ElmanConfig config() {
        return cfg;
    }

    @Override public int inputSize() { return I; }
    @Override public int hiddenSize() { return H; }
    @Override public int projectionSize() { return H; }
    @Override public int stateSize() { return H; }
    @Override public int cacheSize() { return ln ? 1 : 0; }

    @Override
    public List<ParamSpec> params() {
        Init u = new Init.FanInUniform(H);
        Init rec = switch (cfg.recurrentInit()) {
            case DEFAULT -> u;
            case ORTHOGONAL -> new Init.Orthogonal(1.0);
            case IDENTITY -> new Init.Identity(1.0);
        };
        List<ParamSpec> p = new ArrayList<>(List.of(
                ParamSpec.matrix("Wx", H, I, u),
                ParamSpec.vector("bx", H, u),
                ParamSpec.matrix("Wh", H, H, rec)));
        if (ln) {
            p.add(ParamSpec.vector("gamma", H, new Init.Constant(1)));
            p.add(ParamSpec.vector("beta", H, new Init.Constant(0)));
        }
        return p;
    }

    @Override
    public void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        packRecurrent(off[WH], H, H, training);
    }

    @Override
    public void forward(int t) {
        final float[] z = seq.z(), s = seq.states(), rstd = seq.cache();
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t);
        compute.gemmPacked(false, B, s, prev0, H, whT, z, z0, H, true);     // a = zx + hPrev·Whᵀ
        for (int b = 0; b < B; b++) {
            final int a = z0 + b * H, h = next0 + b * H;
            if (ln) {
                double mean = 0, var = 0;
                for (int j = 0; j < H; j++) mean += z[a + j];
                mean /= H;
                for (int j = 0; j < H; j++) {
                    double d = z[a + j] - mean;
                    var += d * d;
                }
                var /= H;
                float r = (float) (1.0 / Math.sqrt(var + LN_EPS));
                rstd[c0 + b] = r;
                for (int j = 0; j < H; j++) {
                    float n = (float) ((z[a + j] - mean) * r);
                    z[a + j] = n;                                                 // saved: n
                    s[h + j] = w[off[GAMMA] + j] * n + w[off[BETA] + j];
                }
                activate(s, h);
            } else {
                System.arraycopy(z, a, s, h, H);
                activate(s, h);
            }
        }
    }

    private void activate(float[] s, int h) {
        if (relu) Kernels.relu(s, h, s, h, H);
        else Kernels.tanh(s, h, s, h, H);
    }

    @Override
    public void backward(int t, float[] dNext, float[] dPrev) {
        final float[] z = seq.z(), s = seq.states(), rstd = seq.cache();
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t);
        for (int b = 0; b < B; b++) {
            final int a = z0 + b * H, h = next0 + b * H, dh = b * H;
            for (int j = 0; j < H; j++) {                                        // dy = dh⊙act'(y)
                float hj = s[h + j];
                float d = relu ? (hj > 0 ? dNext[dh + j] : 0f) : dNext[dh + j] * (1 - hj * hj);
                dNext[dh + j] = d;
            }
            if (ln) {
                // y = γ⊙n + β;  n = (a − μ)·rstd:   da = rstd·(dn − mean(dn) − n·mean(dn⊙n))
                double sumDn = 0, sumDnN = 0;
                for (int j = 0; j < H; j++) {
                    float dy = dNext[dh + j], n = z[a + j];
                    dw[off[GAMMA] + j] += dy * n;
                    dw[off[BETA] + j] += dy;
                    float dn = dy * w[off[GAMMA] + j];
                    sumDn += dn;
                    sumDnN += dn * n;
                }
                float mDn = (float) (sumDn / H), mDnN = (float) (sumDnN / H), r = rstd[c0 + b];
                for (int j = 0; j < H; j++) {
                    float n = z[a + j];
                    float dn = dNext[dh + j] * w[off[GAMMA] + j];
                    z[a + j] = r * (dn - mDn - n * mDnN);
                }
            } else {
                System.arraycopy(dNext, dh, z, a, H);
            }
        }
        compute.gemmPacked(false, B, z, z0, H, wh, dPrev, 0, H, false);       // dhPrev = da·Wh
    }

    @Override
    public void finishBackward() {
        addRecurrentWeightGradient(seq.z(), H, H, H, off[WH]); // dWh += Σ_t dzᵀ·hPrev
    }
}
