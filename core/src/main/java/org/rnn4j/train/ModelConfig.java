package org.rnn4j.train;

import java.util.Objects;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.data.Check;

/**
 * A stack of recurrent layers of one cell type with a linear readout and a loss, optionally fed
 * through a symbol embedding.
 * <pre>
 *   x [T, B, I] → layer 1 (I → H) → … → layer L (H → H) → readout h·Wᵀ + b [C] → loss
 *   with an embedding:  ids [T, B, 1] → E[id] [T, B, D] → layer 1 (D → H) → …      E: [V, D]
 * </pre>
 *
 * @param cell       the first layer's cell (its input size is I, or D with an embedding); later
 *                   layers take H inputs
 * @param layers     L ≥ 1
 * @param outputSize C: classes (cross-entropy) or regression width (MSE)
 * @param loss       which loss the readout feeds
 * @param embedding  the symbol embedding in front of the first layer, or null for none (then the
 *                   batch's x is fed to the first layer as it is)
 */
public record ModelConfig(CellConfig cell, int layers, int outputSize, LossKind loss, Embedding embedding) {

    /**
     * A lookup table in front of the first layer: the batch's x holds one symbol id per step and
     * example ({@code [T, B, 1]}, an integer in [0, V) stored as a float), and the first layer
     * reads row {@code E[id]} of the parameter block {@code embedding.E [V, D]}, initialised
     * {@code N(0, 1)} like PyTorch's {@code nn.Embedding}.
     *
     * @param vocabulary V: the number of symbols, ids 0..V-1
     * @param dimension  D: the width of each row, the first cell's input width
     */
    public record Embedding(int vocabulary, int dimension) {
        public Embedding {
            Check.positive("embedding vocabulary V", vocabulary);
            Check.positive("embedding dimension D", dimension);
        }
    }

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
        if (embedding != null && cell.inputSize() != embedding.dimension()) {
            throw new IllegalArgumentException("with an embedding the first cell's input width I must equal the"
                    + " embedding dimension D=" + embedding.dimension() + ", got I=" + cell.inputSize()
                    + " (withEmbedding sets it)");
        }
    }

    /** A model without an embedding: the batch's x feeds the first layer. */
    public ModelConfig(CellConfig cell, int layers, int outputSize, LossKind loss) {
        this(cell, layers, outputSize, loss, null);
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
        return new ModelConfig(cell, layers, outputSize, loss, embedding);
    }

    /**
     * A copy of this configuration fed through an embedding of {@code vocabulary} = V symbols into
     * {@code dimension} = D floats; the first cell's input width becomes D
     * ({@link CellConfig#withInputSize}), and the batch's x then holds symbol ids ({@code I = 1}).
     */
    public ModelConfig withEmbedding(int vocabulary, int dimension) {
        Embedding e = new Embedding(vocabulary, dimension);
        return new ModelConfig(cell.withInputSize(dimension), layers, outputSize, loss, e);
    }

    /** True when the batch's x holds symbol ids fed through {@link #embedding()}. */
    public boolean hasEmbedding() {
        return embedding != null;
    }

    /** The width of the batch's x per step: 1 (a symbol id) with an embedding, else the cell's I. */
    public int inputWidth() {
        return embedding != null ? 1 : cell.inputSize();
    }
}
