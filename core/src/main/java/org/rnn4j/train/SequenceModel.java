package org.rnn4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.cell.Cell;
import org.rnn4j.cell.CellConfig;
import org.rnn4j.cell.GateBudget;
import org.rnn4j.cell.TimeGated;
import org.rnn4j.data.Batch;
import org.rnn4j.data.Check;
import org.rnn4j.kernel.Compute;
import org.rnn4j.layer.Embedding;
import org.rnn4j.layer.LinearReadout;
import org.rnn4j.layer.RecurrentLayer;
import org.rnn4j.loss.Loss;
import org.rnn4j.loss.MaskedCrossEntropy;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.param.ParamLayout;
import org.rnn4j.param.ParamSpec;

/**
 * A trainable model: stacked recurrent layers, a linear readout at the steps that carry loss, and
 * the loss; one flat parameter buffer and one flat gradient buffer, laid out by {@link #layout()}
 * ({@code layer0.Wx}, {@code layer0.bx}, …, {@code readout.W}, {@code readout.b}; with an
 * embedding {@code embedding.E} comes first).
 * <pre>
 *   double loss = model.forward(batch, true);   // caches the activations of the whole sequence
 *   model.backward();                           // full BPTT; adds into grads()
 * </pre>
 * For truncated BPTT ({@link Tbptt}) the model carries each layer's final state from one
 * forward pass to the next ({@link #forward(Batch, boolean, boolean)}, {@link #resetState()}).
 * For analysis, {@link #layer(int)} exposes each layer's states and its state-gradient hook.
 * Entries the cells mark frozen ({@link ParamLayout#frozen()}, e.g. time-scale gate biases with
 * {@link org.rnn4j.param.TimeScales#freeze()}) still count as parameters and still get gradients
 * from {@link #backward()}; the training loops' update step zeroes those and keeps their values.
 * <p>Layers whose cell has a time gate ({@link GateBudget}) report, after every forward pass,
 * their mean openness B, the budget term {@code Σ_l λ_l·B_l} ({@link #lastBudgetLoss()}) and the
 * fraction of unit-steps updated ({@link #lastUpdatedFraction()}). {@link #forward} returns the
 * task loss alone; the loss training minimises is {@code task + lastBudgetLoss()}: with λ &gt; 0
 * {@link #backward()} adds the term's gradient, so clipping and the optimizer see it.
 * Not thread-safe: one model is driven by one thread (its {@link Compute} may use more).
 */
public final class SequenceModel implements AutoCloseable {
    private final ModelConfig cfg;
    private final List<RecurrentLayer> layers = new ArrayList<>();
    /** The layers' cells that have a time gate, in layer order. */
    private final List<GateBudget> gated = new ArrayList<>();
    private double lastBudgetLoss, lastBudget = Double.NaN, lastUpdated = Double.NaN;
    private final LinearReadout readout;
    private final Loss loss;
    private final ParamLayout layout;
    private final float[] params, grads;
    /** [from, to) pairs of params() that training leaves unchanged ({@link ParamLayout#frozen()}), and their saved values. */
    private final int[] frozen;
    private final float[] frozenValues;
    private final Compute compute;
    private final int I, H, C;
    /** The symbol embedding in front of layer 0, or null; with it layer 0 reads xe, D floats a row. */
    private final Embedding embedding;
    private float[] xe = new float[0], dXe = new float[0];

    private Batch batch;
    private int[] lossSteps = new int[0];
    private boolean[] isLossStep = new boolean[0];
    private int nLossSteps;
    private boolean allSteps;
    private float[] y = new float[0], dy = new float[0];
    private final List<float[]> dH = new ArrayList<>();
    private double lastLoss, lastAccuracy;
    private boolean canBackward;
    /** Per layer, the final state [B, S] of the last forward pass; B = carriedBatch (0: none carried). */
    private final List<float[]> carried = new ArrayList<>();
    private int carriedBatch;
    /** Steps run since the state was last started from zeros: the step index a time gate continues from. */
    private long carriedSteps;
    /** The time gates' step index of step 0 in the last forward pass. */
    private long lastFirstStep;

