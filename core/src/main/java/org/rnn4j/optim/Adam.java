package org.rnn4j.optim;

import org.rnn4j.data.Check;

/**
 * Adam (Kingma &amp; Ba 2015) and AMSGrad (Reddi et al. 2018) with PyTorch's update
 * ({@code torch.optim.Adam}, single-tensor path):
 * <pre>
 *   g ← g + λ·θ                                   (weight decay, L2 — not AdamW)
 *   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
 *   v̂max ← max(v̂max, v)                           (AMSGrad only; then v̂max replaces v below)
 *   θ ← θ − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
 * </pre>
 * Defaults: lr 1e-3, β = (0.9, 0.999), ε = 1e-8, λ = 0. Moments in float, bias corrections in double.
 */
public final class Adam implements Optimizer {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LR = 1e-3;

    private double lr;
    private final double beta1, beta2, eps, weightDecay;
    private final boolean amsgrad;
    private float[] m, v, vMax;

    private Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        this.lr = Check.positive("lr", lr);
        this.beta1 = Check.inRange("beta1", beta1, 0, 0.999999);
        this.beta2 = Check.inRange("beta2", beta2, 0, 0.999999999);
        this.eps = Check.nonNegative("eps", eps);
        this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
        this.amsgrad = amsgrad;
    }

    /** Adam with PyTorch's defaults and learning rate {@code lr}. */
    public static Adam of(double lr) {
        return new Adam(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** A copy of this optimizer with {@code beta1, beta2} changed. */
    public Adam withBetas(double beta1, double beta2) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    /** A copy of this optimizer with {@code eps} changed. */
    public Adam withEps(double eps) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    /** A copy of this optimizer with {@code weightDecay} changed. */
    public Adam withWeightDecay(double weightDecay) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    /** A copy of this optimizer with {@code on} changed. */
    public Adam withAmsgrad(boolean on) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, on);
    }

    @Override
    public void update(float[] params, float[] grads, long step) {
        if (m == null || m.length != params.length) {
            m = new float[params.length];
            v = new float[params.length];
            vMax = amsgrad ? new float[params.length] : null;
        }
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (lr / bc1);
        float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1 - beta1), c2 = (float) (1 - beta2);
        float wd = (float) weightDecay, e = (float) eps, invBc2 = (float) (1 / bc2Sqrt);
        for (int i = 0; i < params.length; i++) {
            float g = grads[i] + wd * params[i];
            float mi = b1 * m[i] + c1 * g;
            float vi = b2 * v[i] + c2 * g * g;
            m[i] = mi;
            v[i] = vi;
            float denomV = vi;
            if (amsgrad) {
                denomV = Math.max(vMax[i], vi);
                vMax[i] = denomV;
            }
            params[i] -= stepSize * mi / ((float) Math.sqrt(denomV) * invBc2 + e);
        }
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void learningRate(double lr) {
        this.lr = Check.positive("lr", lr);
    }

    @Override
    public String name() {
        return amsgrad ? "amsgrad" : "adam";
    }

    @Override
    public String toString() {
        return name() + "(lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
                + ", weight_decay=" + weightDecay + ")";
    }
}
