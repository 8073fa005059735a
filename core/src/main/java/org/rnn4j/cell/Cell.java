package org.rnn4j.cell;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rnn4j.kernel.Compute;
import org.rnn4j.param.ParamSpec;

/**
 * One recurrent step, forward and backward. The layer owns the time loop and the sequence buffers;
 * the cell reads and writes step {@code t} of them.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The first two parameter blocks are always {@code Wx [P, I]} and {@code bx [P]}: the layer
 *       applies {@code zx = x·Wxᵀ + bx} to all T steps at once (one GEMM) before the time loop, and
 *       after the backward loop computes {@code dWx}, {@code dbx} and {@code dx} for all steps at
 *       once from {@code dzx}.</li>
 *   <li>State per example is {@code S} floats, {@code h} first: {@code state[0, H)} is the output.</li>
 *   <li>{@link #forward(int)} reads {@code z[t]} (holding {@code zx_t}) and {@code state[t]}, writes
 *       {@code state[t+1]} and may overwrite {@code z[t]} and {@code cache[t]} with whatever its
 *       backward needs (typically the activated gates).</li>
 *   <li>{@link #backward(int, float[], float[])} reads {@code dNext = ∂L/∂state[t+1]} (complete:
 *       from the layer above and from step t+1; the cell may use it as scratch), overwrites
 *       {@code dPrev} with {@code ∂L/∂state[t]} through this step, overwrites {@code z[t]} with
 *       {@code ∂L/∂zx_t}, and adds ({@code +=}) into the gradients of its recurrent parameters.</li>
 * </ul>
 * Buffers (time-major, see {@link Sequence}): {@code z [T, B, P]}, {@code states [T+1, B, S]}
 * ({@code states[0]} is the initial state), {@code cache [T, B, Cw]}.
 */
public interface Cell {

    /** I: width of the input at one step. */
    int inputSize();

    /** H: width of the output {@code h}. */
    int hiddenSize();

    /** P: width of the input projection {@code zx = x·Wxᵀ + bx}. */
    int projectionSize();

    /** S: floats of recurrent state per example; {@code h} is the first H. */
    int stateSize();

    /**
     * The named blocks of one state row, in order, {@code h} first; their widths sum to S. The
     * default names a state of width H {@code h} and anything beyond it {@code state}; cells with
     * more state (an LSTM's {@code c}, an NRU's memory {@code m}) override it. Analysis tools use
     * the names to label gradient norms and traces.
     */
    default List<StateBlock> stateBlocks() {
        int H = hiddenSize(), S = stateSize();
        return S == H ? List.of(new StateBlock("h", H)) : List.of(new StateBlock("h", H), new StateBlock("state", S - H));
    }

    /** A named slice of the state row: {@code name} is {@code h}, {@code c}, {@code m}, …; width in floats. */
    record StateBlock(String name, int width) {}

    /**
     * For the time-scale analysis: the gate that keeps, unit by unit, a fraction of the previous
     * value of one state block (an LSTM's or JANET's forget gate f in {@code c = f⊙cPrev + …}, a
     * GRU's update gate z in {@code h = (1 − z)⊙n + z⊙hPrev}, the gated RNN's {@code 1 − g}); empty
     * for cells without one (Elman, NRU, …), whose time scales the gradient-decay probe alone measures.
     */
    default Optional<RetentionGate> retentionGate() {
        return Optional.empty();
    }

    /**
     * Where a {@link #retentionGate()} sits.
     *
     * @param block      the state block it keeps ({@code c}, {@code h})
     * @param offset     after forward, unit j's activated gate value of example b at step t is
     *                   {@code z[t, b, offset + j]}; its bias entries are at {@code offset + j} of
     *                   each block in {@code biases}
     * @param complement the kept fraction is {@code 1 − value} (a gate that weighs the new candidate)
     * @param function   the gate's function of its pre-activation
     * @param biases     the parameter blocks whose entries sum to the gate's bias ({@code bx}, and
     *                   {@code bh} for a GRU in PyTorch's form)
     */
    record RetentionGate(String block, int offset, boolean complement, GateFunction function, List<String> biases) {
        public RetentionGate {
            Objects.requireNonNull(function, "function");
            biases = List.copyOf(biases);
        }
    }

    /**
     * For analysis: from now on, {@link #backward} of step t adds to {@code sink[t]} ({@code [B, S]}
     * at offset t·B·S, which the layer has filled with {@code dNext}) the paths by which one block of
     * the new state feeds another block of the same new state (an LSTM's c_t → h_t, an SRU's
     * μ_t → h_t, an NRU's h_t → m_t), so that each block's row becomes the whole-graph derivative
     * of the loss with respect to that block, as autograd reports it for the tensor. Null stops it.
     * Cells whose state is h alone, or whose blocks do not feed each other within a step, keep the
     * default, which does nothing.
     */
    default void addInStepStateGradients(float[] sink) {}

    /**
     * The timestamps of the coming pass, for cells with a time gate ({@link PhasedLstm},
     * {@link GaussianLstm}); the layer calls it before {@link #prepare} (and before every streamed
     * step). Step t of the pass, example b, has the time
     * <pre>
     *   times[timesOff + t·B + b]     when times is given ([T, B], from the batch)
     *   firstStep + t                 else: the step index, counted from the last zero state
     * </pre>
     * {@code firstStep} is the number of steps run since the state was last started from zeros
     * (0 for a fresh sequence; the steps of earlier segments when truncated BPTT carries the
     * state). Which one a cell uses is its configuration's {@link Timestamps}; a cell that needs
     * given times fails here, naming what is missing. Every other cell ignores both (the default).
     *
     * @throws IllegalArgumentException when the cell reads given times and {@code times} is null
     */
    default void timestamps(float[] times, int timesOff, long firstStep) {}

    /** Cw: extra floats saved per example per step for backward (besides {@code z}). */
    int cacheSize();

    /** Parameter blocks in layout order; the first two are {@code Wx [P, I]} and {@code bx [P]}. */
    List<ParamSpec> params();

    /**
     * Binds the cell to the model's flat buffers; {@code base} is the offset of the first block,
     * the others follow in {@link #params()} order. Called once.
     */
    void bind(float[] params, float[] grads, int base);

    /**
     * Prepares a pass over {@code seq} with the current parameters (which stay fixed during the
     * pass): packs recurrent weights, sizes scratch space. {@code training} also prepares backward.
     */
    void prepare(Compute compute, Sequence seq, boolean training);

    /** Computes step {@code t}: {@code state[t] → state[t+1]}. */
    void forward(int t);

    /** Back-propagates step {@code t}; {@code dNext}, {@code dPrev} are {@code [B, S]}. */
    void backward(int t, float[] dNext, float[] dPrev);

    /**
     * Called once after the backward loop: adds the recurrent-weight gradients that are done for
     * all steps at once, {@code dWh += Σ_t dzhᵀ·hPrev} as one GEMM with K = T·B.
     */
    void finishBackward();

    /**
     * The buffers of one pass, time-major.
     *
     * @param steps  T
     * @param batch  B
     * @param z      {@code [T, B, P]}: projected input, then what forward saves, then {@code dzx}
     * @param states {@code [T+1, B, S]}
     * @param cache  {@code [T, B, Cw]}
     */
    record Sequence(int steps, int batch, float[] z, float[] states, float[] cache) {}
}
