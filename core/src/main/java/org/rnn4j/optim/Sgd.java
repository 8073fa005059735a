package org.rnn4j.optim;

import org.rnn4j.data.Check;

/**
 * SGD with momentum, PyTorch's update ({@code torch.optim.SGD}):
 * <pre>
 *   g ← g + λ·θ
 *   μ > 0:  buf ← g at the first step, else μ·buf + (1−τ)·g;   g ← nesterov ? g + μ·buf : buf
 *   θ ← θ − lr·g
 * </pre>
 * Defaults: momentum μ = 0, dampening τ = 0, no Nesterov, λ = 0 (PyTorch has no default learning
 * rate; rnn4j's CLI uses 1e-2).
 */
public final class Sgd implements Optimizer {
    /** The CLI's default learning rate. */
    public static final double DEFAULT_LR = 1e-2;

    private double lr;
    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;
    private float[] buf;

    private Sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        this.lr = Check.positive("lr", lr);
        this.momentum = Check.nonNegative("momentum", momentum);
        this.dampening = Check.nonNegative("dampening", dampening);
        this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("nesterov requires momentum > 0 and dampening 0");
        }
        this.nesterov = nesterov;
    }

    /** Plain SGD with learning rate {@code lr}. */
    public static Sgd of(double lr) {
        return new Sgd(lr, 0, 0, 0, false);
    }

    /** A copy of this optimizer with {@code momentum} changed. */
    public Sgd withMomentum(double momentum) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov);
    }

    /** A copy of this optimizer with {@code dampening} changed. */
    public Sgd withDampening(double dampening) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov);
    }

    /** A copy of this optimizer with {@code nesterov} changed. */
    public Sgd withNesterov(boolean nesterov) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov);
    }

    /** A copy of this optimizer with {@code weightDecay} changed. */
    public Sgd withWeightDecay(double weightDecay) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov);
    }

    @Override
    public void update(float[] params, float[] grads, long step) {
        boolean first = buf == null || buf.length != params.length;
        if (first && momentum > 0) buf = new float[params.length];
        float mu = (float) momentum, damp = (float) (1 - dampening), wd = (float) weightDecay, rate = (float) lr;
        for (int i = 0; i < params.length; i++) {
            float g = grads[i] + wd * params[i];
            if (mu > 0) {
                float b = first ? g : mu * buf[i] + damp * g;
                buf[i] = b;
                g = nesterov ? g + mu * b : b;
            }
            params[i] -= rate * g;
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
        return "sgd";
    }

    @Override
    public String toString() {
        return "sgd(lr=" + lr + ", momentum=" + momentum + ", dampening=" + dampening + ", nesterov=" + nesterov
                + ", weight_decay=" + weightDecay + ")";
    }
}
