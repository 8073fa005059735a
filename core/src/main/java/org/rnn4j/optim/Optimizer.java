package org.rnn4j.optim;

/**
 * Updates a flat parameter buffer from a flat gradient buffer of the same layout, in one loop.
 * Each optimizer keeps its moments in flat buffers of the same size, allocated on first use.
 * The semantics and defaults are PyTorch's ({@code torch.optim}, 1.13).
 */
public sealed interface Optimizer permits Sgd, RmsProp, Adam {

    /** Applies update number {@code step} (1-based, for bias correction). */
    void update(float[] params, float[] grads, long step);

    /** The current learning rate. */
    double learningRate();

    /**
     * Sets the learning rate for the following updates (a schedule's step, as PyTorch's schedulers
     * set a param group's {@code lr}); the moments are kept. Must be positive.
     */
    void learningRate(double lr);

    /** The registry name. */
    String name();

    /** Known optimizer names for the CLI. */
    static java.util.List<String> names() {
        return java.util.List.of("adam", "amsgrad", "rmsprop", "sgd");
    }

    /**
     * The optimizer called {@code name} with its PyTorch defaults and learning rate {@code lr}
     * (NaN: the default, 1e-3 for Adam/AMSGrad, 1e-2 for RMSprop and SGD).
     */
    static Optimizer create(String name, double lr) {
        return switch (name) {
            case "adam" -> Adam.of(Double.isNaN(lr) ? Adam.DEFAULT_LR : lr);
            case "amsgrad" -> Adam.of(Double.isNaN(lr) ? Adam.DEFAULT_LR : lr).withAmsgrad(true);
            case "rmsprop" -> RmsProp.of(Double.isNaN(lr) ? RmsProp.DEFAULT_LR : lr);
            case "sgd" -> Sgd.of(Double.isNaN(lr) ? Sgd.DEFAULT_LR : lr);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; known optimizers: "
                    + String.join(", ", names()));
        };
    }
}