    /**
     * Builds the model with parameters initialised from {@code rng} and a compute engine of
     * {@code threads} threads.
     */
    public SequenceModel(ModelConfig cfg, RandomGenerator rng, int threads) {
        this.cfg = cfg;
        this.compute = Compute.create(threads);
        CellConfig cc = cfg.cell();
        this.I = cfg.inputWidth();
        this.H = cc.hiddenSize();
        this.C = cfg.outputSize();
        ParamLayout.Builder lb = ParamLayout.builder();
        ModelConfig.Embedding ec = cfg.embedding();
        embedding = ec == null ? null : new Embedding(ec.vocabulary(), ec.dimension());
        int embeddingBase = embedding == null ? -1 : lb.add("embedding", embedding.params().get(0));
        int[] bases = new int[cfg.layers()];
        for (int l = 0; l < cfg.layers(); l++) {
            Cell cell = (l == 0 ? cc : cc.withInputSize(H)).create();
            layers.add(new RecurrentLayer(cell));
            if (cell instanceof GateBudget g) gated.add(g);
            List<ParamSpec> specs = cell.params();
            bases[l] = -1;
            for (ParamSpec s : specs) {
                int o = lb.add("layer" + l, s);
                if (bases[l] < 0) bases[l] = o;
            }
            dH.add(new float[0]);
        }
        readout = new LinearReadout(H, C);
        int readoutBase = -1;
        for (ParamSpec s : readout.params()) {
            int o = lb.add("readout", s);
            if (readoutBase < 0) readoutBase = o;
        }
        layout = lb.build();
        params = new float[layout.size()];
        grads = new float[layout.size()];
        layout.initialize(params, rng);
        frozen = layout.frozen();
        int nFrozen = 0;
        for (ParamLayout.Block b : layout.blocks()) nFrozen += b.spec().frozenCount();
        frozenValues = new float[nFrozen];
        for (int l = 0; l < layers.size(); l++) layers.get(l).bind(params, grads, bases[l]);
        readout.bind(params, grads, readoutBase);
        if (embedding != null) embedding.bind(params, grads, embeddingBase);
        loss = cfg.loss() == ModelConfig.LossKind.CROSS_ENTROPY ? new MaskedCrossEntropy() : new MeanSquaredError();
    }

    /** The configuration. */
    public ModelConfig config() {
        return cfg;
    }

    /** Names of the slices of {@link #params()} and {@link #grads()}. */
    public ParamLayout layout() {
        return layout;
    }

    /** The flat parameter buffer (live: optimizers update it in place). */
    public float[] params() {
        return params;
    }

    /** The flat gradient buffer; {@link #backward()} adds into it, {@link #zeroGrads()} clears it. */
    public float[] grads() {
        return grads;
    }

    /** Number of trainable parameters. */
    public int parameterCount() {
        return params.length;
    }

    /**
     * The number of trainable parameters a model of {@code cfg} has, without building it (no
     * buffers, no threads): used to match models to a parameter budget.
     */
    public static long parameterCount(ModelConfig cfg) {
        CellConfig cc = cfg.cell();
        long n = cfg.hasEmbedding() ? (long) cfg.embedding().vocabulary() * cfg.embedding().dimension() : 0;
        for (int l = 0; l < cfg.layers(); l++) {
            Cell cell = (l == 0 ? cc : cc.withInputSize(cc.hiddenSize())).create();
            for (ParamSpec s : cell.params()) n += (long) s.rows() * s.cols(); // in long: no overflow for huge H
        }
        for (ParamSpec s : new LinearReadout(cc.hiddenSize(), cfg.outputSize()).params()) n += (long) s.rows() * s.cols();
        return n;
    }

    /**
     * Layer {@code l} of the stack (0 = nearest the input, {@code layers − 1} = under the readout),
     * for analysis: its {@link RecurrentLayer#cell() cell} and state blocks, after a forward pass
     * its {@link RecurrentLayer#states() states}, and
     * {@link RecurrentLayer#recordStateGradients(float[])}, which makes {@link #backward()} record
     * the total ∂L/∂state_t of this layer (including what reaches it through the layers above).
     * The model drives the layer's passes; call only those read and record methods on it.
     */
    public RecurrentLayer layer(int l) {
        Check.inRange("layer", l, 0, layers.size() - 1);
        return layers.get(l);
    }

    /** The compute engine (kernel choice and thread count). */
    public Compute compute() {
        return compute;
    }

    /** Sets every gradient to 0. */
    public void zeroGrads() {
        Arrays.fill(grads, 0f);
    }

    /**
     * Sets the gradients of the frozen entries ({@link ParamLayout#frozen()}) to 0, so they take no
     * part in clipping or the gradient norm; called by the update step after {@link #backward()}.
     */
    void zeroFrozenGradients() {
        for (int i = 0; i < frozen.length; i += 2) Arrays.fill(grads, frozen[i], frozen[i + 1], 0f);
    }

    /** Saves the frozen entries' values, before an optimizer step ({@link #restoreFrozen()} after it). */
    void saveFrozen() {
        int k = 0;
        for (int i = 0; i < frozen.length; i += 2) {
            int n = frozen[i + 1] - frozen[i];
            System.arraycopy(params, frozen[i], frozenValues, k, n);
            k += n;
        }
    }

