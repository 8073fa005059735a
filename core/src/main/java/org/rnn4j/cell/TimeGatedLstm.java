package org.rnn4j.cell;

import java.util.List;
import org.rnn4j.kernel.Compute;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.TimeGateKernels;
import org.rnn4j.param.Init;
import org.rnn4j.param.ParamSpec;

/**
 * The LSTM step behind a per-unit time gate, shared by the Phased LSTM ({@link PhasedLstm}) and
 * the g-LSTM ({@link GaussianLstm}); each subclass computes its openness k and the gradients of
 * its time parameters, everything else is here.
 * <pre>
 *   z = x·Wxᵀ + bx + hPrev·Whᵀ                           z: [B, 4H], blocks i | f | g | o
 *   i = σ(zi)   f = σ(zf)   g = tanh(zg)   o = σ(zo)
 *   c̃ = f⊙cPrev + i⊙g          h̃ = o⊙tanh(c̃)              the LSTM step, on the pre-gate cell
 *   c = k⊙c̃ + (1 − k)⊙cPrev    h = k⊙h̃ + (1 − k)⊙hPrev    the time gate ({@link TimeGateKernels})
 *
 *   backward:  dk = dc⊙(c̃ − cPrev) + dh⊙(h̃ − hPrev);   dc̃ = k⊙dc,  dh̃ = k⊙dh
 *              the LSTM backward of (dh̃, dc̃): dz, and dcPrev = dc̃_total⊙f      (Kernels.lstmBackward)
 *              dcPrev += (1 − k)⊙dc;   dhPrev = (1 − k)⊙dh + dz·Wh
 *              the time parameters' gradients from dk                      ({@link #addTimeGradients})
 * </pre>
 * Params: {@code Wx [4H, I]}, {@code bx [4H]}, {@code Wh [4H, H]} ({@code U(±1/√H)} as PyTorch),
 * then the subclass's time parameters. State {@code [h | c]}, S = 2H. Saved per step: i, f, g, o
 * in {@code z}; per row of the cache {@code [k | tanh c̃ | c̃ | h̃]} (Cw = 4H), so unit j's
 * openness for example b at step t is {@code cache[t, b, j]}, which {@link #budget()} and
 * {@link #updatedFraction()} read. The time parameters' gradients are summed in batch-row order
 * on one thread, so results do not depend on the thread count.
 * <p><b>Inference that skips closed units</b> ({@link #skipClosedUnits}; off by default): an
 * inference pass computes, per example and step, the gate rows of {@code Wh} only for the units
 * whose float k exceeds ε, and keeps the others' (h, c) ({@link OpenUnitStep}); the units are
 * packed in the order {@link #skipOrder()} gives, so units open at the same time share groups.
 */
