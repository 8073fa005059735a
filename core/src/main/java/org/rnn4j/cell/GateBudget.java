package org.rnn4j.cell;

/**
 * A cell with a time gate k ∈ [0, 1] per (t, b, j) that can report how much of the sequence it
 * computed, and can add a compute-budget term to the training loss (the g-LSTM's, Thornton et al.
 * 2019; glstm-kaf-aux.md §1.4, a reconstruction).
 * <pre>
 *   B = (1/(T·B·H)) Σ_t Σ_b Σ_j k_t,b^(j)       the mean openness over every (t, b, j) of the last forward pass
 *   L_total = L_task + λ·B                       λ = {@link #budgetLambda()}
 *   updated fraction = #{(t, b, j) : k > ε} / (T·B·H)      ε = {@link #updateThreshold()}
 * </pre>
 * An LSTM of the same size updates every unit at every step, so the updated fraction is also the
 * updates relative to that LSTM. With step-index timestamps k does not depend on b (every example
 * gives the same value); with given times it does, so the mean runs over b too.
 * The model ({@link org.rnn4j.train.SequenceModel}) reads {@link #budget()} after each forward
 * pass and, when λ &gt; 0, calls {@link #addBudgetGradient(double)} during the backward pass.
 */
public interface GateBudget {

    /** λ ≥ 0, the weight of the budget term in the training loss; 0 = no term. */
    double budgetLambda();

    /** ε: a unit-step counts as an update when its k exceeds it. */
    double updateThreshold();

    /** B of the last forward pass: the mean of k over its T·B·H unit-steps. */
    double budget();

    /** The fraction of the last forward pass's T·B·H unit-steps with {@code k > ε}. */
    double updatedFraction();

    /**
     * Adds {@code lambda·∂B/∂θ} for the gate parameters θ of the last (training) forward pass into
     * the gradient buffer ({@code +=}, as backward does).
     */
    void addBudgetGradient(double lambda);
}