    /**
     * Puts back the values {@link #saveFrozen()} kept: an optimizer step with weight decay (or a
     * momentum built before) would move an entry even with a zero gradient.
     */
    void restoreFrozen() {
        int k = 0;
        for (int i = 0; i < frozen.length; i += 2) {
            int n = frozen[i + 1] - frozen[i];
            System.arraycopy(frozenValues, k, params, frozen[i], n);
            k += n;
        }
    }

    /** {@link #forward(Batch, boolean, boolean)} from zero states: every batch is a fresh sequence. */
    public double forward(Batch batch, boolean training) {
        return forward(batch, training, false);
    }

    /**
     * Runs the batch and returns its loss ({@code Σ mask·ℓ / Σ mask}). With {@code training} the
     * activations are kept for {@link #backward()}.
     * <pre>
     *   state_l[0] = carryState ? carried_l : 0        carried_l: [B, S] of layer l
     *   … the T steps of every layer …
     *   carried_l ← state_l[T]                          after every pass, whatever carryState is
     * </pre>
     * The carried state enters as a constant ("detached"): {@link #backward()} stops at
     * {@code state_l[0]}, so no gradient reaches the pass that produced it. Time-gated cells get the
     * batch's {@link Batch#times()} and, for their step index, the steps run since the last pass
     * that started from zeros (so truncated BPTT's segments continue the count;
     * {@link org.rnn4j.cell.Cell#timestamps}). Without a carried
     * state (a new model, after {@link #resetState()}) {@code carryState} starts from zeros too.
     * A batch whose mask is all zero is allowed for inference only ({@code training = false}): it
     * advances the carried state and returns NaN (no step carries loss).
     *
     * @throws IllegalArgumentException when {@code carryState} and the batch's B differs from the
     *                                  carried state's (call {@link #resetState()} first)
     */
    public double forward(Batch batch, boolean training, boolean carryState) {
        validate(batch, training);
        requireCarriedBatch(batch.batchSize(), carryState);
        this.batch = batch;
        int T = batch.steps(), B = batch.batchSize();
        float[] times = batch.times();
        long firstStep = carryState && carriedBatch != 0 ? carriedSteps : 0;   // time gates: step index of step 0
        RecurrentLayer prev = null;
        for (int l = 0; l < layers.size(); l++) {
            RecurrentLayer layer = layers.get(l);
            float[] start = carryState ? carriedStart(l) : null;
            if (prev == null && embedding != null) {
                int D = embedding.dimension();
                xe = grow(xe, T * B * D);
                embedding.forward(batch.x(), T * B, xe);                   // xe [T, B, D] = E[ids]
                layer.forward(compute, xe, 0, D, T, B, start, training, times, firstStep);
            } else if (prev == null) layer.forward(compute, batch.x(), 0, I, T, B, start, training, times, firstStep);
            else layer.forward(compute, prev.states(), prev.outputOffset(0), prev.outputStride(), T, B, start, training,
                    times, firstStep);
            prev = layer;
        }
        keepStates(T, B);
        lastFirstStep = firstStep;
        carriedSteps = firstStep + T;
        measureGates();
        selectLossSteps(batch);
        int rows = nLossSteps * B;
        y = grow(y, rows * C);
        dy = grow(dy, rows * C);
        RecurrentLayer top = layers.get(layers.size() - 1);
        double norm = batch.maskSum();
        double total = 0, hits = 0;
        if (allSteps) {
            readout.forward(compute, top.states(), top.outputOffset(0), top.outputStride(), T * B, y, 0);
            total = loss.forwardBackward(y, 0, T * B, C, batch.labels(), 0, batch.targets(), 0,
                    batch.mask(), 0, norm, dy, 0);
            if (batch.isClassification()) hits = MaskedCrossEntropy.correct(y, 0, T * B, C, batch.labels(), 0, batch.mask(), 0);
        } else {
            for (int k = 0; k < nLossSteps; k++) {
                int t = lossSteps[k], yo = k * B * C;
                readout.forward(compute, top.states(), top.outputOffset(t), top.outputStride(), B, y, yo);
                total += loss.forwardBackward(y, yo, B, C, batch.labels(), t * B, batch.targets(), t * B * C,
                        batch.mask(), t * B, norm, dy, yo);
                if (batch.isClassification()) {
                    hits += MaskedCrossEntropy.correct(y, yo, B, C, batch.labels(), t * B, batch.mask(), t * B);
                }
            }
        }
        lastLoss = total / norm;
        lastAccuracy = batch.isClassification() ? hits / norm : Double.NaN;
        canBackward = training;
        return lastLoss;
    }

