package org.rnn4j.optim;

import org.rnn4j.data.Check;

/**
 * RMSprop with PyTorch's update ({@code torch.optim.RMSprop}):
 * <pre>
 *   g ← g + λ·θ
 *   s ← α·s + (1−α)·g²
 *   centered: ḡ ← α·ḡ + (1−α)·g,  d = √(s − ḡ²) + ε;   else d = √s + ε
 *   momentum μ > 0: buf ← μ·buf + g/d,  θ ← θ − lr·buf;    else θ ← θ − lr·g/d
 * </pre>
 * Defaults: lr 1e-2, α = 0.99, ε = 1e-8, μ = 0, not centered. (TensorFlow/Keras put ε inside the
 * square root and default to α = 0.9; the chrono paper's RMSprop uses α = 0.9.)
 */
public final class RmsProp implements Optimizer {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LR = 1e-2;

    private double lr;
    private final double alpha, eps, weightDecay, momentum;
    private final boolean centered;
    private float[] sq, gAvg, buf;

    private RmsProp(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        this.lr = Check.positive("lr", lr);
        this.alpha = Check.inRange("alpha", alpha, 0, 1);
        this.eps = Check.nonNegative("eps", eps);
        this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
        this.momentum = Check.nonNegative("momentum", momentum);
        this.centered = centered;
    }

    /** RMSprop with PyTorch's defaults and learning rate {@code lr}. */
    public static RmsProp of(double lr) {
        return new RmsProp(lr, 0.99, 1e-8, 0, 0, false);
    }

    /** A copy of this optimizer with {@code alpha} changed. */
    public RmsProp withAlpha(double alpha) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered);
    }

    /** A copy of this optimizer with {@code eps} changed. */
    public RmsProp withEps(double eps) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered);
    }

    /** A copy of this optimizer with {@code momentum} changed. */
    public RmsProp withMomentum(double momentum) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered);
    }

    /** A copy of this optimizer with {@code centered} changed. */
    public RmsProp withCentered(boolean centered) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered);
    }

    /** A copy of this optimizer with {@code weightDecay} changed. */
    public RmsProp withWeightDecay(double weightDecay) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered);
    }

    @Override
    public void update(float[] params, float[] grads, long step) {
        if (sq == null || sq.length != params.length) {
            sq = new float[params.length];
            gAvg = centered ? new float[params.length] : null;
            buf = momentum > 0 ? new float[params.length] : null;
        }
        float a = (float) alpha, c = (float) (1 - alpha), e = (float) eps, wd = (float) weightDecay;
        float mu = (float) momentum, rate = (float) lr;
        for (int i = 0; i < params.length; i++) {
            float g = grads[i] + wd * params[i];
            float s = a * sq[i] + c * g * g;
            sq[i] = s;
            float d;
            if (centered) {
                float ga = a * gAvg[i] + c * g;
                gAvg[i] = ga;
                d = (float) Math.sqrt(s - ga * ga) + e;
            } else {
                d = (float) Math.sqrt(s) + e;
            }
            if (mu > 0) {
                float bi = mu * buf[i] + g / d;
                buf[i] = bi;
                params[i] -= rate * bi;
            } else {
                params[i] -= rate * g / d;
            }
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
        return "rmsprop";
    }

    @Override
    public String toString() {
        return "rmsprop(lr=" + lr + ", alpha=" + alpha + ", eps=" + eps + ", momentum=" + momentum
                + ", centered=" + centered + ", weight_decay=" + weightDecay + ")";
    }
}
