package org.rnn4j.train;

import java.util.Objects;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.data.Check;

/**
 * A stack of recurrent layers of one cell type with a linear readout and a loss.
 * <pre>
 *   x [T, B, I] → layer 1 (I → H) → … → layer L (H → H) → readout h·Wᵀ + b [C] → loss
 * </pre>
 *
 * @param cell       the first layer's cell (its input size is I); later layers take H inputs
 * @param layers     L ≥ 1
 * @param outputSize C: classes (cross-entropy) or regression width (MSE)
 * @param loss       which loss the readout feeds
 */
public record ModelConfig(CellConfig cell, int layers, int outputSize, LossKind loss) {

    /** The loss a model is trained with. */
    public enum LossKind {
        /** Softmax cross-entropy over C classes at masked steps. */
        CROSS_ENTROPY,
        /** Mean squared error over C outputs at masked steps. */
        MSE
    }

    public ModelConfig {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(loss, "loss");
        Check.positive("layers", layers);
        Check.positive("outputSize C", outputSize);
    }

    /** One layer of {@code cell} with a cross-entropy readout over {@code classes}. */
    public static ModelConfig classifier(CellConfig cell, int classes) {
        return new ModelConfig(cell, 1, classes, LossKind.CROSS_ENTROPY);
    }

    /** One layer of {@code cell} with an MSE readout of width {@code outputs}. */
    public static ModelConfig regressor(CellConfig cell, int outputs) {
        return new ModelConfig(cell, 1, outputs, LossKind.MSE);
    }

    /** A copy of this configuration with {@code layers} changed. */
    public ModelConfig withLayers(int layers) {
        return new ModelConfig(cell, layers, outputSize, loss);
    }
}
