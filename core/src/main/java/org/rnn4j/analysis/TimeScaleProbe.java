package org.rnn4j.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rnn4j.cell.Cell;
import org.rnn4j.data.Batch;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.train.SequenceModel;

/**
 * Time scales of one layer on one batch, two ways (timescale-and-anchors.md §A.4, §A.6 item 3):
 * from the retention gate's values, and from how the gradient of the loss decays going back in
 * time — the condition under which Ohno &amp; Kumagai (2021) read a forget gate as a time scale.
 * <pre>
 *   gate time scales, unit j (f = the kept fraction, {@link Cell#retentionGate()}):
 *     f̄_j      = mean over the batch's examples b and steps t of f_{t,b,j}
 *     T_exp,j  = −1 / ln f̄_j        (f^k = e^(−k/T): the exact exponential time constant)
 *     T_lin,j  = 1 / (1 − f̄_j)      (the chrono paper's reading, ≈ T_exp for f̄ → 1)
 *     target_j = the gate at its bias alone, zero input and state: σ(b_f,j) (the fast gate's
 *                σ(sinh b), a GRU's σ(bx_z + bh_z), 1 − σ(b_g) for the gated RNN): the time
 *                scale an initialiser such as chrono set
 *   gradient-decay probe, block s (c for an LSTM, h for GRU/JANET, the last block otherwise):
 *     ℓ_b      = example b's loss at t*, the last step that carries loss
 *     g_k      = mean_b ‖∂ℓ_b/∂s^(b)_{t*−k}‖₂        k = 0..K  (whole-graph derivative, as autograd)
 *     g_k,j    = mean_b |∂ℓ_b/∂s^(b)_{t*−k, j}|       per unit, when asked
 *     fit      = {@link DecayFit} of ln g_k against k: decay time τ and R²
 * </pre>
 * ∂ℓ_b/∂s comes from one backward pass of the batch loss {@code Σ_b m_b ℓ_b / Σ_b m_b} (mask kept at
 * t* only, {@link SequenceAnalysis#lastLossStepOnly}) scaled by {@code Σ m / m_b}: examples do not
 * interact, so each example's row is its own loss's gradient. Examples whose mask is 0 at t* are left
 * out of the means. The protocol of Ohno &amp; Kumagai's own check is not public (which norm, which
 * state, how many steps): this is rnn4j's reconstruction, documented in docs/timescales.md.
 *
 * @param layer          the analysed layer (0 = nearest the input)
 * @param block          the state block the probe differentiates
 * @param lossStep       t*
 * @param examples       examples that carried loss at t*
 * @param loss           the batch loss at t*
 * @param decay          {@code g_k}, k = 0..K
 * @param fit            the fit of ln g_k over the requested range
 * @param unitDecay      {@code [W][K+1]} per-unit g, or null when not asked
 * @param unitFits       one fit per unit, or null
 * @param retention      f̄_j per unit, or null when the cell has no retention gate
 * @param target         the gate at its bias per unit, or null
 */