    /** Averages the time-gated layers' B and updated fraction, and sums their λ·B. */
    private void measureGates() {
        if (gated.isEmpty()) return;
        double budget = 0, updated = 0, term = 0;
        for (GateBudget g : gated) {
            double b = g.budget();
            budget += b;
            updated += g.updatedFraction();
            if (g.budgetLambda() > 0) term += g.budgetLambda() * b;
        }
        lastBudget = budget / gated.size();
        lastUpdated = updated / gated.size();
        lastBudgetLoss = term;
    }

    /**
     * Stretches the time axis of every time-gated layer ({@link TimeGated}: Phased LSTM, g-LSTM) by
     * {@code factor}, in the parameters (see {@link TimeGated#rescaleTime}); returns how many layers
     * it changed (0: none has a time gate, nothing changed).
     */
    public int rescaleTimeGates(double factor) {
        TimeGated.checkFactor(factor);
        int n = 0;
        for (RecurrentLayer layer : layers) {
            if (layer.cell() instanceof TimeGated g) {
                g.rescaleTime(factor);
                n++;
            }
        }
        return n;
    }

    /** Whether some layer's cell has a time gate ({@link GateBudget}): only then are the gate measures below defined. */
    public boolean hasTimeGate() {
        return !gated.isEmpty();
    }

    /** {@code Σ_l λ_l·B_l} of the last forward pass: the budget term of the training loss (0 without one). */
    public double lastBudgetLoss() {
        return lastBudgetLoss;
    }

    /** The mean time-gate openness B of the last forward pass, averaged over the time-gated layers (NaN: none). */
    public double lastGateOpenness() {
        return lastBudget;
    }

    /**
     * The fraction of the last forward pass's unit-steps with {@code k > ε} ({@link GateBudget}),
     * averaged over the time-gated layers (NaN: none); also the updates relative to an LSTM of the
     * same size, which updates every unit at every step.
     */
    public double lastUpdatedFraction() {
        return lastUpdated;
    }

    /** Mask-weighted accuracy of the last forward pass (NaN for regression). */
    public double lastAccuracy() {
        return lastAccuracy;
    }

    /** The readout of the last forward pass at the steps that carry loss: {@code [N·B, C]}. */
    public float[] lastOutputs() {
        return Arrays.copyOf(y, nLossSteps * batch.batchSize() * C);
    }

    /**
     * Back-propagates the last training forward pass through time, adding into {@link #grads()} the
     * gradient of the task loss plus {@link #lastBudgetLoss()}.
     */
    public void backward() {
        if (!canBackward) throw new IllegalStateException("backward needs a preceding forward(batch, true)");
        canBackward = false;
        int T = batch.steps(), B = batch.batchSize();
        for (int l = 0; l < layers.size(); l++) dH.set(l, grow(dH.get(l), T * B * H));
        float[] dTop = dH.get(layers.size() - 1);
        RecurrentLayer top = layers.get(layers.size() - 1);
        if (allSteps) {
            readout.backward(compute, top.states(), top.outputOffset(0), top.outputStride(), T * B, dy, 0, dTop, 0, H);
        } else {
            for (int k = 0; k < nLossSteps; k++) {
                int t = lossSteps[k];
                readout.backward(compute, top.states(), top.outputOffset(t), top.outputStride(), B, dy, k * B * C,
                        dTop, t * B * H, H);
            }
        }
        if (embedding != null) dXe = grow(dXe, T * B * embedding.dimension());
        for (int l = layers.size() - 1; l >= 0; l--) {
            float[] dX = l > 0 ? dH.get(l - 1) : embedding != null ? dXe : null;
            int lddx = l > 0 ? H : embedding != null ? embedding.dimension() : I;
            boolean[] steps = l == layers.size() - 1 && !allSteps ? isLossStep : null; // the readout's steps only
            layers.get(l).backward(compute, dH.get(l), steps, null, dX, 0, lddx, null);
        }
        if (embedding != null) embedding.backward(batch.x(), T * B, dXe);    // dE[id] += dxe, rows in order
        for (GateBudget g : gated) if (g.budgetLambda() > 0) g.addBudgetGradient(g.budgetLambda());  // + λ·∂B/∂θ
    }

