package org.rnn4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.rnn4j.data.Batch;
import org.rnn4j.data.Check;

/**
 * A temporal curriculum: training batches from a schedule of growing sequence lengths, the g-LSTM's
 * "temporal curriculum learning schedule" (Thornton et al. 2019; reconstructed, glstm-kaf-aux.md
 * §1.5: the paper's stage lengths and durations were not retrieved, so both are settings here).
 * <pre>
 *   stages 0 … S−1 with lengths L₀ &lt; L₁ &lt; … &lt; L_(S−1) and durations n₀, n₁, … (updates)
 *   update u (1-based) draws from stage s while u ≤ n₀ + … + n_s  (the last stage: until training ends)
 *   entering stage 0:       model.rescaleTimeGates(L₀ / A)              A: the axis the model was initialised for
 *   entering stage s &gt; 0:   model.rescaleTimeGates(L_s / L_(s−1))       μ, σ (g-LSTM); τ, s (Phased LSTM)
 * </pre>
 * A model is built for the task's full length A (the g-LSTM spreads μ over [0, A]); the first
 * stage compresses that axis to L₀, and the factors multiply to L_(S−1)/A, 1 when the last stage
 * is the full task. So a time-gated unit keeps its place relative to the sequence as the sequences
 * grow (a cell
 * without a time gate is unaffected by the rescale; for it the schedule is a plain length
 * curriculum). The rescale happens before the first batch of the new stage is drawn, once per
 * stage. Adam's moments of the rescaled parameters are kept (they were accumulated on the old
 * axis; a documented choice, not from the paper).
 * <p>Each stage has its own {@link BatchSource} (for the synthetic tasks: the task at that length).
 * The data generator is shared, so a seed fixes the whole schedule's data.
 */
public final class TemporalCurriculum implements BatchSource {

    /**
     * One stage of the schedule.
     *
     * @param length  L: the sequence length this stage's source produces (the rescale uses ratios of it)
     * @param updates n: how many updates draw from this stage (ignored for the last stage, which
     *                runs until training ends)
     * @param source  the stage's batches
     */
    public record Stage(int length, long updates, BatchSource source) {
        public Stage {
            Check.positive("stage length", length);
            if (updates < 1) throw new IllegalArgumentException("stage updates must be >= 1, got " + updates);
            Objects.requireNonNull(source, "source");
        }
    }

    /** What happened at a stage change, for logs. */
    public interface Listener {
        /** Stage {@code stage} (0-based) starts at update {@code update}; the time gates were stretched by {@code factor} (1: unchanged). */
        void onStage(int stage, long update, int length, double factor);
    }

    private final SequenceModel model;
    private final int axis;
    private final List<Stage> stages;
    private final Listener listener;
    private int stage = -1;
    private long drawn, stageEnd;

    /**
     * @param model    the model whose time gates are stretched at each stage change
     * @param axis     A: the sequence length the model's time parameters were initialised for (≥ 1)
     * @param stages   at least one; lengths strictly increasing
     * @param listener told of every stage start (including stage 0), or null
     * @throws IllegalArgumentException when there are no stages or the lengths do not increase
     */
    public TemporalCurriculum(SequenceModel model, int axis, List<Stage> stages, Listener listener) {
        this.model = Objects.requireNonNull(model, "model");
        Check.positive("curriculum axis length", axis);
        this.axis = axis;
        this.stages = List.copyOf(stages);
        this.listener = listener;
        if (this.stages.isEmpty()) throw new IllegalArgumentException("a curriculum needs at least one stage");
        for (int s = 1; s < this.stages.size(); s++) {
            if (this.stages.get(s).length() <= this.stages.get(s - 1).length()) {
                throw new IllegalArgumentException("curriculum stage lengths must increase strictly, got "
                        + lengths(this.stages));
            }
        }
    }

    /**
     * Stage lengths doubling up to {@code finalLength}: {@code ⌈L/2^k⌉, …, ⌈L/2⌉, L} for k = stages − 1
     * halvings (equal neighbours merged).
     *
     * @throws IllegalArgumentException unless stages ≥ 1 and the shortest length is ≥ 1
     */
    public static List<Integer> doubling(int finalLength, int stages) {
        Check.positive("final length", finalLength);
        Check.positive("stages", stages);
        List<Integer> out = new ArrayList<>();
        for (int k = stages - 1; k >= 0; k--) {
            int len = (int) Math.ceil(finalLength / Math.pow(2, k));
            if (out.isEmpty() || out.get(out.size() - 1) < len) out.add(len);
        }
        return out;
    }

    /** The stage lengths, e.g. "125 → 250 → 500". */
    static String lengths(List<Stage> stages) {
        StringBuilder sb = new StringBuilder();
        for (Stage s : stages) sb.append(sb.isEmpty() ? "" : " → ").append(s.length());
        return sb.toString();
    }

    /** The stages. */
    public List<Stage> stages() {
        return stages;
    }

    /** The stage the last batch came from (0-based), or −1 before the first. */
    public int stage() {
        return stage;
    }

    @Override
    public Batch next(int batchSize, RandomGenerator rng) {
        if (stage < 0 || (drawn >= stageEnd && stage < stages.size() - 1)) enter(stage + 1);
        drawn++;
        return stages.get(stage).source().next(batchSize, rng);
    }

    private void enter(int s) {
        double factor = (double) stages.get(s).length() / (s == 0 ? axis : stages.get(s - 1).length());
        if (factor != 1) model.rescaleTimeGates(factor);
        stage = s;
        stageEnd = drawn + stages.get(s).updates();
        if (listener != null) listener.onStage(s, drawn + 1, stages.get(s).length(), factor);
    }
}