public record TimeScaleProbe(int layer, String block, int lossStep, int examples, double loss, double[] decay, DecayFit fit,
                             double[][] unitDecay, DecayFit[] unitFits, double[] retention, double[] target) {

    public TimeScaleProbe {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(decay, "decay");
        Objects.requireNonNull(fit, "fit");
    }

    /** The exponential time constant {@code −1/ln f} of a kept fraction f (0 → 0, 1 → +∞). */
    public static double timeScaleExp(double f) {
        return f <= 0 ? 0 : f >= 1 ? Double.POSITIVE_INFINITY : -1 / Math.log(f);
    }

    /** The linear reading {@code 1/(1 − f)} of a kept fraction f (1 → +∞). */
    public static double timeScaleLin(double f) {
        return f >= 1 ? Double.POSITIVE_INFINITY : 1 / (1 - f);
    }

    /**
     * What to measure.
     *
     * @param layer   the layer (0 = nearest the input)
     * @param block   the state block to differentiate; null = the retention gate's block, else the
     *                cell's last block
     * @param maxLag  K, the largest k (clamped to t*)
     * @param fitFrom first k of the fit
     * @param fitTo   last k of the fit (clamped to K)
     * @param perUnit also the per-unit decays and fits
     */
    public record Options(int layer, String block, int maxLag, int fitFrom, int fitTo, boolean perUnit) {
        public Options {
            if (layer < 0) throw new IllegalArgumentException("layer must be >= 0, got " + layer);
            if (maxLag < 0) throw new IllegalArgumentException("maxLag K must be >= 0, got " + maxLag);
            if (fitFrom < 0 || fitTo < fitFrom) {
                throw new IllegalArgumentException("the fit range must satisfy 0 <= from <= to, got [" + fitFrom + ", " + fitTo + "]");
            }
        }

        /** Layer 0, its default block, every lag, the fit over every lag, no per-unit fits. */
        public static Options of() {
            return new Options(0, null, Integer.MAX_VALUE, 0, Integer.MAX_VALUE, false);
        }

        /** A copy with {@code layer} changed. */
        public Options withLayer(int layer) {
            return new Options(layer, block, maxLag, fitFrom, fitTo, perUnit);
        }

        /** A copy with {@code block} changed. */
        public Options withBlock(String block) {
            return new Options(layer, block, maxLag, fitFrom, fitTo, perUnit);
        }

        /** A copy with {@code maxLag} changed. */
        public Options withMaxLag(int maxLag) {
            return new Options(layer, block, maxLag, fitFrom, fitTo, perUnit);
        }

        /** A copy with the fit range changed. */
        public Options withFit(int from, int to) {
            return new Options(layer, block, maxLag, from, to, perUnit);
        }

        /** A copy with {@code perUnit} changed. */
        public Options withPerUnit(boolean perUnit) {
            return new Options(layer, block, maxLag, fitFrom, fitTo, perUnit);
        }
    }

    /**
     * Runs {@code batch} through {@code model} once (forward in training mode, then backward) and
     * measures layer {@code o.layer()}. The model's parameters and gradients are left as they were.
     *
     * @throws IllegalArgumentException if the batch carries no loss or does not fit the model, the
     *                                  layer does not exist, or the block is not one of the cell's
     */
    public static TimeScaleProbe of(SequenceModel model, Batch batch, Options o) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(o, "options");
        if (o.layer() >= model.config().layers()) {
            throw new IllegalArgumentException("layer must be in [0, " + (model.config().layers() - 1) + "], got " + o.layer());
        }
        RecurrentLayer rl = model.layer(o.layer());
        Cell cell = rl.cell();
        Optional<Cell.RetentionGate> gate = cell.retentionGate();
        List<Cell.StateBlock> blocks = cell.stateBlocks();
        String name = o.block() != null ? o.block() : gate.map(Cell.RetentionGate::block).orElse(blocks.get(blocks.size() - 1).name());
        int blockOff = 0, W = -1;
        for (Cell.StateBlock sb : blocks) {
            if (sb.name().equals(name)) {
                W = sb.width();
                break;
            }
            blockOff += sb.width();
        }
        if (W < 0) {
            throw new IllegalArgumentException("block '" + name + "' is not a state block of this cell; its blocks: "
                    + String.join(", ", blocks.stream().map(Cell.StateBlock::name).toList()));
        }
        int tStar = SequenceAnalysis.lastLossStep(batch);
        Batch single = SequenceAnalysis.lastLossStepOnly(batch);
        int T = batch.steps(), B = batch.batchSize(), S = cell.stateSize(), H = cell.hiddenSize(), P = cell.projectionSize();
        int K = Math.min(o.maxLag(), tStar);
        float[] dState = new float[T * B * S];
        float[] grads = model.grads(), saved = grads.clone();
        double loss;
        double[] retention = null;
        rl.recordStateGradients(dState);
        try {
            loss = model.forward(single, true);
            if (gate.isPresent()) retention = meanRetention(rl, gate.get(), T, B, H, P);  // before backward overwrites z
            model.backward();
        } finally {
            rl.recordStateGradients(null);
            System.arraycopy(saved, 0, grads, 0, grads.length);
        }
        float[] mask = single.mask();
        double maskSum = 0;
        int examples = 0;
        for (int b = 0; b < B; b++) {
            maskSum += mask[tStar * B + b];
            if (mask[tStar * B + b] != 0f) examples++;
        }
        double[] decay = new double[K + 1];
        double[][] unit = o.perUnit() ? new double[W][K + 1] : null;
        for (int k = 0; k <= K; k++) {
            int t = tStar - k;
            double sum = 0;
            for (int b = 0; b < B; b++) {
                float m = mask[tStar * B + b];
                if (m == 0f) continue;
                double scale = maskSum / m, sq = 0;
                int row = (t * B + b) * S + blockOff;
                for (int j = 0; j < W; j++) {
                    double d = scale * dState[row + j];
                    sq += d * d;
                    if (unit != null) unit[j][k] += Math.abs(d) / examples;
                }
                sum += Math.sqrt(sq);
            }
            decay[k] = sum / examples;
        }
        int to = Math.min(o.fitTo(), K);
        DecayFit fit = DecayFit.of(decay, Math.min(o.fitFrom(), to), to);
        DecayFit[] unitFits = null;
        if (unit != null) {
            unitFits = new DecayFit[W];
            for (int j = 0; j < W; j++) unitFits[j] = DecayFit.of(unit[j], Math.min(o.fitFrom(), to), to);
        }
        double[] target = gate.map(g -> biasRetention(model, o.layer(), g, H)).orElse(null);
        return new TimeScaleProbe(o.layer(), name, tStar, examples, loss, decay, fit, unit, unitFits, retention, target);
    }

    /** f̄_j over every step and example of the last forward pass. */
    private static double[] meanRetention(RecurrentLayer rl, Cell.RetentionGate g, int T, int B, int H, int P) {
        float[] z = rl.projections();
        double[] f = new double[H];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                int row = rl.projectionOffset(t) + b * P + g.offset();
                for (int j = 0; j < H; j++) f[j] += z[row + j];
            }
        }
        for (int j = 0; j < H; j++) {
            double mean = f[j] / ((double) T * B);
            f[j] = g.complement() ? 1 - mean : mean;
        }
        return f;
    }

    /** The retention gate at its bias alone: the gate function of the summed bias entries, or its complement. */
    private static double[] biasRetention(SequenceModel model, int layer, Cell.RetentionGate g, int H) {
        float[] p = model.params();
        double[] bias = new double[H], f = new double[H];
        for (String block : g.biases()) {
            int o = model.layout().offset("layer" + layer + "." + block) + g.offset();
            for (int j = 0; j < H; j++) bias[j] += p[o + j];
        }
        for (int j = 0; j < H; j++) {
            double s = g.function().value(bias[j]);
            f[j] = g.complement() ? 1 - s : s;
        }
        return f;
    }
}