    private void selectLossSteps(Batch batch) {
        int T = batch.steps(), B = batch.batchSize();
        if (lossSteps.length < T) {
            lossSteps = new int[T];
            isLossStep = new boolean[T];
        }
        Arrays.fill(isLossStep, false);
        nLossSteps = 0;
        float[] mask = batch.mask();
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                if (mask[t * B + b] != 0f) {
                    isLossStep[t] = true;
                    lossSteps[nLossSteps++] = t;
                    break;
                }
            }
        }
        allSteps = nLossSteps == T;
    }

    /** Forgets the carried state: the next forward pass starts from zeros whatever its {@code carryState}. */
    public void resetState() {
        carriedBatch = 0;
    }

    /** B of the carried state (the batch size of the last forward pass), or 0 when none is carried. */
    public int carriedBatchSize() {
        return carriedBatch;
    }

    /**
     * A copy of layer {@code l}'s carried state: the final state {@code [B, S]} of the last forward
     * pass (S = {@link RecurrentLayer#outputStride()}, h first in each row).
     *
     * @throws IllegalStateException when no state is carried
     */
    public float[] carriedState(int l) {
        Check.inRange("layer", l, 0, layers.size() - 1);
        if (carriedBatch == 0) {
            throw new IllegalStateException("no state is carried: no forward pass since the model was built or resetState()");
        }
        return Arrays.copyOf(carried.get(l), carriedBatch * layers.get(l).outputStride());
    }

    private void requireCarriedBatch(int B, boolean carryState) {
        if (carryState && carriedBatch != 0 && B != carriedBatch) {
            throw new IllegalArgumentException("carryState needs a batch of the carried state's size B=" + carriedBatch
                    + ", got B=" + B + " (call resetState() or forward with carryState = false to start from zeros)");
        }
    }

    /** Layer l's initial state for a carrying pass: the carried state, or null (zeros) when none is carried. */
    private float[] carriedStart(int l) {
        return carriedBatch == 0 ? null : carried.get(l);
    }

    /**
     * Makes the state after step {@code steps} of the last forward pass the carried state, in place
     * of its final state: the next forward pass with {@code carryState} starts there.
     * <pre>
     *   carried_l    ← state_l[steps]            0 ≤ steps ≤ T of the last pass (0: its initial state)
     *   carriedSteps ← firstStep + steps         the time gates' step index continues from there
     * </pre>
     * Used by {@link Tbptt} with k2 &gt; k1, whose windows overlap: the next window starts inside
     * this one. Valid until the next forward pass (the layers keep all T + 1 states of the last
     * pass, training or not; an update in between does not change them).
     *
     * @throws IllegalStateException    when no forward pass has run since the model was built or
     *                                  {@link #resetState()}
     * @throws IllegalArgumentException when {@code steps} is outside 0..T of the last pass
     */
    public void carryFrom(int steps) {
        if (batch == null || carriedBatch == 0) {
            throw new IllegalStateException("carryFrom needs a preceding forward pass (none since the model was built or resetState())");
        }
        Check.inRange("steps", steps, 0, batch.steps());
        keepStates(steps, batch.batchSize());
        carriedSteps = lastFirstStep + steps;
    }

    /** Copies every layer's state[t] into the carried buffers (grown only when B·S grows). */
    private void keepStates(int T, int B) {
        for (int l = 0; l < layers.size(); l++) {
            RecurrentLayer layer = layers.get(l);
            int n = B * layer.outputStride();
            if (carried.size() <= l) carried.add(new float[n]);
            if (carried.get(l).length < n) carried.set(l, new float[n]);
            System.arraycopy(layer.states(), layer.stateOffset(T), carried.get(l), 0, n);
        }
        carriedBatch = B;
    }

    private void validate(Batch batch, boolean training) {
        if (batch.inputSize() != I) {
            throw new IllegalArgumentException("batch input width must be I=" + I + ", got " + batch.inputSize()
                    + (embedding != null ? " (with an embedding x holds one symbol id per step)" : ""));
        }
        if (batch.outputSize() != C) {
            throw new IllegalArgumentException("batch output width must be C=" + C + ", got " + batch.outputSize());
        }
        boolean ce = cfg.loss() == ModelConfig.LossKind.CROSS_ENTROPY;
        if (batch.isClassification() != ce) {
            throw new IllegalArgumentException("the model's loss is " + loss.name() + " but the batch carries "
                    + (batch.isClassification() ? "class labels" : "regression targets"));
        }
        if (training && !(batch.maskSum() > 0)) {
            throw new IllegalArgumentException("batch mask must have a positive sum for training");
        }
        if (embedding != null) embedding.checkIds(batch.x(), batch.steps(), batch.batchSize());
    }

    private static float[] grow(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }

    /** Stops the compute engine's worker threads. */
    @Override
    public void close() {
        compute.close();
    }
}