public abstract sealed class TimeGatedLstm extends CellBase implements GateBudget, TimeGated
        permits GaussianLstm, PhasedLstm {
    /** The LSTM's blocks come first in {@link #params()}; a subclass's time parameters follow from 3. */
    protected static final int WX = 0, BX = 1, WH = 2;

    protected final int I, H;
    /** The shared LSTM backward kernel's peephole weights: none. */
    private final float[] zeros;
    /** [B, 2H]: dk | (1 − k)⊙dc of the step being back-propagated. */
    protected float[] scratch = new float[0];
    private final boolean givenTimes;
    private final String name;
    private float[] times;
    private int timesOff;
    private long firstStep;

    // the step being computed, read by the row bodies (set before each forRows call)
    private int curT;
    private float[] curDNext, curDPrev;
    private final Compute.RangeBody forwardRows = this::forwardRows;
    private final Compute.RangeBody backwardRows = this::backwardRows;

    // inference that skips closed units; ε < 0: off
    private double skipEpsilon = -1;
    /** The skipping step, made on the first skipping pass (read by tests); {@code skipping} is it in a skipping pass, else null. */
    OpenUnitStep skipper;
    private OpenUnitStep skipping;

    /**
     * @param timestamps where the gate's times come from
     * @param name       the cell's name in messages, e.g. {@code the g-LSTM}
     */
    protected TimeGatedLstm(int inputSize, int hiddenSize, Timestamps timestamps, String name) {
        this.I = inputSize;
        this.H = hiddenSize;
        this.zeros = new float[hiddenSize];
        this.givenTimes = timestamps == Timestamps.GIVEN;
        this.name = name;
    }

    @Override public final int inputSize() { return I; }
    @Override public final int hiddenSize() { return H; }
    @Override public final int projectionSize() { return 4 * H; }
    @Override public final int stateSize() { return 2 * H; }
    @Override public final int cacheSize() { return 4 * H; }
    @Override public final List<StateBlock> stateBlocks() { return List.of(new StateBlock("h", H), new StateBlock("c", H)); }

    /** The LSTM's blocks {@code Wx, bx, Wh}, {@code U(±1/√H)}, followed by {@code time}. */
    protected final List<ParamSpec> params(ParamSpec... time) {
        Init u = new Init.FanInUniform(H);
        ParamSpec[] all = new ParamSpec[3 + time.length];
        all[WX] = ParamSpec.matrix("Wx", 4 * H, I, u);
        all[BX] = ParamSpec.vector("bx", 4 * H, u);
        all[WH] = ParamSpec.matrix("Wh", 4 * H, H, u);
        System.arraycopy(time, 0, all, 3, time.length);
        return List.of(all);
    }

    /**
     * From the next pass on ({@link #prepare}, e.g. a layer's {@code startStream} or inference
     * {@code forward}), inference passes compute only the units whose openness k (in float) is
     * above {@code epsilon} and keep the others' (h, c); training passes are never affected. With
     * {@code epsilon = 0} a skipped unit has k = 0 in float and the result is the dense one; with
     * {@code epsilon > 0} it approximates it (the subclasses' comments say when k is exactly 0).
     *
     * @throws IllegalArgumentException unless 0 ≤ epsilon &lt; 1
     */
    public final void skipClosedUnits(double epsilon) {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("skip epsilon must be in [0, 1), got " + epsilon);
        }
        this.skipEpsilon = epsilon;
    }

    /** Turns {@link #skipClosedUnits} off again (the default): from the next pass on every unit is computed. */
    public final void computeAllUnits() {
        this.skipEpsilon = -1;
    }

    @Override
    public final void timestamps(float[] times, int timesOff, long firstStep) {
        if (givenTimes && times == null) {
            throw new IllegalArgumentException(name + " reads the data's timestamps (timestamps = GIVEN):"
                    + " the batch must carry times [T, B]");
        }
        this.times = givenTimes ? times : null;
        this.timesOff = timesOff;
        this.firstStep = firstStep;
    }

    /** The time of step t for example b: the given timestamp, or the step index. */
    protected final double stepTime(int t, int b) {
        return times != null ? times[timesOff + t * B + b] : (double) (firstStep + t);
    }

    @Override
    public final void prepare(Compute compute, Sequence seq, boolean training) {
        super.prepare(compute, seq, training);
        packRecurrent(off[WH], 4 * H, H, training);
        prepareGate(training);
        skipping = null;
        if (!training && skipEpsilon >= 0) {
            if (skipper == null) skipper = new OpenUnitStep(H);
            skipper.prepare(w, off[WH], skipOrder());
            skipping = skipper;
        }
        if (training && scratch.length < 2 * B * H) scratch = new float[2 * B * H];
    }

    /** Per-pass state of the gate (after the layer bound the parameters); in training the time gradients start at 0. */
    protected abstract void prepareGate(boolean training);

    /** A key per unit that orders the units of an inference pass that skips: units open together get nearby keys. */
    protected abstract double[] skipOrder();

    /**
     * Writes the openness of every unit for example b at step t to {@code cache[k .. k + H)}; in a
     * skipping pass ({@code skipping}) it may write 0 without computing where k is 0 in float for sure.
     */
    protected abstract void openness(int t, int b, float[] cache, int k, boolean skipping);

    /** Adds step t's {@code dk⊙∂k/∂θ} (dk at {@code scratch[b·2H + j]}), batch rows in order, into the pass's sums. */
    protected abstract void addTimeGradients(int t);

    /** Adds the pass's time-parameter gradients to {@code dw} and clears the sums. */
    protected abstract void flushTimeGradients();

    @Override
    public final void forward(int t) {
        curT = t;
        if (skipping != null) {
            for (int b = 0; b < B; b++) forwardRowSkipping(t, b);
            return;
        }
        // z += hPrev·Whᵀ        hPrev: [B, H] with row stride S = 2H
        compute.gemmPacked(false, B, seq.states(), stateOff(t), 2 * H, whT, seq.z(), zOff(t), 4 * H, true);
        forRows(4 * H, forwardRows);
    }

    /** The element-wise part of {@link #forward} for batch rows [lo, hi). */
    private void forwardRows(int lo, int hi) {
        final int t = curT, S = 2 * H, P = 4 * H, Cw = 4 * H;
        final float[] z = seq.z(), s = seq.states(), cache = seq.cache();
        final int z0 = zOff(t), prev0 = stateOff(t), next0 = stateOff(t + 1), c0 = cacheOff(t);
        for (int b = lo; b < hi; b++) {
            final int zi = z0 + b * P, hPrev = prev0 + b * S, cPrev = hPrev + H, h = next0 + b * S, c = h + H;
            final int k = c0 + b * Cw;                                       // cache row: k | tanh c̃ | c̃ | h̃
            openness(t, b, cache, k, false);
            Kernels.sigmoid(z, zi, z, zi, 2 * H);                                      // i, f
            Kernels.lstmForwardCell(z, zi, H, s, cPrev, c, h, cache, k + H);           // g, o, c̃, tanh c̃, h̃ into the new row
            TimeGateKernels.forward(cache, k, s, hPrev, cPrev, h, c, cache, k + 2 * H, k + 3 * H, H);  // c, h
        }
    }

    /** {@link #forwardRows} for one row through {@link OpenUnitStep}: k, then only the open units' step. */
    private void forwardRowSkipping(int t, int b) {
        final float[] cache = seq.cache();
        final int k = cacheOff(t) + b * 4 * H;
        openness(t, b, cache, k, true);
        skipping.row(seq.z(), zOff(t) + b * 4 * H, seq.states(), stateOff(t) + b * 2 * H, stateOff(t + 1) + b * 2 * H,
                cache, k, (float) skipEpsilon, compute, whT);
    }

    @Override
    public final void backward(int t, float[] dNext, float[] dPrev) {
        curT = t;
        curDNext = dNext;
        curDPrev = dPrev;
        forRows(4 * H, backwardRows);
        // dhPrev += dz·Wh; dWh is added for all steps in finishBackward
        compute.gemmPacked(false, B, seq.z(), zOff(t), 4 * H, wh, dPrev, 0, 2 * H, true);
        addTimeGradients(t);
    }

    /** The element-wise part of {@link #backward} for batch rows [lo, hi). */
    private void backwardRows(int lo, int hi) {
        final int t = curT, S = 2 * H, P = 4 * H, Cw = 4 * H;
        final float[] z = seq.z(), s = seq.states(), cache = seq.cache(), dNext = curDNext, dPrev = curDPrev;
        final int z0 = zOff(t), prev0 = stateOff(t), c0 = cacheOff(t);
        for (int b = lo; b < hi; b++) {
            final int hPrev = prev0 + b * S, cPrev = hPrev + H, k = c0 + b * Cw, d = b * S, sc = b * 2 * H;
            TimeGateKernels.backward(cache, k, cache, k + 2 * H, k + 3 * H, s, hPrev, cPrev, dNext, d, d + H,
                    dPrev, d, scratch, sc, scratch, sc + H, H);
            Kernels.lstmBackward(z, z0 + b * P, H, cache, k + H, s, cPrev, dNext, d, d + H, dPrev, d + H, zeros, 0, 0, 0);
            TimeGateKernels.add(scratch, sc + H, dPrev, d + H, H);                    // dcPrev += (1 − k)⊙dc
        }
    }

    @Override
    public final void finishBackward() {
        addRecurrentWeightGradient(seq.z(), 4 * H, 4 * H, H, off[WH]); // dWh += Σ_t dzᵀ·hPrev
        flushTimeGradients();
    }

    /** The mean k of the last forward pass: the first H floats of each cache row (rows t·B + b). */
    @Override
    public final double budget() {
        return TimeGateKernels.meanOpenness(seq.cache(), 0, seq.steps() * B, 4 * H, H);
    }

    @Override
    public final double updatedFraction() {
        return TimeGateKernels.fractionAbove(seq.cache(), 0, seq.steps() * B, 4 * H, H, updateThreshold());
    }
}
